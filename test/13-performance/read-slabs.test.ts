/**
 * Lesson 13, read buffers cut from slabs (`ReadSlabs.take` in sync-reads.ts). Many reads share one slab, so the
 * danger is two reads handed the same bytes: a block decoded from one read would change when the
 * next read lands. What each property catches:
 *
 * - "cuts from the read slabs never share a byte": a cut that does not move past the last one, a
 *   slab that is recycled while earlier cuts still live, a new slab started one cut too late (the
 *   view runs off the end), a read bigger than a slab cut from one.
 * - "reads on the calling thread keep their bytes while later reads land": the same bugs seen
 *   through real reads of a file, as the block cache holds them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { READ_SLAB_BYTES, ReadSlabs, syncReads } from '@ferris/13-performance/sync-reads.ts';

const QUARTER = READ_SLAB_BYTES / 4;
/** Lengths at the edges that matter: empty, a quarter slab and either side of it, a block, past a slab. */
const length = fc.oneof(
  fc.constantFrom(0, 1, QUARTER - 1, QUARTER, QUARTER + 1, 4096, 4133, READ_SLAB_BYTES, READ_SLAB_BYTES + 1),
  fc.integer({ min: 0, max: READ_SLAB_BYTES + QUARTER }),
);

/** Fills cut i with a byte of its own, then checks that every cut still holds only its own byte. */
function expectNoSharedBytes(cuts: readonly Uint8Array[], story: string): void {
  cuts.forEach((cut, i) => cut.fill((i % 255) + 1));
  cuts.forEach((cut, i) => {
    const stranger = cut.findIndex((b) => b !== (i % 255) + 1);
    expect(
      stranger,
      `${story}: cut ${i} (${cut.length} bytes) had its byte ${stranger} overwritten by a later cut: two reads were handed the same memory`,
    ).toBe(-1);
  });
}

test.prop([fc.array(length, { minLength: 1, maxLength: 40 })])(
  'cuts from the read slabs never share a byte, and each has the length asked for',
  (lengths) => {
    const slabs = new ReadSlabs();
    const cuts = lengths.map((n) => slabs.take(n));
    const story = `cuts of ${lengths.join(', ')} bytes`;
    cuts.forEach((cut, i) => expect(cut.length, `${story}: length of cut ${i}`).toBe(lengths[i]));
    expectNoSharedBytes(cuts, story);
  },
);

test.prop([fc.array(fc.tuple(fc.nat(), length), { minLength: 1, maxLength: 30 })], { numRuns: 30 })(
  'reads on the calling thread keep their bytes while later reads land',
  async (reads) => {
    const root = await mkdtemp(path.join(tmpdir(), 'ferris-13-slabs-'));
    try {
      const node = new NodeFileSystem(root);
      const bytes = Uint8Array.from({ length: 3 * READ_SLAB_BYTES }, (_, i) => (i * 7 + i / 251) & 0xff);
      const file = await node.openAppend('t.sst');
      await file.append(bytes);
      await file.sync();
      await file.close();
      const read = await syncReads(node).openRead('t.sst');
      try {
        const ranges = reads.map(([at, n]) => [at % (bytes.length - n + 1), n] as const);
        const results: Uint8Array[] = [];
        for (const [offset, n] of ranges) results.push(await read.read(offset, n));
        // Checked only once every read is done: a later read landing in an earlier one's bytes shows here.
        results.forEach((got, i) => {
          const [offset, n] = ranges[i]!;
          expect(
            got.length === n && got.every((b, j) => b === bytes[offset + j]),
            `read ${i} of ${ranges.length}, read(${offset}, ${n}), no longer holds the file's bytes once the later reads were done`,
          ).toBe(true);
        });
        expectNoSharedBytes(results, `reads ${ranges.map(([o, n]) => `(${o}, ${n})`).join(' ')}`);
      } finally {
        await read.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);
