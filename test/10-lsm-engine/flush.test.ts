/**
 * Lesson 10, flushes under way. Two memtables are frozen one after the other and a third takes
 * writes; the background flushes are paused before one of its file-system calls (writing a table,
 * recording it in the catalog, opening it, deleting old logs), chosen at random. At the pause
 * every key is read and the database scanned (one property), or the machine crashes and the
 * database is opened again (the other). What each catches:
 *
 * - "reads during a flush see every write": reads that forget the frozen memtables while they
 *   are being flushed (their writes vanish until the table is in the version), a memtable dropped
 *   before its table is in, frozen memtables read oldest first (an older value wins).
 * - "a crash while a flush is under way loses no acknowledged write": a flush that deletes logs
 *   too early: before its table is durable, or the logs of the next frozen memtable, still
 *   waiting for its own flush.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf } from '../shared/bytes.ts';
import { PausingFileSystem } from '../shared/pausing-fs.ts';
import { applyOps, dbScan, describeOps, modelScan, op, type Model, type Op } from './helpers.ts';

const OPTIONS = { maxImmutableMemtables: 3, blockSize: 128 };
/** The calls of the flush proper: tables and the catalog (not the logs, which writes use too). */
const FLUSH_PATHS = (path: string): boolean => path.includes('.sst') || path.includes('CATALOG');

async function write(db: Db, ops: readonly Op[]): Promise<void> {
  for (const o of ops) o.kind === 'put' ? await db.put(o.key, o.value) : await db.delete(o.key);
}

/** Runs the workload; the flushes pause at their call `pause` (counting FLUSH_PATHS only). */
async function run(sim: SimulatedFileSystem, pause: number, flushed: Op[], first: Op[], second: Op[], third: Op[]) {
  const fs = new PausingFileSystem(sim, { paths: FLUSH_PATHS });
  const db = await openDb(fs, 'db', OPTIONS);
  await write(db, flushed);
  await db.flush(); // some keys in a table already
  await write(db, first);
  fs.pauseAt(0); // hold the first flush at its first call until `second` is frozen too
  const flushes = [db.flush()]; // freezes `first`; its flush runs in the background
  await write(db, second);
  flushes.push(db.flush()); // freezes `second`, which waits behind the first flush
  await write(db, third); // the active memtable
  fs.movePause(pause); // now let the flushes run, up to call `pause`
  for (const f of flushes) f.catch(() => {});
  await Promise.race([fs.reached, Promise.all(flushes)]);
  return { fs, db };
}

/** The four groups of writes of `run`, and the pause and seed: a paused flush, described. */
const pausedFlush = fc.record({
  flushed: fc.array(op, { maxLength: 10 }),
  first: fc.array(op, { minLength: 1, maxLength: 10 }),
  second: fc.array(op, { minLength: 1, maxLength: 10 }),
  third: fc.array(op, { maxLength: 6 }),
  pick: fc.nat(),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});
type PausedFlush = typeof pausedFlush extends fc.Arbitrary<infer T> ? T : never;

/** Runs the workload with the flushes paused at a call chosen from `pick`; returns the paused database and what it holds. */
async function pauseAFlush({ flushed, first, second, third, pick, seed }: PausedFlush) {
  const model: Model = new Map();
  applyOps(model, [...flushed, ...first, ...second, ...third]);
  // How many flush calls there are, on a run that never pauses.
  const dry = await run(new SimulatedFileSystem({ seed }), -2, flushed, first, second, third);
  const calls = dry.fs.calls;
  await dry.db.close();

  const pause = pick % Math.max(1, calls);
  const sim = new SimulatedFileSystem({ seed });
  const { fs, db } = await run(sim, pause, flushed, first, second, third);
  const where =
    `with the flushes paused before their call ${pause} of ${calls} (${fs.paths[pause] ?? 'none'}); in a table [${describeOps(flushed)}], ` +
    `frozen first [${describeOps(first)}], frozen second [${describeOps(second)}], in the memtable [${describeOps(third)}]`;
  return { sim, db, model, where };
}

test.prop([pausedFlush], { numRuns: 30 })(
  'reads during a flush see every write, the newest one of each key',
  async (workload) => {
    const { db, model, where } = await pauseAFlush(workload);
    const written = [
      ...new Set(
        [...workload.flushed, ...workload.first, ...workload.second, ...workload.third].map((o) => hexOf(o.key)),
      ),
    ];
    for (const k of written) {
      const got = await db.get(fromHex(k));
      const want = model.get(k);
      expect(got === undefined ? 'no value' : hexOf(got), `get(${k}) ${where}`).toBe(
        want === undefined ? 'no value' : hexOf(want),
      );
    }
    expect(await dbScan(db), `a scan ${where}`).toEqual(modelScan(model));
    // The paused database is left as it is, like the one a crash stops below.
  },
);

test.prop([pausedFlush], { numRuns: 30 })(
  'a crash while a flush is under way loses no acknowledged write',
  async (workload) => {
    const { sim, model, where } = await pauseAFlush(workload);
    // Power cut while the flush waits. Every write was acknowledged (and synced): all must survive.
    // The paused database is left as it is: it must never touch the disk again.
    sim.crash();
    const reopened = await openDb(sim, 'db', OPTIONS);
    expect(await dbScan(reopened), `after a crash ${where}, and a reopen`).toEqual(modelScan(model));
    await reopened.close();
  },
);
