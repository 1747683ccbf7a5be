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
 *
 * The trial (test/shared/crash-trial.ts) says at which step the machine crashed, which writes had
 * been acknowledged by then and which had not, and what the crash kept of each file.
 */
import { fc, test } from '@fast-check/vitest';
import { crashTrial } from '../shared/crash-trial.ts';
import { engineStore, step } from './helpers.ts';

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
