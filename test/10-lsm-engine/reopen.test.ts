/**
 * Lesson 10, opening again and again. fast-check runs random sequences of writes, close-and-reopen
 * cycles and power cuts (between calls, or in the middle of opening) on the simulated disk, with
 * the default sync policy (every write synced before it is acknowledged). After every open the
 * directory holds exactly one log, the one the engine writes to, and a scan gives exactly what
 * the acknowledged writes left. What it catches:
 *
 * - the log count: an open that starts a new log and never retires the ones it replayed (six
 *   reopen cycles, six logs, each replayed by every later open), or one that retires only logs
 *   that held writes (empty logs pile up), or records the old log number in the catalog.
 * - the recovered state: an open that deletes the old logs before what they held is in a durable
 *   table recorded in the catalog (a crash in the middle of opening loses acknowledged writes),
 *   and a flush at open that loses or reorders what it replayed (lesson 10's own flushOldest, run
 *   on the memtable the logs rebuilt).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { parseFileName } from '@ferris/10-lsm-engine/files.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { CrashingFileSystem, SimulatedCrash } from '../shared/crashing-fs.ts';
import { applyOps, batchOf, dbScan, describeOps, modelScan, op, type Model, type Op } from './helpers.ts';

type Step =
  | { readonly kind: 'write'; readonly ops: readonly Op[] }
  | { readonly kind: 'reopen' }
  /** A power cut between calls, then an open that crashes in place of its call `during` (null: never). */
  | { readonly kind: 'crash'; readonly during: number | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => ({ kind: 'write' as const, ops })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  {
    weight: 2,
    arbitrary: fc.option(fc.nat(40), { nil: null, freq: 3 }).map((during) => ({ kind: 'crash' as const, during })),
  },
);

function describeStep(s: Step): string {
  if (s.kind === 'write') return `write [${describeOps(s.ops)}]`;
  if (s.kind === 'reopen') return 'close and reopen';
  return s.during === null ? 'crash, reopen' : `crash, reopen crashing at its call ${s.during}, reopen`;
}

/** The log files in `db/`, by number. */
async function logsIn(sim: SimulatedFileSystem): Promise<number[]> {
  const numbers: number[] = [];
  for (const name of await sim.list('db')) {
    const file = parseFileName(name);
    if (file?.kind === 'log') numbers.push(file.number);
  }
  return numbers;
}

test.prop(
  [
    fc.array(step, { minLength: 1, maxLength: 14 }),
    fc.integer({ min: 64, max: 400 }),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  { numRuns: 40 },
)(
  'however often the database is reopened or crashes, even while opening, each open leaves one log and every acknowledged write',
  async (steps, memtableBytes, seed) => {
    const options = { memtableBytes, maxImmutableMemtables: 2, blockSize: 128 };
    const sim = new SimulatedFileSystem({ seed });
    const model: Model = new Map();
    const history: string[] = [];
    /** Each process gets its own machine view: after a crash, the old process never touches the disk again. */
    let machine = new CrashingFileSystem(sim);
    let db: Db = await openDb(machine, 'db', options);

    const checkOpened = async () => {
      const where = `after: ${history.join('; ')}`;
      expect(
        await logsIn(sim),
        `the logs in db/ right after an open (only the active one may be left), ${where}`,
      ).toEqual([db.activeLogNumber]);
      expect(await dbScan(db), `everything the acknowledged writes left, ${where}`).toEqual(modelScan(model));
    };

    try {
      for (const s of steps) {
        history.push(describeStep(s));
        if (s.kind === 'write') {
          await db.write(batchOf(s.ops));
          applyOps(model, s.ops);
          continue;
        }
        if (s.kind === 'reopen') {
          await db.close();
        } else {
          machine.crashNow();
          if (s.during !== null) {
            // A process that crashes while it opens the database: what it did so far stays on disk.
            machine = new CrashingFileSystem(sim, s.during);
            await openDb(machine, 'db', options).catch((error: unknown) => {
              if (!(error instanceof SimulatedCrash)) throw error;
            });
            machine.crashNow();
          }
        }
        machine = new CrashingFileSystem(sim);
        db = await openDb(machine, 'db', options);
        await checkOpened();
      }
    } finally {
      await db.close().catch(() => {});
    }
  },
);
