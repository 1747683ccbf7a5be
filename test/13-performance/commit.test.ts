/**
 * Lesson 13, group commit and the append buffer. What each property catches:
 *
 * - "every batch is written once, in arrival order, one group at a time": a batch dropped or
 *   written twice, two groups written at once, groups out of order.
 * - "no write is acknowledged before the group holding it is written": resolving a caller when
 *   its batch is queued, or when its group starts, instead of after the shared sync.
 * - "writes submitted together go out together": a queue of one (no grouping at all).
 * - "a failed group fails every write in it, and only those".
 * - "an acknowledged write survives a crash, with many writers at once": all of the above inside
 *   lesson 10, on the simulated disk.
 * - "synced appends survive a crash through the append buffer": a sync that syncs the file before
 *   writing the buffer out, a close that drops the buffer, a size that forgets buffered bytes.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { bufferedAppends } from '@ferris/13-performance/buffered-appends.ts';
import { groupCommit } from '@ferris/13-performance/group-commit.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, dbScan, modelScan, op, type Model, type Op } from '../10-lsm-engine/helpers.ts';

const batchOf = (id: number, size = 1): WriteBatch => {
  const b = new WriteBatch();
  for (let i = 0; i < size; i++) b.put(Uint8Array.of(id), Uint8Array.of(i));
  return b;
};
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

test.prop([
  fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(4)), { minLength: 1, maxLength: 30 }),
  fc.array(fc.nat(6), { minLength: 1, maxLength: 10 }),
  fc.integer({ min: 1, max: 6 }),
])(
  'every batch is written once, in arrival order, one group at a time, and no write is acknowledged before its group is written',
  async (arrivals, delays, maxGroupOps) => {
    const strategy = groupCommit({ maxGroupOps });
    const written: number[] = [];
    const done = new Set<number>();
    let inside = 0;
    let calls = 0;
    const ids = new Map<WriteBatch, number>();
    const writeGroup = async (group: readonly WriteBatch[]) => {
      expect(inside, 'two groups were being written at the same time').toBe(0);
      inside++;
      await ticks(delays[calls++ % delays.length]!);
      for (const b of group) written.push(ids.get(b)!);
      inside--;
      await ticks(1);
      for (const b of group) done.add(ids.get(b)!);
    };
    const pending: Promise<void>[] = [];
    for (const [id, [size, gap]] of arrivals.entries()) {
      const batch = batchOf(id, size);
      ids.set(batch, id);
      pending.push(
        strategy.submit(batch, writeGroup).then(() => {
          expect(
            done.has(id),
            `write ${id} was acknowledged before the group holding it was written (and synced)`,
          ).toBe(true);
        }),
      );
      await ticks(gap);
    }
    await Promise.all(pending);
    expect(written, 'the batches the groups wrote, in order').toEqual(arrivals.map((_, i) => i));
  },
);

it('writes submitted together go out together', async () => {
  const strategy = groupCommit();
  const groups: number[] = [];
  const writeGroup = async (group: readonly WriteBatch[]) => {
    groups.push(group.length);
    await ticks(3);
  };
  await Promise.all(Array.from({ length: 10 }, (_, i) => strategy.submit(batchOf(i), writeGroup)));
  expect(
    groups.length,
    `ten writes submitted at once were written as groups of ${groups.join(', ')}: one or two groups should do`,
  ).toBeLessThanOrEqual(2);
});

it('a failed group fails every write in it, and only those', async () => {
  const strategy = groupCommit();
  let call = 0;
  const writeGroup = async () => {
    await ticks(2);
    if (call++ === 0) throw new Error('disk full');
  };
  const first = Array.from({ length: 3 }, (_, i) => strategy.submit(batchOf(i), writeGroup));
  const results = await Promise.allSettled(first);
  expect(
    results.map((r) => r.status),
    'the three writes of the failed group',
  ).toEqual(['rejected', 'rejected', 'rejected']);
  await expect(
    strategy.submit(batchOf(9), writeGroup),
    'a write after the failure, in a group of its own',
  ).resolves.toBeUndefined();
});

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
    fc.nat(40),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  { numRuns: 60 },
)('an acknowledged write survives a crash, with many writers at once', async (writes, crashAfter, seed) => {
  const fs = new SimulatedFileSystem({ seed });
  const db = await openDb(bufferedAppends(fs, 128), 'db', { memtableBytes: 256, commit: groupCommit() });
  const acknowledged: Op[][] = [];
  const all = writes.map((ops) => {
    const batch = new WriteBatch();
    for (const o of ops) o.kind === 'put' ? batch.put(o.key, o.value) : batch.delete(o.key);
    return db.write(batch).then(() => void acknowledged.push(ops));
  });
  await ticks(crashAfter);
  // No flipped bytes: with the append buffer one write holds many frames, and a byte flipped
  // early in the last (unsynced) write is followed by intact frames of the same write, which
  // lesson 03's recovery rightly refuses as mid-log damage (see the README's trade-offs).
  fs.crash({ damageProbability: 0 });
  await Promise.allSettled(all);
  const reopened = await openDb(fs, 'db');
  const scan = await dbScan(reopened);
  // Writes are applied in submit order; the survivors are a prefix of them holding every acknowledged one.
  const prefixes = writes.map((_, n) => {
    const m: Model = new Map();
    for (const ops of writes.slice(0, n + 1)) applyOps(m, ops);
    return modelScan(m);
  });
  const candidates = [modelScan(new Map()), ...prefixes]
    .map((p, n) => (JSON.stringify(p) === JSON.stringify(scan) ? n : -1))
    .filter((n) => n >= 0);
  expect(
    candidates.length,
    `after the crash the database is not the result of any prefix of the writes`,
  ).toBeGreaterThan(0);
  expect(
    Math.max(...candidates),
    `${acknowledged.length} writes were acknowledged before the crash, but only the first ${Math.max(...candidates)} survived`,
  ).toBeGreaterThanOrEqual(acknowledged.length);
  await reopened.close();
});

test.prop([
  fc.array(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 50 }), fc.constant('sync' as const)), {
    minLength: 1,
    maxLength: 30,
  }),
  fc.integer({ min: 1, max: 64 }),
  fc.integer({ min: 1, max: 2 ** 30 }),
])('synced appends survive a crash through the append buffer', async (steps, bufferBytes, seed) => {
  const fs = new SimulatedFileSystem({ seed });
  const file = await bufferedAppends(fs, bufferBytes).openAppend('x.log');
  await fs.syncDir('');
  const all: number[] = [];
  let synced = 0;
  for (const s of steps) {
    if (s === 'sync') {
      await file.sync();
      synced = all.length;
    } else {
      await file.append(s);
      all.push(...s);
      expect(file.size, 'size counts every appended byte, buffered or not').toBe(all.length);
    }
  }
  fs.crash({ damageProbability: 0 });
  const left = Array.from(await fs.readFile('x.log'));
  expect(left.length, `${synced} bytes were synced, but only ${left.length} survived the crash`).toBeGreaterThanOrEqual(
    synced,
  );
  expect(left, 'what survived is not a prefix of what was appended').toEqual(all.slice(0, left.length));
});

test.prop([
  fc.array(fc.uint8Array({ minLength: 1, maxLength: 50 }), { minLength: 1, maxLength: 20 }),
  fc.integer({ min: 1, max: 64 }),
])('closing a buffered file writes out every appended byte, synced or not', async (appends, bufferBytes) => {
  const fs = new SimulatedFileSystem({ seed: 13 });
  const file = await bufferedAppends(fs, bufferBytes).openAppend('x.log');
  const all: number[] = [];
  for (const bytes of appends) {
    await file.append(bytes);
    all.push(...bytes);
  }
  await file.close();
  expect(
    Array.from(await fs.readFile('x.log')),
    `after ${appends.length} appends (${all.length} bytes, buffer of ${bufferBytes}) and close(), the file must hold them all: close writes the buffer out first`,
  ).toEqual(all);
});
