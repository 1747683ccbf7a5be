// One crash trial, for any store that keeps its state on a FileSystem: a table writer (lesson
// 07), the engine (lessons 10 to 13), and the stores of Parts 3 and 4.
//
//   1. A fresh simulated disk; the store is opened on it through a CrashingFileSystem.
//   2. The operations are applied one by one; each resolved one is acknowledged.
//   3. The machine crashes in place of step `crashAt`, or after the workload if it is not
//      reached. From then on the old process is dead: whatever it throws is ignored, and it can
//      no longer touch the disk.
//   4. The store is opened again on what the crash left, and its state must be the model's state
//      after some prefix of the operations that holds every acknowledged one: the operation under
//      way at the crash is there whole or not at all, and nothing never written appears.
//
// A failure says at which step the crash happened, which operations had been acknowledged (made
// durable) by then and which had not, and what the crash kept of each file.
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem, type CrashModel, type CrashReport } from '@support/sim-fs.ts';
import { CrashingFileSystem } from './crashing-fs.ts';
import type { SteppingOptions } from './stepping-fs.ts';

/** What a crash trial needs to know about the store under test. */
export interface CrashSubject<Store, Op, State> {
  /** Opens (and so recovers) the store on `fs`. */
  open(fs: FileSystem): Promise<Store>;
  /** Applies one operation; resolves once it is acknowledged, so once it must survive a crash. */
  apply(store: Store, op: Op): Promise<void>;
  /** Work after the last operation and before a crash at the end (a flush, say). Optional. */
  finish?(store: Store): Promise<void>;
  /** The store's state, to compare with the model's (plain data: compared deeply). */
  read(store: Store): Promise<State>;
  close(store: Store): Promise<void>;
  /** The model: the state after these operations, in order, on an empty store. */
  model(ops: readonly Op[]): State;
  describeOp(op: Op): string;
  /** Prepares the fresh disk (makes a directory, say) before any step is counted. */
  prepare?(sim: SimulatedFileSystem): Promise<void>;
  /** More checks on the recovered store; `where` says what happened, for messages. */
  afterRecovery?(store: Store, sim: SimulatedFileSystem, where: string): Promise<void>;
  /**
   * True when the store does all its work inside `apply`, none in the background: then the
   * operation under way when the machine crashed must fail, not resolve as if it were done.
   */
  readonly noBackgroundWork?: boolean;
  /** Which calls are steps (see stepping-fs.ts); the default counts neither close nor size. */
  readonly steps?: SteppingOptions;
}

export interface CrashTrial<Op> {
  readonly ops: readonly Op[];
  /** The step to crash in place of (from 0), or 'end': after the workload and `finish`. */
  readonly crashAt: number | 'end';
  /** The seed of the simulated disk (what a crash keeps of unsynced data). */
  readonly seed: number;
  /** The crash model, if not the simulator's default. */
  readonly crash?: CrashModel;
}

export interface CrashTrialResult {
  /** The steps counted; for a crash at the end, every step of the workload (so 0 to steps - 1 are the places to crash). */
  readonly steps: number;
  /** Where the crash happened, in words. */
  readonly crashedIn: string;
  /** How many operations were acknowledged before the crash. */
  readonly acknowledged: number;
}

/** Runs one trial (see the file comment); fails the test with the whole story if recovery is wrong. */
export async function crashTrial<Store, Op, State>(
  subject: CrashSubject<Store, Op, State>,
  trial: CrashTrial<Op>,
): Promise<CrashTrialResult> {
  const sim = new SimulatedFileSystem({ seed: trial.seed, ...(trial.crash ? { crash: trial.crash } : {}) });
  await subject.prepare?.(sim);
  const fs = new CrashingFileSystem(sim, trial.crashAt === 'end' ? Infinity : trial.crashAt, subject.steps);
  const run = await runUntilCrash(subject, trial.ops, fs);
  const report = fs.crashNow();
  const where = describeCrash(subject, trial.ops, run, fs, report);
  if (run.acknowledgedAfterCrash) {
    expect.fail(
      `${where}\nThe operation under way was acknowledged although the machine crashed in the middle of it; a crash must make it fail`,
    );
  }

  const store = await recovering(where, 'opening the store again', () => subject.open(sim));
  const got = await recovering(where, 'reading the recovered store', () => subject.read(store));
  const allowed = [];
  for (let n = run.acknowledged; n <= run.started; n++) allowed.push(subject.model(trial.ops.slice(0, n)));
  if (!allowed.some((state) => isDeepStrictEqual(got, state))) {
    const inFlight = run.started > run.acknowledged ? ', plus the operation under way whole or not at all' : '';
    expect(
      got,
      `${where}\nThe recovered state must hold every acknowledged operation${inFlight}, and nothing else`,
    ).toEqual(allowed[allowed.length - 1]);
  }
  await recovering(where, 'checking the recovered store', async () => subject.afterRecovery?.(store, sim, where));
  await subject.close(store);
  return { steps: fs.steps, crashedIn: fs.crashedIn!, acknowledged: run.acknowledged };
}

interface Run {
  /** Operations begun (the last one may be under way at the crash). */
  started: number;
  acknowledged: number;
  acknowledgedAfterCrash: boolean;
  /** Whether `finish` had begun (every operation was acknowledged). */
  finishing: boolean;
}

/** Applies the operations until the machine crashes (or they are done). Errors before the crash are real failures. */
async function runUntilCrash<Store, Op, State>(
  subject: CrashSubject<Store, Op, State>,
  ops: readonly Op[],
  fs: CrashingFileSystem,
): Promise<Run> {
  const run: Run = { started: 0, acknowledged: 0, acknowledgedAfterCrash: false, finishing: false };
  try {
    const store = await subject.open(fs);
    for (const op of ops) {
      const crashedBefore = fs.crashed;
      run.started++;
      await subject.apply(store, op);
      if (subject.noBackgroundWork && fs.crashed && !crashedBefore) {
        run.acknowledgedAfterCrash = true;
        break;
      }
      run.acknowledged++;
    }
    run.finishing = !fs.crashed;
    await subject.finish?.(store);
  } catch (error) {
    // Once the machine is down, the old process is dead: what it throws (SimulatedCrash, a
    // stale handle met by background work, a database closed by a failed flush) does not matter.
    if (!fs.crashed) throw error;
  }
  return run;
}

/** Runs one step of the recovery; an error it throws is reported with the story of the crash. */
async function recovering<T>(where: string, doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Error) || error.name === 'NotImplemented' || error.name === 'AssertionError') throw error;
    const frames = (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line) && !line.includes('node_modules'))
      .slice(0, 3);
    expect.fail(
      `${where}\nThen ${doing} threw ${error.name}: ${error.message}${frames.length > 0 ? `\n${frames.join('\n')}` : ''}`,
    );
  }
}

/** The story of a trial, for failure messages: where the crash was, what was durable, what it kept. */
function describeCrash<Store, Op, State>(
  subject: CrashSubject<Store, Op, State>,
  ops: readonly Op[],
  run: Run,
  fs: CrashingFileSystem,
  report: CrashReport,
): string {
  const list = (some: readonly Op[]) => `[${some.map((o) => subject.describeOp(o)).join('; ')}]`;
  const recent = fs.log.slice(-4);
  const underWay =
    run.started > run.acknowledged
      ? `under way ${list(ops.slice(run.acknowledged, run.started))}`
      : run.finishing && subject.finish
        ? 'none under way (the work after the last operation was)'
        : 'none under way';
  const lines = [
    `after the machine crashed ${fs.crashedIn}` +
      (recent.length > 0 ? ` (the last steps before it: ${recent.join(', ')})` : ''),
    `  acknowledged (durable) by then: ${run.acknowledged} of ${ops.length} operations ${list(ops.slice(0, run.acknowledged))}`,
    `  not acknowledged: ${underWay}, ${ops.length - run.started} never started`,
    `  what the crash kept: ${describeReport(report)}`,
  ];
  return lines.join('\n');
}

function describeReport(report: CrashReport): string {
  const files = report.files
    .filter((f) => f.unsyncedBytes > 0)
    .map(
      (f) =>
        `${f.path} kept ${f.keptBytes} of its ${f.unsyncedBytes} unsynced bytes${f.torn ? ' (a torn write)' : ''}${f.damagedOffset === null ? '' : `, byte ${f.damagedOffset} damaged`}`,
    );
  const synced = report.files.filter((f) => f.unsyncedBytes === 0).map((f) => f.path);
  const parts = [
    ...files,
    ...(synced.length > 0 ? [`fully synced: ${synced.join(', ')}`] : []),
    ...(report.lostPaths.length > 0
      ? [`names lost (created or renamed, not synced in their directory): ${report.lostPaths.join(', ')}`]
      : []),
    ...(report.revivedPaths.length > 0
      ? [`names back (removed or renamed away, not synced): ${report.revivedPaths.join(', ')}`]
      : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'no files';
}
