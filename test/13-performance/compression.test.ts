/**
 * Lesson 13, compressed tables. What each property catches:
 *
 * - "every range read from a compressed table gives the bytes written": a reader that ignores
 *   the flag byte (inflates a stored chunk, or hands back a deflated one), an off-by-one in the
 *   chunk number or the offset inside a chunk, a read that spans two chunks and stops at the
 *   first.
 * - "repetitive data takes less room on disk than it would raw": a writer that never compresses.
 * - "an engine on compressed tables answers like one without, and after a crash": the wrapper
 *   inside lesson 10 (write once, sync, rename), including a reopen that reads every table back.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { DbClosedError } from '@ferris/10-lsm-engine/options.ts';
import { compressedTables } from '@ferris/13-performance/compression.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, dbScan, describeOps, modelScan, op, type Model } from '../10-lsm-engine/helpers.ts';

/** A database stopped by a failed flush says why in its cause: throw that, the real error. */
async function unwrap<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof DbClosedError && error.cause !== undefined ? error.cause : error;
  }
}

/** Runs of repeated bytes (they compress) and random bytes (they do not), mixed. */
const data = fc
  .array(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.tuple(fc.nat(255), fc.integer({ min: 1, max: 400 })).map(([b, n]) => new Uint8Array(n).fill(b)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => Uint8Array.from(parts.flatMap((p) => Array.from(p))));

test.prop([data, fc.integer({ min: 64, max: 300 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 })])(
  'every range read from a compressed table gives the bytes written',
  async (bytes, chunkBytes, ranges) => {
    const fs = new SimulatedFileSystem({ seed: 3 });
    const packed = compressedTables(fs, { chunkBytes });
    const out = await packed.openAppend('t.sst.tmp');
    for (let at = 0; at < bytes.length; at += 97) await out.append(bytes.subarray(at, at + 97));
    await out.sync();
    await out.close();
    await packed.rename('t.sst.tmp', 't.sst');
    const file = await packed.openRead('t.sst');
    expect(file.size, 'the size a reader sees is the uncompressed size').toBe(bytes.length);
    for (const [a, b] of [[0, bytes.length], ...ranges.map(([x, y]) => [x % (bytes.length + 1), y])] as [
      number,
      number,
    ][]) {
      const length = bytes.length - a === 0 ? 0 : b % (bytes.length - a + 1);
      const got = await file.read(a, length);
      expect(
        Array.from(got),
        `read(${a}, ${length}) of a ${bytes.length}-byte table in chunks of ${chunkBytes}`,
      ).toEqual(Array.from(bytes.subarray(a, a + length)));
    }
    expect(Array.from(await packed.readFile('t.sst')), 'readFile of the whole table').toEqual(Array.from(bytes));
    await file.close();
  },
);

test.prop([fc.nat(255), fc.integer({ min: 1000, max: 5000 })])(
  'repetitive data takes less room on disk than it would raw',
  async (byte, length) => {
    const fs = new SimulatedFileSystem({ seed: 4 });
    const packed = compressedTables(fs);
    const out = await packed.openAppend('t.sst');
    await out.append(new Uint8Array(length).fill(byte));
    await out.close();
    const onDisk = (await fs.readFile('t.sst')).length;
    expect(onDisk, `${length} equal bytes were stored in ${onDisk} bytes`).toBeLessThan(length / 4);
  },
);

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  { numRuns: 40 },
)('an engine on compressed tables answers like one without, and after a crash', async (writes, seed) => {
  const fs = new SimulatedFileSystem({ seed });
  const packed = compressedTables(fs, { chunkBytes: 64 });
  let db = await openDb(packed, 'db', { memtableBytes: 64, blockSize: 64 });
  const model: Model = new Map();
  for (const ops of writes) {
    for (const o of ops) await unwrap(o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    applyOps(model, ops);
  }
  await unwrap(db.flush());
  const story = writes.map((w) => describeOps(w)).join('; ');
  expect(await dbScan(db), `scan after ${story}`).toEqual(modelScan(model));
  fs.crash();
  db = await openDb(packed, 'db', { memtableBytes: 64, blockSize: 64 });
  expect(await dbScan(db), `scan after a crash, then open, after ${story}`).toEqual(modelScan(model));
  await db.close();
});
