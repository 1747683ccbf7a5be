/**
 * Lesson 10, crashes. A random workload (puts, deletes, batches, flushes) runs on the simulated
 * disk with the default sync policy (every write synced before it is acknowledged), and the
 * machine crashes in place of a random file-system call: in a write, in a flush, in the catalog
 * update. The database is opened again on what the crash left. What the check catches:
 *
 * - "after a crash at any step ... every acknowledged write, and the write under way whole or
 *   not at all": a flush that deletes the log before its table is durable, a log that is not
 *   synced, a batch whose first ops survive without the rest (a torn batch replayed), the flush
 *   recording the active log as the oldest one needed (the logs of a memtable still waiting for
 *   its flush are deleted), a live table deleted as obsolete.
 * - "under a sync every n writes, a power cut loses only writes since the last sync": a write
 *   path that does not count its writes toward the policy (`writesSinceSync`), so the log is
 *   never synced by count, or counts ops instead of writes (one batch is one write).
 *
 * The trial (test/shared/crash-trial.ts) says at which step the machine crashed, which writes had
 * been acknowledged by then and which had not, and what the crash kept of each file.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { crashTrial } from '../shared/crash-trial.ts';
import { applyOps, batchOf, dbScan, describeOps, engineStore, modelScan, op, step, type Model } from './helpers.ts';

const workload = fc.array(step(5), { minLength: 1, maxLength: 30 });
const seed = fc.integer({ min: 1, max: 2 ** 30 });

test.prop([workload, fc.integer({ min: 64, max: 300 }), fc.nat(600), seed], { numRuns: 80 })(
  'after a crash at any step of a write, a flush or a catalog update, the database holds every acknowledged write, and the write under way whole or not at all',
  async (steps, memtableBytes, crashAt, seed) => {
    await crashTrial(engineStore({ memtableBytes, maxImmutableMemtables: 2, blockSize: 128 }), {
      ops: steps,
      crashAt,
      seed,
    });
  },
);

test.prop([
  fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
  fc.integer({ min: 1, max: 4 }),
  seed,
])(
  'under a sync every n writes, a power cut loses only the writes since the last sync (a batch counts as one write)',
  async (batches, n, seed) => {
    const sim = new SimulatedFileSystem({ seed });
    const options = { memtableBytes: 1 << 20, sync: { kind: 'every-n' as const, appends: n } };
    const db = await openDb(sim, 'db', options);
    const prefixes: string[][] = [modelScan(new Map())];
    const model: Model = new Map();
    for (const ops of batches) {
      await db.write(batchOf(ops));
      applyOps(model, ops);
      prefixes.push(modelScan(model));
    }
    sim.crash();
    const reopened = await openDb(sim, 'db', options);
    const recovered = await dbScan(reopened);
    await reopened.close();
    // The log was synced after write n, 2n, ...: the state after at least that many writes survives.
    const synced = Math.floor(batches.length / n) * n;
    expect(
      prefixes.slice(synced),
      `after a power cut following the writes ${batches.map((ops) => `[${describeOps(ops)}]`).join(', ')} synced every ${n} writes: the first ${synced} writes at least`,
    ).toContainEqual(recovered);
  },
);
