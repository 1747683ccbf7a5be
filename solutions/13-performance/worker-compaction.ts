/**
 * Lesson 13: compaction on a worker thread (README, "Compaction on a worker thread"). Given code.
 *
 *   const compaction = workerCompaction({ root: '/data' });
 *   const db = await openDb(wrapFs(new NodeFileSystem('/data')), 'db', { ...options, compaction });
 *
 * On the writer's thread, lesson 12's compaction took more than half of a random fill's time, and
 * the flushes queued behind it. Here the merge and the table writes run on a worker thread, as
 * LevelDB's run on its background thread, and the engine's thread only installs the result:
 *
 * - `compact` (called after each flush, in turn with them) installs the last finished job, if any,
 *   and starts the next one on the worker with the version as it is now. It does not wait for the
 *   job: the next flush does not queue behind it. When the job finishes, the strategy asks the
 *   engine for another `compact` (`host.requestCompaction`), which installs it.
 * - Installing: each table the worker wrote (under `compacting/`, with its own numbers) gets a
 *   number from the engine and is renamed next to the others, the folder is synced, and only then
 *   are the edits applied. A crash before an edit leaves only files the next open deletes (tables no
 *   version names) and the job's inputs, still live. Flushes only add level-0 tables, and only
 *   this strategy removes tables, so the job's edits still fit the version they are applied to.
 * - While level 0 holds `level0StopTables` tables or more, `compact` waits for the worker, so the
 *   flush after it waits, and then the writes: LevelDB stops writes at 12 level-0 files
 *   (`kL0_StopWritesTrigger`, db/dbformat.h). Without it level 0 would grow without bound while
 *   the writer runs ahead, and every read would ask every one of its tables.
 *
 * Real files only: the worker opens them under `root`. The simulated file systems of the tests of
 * lessons 10 to 12 keep lesson 12's strategy on the engine's thread.
 */
import { Worker } from 'node:worker_threads';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import type { CompactionHost, CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import {
  DEFAULT_LEVELED,
  levelBudget,
  type CompactionStats,
  type LeveledOptions,
} from '@ferris/12-compaction/leveled.ts';
import { LEVEL_COUNT, type TableMeta, type VersionEdit, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import type { PerformanceSettings } from './tuning.ts';
import { COURSE_WORKER_EXEC_ARGV } from '@support/course-worker.ts';
import { isStarterStub } from '@support/not-implemented.ts';
import { tablePath } from '@ferris/10-lsm-engine/files.ts';
import {
  compactingDir,
  isWorkerFileNumber,
  type CompactionJob,
  type CompactionResult,
  type FilterSetting,
} from './compaction-job.ts';

/** LevelDB's kL0_StopWritesTrigger. */
export const DEFAULT_LEVEL0_STOP_TABLES = 12;

export interface WorkerCompactionOptions {
  /** The directory the engine's NodeFileSystem is rooted at (its `root`). */
  readonly root: string;
  /** Lesson 12's settings, for the worker's `leveledCompaction`. */
  readonly leveled?: LeveledOptions;
  /** Compaction (and so the next flush, and then writes) waits while level 0 holds this many tables. Default 12. */
  readonly level0StopTables?: number;
  /**
   * The lesson 13 settings the engine's file system was wrapped with (`performanceOptions(settings)`):
   * the worker wraps its own the same way, so that it reads and writes tables as the engine does
   * (compressed, when compression is on). Default: lesson 13's defaults. `performanceOptions(...)
   * .workerCompaction(root)` fills it in.
   */
  readonly performance?: PerformanceSettings;
}

export interface WorkerCompaction extends CompactionStrategy {
  /** Lesson 12's counters, as the worker's strategy last reported them. */
  readonly stats: CompactionStats;
  /** How many jobs were sent to the worker (one is sent only when a compaction is due). */
  readonly jobs: number;
  close(): Promise<void>;
}

/** A compaction the worker could not finish; the engine stops, as after any failed background work. */
export class CompactionWorkerError extends Error {
  override readonly name = 'CompactionWorkerError';
  constructor(what: string, options?: ErrorOptions) {
    super(
      `Compaction on the worker thread failed: ${what}. Nothing acknowledged is lost (the job's ` +
        'inputs are still the live tables): close the database and open it again.',
      options,
    );
  }
}

const WORKER_SCRIPT = new URL('./compaction-worker.ts', import.meta.url);

export function workerCompaction(options: WorkerCompactionOptions): WorkerCompaction {
  const stopTables = options.level0StopTables ?? DEFAULT_LEVEL0_STOP_TABLES;
  const level0Tables = options.leveled?.level0Tables ?? DEFAULT_LEVELED.level0Tables;
  if (!Number.isInteger(stopTables) || stopTables <= level0Tables) {
    throw new RangeError(
      `level0StopTables must be a whole number above lesson 12's level0Tables (${level0Tables}), got ${stopTables}: ` +
        'writes must not stop before level 0 is due for compaction.',
    );
  }
  const stats: CompactionStats = { compactions: 0, tablesRead: 0, bytesRead: 0, bytesWritten: 0, moves: 0 };
  let worker: Worker | null = null;
  /** Jobs sent to the worker so far. */
  let jobs = 0;
  /** The job on the worker, resolving when its answer has arrived (and is in `finished`). */
  let running: Promise<void> | null = null;
  let finished: CompactionResult | null = null;
  let cleared = false;
  /** The engine, as the last `compact` was given it: `close` installs the last answer through it. */
  let engine: CompactionHost | null = null;

  function start(host: CompactionHost): void {
    if (worker === null) {
      const created = startWorker();
      // A worker that dies between jobs is replaced at the next one, not posted to forever.
      created.once('exit', () => {
        if (worker === created) worker = null;
      });
      worker = created;
    }
    const id = ++jobs;
    const job: CompactionJob = {
      id,
      root: options.root,
      dir: host.dir,
      version: host.version,
      blockSize: host.options.blockSize,
      filter: filterSetting(host),
      leveled: options.leveled ?? {},
      performance: options.performance ?? {},
    };
    const current = worker;
    running = new Promise<CompactionResult>((resolve) => {
      const onMessage = (answer: CompactionResult) => {
        if (answer.id !== id) return;
        done(answer);
      };
      const onError = (error: Error) => done({ id, error: { name: error.name, message: error.message } });
      const onExit = (code: number) =>
        done({ id, error: { name: 'Exit', message: `the worker exited with code ${code}` } });
      const done = (answer: CompactionResult) => {
        current.off('message', onMessage).off('error', onError).off('exit', onExit);
        current.unref();
        resolve(answer);
      };
      current.on('message', onMessage).on('error', onError).on('exit', onExit);
      // A running job keeps the process alive (an idle worker does not): closing waits for it.
      current.ref();
      try {
        current.postMessage(job);
      } catch (error) {
        // A version that cannot be copied to the worker (a function in it, say) fails this job.
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        done({ id, error: { name, message } });
      }
    }).then((answer) => {
      finished = answer;
      running = null;
      if ('error' in answer) {
        // A failed worker is not asked again; the engine stops when `compact` installs the answer.
        worker = null;
        void current.terminate();
      }
      host.requestCompaction();
    });
  }

  return {
    name: 'leveled, on a worker thread',
    stats,
    get jobs() {
      return jobs;
    },
    async compact(host) {
      engine = host;
      if (!cleared) {
        await clearCompacting(host);
        cleared = true;
      }
      for (;;) {
        const answer = finished;
        finished = null;
        const installed = answer === null ? 0 : await install(host, answer, stats);
        if (running === null && compactionDue(host.version, options.leveled)) start(host);
        if (host.version.levels[0]!.length < stopTables) return;
        // Level 0 is full: wait for the job, then install it. A job that changed nothing cannot
        // be helped by another; stop waiting rather than spin.
        if (answer !== null && installed === 0) return;
        await running;
      }
    },
    async close() {
      await running?.catch(() => {});
      const answer = finished;
      finished = null;
      const stopping = worker;
      worker = null;
      try {
        // The job cannot be stopped halfway without killing the worker, so closing waits for it
        // and keeps its work; a failed job is reported here, as the next `compact` would have.
        if (answer !== null && engine !== null) await install(engine, answer, stats);
      } finally {
        await stopping?.terminate();
      }
    },
  };
}

/**
 * Whether lesson 12's strategy has work in `version`: level 0 at its trigger, or a deeper level
 * over its byte budget (the rules its pick follows). Asked on the engine's thread before a job is
 * sent: a job with nothing to do still costs a round trip to the worker, and the first job starts
 * the worker, which costs a short run (the benchmark's --quick) about 40% of its writes.
 */
export function compactionDue(version: VersionState, leveled: LeveledOptions = {}): boolean {
  const level1Bytes = leveled.level1Bytes ?? DEFAULT_LEVELED.level1Bytes;
  const sizeRatio = leveled.sizeRatio ?? DEFAULT_LEVELED.sizeRatio;
  if (version.levels[0]!.length >= (leveled.level0Tables ?? DEFAULT_LEVELED.level0Tables)) return true;
  for (let level = 1; level < LEVEL_COUNT - 1; level++) {
    const bytes = version.levels[level]!.reduce((sum, table) => sum + table.fileSize, 0);
    if (bytes > levelBudget(level, level1Bytes, sizeRatio)) return true;
  }
  return false;
}

function startWorker(): Worker {
  const worker = new Worker(WORKER_SCRIPT, { execArgv: [...COURSE_WORKER_EXEC_ARGV] });
  worker.unref();
  return worker;
}

function filterSetting(host: CompactionHost): FilterSetting {
  const policy = host.options.filterPolicy;
  if (policy === null) return null;
  if (policy instanceof BloomFilterPolicy) return { bitsPerKey: policy.bitsPerKey };
  throw new CompactionWorkerError(
    `the tables' filter is ${policy.name}, and the worker can only make lesson 08's BloomFilterPolicy (or none); ` +
      'use lesson 12 on the engine thread with another filter',
  );
}

/** Deletes what an earlier run left in `compacting/` (a crash, or a job whose answer was never installed). */
async function clearCompacting(host: CompactionHost): Promise<void> {
  const dir = compactingDir(host.dir);
  for (const name of await host.fs.list(dir)) await host.fs.remove(`${dir}/${name}`);
}

/** Moves the worker's tables next to the others and applies its edits; returns how many edits. */
async function install(host: CompactionHost, answer: CompactionResult, stats: CompactionStats): Promise<number> {
  if ('error' in answer) {
    const { name, message } = answer.error;
    const error = Object.assign(new Error(message), { name });
    // A starter's stub that threw on the worker is passed on as itself: the learner sees which step is left.
    if (isStarterStub(error)) throw error;
    throw new CompactionWorkerError(`${name}: ${message}`);
  }
  const numbers = new Map<number, number>(); // the worker's number -> the engine's
  const adopt = async (table: TableMeta): Promise<TableMeta> => {
    if (!isWorkerFileNumber(table.fileNumber)) return table;
    let fileNumber = numbers.get(table.fileNumber);
    if (fileNumber === undefined) {
      fileNumber = host.newFileNumber();
      await host.fs.rename(tablePath(compactingDir(host.dir), table.fileNumber), host.tablePath(fileNumber));
      numbers.set(table.fileNumber, fileNumber);
    }
    return { ...table, fileNumber };
  };
  for (const edit of answer.edits) {
    const added: { level: number; table: TableMeta }[] = [];
    for (const { level, table } of edit.added ?? []) added.push({ level, table: await adopt(table) });
    // The new names must be durable before an edit that names them is.
    if (added.length > 0) await host.fs.syncDir(host.dir);
    // A job does one compaction (oneAtATime), so its edit removes only tables the engine had.
    const installed: VersionEdit = { added, removed: edit.removed ?? [] };
    await host.applyEdit(installed);
  }
  Object.assign(stats, answer.stats);
  return answer.edits.length;
}
