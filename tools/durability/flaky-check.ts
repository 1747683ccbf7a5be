/**
 * `npm run flaky-check`: the whole test suite, run again and again with different seeds.
 *
 * Property tests draw their inputs from one seed (FERRIS_SEED, read by test/setup.ts). A test
 * that passes with the usual seed and fails with another is either catching a real bug that the
 * usual seed misses or is itself wrong (flaky): either way it must be found before a learner
 * finds it. This runs the solutions' tests with N seeds in a row (20 by default) and reports
 * every failure with the seed and the command that replays it.
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

const USAGE = `Usage: npm run flaky-check -- [options] [vitest filters]

Runs the solutions' whole test suite with N different seeds (FERRIS_SEED) in a row and reports
any failure with its seed.

Options:
  --runs N       how many seeds (default 20; 3 with --quick)
  --quick        a short run for CI
  --seed S       derive the run's seeds from S (default: a fresh one, printed)
  --seeds A,B,C  exactly these seeds
  --impl DIR     test another tree laid out like solutions/ (default: solutions/)
  --timeout MIN  a run taking longer than this is stopped and reported (default 20)
  --help         this text

Example: npm run flaky-check -- --runs 5 test/03-recovery`;

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

const runs = intFlag(flags.runs, 'runs', flags.quick ? 3 : 20, USAGE, 1, 10_000);
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
  const output = await new Promise<{ code: number | null; text: string; timedOut: boolean }>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, FERRIS_MAP: map, FERRIS_SEED: String(seed), NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a run that hangs can be stopped with its workers.
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
    failures.push(`the run did not finish within ${timeoutMinutes} minutes and was stopped (a hang, or a test far slower with this seed)`);
  }
  const ok = output.code === 0 && failures.length === 0 && !output.timedOut;
  if (!ok && failures.length === 0) failures.push(`vitest exited with code ${output.code}:\n${output.text.trim().split('\n').slice(-20).join('\n')}`);
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

process.exitCode = await main();
