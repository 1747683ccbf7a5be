/**
 * `npm run flaky-check`: the whole test suite, run again and again with different seeds.
 *
 * Property tests draw their inputs from one seed (FERRIS_SEED, read by test/setup.ts). A test
 * that passes with the usual seed and fails with another is either catching a real bug that the
 * usual seed misses or is itself wrong (flaky): either way it must be found before a learner
 * finds it. This runs the solutions' tests with N seeds in a row (20 by default) and reports
 * every failure with the seed and the command that replays it.
 *
 * Per lesson (--lesson NN,NN or --lesson all): one vitest process runs a lesson's files under a
 * batch of seeds at once (one vitest project per seed, sharing one start-up and one transform
 * cache), batches one after another, each stopped after --timeout minutes, and the whole check
 * stops starting batches after --minutes. It reports each lesson's throughput in seeds per minute,
 * so that a long run (200 seeds per lesson) can be planned.
 *
 * Ends with: flaky check: N runs, F failed
 * Exit code 1 if any run failed; 2 for bad flags. Arguments after the options (test paths or
 * name filters) are passed on to vitest.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '@support/random.ts';
import { ROOT } from './launch.ts';
import { deriveSeed, freshSeed, intFlag, seconds, usageError } from './cli-args.ts';

// A batch child (see runBatchChild): runs one lesson under several seeds and exits.
if (process.env.FERRIS_FLAKY_BATCH) {
  process.exit(await runBatchChild(JSON.parse(process.env.FERRIS_FLAKY_BATCH) as BatchJob));
}

const USAGE = `Usage: npm run flaky-check -- [options] [vitest filters]

Runs the solutions' whole test suite with N different seeds (FERRIS_SEED) in a row and reports
any failure with its seed.

Options:
  --runs N       how many seeds (default 20; 1 with --quick)
  --quick        a short run for CI
  --seed S       derive the run's seeds from S (default: a fresh one, printed)
  --seeds A,B,C  exactly these seeds
  --impl DIR     test another tree laid out like solutions/ (default: solutions/)
  --timeout MIN  a run (or batch) taking longer than this is stopped and reported (default 20)
  --lesson L     per lesson: NN, NN-slug, a comma list, or all. --runs seeds for EACH lesson,
                 run --batch seeds per vitest process; prints seeds per minute per lesson
  --batch K      seeds per vitest process with --lesson (default 10)
  --minutes M    with --lesson: start no new batch after M minutes (the summary says how far it got)
  --help         this text

Examples: npm run flaky-check -- --runs 5 test/03-recovery
          npm run flaky-check -- --lesson 03,05 --runs 40 --batch 10 --minutes 8`;

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      runs: { type: 'string' },
      quick: { type: 'boolean' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      impl: { type: 'string' },
      timeout: { type: 'string' },
      lesson: { type: 'string' },
      batch: { type: 'string' },
      minutes: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
} catch (error) {
  usageError((error as Error).message, USAGE);
}
const { values: flags, positionals: filters } = parsed;
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const runs = intFlag(flags.runs, 'runs', flags.quick ? 1 : 20, USAGE, 1, 10_000);
const master = intFlag(flags.seed, 'seed', freshSeed(), USAGE, 0, 0x7fff_ffff);
let seeds: number[];
if (flags.seeds !== undefined) {
  seeds = flags.seeds.split(',').map((s) => intFlag(s.trim(), 'seeds', 0, USAGE, 0, 0x7fff_ffff));
} else {
  // Seeds spread over 31 bits, all replayable from the one printed master seed.
  const random = seededRandom(master);
  seeds = Array.from({ length: runs }, (_, i) => deriveSeed(Math.floor(random() * 0x7fff_ffff), i));
}
const timeoutMinutes = intFlag(flags.timeout, 'timeout', 20, USAGE, 1, 24 * 60);
const tree = path.resolve(flags.impl ?? path.join(ROOT, 'solutions'));
if (!existsSync(tree)) usageError(`--impl ${flags.impl}: no such directory`, USAGE);
const map = JSON.stringify({ default: tree });

const vitestCli = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

interface JsonReport {
  numTotalTests?: number;
  numFailedTests?: number;
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

interface RunResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly tests: number;
  readonly failures: string[];
  readonly time: string;
}

function replay(seed: number): string {
  const mapText = flags.impl === undefined ? '{\\"default\\":\\"$PWD/solutions\\"}' : map.replaceAll('"', '\\"');
  return `FERRIS_MAP="${mapText}" FERRIS_SEED=${seed} npx vitest run${filters.length ? ` ${filters.join(' ')}` : ''}`;
}

/** The process group of the vitest run under way, stopped with us on Ctrl-C. */
let running: number | undefined;
process.on('SIGINT', () => {
  if (running !== undefined) {
    try {
      process.kill(-running, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  process.exit(130);
});

async function runOnce(seed: number, dir: string): Promise<RunResult> {
  const started = performance.now();
  const out = path.join(dir, `report-${seed}.json`);
  const args = [vitestCli, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${out}`, ...filters];
  const output = await runChild(args, { FERRIS_MAP: map, FERRIS_SEED: String(seed), FORCE_COLOR: '0' });
  let report: JsonReport = {};
  try {
    report = JSON.parse(await readFile(out, 'utf8')) as JsonReport;
  } catch {
    // No report: vitest did not get as far as running tests; its output says why.
  }
  const failures: string[] = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(ROOT, file.name);
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed') {
        const why = (test.failureMessages?.[0] ?? '').split('\n').find((l) => l.trim()) ?? '';
        failures.push(`${where} > ${test.fullName}\n      ${why.trim().slice(0, 300)}`);
      }
    }
    if (file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed')) {
      failures.push(`${where} did not run: ${(file.message ?? '').split('\n')[0]}`);
    }
  }
  if (output.timedOut) {
    failures.push(
      `the run did not finish within ${timeoutMinutes} minutes and was stopped (a hang, or a test far slower with this seed)`,
    );
  }
  const ok = output.code === 0 && failures.length === 0 && !output.timedOut;
  if (!ok && failures.length === 0)
    failures.push(`vitest exited with code ${output.code}:\n${output.text.trim().split('\n').slice(-20).join('\n')}`);
  return { seed, ok, tests: report.numTotalTests ?? 0, failures, time: seconds(started) };
}

async function main(): Promise<number> {
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferris-flaky-'));
  console.log(
    `flaky check: ${seeds.length} run(s) of the tests against ${tree.startsWith(ROOT + path.sep) ? path.relative(ROOT, tree) : tree}` +
      (flags.seeds === undefined ? `, seeds derived from --seed ${master}` : ''),
  );
  const results: RunResult[] = [];
  try {
    for (const [i, seed] of seeds.entries()) {
      const result = await runOnce(seed, dir);
      results.push(result);
      const label = `run ${String(i + 1).padStart(String(seeds.length).length)}/${seeds.length}  seed ${String(seed).padEnd(10)}`;
      console.log(`${label}  ${result.ok ? 'passed' : 'FAILED'}  (${result.tests} tests, ${result.time})`);
      if (!result.ok) {
        for (const f of result.failures.slice(0, 10)) console.log(`    ${f}`);
        if (result.failures.length > 10) console.log(`    ... and ${result.failures.length - 10} more`);
        console.log(`    replay: ${replay(seed)}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) console.log(`failing seeds: ${failed.map((r) => r.seed).join(', ')}`);
  console.log(`done in ${seconds(started)}`);
  console.log(`flaky check: ${results.length} runs, ${failed.length} failed`);
  return failed.length > 0 ? 1 : 0;
}

interface BatchJob {
  readonly slug: string;
  readonly seeds: number[];
  readonly tree: string;
  readonly out: string;
}

interface BatchResult {
  /** Per seed: how many tests ran, and each failure as "file > test\n      first line". */
  readonly seeds: Record<string, { tests: number; failures: string[] }>;
}

/**
 * The child side of --lesson: one vitest process, one project per seed (each project's workers
 * see its own FERRIS_SEED), the lesson's test files in each. Writes a BatchResult to job.out.
 */
async function runBatchChild(job: BatchJob): Promise<number> {
  const { createVitest } = await import('vitest/node');
  const { courseTrees } = await import('../../cli/vite-plugin.ts');
  const { fileURLToPath } = await import('node:url');
  const { writeFile } = await import('node:fs/promises');
  const treeMap = { default: job.tree };
  process.env.FERRIS_MAP = JSON.stringify(treeMap);
  const fastCheckVitest = fileURLToPath(new URL('../../test/fast-check-vitest.ts', import.meta.url));
  const vitest = await createVitest('test', {
    config: false,
    root: ROOT,
    watch: false,
    reporters: [{}],
    projects: job.seeds.map((seed) => ({
      plugins: [courseTrees(treeMap)],
      resolve: { alias: { '@fast-check/vitest': fastCheckVitest } },
      test: {
        name: `seed ${seed}`,
        root: ROOT,
        include: [`test/${job.slug}/**/*.test.ts`],
        setupFiles: ['test/setup.ts'],
        env: { FERRIS_MAP: JSON.stringify(treeMap), FERRIS_SEED: String(seed) },
        testTimeout: 60_000,
        pool: 'threads',
      },
    })),
  } as Parameters<typeof createVitest>[1]);
  const result: BatchResult = {
    seeds: Object.fromEntries(job.seeds.map((seed) => [String(seed), { tests: 0, failures: [] as string[] }])),
  };
  try {
    const run = await vitest.start();
    for (const module of run.testModules) {
      const entry = result.seeds[module.project.name.replace(/^seed /, '')];
      if (!entry) continue;
      const where = path.relative(ROOT, module.moduleId);
      for (const error of module.errors())
        entry.failures.push(`${where} did not load: ${error.message.split('\n')[0]}`);
      for (const test of module.children.allTests()) {
        entry.tests++;
        const r = test.result();
        if (r.state === 'failed') {
          const why = (r.errors?.[0]?.message ?? '').split('\n').find((l) => l.trim()) ?? '';
          entry.failures.push(`${where} > ${test.fullName}\n      ${why.trim().slice(0, 300)}`);
        } else if (r.state !== 'passed') {
          entry.failures.push(`${where} > ${test.fullName}: ${r.state}`);
        }
      }
    }
    for (const error of run.unhandledErrors) {
      for (const entry of Object.values(result.seeds))
        entry.failures.push(`an error outside any test: ${String((error as Error).message ?? error)}`);
    }
  } finally {
    await vitest.close();
  }
  await writeFile(job.out, JSON.stringify(result));
  return 0;
}

/** --lesson: the lessons named, each under `runs` seeds in batches; prints throughput per lesson. */
async function perLesson(spec: string): Promise<number> {
  const { findLesson, lessons } = await import('../../cli/catalog.ts');
  let chosen;
  try {
    chosen = spec === 'all' ? lessons() : spec.split(',').map((name) => findLesson(name.trim()));
  } catch (error) {
    usageError(`--lesson ${spec}: ${(error as Error).message}`, USAGE);
  }
  const batch = intFlag(flags.batch, 'batch', 10, USAGE, 1, 200);
  const budgetMinutes = intFlag(flags.minutes, 'minutes', 24 * 60, USAGE, 1, 7 * 24 * 60);
  const started = performance.now();
  const overBudget = () => performance.now() - started > budgetMinutes * 60_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferris-flaky-'));
  console.log(
    `flaky check: ${chosen.length} lesson(s) x ${seeds.length} seed(s), ${batch} seed(s) per vitest process, against ${path.relative(ROOT, tree) || tree}` +
      (flags.seeds === undefined ? `, seeds derived from --seed ${master}` : '') +
      (flags.minutes !== undefined ? `, no new batch after ${budgetMinutes} min` : ''),
  );
  const failing: string[] = [];
  const throughput: string[] = [];
  let total = 0;
  try {
    for (const lesson of chosen) {
      const lessonStarted = performance.now();
      let done = 0;
      for (let i = 0; i < seeds.length && !overBudget(); i += batch) {
        const part = seeds.slice(i, i + batch);
        const out = path.join(dir, `${lesson.slug}-${i}.json`);
        const batchStarted = performance.now();
        const child = await runChild([...process.execArgv, process.argv[1]!], {
          FERRIS_FLAKY_BATCH: JSON.stringify({ slug: lesson.slug, seeds: part, tree, out } satisfies BatchJob),
        });
        let result: BatchResult | undefined;
        try {
          result = JSON.parse(await readFile(out, 'utf8')) as BatchResult;
        } catch {
          // no report: the batch timed out or crashed; its output says why
        }
        for (const seed of part) {
          const r = result?.seeds[String(seed)];
          const failures = r
            ? r.failures
            : [
                child.timedOut
                  ? `the batch did not finish within ${timeoutMinutes} minutes`
                  : `the batch exited with code ${child.code}:\n${child.text.trim().split('\n').slice(-15).join('\n')}`,
              ];
          if (r && r.tests === 0) failures.push('no tests ran');
          if (failures.length > 0) {
            failing.push(`${lesson.number}:${seed}`);
            console.log(`  lesson ${lesson.number} seed ${seed} FAILED`);
            for (const f of failures.slice(0, 10)) console.log(`    ${f}`);
            console.log(
              `    replay: npm run course -- test ${lesson.number} --impl ${path.relative(ROOT, tree) || tree} --seed ${seed}`,
            );
          }
        }
        done += part.length;
        total += part.length;
        console.log(
          `lesson ${lesson.number}: seeds ${i + 1}-${i + part.length} of ${seeds.length} (${result ? (Object.values(result.seeds)[0]?.tests ?? 0) : '?'} tests each) in ${seconds(batchStarted)}`,
        );
      }
      const minutes = (performance.now() - lessonStarted) / 60_000;
      const rate = minutes > 0 ? done / minutes : 0;
      throughput.push(
        `  lesson ${lesson.number} ${lesson.slug.padEnd(20)} ${String(done).padStart(5)} seeds in ${minutes.toFixed(1)} min = ${rate.toFixed(1)} seeds/min`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`throughput (batches of ${batch}, this machine, this load):\n${throughput.join('\n')}`);
  if (overBudget())
    console.log(`stopped starting batches after ${budgetMinutes} min (--minutes): not every lesson got every seed`);
  if (failing.length > 0) console.log(`failing lesson:seed pairs: ${failing.join(', ')}`);
  console.log(`done in ${seconds(started)}`);
  console.log(`flaky check: ${total} runs, ${failing.length} failed`);
  return failing.length > 0 ? 1 : 0;
}

/** Runs node with `args` in its own process group, stopped after --timeout minutes. */
function runChild(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; text: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running = child.pid;
    let text = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMinutes * 60_000);
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', (code) => {
      running = undefined;
      clearTimeout(timer);
      resolve({ code, text, timedOut });
    });
  });
}

process.exitCode = flags.lesson !== undefined ? await perLesson(flags.lesson) : await main();
