/**
 * Lesson 13, the read path made fast: a cache of decoded blocks (lesson 07's hook) and reads on the
 * calling thread (sync-reads.ts, given but for `ReadSlabs.take`). What each property catches:
 *
 * - "a cache of decoded blocks counts each block's byteLength": a cache that counts `.length`,
 *   which a decoded Block does not have (every sum becomes NaN, and nothing is ever evicted).
 * - "an engine with a cache of decoded blocks answers like one without": a cache that hands back
 *   another table's block, a stale block after a replace, and inside lesson 10 a view of the
 *   version or a level search that reads the wrong table once compaction has made levels.
 * - "reads on the calling thread give the bytes the file holds": a short pread taken as whole,
 *   an offset or length out of the file accepted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import type { Block } from '@ferris/06-block/block.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { BlockCache, type Sized } from '@ferris/13-performance/block-cache.ts';
import { syncReads } from '@ferris/13-performance/sync-reads.ts';
import { performanceOptions } from '@ferris/13-performance/tuning.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf } from '../shared/bytes.ts';
import { dbScan, modelScan, op, type Model } from '../10-lsm-engine/helpers.ts';
import { engineMatchesModel } from './engine-model.ts';

const sizedOp = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), byteLength: fc.integer({ min: 0, max: 50 }) });

test.prop([fc.integer({ min: 0, max: 100 }), fc.array(sizedOp, { maxLength: 40 })])(
  "a cache of decoded blocks counts each block's byteLength, and never holds more than its capacity",
  (capacity, sets) => {
    const cache = new BlockCache<Sized>(capacity);
    const stored = new Map<string, Sized>();
    for (const [i, { key, byteLength }] of sets.entries()) {
      // Not a Uint8Array: a decoded block knows its size only as byteLength.
      const block: Sized = { byteLength };
      cache.set(key, block);
      stored.set(key, block);
      const held = cache.keys().reduce((n, k) => n + stored.get(k)!.byteLength, 0);
      expect(cache.usedBytes, `after set ${i + 1}: usedBytes must add up byteLength of the blocks held`).toBe(held);
      expect(held, `after set ${i + 1}: bytes held, capacity ${capacity}`).toBeLessThanOrEqual(capacity);
    }
  },
);

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
    fc.integer({ min: 0, max: 4000 }),
  ],
  { numRuns: 30 },
)(
  'an engine with a cache of decoded blocks answers like one without, as compaction makes levels, and after reopening',
  async (writes, capacity) => {
    const cache = new BlockCache<Block>(capacity);
    await engineMatchesModel({
      writes,
      options: { blockCache: cache },
      setting: '',
      invariant: (what) => expect(cache.usedBytes, `the cache's bytes ${what}`).toBeLessThanOrEqual(capacity),
      afterFlush: ['twice after the flush (the second time from the cache)', 'again'],
    });
  },
);

it('an engine on the real disk with every piece of this lesson answers like the model, and its reads on the calling thread give the bytes the file holds', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'ferris-13-'));
  try {
    const node = new NodeFileSystem(root);
    // The whole lesson as the benchmark runs it: decoded-block cache, compression, append buffer,
    // group commit and syncReads, over lesson 03's NodeFileSystem.
    const perf = performanceOptions({ cacheBytes: 16 * 1024, compression: true });
    const options = { ...perf.options, memtableBytes: 4096, blockSize: 256, compaction: leveledCompaction() };
    let db = await openDb(perf.wrapFs(node), 'db', options);
    const model: Model = new Map();
    for (let i = 0; i < 400; i++) {
      const k = Uint8Array.of(i % 97, i % 7);
      const v = Uint8Array.of(i & 0xff, i >> 8);
      await db.put(k, v);
      model.set(hexOf(k), v);
    }
    await db.close();
    db = await openDb(perf.wrapFs(node), 'db', options);
    for (let pass = 0; pass < 2; pass++) {
      expect(await dbScan(db), `scan after reopening (pass ${pass + 1})`).toEqual(modelScan(model));
      for (const [k, v] of model) expect(hexOf((await db.get(fromHex(k)))!), `get(${k})`).toBe(hexOf(v));
    }
    await db.close();

    const fs = syncReads(node);
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + 3) % 251);
    const file = await node.openAppend('t.sst');
    await file.append(bytes);
    await file.sync();
    await file.close();
    const read = await fs.openRead('t.sst');
    expect(read.size, 'size').toBe(bytes.length);
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length), fc.nat(bytes.length), async (offset, length) => {
        fc.pre(offset + length <= bytes.length);
        expect(Array.from(await read.read(offset, length)), `read(${offset}, ${length})`).toEqual(
          Array.from(bytes.subarray(offset, offset + length)),
        );
      }),
      { numRuns: 50 },
    );
    await expect(read.read(bytes.length - 1, 2), 'a read past the end').rejects.toThrow(RangeError);
    await read.close();
    await expect(fs.openRead('missing.sst'), 'a missing file').rejects.toThrow(/missing\.sst/);
    expect(syncReads(new SimulatedFileSystem({ seed: 1 })), 'any other file system is left as it is').toBeInstanceOf(
      SimulatedFileSystem,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
