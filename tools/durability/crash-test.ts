/**
 * `npm run crash-test`: real processes, really killed.
 *
 * Each trial starts a child process that writes a seeded stream through a store on the real file
 * system, with durable syncs, and tells the parent over IPC which writes it is about to make and
 * which are durable. At a seeded random moment the parent kills the child with SIGKILL, reopens
 * the data in the child's directory, and checks two promises:
 *
 *   - no acknowledged write is lost: every write the child reported durable is there, intact;
 *   - no phantom write appears: nothing is there that the child did not write (never a write it
 *     did not start, never garbled bytes).
 *
 * and the store's own rules: a log comes back in order without holes, an atomic batch whole or
 * not at all, and the store still takes writes after the crash (one more write, then a reopen).
 * The stores (targets.ts): lesson 03's WAL; lesson 10's engine; lesson 11's manifest (with
 * lesson 12's compaction) once they exist. Trials take turns between them. Each trial gets a
 * fresh temporary directory, removed afterwards (kept with --keep when the trial failed).
 *
 * The seed fixes the writes, the write mode and the kill delay of every trial; the operating
 * system's timing does the rest, so a replay repeats the plan, not the exact instant.
 *
 * Ends with: crash trials: N, acknowledged writes lost: L, phantom writes: P
 * Exit code 1 if L or P is above zero or a trial could not run properly; 2 for bad flags.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './launch.ts';
import { deriveSeed, describeError, freshSeed, intFlag, parseFlags, removeOnExit, seconds } from './cli-args.ts';

const USAGE = `Usage: npm run crash-test -- [options]

Kills a process that writes through the WAL (and the engine, from lesson 10 on) with SIGKILL at
random moments, then checks that every acknowledged write survived and nothing was invented.

Options:
  --trials N      number of trials (default 100; 10 with --quick)
  --quick         a short run for CI
  --seed S        replay a run: the same writes, write modes and kill delays
  --only K        run only trial K (1-based) of the seed's run
  --jobs J        trials run side by side (default 2)
  --max-delay MS  latest kill, in milliseconds after the child is ready (default 400)
  --dir DIR       where the per-trial temporary directories go (default: the OS temp dir)
  --keep          keep the directory of any trial that fails, and print its path
  --verbose       one line per trial
  --impl DIR      run another tree laid out like solutions/ (default: solutions/)
  --help          this text`;

const args = await launch();
const flags = parseFlags(
  args,
  {
    trials: { type: 'string' },
    quick: { type: 'boolean' },
    seed: { type: 'string' },
    only: { type: 'string' },
    jobs: { type: 'string' },
    'max-delay': { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean' },
  },
  USAGE,
);

const trials = intFlag(flags.trials, 'trials', flags.quick ? 10 : 100, USAGE, 1, 1_000_000);
const seed = intFlag(flags.seed, 'seed', freshSeed(), USAGE, 0, 0x7fff_ffff);
const only = flags.only === undefined ? undefined : intFlag(flags.only, 'only', 1, USAGE, 1, trials);
const jobs = intFlag(flags.jobs, 'jobs', 2, USAGE, 1, 64);
const maxDelay = intFlag(flags['max-delay'], 'max-delay', 400, USAGE, 0, 60_000);
const baseDir = path.resolve(flags.dir ?? os.tmpdir());

const { availableTargets } = await import('./targets.ts');
const { WRITE_MODES } = await import('./targets.ts');
const { randomInt, seededRandom } = await import('@support/random.ts');
type CrashTarget = import('./targets.ts').CrashTarget;
type WriteMode = import('./targets.ts').WriteMode;

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
/** A child that neither becomes ready nor dies in this time is reported as stuck. */
const START_TIMEOUT_MS = 30_000;

interface Plan {
  readonly index: number;
  readonly seed: number;
  readonly target: CrashTarget;
  readonly mode: WriteMode;
  readonly delayMs: number;
}

interface Outcome {
  readonly plan: Plan;
  readonly acked: number;
  readonly announced: number;
  readonly recovered: number;
  readonly lost: number;
  readonly phantom: number;
  readonly tornBytes: number;
  /** Something other than a lost or phantom write went wrong: the trial proves nothing. */
  readonly problem?: string;
  readonly dir: string;
}

function planTrial(index: number, target: CrashTarget): Plan {
  const trialSeed = deriveSeed(seed, index);
  const random = seededRandom(trialSeed ^ 0x2545f491);
  const mode = WRITE_MODES[randomInt(random, WRITE_MODES.length)]!;
  // A fifth of the kills land at once (often before the first write is durable), the rest
  // anywhere in the window.
  const delayMs = random() < 0.2 ? 0 : randomInt(random, maxDelay + 1);
  return { index, seed: trialSeed, target, mode, delayMs };
}

/** Runs the child, kills it, and returns what it acknowledged and announced. */
function runChild(plan: Plan, dir: string): Promise<{ acked: number; announced: number; problem?: string }> {
  return new Promise((resolve) => {
    let acked = 0;
    let announced = 0;
    let problem: string | undefined;
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const child: ChildProcess = fork(CHILD, [plan.target.name, dir, String(plan.seed), plan.mode], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const kill = () => child.kill('SIGKILL');
    const stuck = setTimeout(() => {
      problem = `the child did not get ready within ${START_TIMEOUT_MS / 1000} s`;
      kill();
    }, START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.on('message', (message: { type: string; upTo?: number; error?: string }) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(stuck);
          killTimer = setTimeout(kill, plan.delayMs);
          break;
        case 'writing':
          announced = Math.max(announced, message.upTo!);
          break;
        case 'ack':
          acked = Math.max(acked, message.upTo!);
          break;
        case 'failed':
          problem ??= `the child failed by itself: ${message.error}`;
          break;
        case 'done':
          problem ??= 'the child made all its writes before the kill came: lower --max-delay';
          break;
      }
    });
    let exited = false;
    let disconnected = !child.connected;
    let signal: NodeJS.Signals | null = null;
    let code: number | null = null;
    const finish = () => {
      if (!exited || !disconnected) return;
      clearTimeout(stuck);
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL' && problem === undefined) {
        problem = `the child exited by itself (code ${code}, signal ${signal})${stderr ? `:\n${stderr.trim()}` : ''}`;
      }
      resolve({ acked, announced, problem });
    };
    child.on('disconnect', () => {
      disconnected = true;
      finish();
    });
    child.on('exit', (c, s) => {
      exited = true;
      code = c;
      signal = s;
      // Messages already in the pipe are delivered before 'disconnect'; wait for both.
      setTimeout(() => {
        disconnected = true;
        finish();
      }, 2_000).unref();
      finish();
    });
    child.on('error', (error) => {
      problem ??= `could not start the child: ${error.message}`;
    });
  });
}

async function runTrial(plan: Plan): Promise<Outcome> {
  const dir = await mkdtemp(path.join(baseDir, 'ferris-crash-'));
  const forget = removeOnExit(dir);
  try {
    return await judgeTrial(plan, dir);
  } finally {
    forget();
  }
}

async function judgeTrial(plan: Plan, dir: string): Promise<Outcome> {
  const child = await runChild(plan, dir);
  const { acked, announced } = child;
  const base = { plan, acked, announced, dir };
  if (child.problem) return { ...base, recovered: 0, lost: 0, phantom: 0, tornBytes: 0, problem: child.problem };

  try {
    const check = await plan.target.check(dir, { seed: plan.seed, mode: plan.mode, announced, acked });
    return { ...base, ...check };
  } catch (error) {
    // The store would not open after the kill: every acknowledged write is out of reach.
    return {
      ...base,
      recovered: 0,
      lost: acked,
      phantom: 0,
      tornBytes: 0,
      problem: `reopening after the kill threw ${describeError(error)}`,
    };
  }
}

function describe(o: Outcome): string {
  const p = o.plan;
  return (
    `trial ${p.index + 1} (${p.target.name}, ${p.mode}, kill after ${p.delayMs} ms): ` +
    `${o.acked} acknowledged, ${o.announced} started, ${o.recovered} ${p.target.name === 'wal' ? 'recovered' : 'live keys after reopening'}` +
    (o.tornBytes > 0 ? `, torn tail of ${o.tornBytes} bytes cut` : '') +
    (o.lost > 0 ? `, ${o.lost} ACKNOWLEDGED WRITE(S) LOST` : '') +
    (o.phantom > 0 ? `, ${o.phantom} PHANTOM WRITE(S)` : '')
  );
}

async function main(): Promise<number> {
  const { targets, notices } = availableTargets();
  for (const notice of notices) console.log(`notice: ${notice}`);
  if (targets.length === 0) {
    console.error('error: nothing to crash-test in this tree; the WAL of lesson 03 is needed.');
    return 1;
  }
  const started = performance.now();
  const plans: Plan[] = [];
  for (let i = 0; i < trials; i++) plans.push(planTrial(i, targets[i % targets.length]!));
  const chosen = only === undefined ? plans : [plans[only - 1]!];
  console.log(
    `crash-test: ${chosen.length} trial(s), seed ${seed}, ${jobs} at a time, targets: ` +
      `${targets.map((t) => t.name).join(', ')}, temp dirs in ${baseDir}`,
  );

  const outcomes: Outcome[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < chosen.length) {
      const plan = chosen[next++]!;
      const outcome = await runTrial(plan);
      outcomes.push(outcome);
      const failed = outcome.lost > 0 || outcome.phantom > 0 || outcome.problem !== undefined;
      if (failed || flags.verbose) console.log(`${failed ? 'FAIL' : 'ok  '} ${describe(outcome)}`);
      if (outcome.problem) console.log(`     ${outcome.problem.replaceAll('\n', '\n     ')}`);
      if (failed) {
        console.log(
          `     replay: npm run crash-test -- --seed ${seed} --trials ${trials} --only ${plan.index + 1} --verbose`,
        );
      }
      if (failed && flags.keep) console.log(`     kept: ${outcome.dir}`);
      else await rm(outcome.dir, { recursive: true, force: true });
      if (!flags.verbose && outcomes.length % 25 === 0 && outcomes.length < chosen.length) {
        console.log(`  ${outcomes.length}/${chosen.length} trials done (${seconds(started)})`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, worker));

  const sum = (f: (o: Outcome) => number) => outcomes.reduce((s, o) => s + f(o), 0);
  const lost = sum((o) => o.lost);
  const phantom = sum((o) => o.phantom);
  const problems = outcomes.filter((o) => o.problem !== undefined).length;
  const byMode = WRITE_MODES.map((m) => `${m} ${outcomes.filter((o) => o.plan.mode === m).length}`).join(', ');
  const byTarget = targets.map((t) => `${t.name} ${outcomes.filter((o) => o.plan.target === t).length}`).join(', ');
  const perTarget = targets.map((t) => `${t.name} ${sum((o) => (o.plan.target === t ? o.acked : 0))}`).join(', ');
  console.log(
    `acknowledged writes checked: ${sum((o) => o.acked)} (${perTarget}); ` +
      `WAL writes in flight that survived: ${sum((o) => (o.plan.target.name === 'wal' ? Math.max(0, Math.min(o.recovered, o.announced) - o.acked) : 0))}; ` +
      `torn tails cut: ${outcomes.filter((o) => o.tornBytes > 0).length}; ` +
      `kills before the first acknowledgement: ${outcomes.filter((o) => o.acked === 0).length}`,
  );
  console.log(
    `targets: ${byTarget}; write modes: ${byMode}; trials with other problems: ${problems}; seed ${seed}; ${seconds(started)}`,
  );
  console.log(`crash trials: ${outcomes.length}, acknowledged writes lost: ${lost}, phantom writes: ${phantom}`);
  return lost > 0 || phantom > 0 || problems > 0 ? 1 : 0;
}

process.exitCode = await main();
