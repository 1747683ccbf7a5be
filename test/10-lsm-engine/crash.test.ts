/**
 * Lesson 10, crashes. A random workload (puts, deletes, batches, flushes) runs on the simulated
 * disk with the default sync policy (every write synced before it is acknowledged), and the
 * machine crashes in place of a random file-system call: in a write, in a flush, in the catalog
 * update. The database is opened again on what the crash left. What the check catches:
 *
 * - "every acknowledged write survives, and an unacknowledged batch is all there or not at all":
 *   a flush that deletes the log before its table is durable, a log that is not synced, a batch
 *   whose first ops survive without the rest (a torn batch replayed), the flush recording the
 *   active log as the oldest one needed (the logs of a memtable still waiting for its flush are
 *   deleted), a live table deleted as obsolete.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, CrashingFileSystem, dbScan, describeOps, modelScan, op, SimulatedCrash, type Model, type Op } from './helpers.ts';

type Step = { readonly kind: 'write'; readonly ops: readonly Op[] } | { readonly kind: 'flush' };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.array(op, { minLength: 1, maxLength: 5 }).map((ops) => ({ kind: 'write' as const, ops })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

const describeStep = (s: Step): string => (s.kind === 'flush' ? 'flush' : `write [${describeOps(s.ops)}]`);

test.prop(
  [fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer({ min: 64, max: 300 }), fc.nat(600), fc.integer({ min: 1, max: 2 ** 30 })],
  { numRuns: 80 },
)('after a crash at any point, every acknowledged write is there, and a batch in flight is there whole or not at all', async (steps, memtableBytes, crashAt, seed) => {
  const sim = new SimulatedFileSystem({ seed });
  const crashing = new CrashingFileSystem(sim, crashAt);
  const options = { memtableBytes, maxImmutableMemtables: 2, blockSize: 128 };
  const acknowledged: Model = new Map();
  let inFlight: readonly Op[] = [];
  const done: string[] = [];
  try {
    const db = await openDb(crashing, 'db', options);
    for (const s of steps) {
      inFlight = s.kind === 'write' ? s.ops : [];
      if (s.kind === 'flush') await db.flush();
      else {
        const batch = new WriteBatch();
        for (const o of s.ops) o.kind === 'put' ? batch.put(o.key, o.value) : batch.delete(o.key);
        await db.write(batch);
        applyOps(acknowledged, s.ops);
      }
      inFlight = [];
      done.push(describeStep(s));
    }
    await db.flush();
    crashing.crashAt = crashing.steps; // crash at the very end if the workload did not
    await db.put(new Uint8Array([0xff]), new Uint8Array(0)).catch(() => {});
  } catch (error) {
    // Once the machine has crashed, the old process is dead: whatever it throws afterwards (a
    // stale file handle from background work, for one) does not matter; the reopened state does.
    const expected = error instanceof SimulatedCrash || (error instanceof Error && error.name === 'DbClosedError');
    if (!expected && !crashing.crashed) throw error;
  }
  if (!crashing.crashed) sim.crash();
  const db = await openDb(sim, 'db', options);
  const got = await dbScan(db);
  const without = modelScan(acknowledged);
  const withBatch = new Map(acknowledged);
  applyOps(withBatch, inFlight);
  const where =
    `after a crash at step ${crashAt} of the file system (${crashing.log.slice(-4).join(', ')}), ` +
    `with the acknowledged steps [${done.join('; ')}] and in flight [${describeOps(inFlight)}]`;
  if (got.length === without.length && got.every((g, i) => g === without[i])) return db.close();
  expect(got, `${where}: the database must hold every acknowledged write, plus the write in flight whole or not at all`).toEqual(modelScan(withBatch));
  await db.close();
});
