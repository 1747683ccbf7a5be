/**
 * Lesson 13, compaction on a worker thread (worker-compaction.ts, given; the worker runs the
 * learner's lesson 12 strategy over files written through lesson 13's buffered appends). On real
 * files in a temporary folder, with a real worker. Each test targets a way the hand-over between the
 * two threads goes wrong:
 *
 * - "answers like the model ...": a table the worker wrote that is not moved next to the others,
 *   or keeps the worker's number; an edit that removes a table the same job wrote (numbered by the
 *   worker) without its new number; an answer installed twice; any lost or resurrected key. Level
 *   0 never holds more tables than the stop setting: `compact` that does not wait for the worker
 *   when level 0 is full (the writer then runs ahead and level 0 grows without bound).
 * - "a finished job is installed without another flush": a finished job left until the next
 *   flush (no `requestCompaction`), which in a read-only period is never.
 * - "closing waits for the job under way ... and installs": an answer dropped at close (its work
 *   done again after the next open, and its tables left in compacting/ until then).
 * - "what an earlier run left in compacting/ is deleted": leftovers kept forever.
 * - "with compressed tables, the worker reads and writes them as the engine does": a worker whose
 *   file system is not wrapped like the engine's (it reads compressed tables as plain ones).
 * - "a compaction that fails on the worker stops the database": a failed answer ignored.
 * - "no job goes to the worker until a compaction is due ...": a job sent after every flush (each
 *   one a round trip, and the first starts the worker); a check that misses a deeper level over
 *   its budget (then nothing compacts it, and the levels never settle); off-by-one at a trigger or
 *   a budget, or a budget asked of the last level (nothing lies below it).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { noCompaction, type DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { compactionDue, workerCompaction, type WorkerCompaction } from '@ferris/13-performance/worker-compaction.ts';
import { emptyVersion, LEVEL_COUNT, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { COMPACTING_DIR } from '@ferris/13-performance/compaction-job.ts';
import { performanceOptions } from '@ferris/13-performance/tuning.ts';
import { fromHex, hexOf } from '../shared/bytes.ts';
import {
  applyOps,
  dbScan,
  describeStep,
  modelScan,
  step,
  tableMeta,
  unwrapStopped,
  utf8,
  type Model,
} from '../10-lsm-engine/helpers.ts';

/** Small tables and levels, so that a few dozen writes make the worker compact several times. */
const LEVELED = { level0Tables: 2, level1Bytes: 300, sizeRatio: 2, targetTableBytes: 150 };
const STOP = 3;
const ENGINE: DbOptions = { memtableBytes: 128, blockSize: 64 };
/**
 * How long a test waits for the worker to finish a job it has started. It boots in about a second,
 * and every wait in the reference takes under one.
 */
const PATIENCE_MS = 10_000;

const folders: string[] = [];
const open: Db[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close().catch(() => {})));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferris-worker-'));
  folders.push(dir);
  return dir;
}

async function start(root: string, stop = STOP): Promise<{ db: Db; compaction: WorkerCompaction }> {
  const compaction = workerCompaction({ root, leveled: LEVELED, level0StopTables: stop });
  const db = await openDb(new NodeFileSystem(root), 'db', { ...ENGINE, compaction });
  open.push(db);
  return { db, compaction };
}

async function close(db: Db): Promise<void> {
  open.splice(open.indexOf(db), 1);
  await unwrapStopped(db.close());
}

/**
 * Polls until `done` holds or PATIENCE_MS pass; returns whether it held. Each round asks the engine
 * to flush an empty memtable, which writes nothing but throws the reason if the engine has stopped.
 */
async function eventually(db: Db, done: () => boolean): Promise<boolean> {
  const until = Date.now() + PATIENCE_MS;
  for (;;) {
    await unwrapStopped(db.flush());
    if (done()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Thirty puts over seven keys, flushed into level-0 tables with compaction off, so that the worker
 * has a job when the database next opens with it. Returns the tables' numbers, newest first.
 */
async function level0Only(root: string): Promise<number[]> {
  const db = await openDb(new NodeFileSystem(root), 'db', { ...ENGINE, compaction: noCompaction });
  for (let i = 0; i < 30; i++) await db.put(utf8(`key ${i % 7}`), utf8(`value ${i}`));
  await db.flush();
  const tables = db.version.levels[0]!.map((t) => t.fileNumber);
  await db.close();
  return tables;
}

/** The database as it is on disk, opened with compaction off (closed after the test). */
async function openAsItIs(root: string): Promise<Db> {
  const db = await openDb(new NodeFileSystem(root), 'db', { ...ENGINE, compaction: noCompaction });
  open.push(db);
  return db;
}

const deeperTables = (db: Db) => db.version.levels.slice(1).reduce((n, level) => n + level.length, 0);

test.prop([fc.array(step(6), { minLength: 20, maxLength: 50 })], { numRuns: 3 })(
  'with compaction on a worker thread, the engine answers like the model after random writes, flushes and a reopening',
  async (steps) => {
    const root = await folder();
    let { db } = await start(root);
    const model: Model = new Map();
    const history: string[] = [];
    const check = async (when: string) => {
      const what = `${when}, after ${history.join('; ')}`;
      expect(await unwrapStopped(dbScan(db)), `scan ${what}`).toEqual(modelScan(model));
      for (const k of model.keys()) {
        const got = await unwrapStopped(db.get(fromHex(k)));
        expect(got && hexOf(got), `get(${k}) ${what}`).toBe(hexOf(model.get(k)!));
      }
    };
    const level0 = (when: string) =>
      expect(
        db.version.levels[0]!.length,
        `level 0 holds at most ${STOP} tables (level0StopTables) ${when}: compaction waits for the worker when it is full`,
      ).toBeLessThanOrEqual(STOP);
    for (const [i, s] of steps.entries()) {
      history.push(describeStep(s));
      if (s.kind === 'flush') await unwrapStopped(db.flush());
      else {
        for (const o of s.ops) await unwrapStopped(o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
        applyOps(model, s.ops);
      }
      level0(`after step ${i + 1}`);
      if (i % 10 === 9) await check(`after step ${i + 1}`);
    }
    await unwrapStopped(db.flush());
    await check('after a flush');
    await close(db);
    ({ db } = await start(root));
    await check('after reopening');
    level0('after reopening');
    await unwrapStopped(db.put(utf8('last'), utf8('write')));
    applyOps(model, [{ kind: 'put', key: utf8('last'), value: utf8('write') }]);
    await unwrapStopped(db.flush());
    await check('after one more write and a flush');
    await close(db);
  },
  120_000,
);

it('a job the worker finishes is installed without waiting for another flush', async () => {
  const root = await folder();
  const { db, compaction } = await start(root);
  // Two small flushes: level 0 reaches the trigger (2 tables) only at the last one, so the only
  // job starts there, and no later flush can install it.
  for (const round of [1, 2]) {
    for (let i = 0; i < 3; i++) await unwrapStopped(db.put(utf8(`key ${i}`), utf8(`value ${round}${i}`)));
    await unwrapStopped(db.flush());
  }
  expect(db.version.levels[0]!.length, 'two flushes, two level-0 tables').toBe(2);
  // No write from here on (the polls flush an empty memtable, which writes nothing): only the
  // strategy's own request can bring the worker's answer in.
  const installed = await eventually(db, () => compaction.stats.compactions > 0 && deeperTables(db) > 0);
  expect(
    installed,
    `within ${PATIENCE_MS / 1000} s of the last flush, the worker's tables are in levels 1 and deeper (found ${deeperTables(db)} there, ${compaction.stats.compactions} compactions reported): a finished job must ask for its own install (host.requestCompaction)`,
  ).toBe(true);
  expect(await unwrapStopped(db.get(utf8('key 1'))), 'a key written before the compaction').toEqual(utf8('value 21'));
  await close(db);
}, 60_000);

it("what an earlier run left in compacting/ is deleted when the database opens, and the worker's tables are not left there", async () => {
  const root = await folder();
  await level0Only(root);
  const leftover = path.join(root, 'db', COMPACTING_DIR, 'leftover.sst.tmp');
  await rm(path.dirname(leftover), { recursive: true, force: true });
  await mkdir(path.dirname(leftover), { recursive: true });
  await writeFile(leftover, 'half of a table from a crash');
  const { db, compaction } = await start(root);
  const installed = await eventually(db, () => compaction.stats.compactions > 0 && deeperTables(db) > 0);
  expect(installed, "the worker's first job is installed").toBe(true);
  await close(db);
  const names = await readdir(path.dirname(leftover));
  expect(names, `what is left in ${COMPACTING_DIR}/ after the job was installed and the database closed`).not.toContain(
    'leftover.sst.tmp',
  );
  const reopened = await openAsItIs(root);
  expect(await reopened.get(utf8('key 3')), 'a key written before the compaction').toEqual(utf8('value 24'));
}, 60_000);

it('closing waits for the job under way on the worker and installs the tables it wrote', async () => {
  const root = await folder();
  const level0 = (await level0Only(root)).length;
  // Opening starts a job (level 0 is due), and with level 0 below the stop setting nothing waits
  // for it: close at once, while the worker is at it (it takes a moment just to start).
  const { db } = await start(root, 100);
  await close(db);
  const left = await readdir(path.join(root, 'db', COMPACTING_DIR)).catch(() => []);
  expect(left, `files left in ${COMPACTING_DIR}/ once closed: the job's tables are installed, not left behind`).toEqual(
    [],
  );
  const reopened = await openAsItIs(root);
  expect(
    reopened.version.levels[0]!.length,
    `level-0 tables after the job closing waited for (${level0} before it)`,
  ).toBeLessThan(level0);
  expect(deeperTables(reopened), 'tables in levels 1 and deeper after it').toBeGreaterThan(0);
  expect(await reopened.get(utf8('key 3')), 'a key written before the compaction').toEqual(utf8('value 24'));
});

it('with compressed tables, the worker reads and writes them as the engine does', async () => {
  const root = await folder();
  const perf = performanceOptions({ compression: true });
  const compaction = perf.workerCompaction(root, { leveled: LEVELED, level0StopTables: STOP });
  const db = await openDb(perf.wrapFs(new NodeFileSystem(root)), 'db', { ...ENGINE, ...perf.options, compaction });
  open.push(db);
  const value = (i: number) => utf8(`value ${i} `.repeat(4));
  for (let i = 0; i < 60; i++) await unwrapStopped(db.put(utf8(`key ${i % 17}`), value(i)));
  await unwrapStopped(db.flush());
  const installed = await eventually(db, () => compaction.stats.compactions > 0 && deeperTables(db) > 0);
  expect(installed, "the worker's compaction of compressed tables is installed").toBe(true);
  for (let k = 0; k < 17; k++) {
    const last = k + 17 * Math.floor((59 - k) / 17);
    expect(await unwrapStopped(db.get(utf8(`key ${k}`))), `get(key ${k}) after the worker compacted`).toEqual(
      value(last),
    );
  }
  await close(db);
}, 60_000);

it('a compaction that fails on the worker stops the database, with the reason', async () => {
  const root = await folder();
  const victim = (await level0Only(root)).at(-1)!;
  // Damage the first data block of the oldest table: opening reads only the footer, the index and
  // the filter, so only the worker's merge reads the damaged bytes.
  const file = path.join(root, 'db', `${String(victim).padStart(6, '0')}.sst`);
  const bytes = await readFile(file);
  bytes[4] = bytes[4]! ^ 0xff;
  await writeFile(file, bytes);
  const { db } = await start(root);
  // Each flush lets the engine install what the worker answered; once it has, the flush fails.
  let reason: unknown;
  for (const until = Date.now() + PATIENCE_MS; reason === undefined && Date.now() < until; ) {
    await unwrapStopped(db.flush()).catch((error: unknown) => (reason = error));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // A starter's TODO on the worker stops the engine first: let it say so.
  if (reason instanceof Error && reason.name === 'NotImplemented') throw reason;
  expect(
    reason,
    `within ${PATIENCE_MS / 1000} s the database stops, because the worker's merge read a damaged table`,
  ).toBeInstanceOf(Error);
  expect((reason as Error).name, 'the reason is the compaction that failed on the worker').toBe(
    'CompactionWorkerError',
  );
  expect((reason as Error).message, "and it names the worker's error").toContain('Corrupt');
  const write = await db.put(utf8('k'), utf8('v')).then(
    () => 'accepted',
    (error: Error) => error.name,
  );
  expect(write, 'a stopped database refuses writes').toBe('DbClosedError');
}, 60_000);

it("no job goes to the worker until a compaction is due (lesson 12's rules, at their limits too), and once the writes stop nothing is left due", async () => {
  const root = await folder();
  const { db, compaction } = await start(root);
  await unwrapStopped(db.put(utf8('key 1'), utf8('value 1')));
  await unwrapStopped(db.flush());
  expect(db.version.levels[0]!.length, 'one flush makes one level-0 table').toBe(1);
  expect(
    compaction.jobs,
    `with one level-0 table (the trigger is ${LEVELED.level0Tables}) nothing is due, so no job (and no worker) is started`,
  ).toBe(0);
  for (let i = 0; i < 60; i++) await unwrapStopped(db.put(utf8(`key ${i % 17}`), utf8(`value ${i}`)));
  await unwrapStopped(db.flush());
  const settled = await eventually(db, () => !compactionDue(db.version, LEVELED));
  const sizes = db.version.levels.map((level) => level.reduce((n, t) => n + t.fileSize, 0));
  expect(
    settled,
    `within ${PATIENCE_MS / 1000} s of the last write, no level is over its trigger or budget (level 0: ${db.version.levels[0]!.length} tables; bytes per level: ${sizes.join(', ')}): a level over its budget must start a job too`,
  ).toBe(true);
  expect(compaction.jobs, 'jobs were sent once compactions were due').toBeGreaterThan(0);
  expect(
    compaction.jobs,
    `${compaction.stats.compactions} compactions in ${compaction.jobs} jobs: a job does one compaction (host.oneAtATime), so that the engine installs it and the next job starts from the level-0 tables flushed meanwhile`,
  ).toBeGreaterThanOrEqual(compaction.stats.compactions);
  expect(await unwrapStopped(db.get(utf8('key 8'))), 'a key written before the compactions').toEqual(utf8('value 59'));
  await close(db);

  // The rules at their limits.
  const version = (levels: number[][]): VersionState => ({
    ...emptyVersion(),
    levels: Array.from({ length: LEVEL_COUNT }, (_, level) =>
      (levels[level] ?? []).map((size, i) => tableMeta(level * 100 + i + 1, utf8('a'), utf8('z'), size)),
    ),
  });
  const leveled = { level0Tables: 3, level1Bytes: 1000, sizeRatio: 4 };
  const cases: Array<[string, number[][], boolean]> = [
    ['an empty version', [], false],
    ['level 0 one table short of its trigger', [[10, 10]], false],
    ['level 0 at its trigger', [[10, 10, 10]], true],
    ['level 1 at exactly its budget', [[], [600, 400]], false],
    ['level 1 one byte over its budget', [[], [600, 401]], true],
    ['level 2 at exactly its budget (level1Bytes x sizeRatio)', [[], [], [4000]], false],
    ['level 5 one byte over its budget', [[], [], [], [], [], [1000 * 4 ** 4 + 1]], true],
    ['the last level, whatever it holds', [[], [], [], [], [], [], [10 ** 12]], false],
  ];
  for (const [what, levels, due] of cases) {
    expect(compactionDue(version(levels), leveled), `${what}: ${due ? 'due' : 'not due'}`).toBe(due);
  }
  expect(compactionDue(version([[1, 1, 1, 1]])), "level 0 at lesson 12's default trigger (4 tables)").toBe(true);
  expect(compactionDue(version([[1, 1, 1]])), 'level 0 below the default trigger').toBe(false);
}, 60_000);
