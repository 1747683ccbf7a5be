// `npm test`: checks the course itself.
//
//   1. a strict type-check of everything (the learner's side and the reference side);
//   1b. style: Biome's lint and formatting check (biome ci);
//   1c. given code: each starter has its reference's exports, signatures and doc comments, and
//       its given files (no NotImplemented) byte for byte (cli/given-code.ts);
//   2. every lesson's tests against solutions/ (all must pass);
//   3. every lesson's tests against its starter, earlier lessons from solutions/ (every test
//      must fail, and because of that lesson's NotImplemented, not a syntax or import error);
//   4. every mutant, a plausible wrong solution (some test must fail);
//   4b. review exercises: each reviews.ts matches its lesson's mutants and quotes the lesson, and
//       the reference review tests (test/review-examples/) fail on their mutant and pass on the
//       reference, judged as `npm run course -- review NN --check` judges (cli/review-examples.ts);
//   5. the website build and its browser test, when the site exists.
//
//   6. short runs of the durability checks on a real disk: process kills, a corruption sweep, and
//      the reference's tests under one more seed (the full sweep is npm run flaky-check).
//
// Options: lesson numbers or slugs to check only those; --no-docs; --no-typecheck; --no-lint;
// --no-durability.
// Ends with a plain line `N passed, N failed`; exits 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startVitest } from 'vitest/node';
import type { TestCase, TestModule } from 'vitest/node';
import { findLesson, lessons, LESSONS_DIR, SOLUTIONS_DIR } from './catalog.ts';
import { givenCodeProblems } from './given-code.ts';
import { coursePlan, type Check } from './course-plan.ts';
import { CATCHERS_FILE, readCatchers, writeCatchers } from './mutant-catchers.ts';
import { timingLines } from './test-timings.ts';
import { judgeReviewExamples, reviewProblems } from './review-examples.ts';
import { ROOT } from './trees.mjs';
import { UsageError } from './errors.ts';
import { color } from './ui.ts';

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const outcomes: Outcome[] = [];
function record(name: string, ok: boolean, detail?: string, quiet = false): void {
  outcomes.push({ name, ok, detail });
  if (ok && quiet) return;
  const mark = ok ? color.green('ok  ') : color.red('FAIL');
  console.log(`${mark} ${name}`);
  if (!ok && detail) console.log(indent(detail));
}

function indent(text: string, by = '       '): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

function step(title: string): void {
  console.log(`\n${color.bold(title)}`);
}

function runCommand(name: string, command: string, args: string[]): void {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', shell: false });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  record(`${name} (${seconds} s)`, result.status === 0, output.split('\n').slice(-40).join('\n'));
}

function errorsOf(test: TestCase): string[] {
  const result = test.result();
  return result.state === 'failed' ? (result.errors ?? []).map((e) => `${e.name ?? 'Error'}: ${e.message}`) : [];
}

function moduleProblems(modules: TestModule[]): string[] {
  return modules.flatMap((m) => m.errors().map((e) => `${m.moduleId}: ${e.name ?? 'Error'}: ${e.message}`));
}

function judgeReference(modules: TestModule[]): void {
  for (const problem of moduleProblems(modules)) record('reference: a test file failed to load', false, problem);
  for (const module of [...modules].sort((a, b) => a.moduleId.localeCompare(b.moduleId))) {
    const where = path.relative(ROOT, module.moduleId);
    let passed = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      const name = `reference passes: ${where} > ${test.fullName}`;
      if (state === 'passed') passed++;
      if (state === 'passed') record(name, true, undefined, true);
      else if (state === 'skipped') record(name, false, 'skipped: no test may be skipped');
      else record(name, false, errorsOf(test).join('\n') || state);
    }
    console.log(`${color.green('ok  ')} reference passes ${where}: ${passed} test(s)`);
  }
}

function judgeStarter(check: Check, modules: TestModule[]): void {
  const slug = check.lesson!.slug;
  const name = `starter of ${slug} fails every test, each with its own NotImplemented`;
  const problems = moduleProblems(modules);
  const tests = modules.flatMap((m) => [...m.children.allTests()]);
  if (tests.length === 0) problems.push('no tests ran against the starter');
  for (const test of tests) {
    const state = test.result().state;
    if (state !== 'failed') {
      problems.push(
        `"${test.fullName}" ${state} on the starter: a test that passes on an empty starter checks nothing the learner writes`,
      );
      continue;
    }
    const errors = errorsOf(test);
    const own = errors.every((e) => e.startsWith('NotImplemented') && e.includes(`lesson ${slug}`));
    if (!own)
      problems.push(
        `"${test.fullName}" failed for another reason than ${slug}'s NotImplemented:\n  ${errors.join('\n  ').slice(0, 600)}`,
      );
  }
  record(name, problems.length === 0, problems.slice(0, 8).join('\n'));
}

/** For each caught mutant, the fastest of the test files that failed on it: the record of catchers. */
const caughtIn = new Map<string, Record<string, string>>();
/**
 * Recorded catchers that did not catch their mutant when run alone (project name -> test file).
 * Such a file failed before only because another file of the same run had left something behind
 * (a global the mutant forgot to restore), so another failing file is recorded instead.
 */
const catchesOnlyWithOthers = new Map<string, string>();

/**
 * Records whether the lesson's tests caught the mutant. Returns false, recording nothing, when
 * only the recorded catcher ran and passed: the mutant must then run against every file.
 */
function judgeMutant(check: Check, modules: TestModule[]): boolean {
  const name = `tests of ${check.lesson!.slug} catch: ${check.mutant!.name}`;
  const problems = moduleProblems(modules);
  if (problems.length > 0) {
    record(name, false, `the mutant does not load, so it proves nothing:\n${problems.join('\n')}`);
    return true;
  }
  const failing = modules.filter((m) => [...m.children.allTests()].some((t) => t.result().state === 'failed'));
  if (failing.length === 0 && check.narrowed) {
    catchesOnlyWithOthers.set(check.name, path.join(ROOT, check.include[0]!));
    return false;
  }
  record(
    name,
    failing.length > 0,
    failing.length > 0 ? undefined : 'every test passed against this wrong solution: add a property that catches it',
  );
  const alone = failing.filter((m) => m.moduleId !== catchesOnlyWithOthers.get(check.name));
  const fastest = (alone.length > 0 ? alone : failing).sort(
    (a, b) => a.diagnostic().duration - b.diagnostic().duration,
  )[0];
  if (fastest) {
    const lesson = caughtIn.get(check.lesson!.slug) ?? {};
    lesson[check.mutant!.name] = path.relative(path.join(ROOT, 'test', check.lesson!.slug), fastest.moduleId);
    caughtIn.set(check.lesson!.slug, lesson);
  }
  return true;
}

function hasScript(name: string): boolean {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return Boolean(pkg.scripts?.[name]);
}

const CHECK_USAGE = `Usage: npm test -- [NN ...] [--no-typecheck] [--no-lint] [--no-docs] [--no-durability]
Lessons by number or slug check only those (and skip the website and the durability checks).`;

function parseCheckArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        docs: { type: 'boolean', default: true },
        typecheck: { type: 'boolean', default: true },
        lint: { type: 'boolean', default: true },
        durability: { type: 'boolean', default: true },
      },
      allowNegative: true,
    });
  } catch (error) {
    // util.parseArgs explains itself in its own terms; say what the course check takes instead.
    const what = error instanceof Error ? error.message.split('.')[0] : String(error);
    throw new UsageError(`${what}.\n${CHECK_USAGE}`);
  }
}

/**
 * One vitest run of the course plan (cli/course-plan.ts), judged. With `rerun` (project names),
 * only those mutants, against all of their lesson's files. Returns the mutants to run again.
 */
async function lessonTests(rerun?: string): Promise<string[]> {
  if (rerun) process.env.FERRIS_CHECK_RERUN = rerun;
  const vitest = await startVitest('test', [], {
    config: path.join(ROOT, 'vitest.course.config.ts'),
    watch: false,
    reporters: [{}],
  });
  const plan = await coursePlan();
  delete process.env.FERRIS_CHECK_RERUN;
  const byProject = new Map<string, TestModule[]>();
  for (const module of vitest.state.getTestModules()) {
    const list = byProject.get(module.project.name) ?? [];
    list.push(module);
    byProject.set(module.project.name, list);
  }
  const reviewRuns: { check: Check; modules: TestModule[] }[] = [];
  const again: string[] = [];
  const timed: { check: Check; modules: TestModule[] }[] = [];
  for (const check of plan) {
    const modules = byProject.get(check.name) ?? [];
    timed.push({ check, modules });
    if (check.kind === 'reference') judgeReference(modules);
    else if (check.kind === 'starter') judgeStarter(check, modules);
    else if (check.kind === 'review') reviewRuns.push({ check, modules });
    else if (!judgeMutant(check, modules)) again.push(check.name);
  }
  for (const outcome of judgeReviewExamples(reviewRuns)) record(outcome.name, outcome.ok, outcome.detail);
  for (const line of timingLines(timed)) console.log(color.dim(line));
  for (const error of vitest.state.getUnhandledErrors()) {
    record('no unhandled errors during the test run', false, String((error as Error)?.stack ?? error));
  }
  await vitest.close();
  return again;
}

/** A local run keeps test/mutant-catchers.json up to date (CI only reads it). */
function updateCatchers(only: string[], stale: number): void {
  if (process.env.CI) {
    if (stale > 0)
      console.log(
        `${color.yellow('note')} a local \`npm test\` refreshes ${path.relative(ROOT, CATCHERS_FILE)} so these run faster`,
      );
    return;
  }
  const catchers = readCatchers();
  for (const lesson of lessons()) {
    if (only.length > 0 && !only.includes(lesson.slug)) continue;
    catchers[lesson.slug] = caughtIn.get(lesson.slug) ?? {};
  }
  if (writeCatchers(catchers))
    console.log(`${color.yellow('note')} updated ${path.relative(ROOT, CATCHERS_FILE)}: commit it with your change`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseCheckArgs(process.argv.slice(2));
  const only = positionals.map((p) => findLesson(p).slug);
  if (only.length > 0) process.env.FERRIS_CHECK_ONLY = only.join(',');
  process.env.FERRIS_SEED ??= '20261125';

  if (values.typecheck) {
    step('Type-check (strict)');
    runCommand("type-check of the learner's side (lessons, tests, tools)", 'npx', ['tsc', '-p', 'tsconfig.json']);
    runCommand('type-check of the reference side (solutions, tests, durability tools)', 'npx', [
      'tsc',
      '-p',
      'tsconfig.solutions.json',
    ]);
  }

  if (values.lint) {
    step('Style: Biome lint and formatting (npm run lint, npm run format)');
    runCommand('no lint errors and every file formatted (biome ci)', 'npx', ['biome', 'ci', '--reporter=summary', '.']);
  }

  step("Given code: each starter has the reference's exports, signatures, doc comments and given files");
  for (const lesson of lessons().filter((l) => only.length === 0 || only.includes(l.slug))) {
    const problems = givenCodeProblems(path.join(LESSONS_DIR, lesson.slug), path.join(SOLUTIONS_DIR, lesson.slug));
    record(`given code of ${lesson.slug} matches the reference`, problems.length === 0, problems.join('\n'));
  }

  step("Review exercises: every mutant has a colleague's pull request, quoting the lesson");
  const withoutReviews: string[] = [];
  for (const lesson of lessons().filter((l) => only.length === 0 || only.includes(l.slug))) {
    const { missing, problems } = await reviewProblems(lesson);
    if (missing) withoutReviews.push(lesson.number);
    else
      record(
        `reviews of ${lesson.slug} match its mutants and quote its README or dialogue`,
        problems.length === 0,
        problems.slice(0, 12).join('\n'),
      );
  }
  if (withoutReviews.length > 0)
    console.log(
      `${color.yellow('warn')} no review exercises yet (test/NN-slug/reviews.ts) in lessons ${withoutReviews.join(', ')}`,
    );

  step(`Lesson tests (seed ${process.env.FERRIS_SEED}): reference, starters, mutants, reference review tests`);
  const started = performance.now();
  const again = await lessonTests();
  if (again.length > 0) {
    console.log(
      `${again.length} mutant(s) not caught by the test file that caught them last time (or never run before): running them against every file of their lesson`,
    );
    await lessonTests(again.join(','));
  }
  console.log(color.dim(`(lesson tests took ${((performance.now() - started) / 1000).toFixed(1)} s)`));
  updateCatchers(only, again.length);

  if (values.docs && only.length === 0 && existsSync(path.join(ROOT, 'website')) && hasScript('docs:build')) {
    step('Website');
    if (hasScript('docs:e2e')) {
      runCommand('the site builds (no broken links) and works in a real browser (docs:e2e)', 'npm', [
        'run',
        '--silent',
        'docs:e2e',
      ]);
    } else {
      runCommand('the site builds with no broken links', 'npm', ['run', '--silent', 'docs:build']);
    }
  }

  if (values.durability && only.length === 0) {
    // Short versions of the real-disk checks (the full ones: npm run crash-test, corruption-sweep, flaky-check).
    step('Durability on a real disk (quick runs; fixed seeds)');
    const seed = process.env.FERRIS_SEED;
    runCommand('crash trials: no acknowledged write lost, no phantom write', 'npm', [
      'run',
      '--silent',
      'crash-test',
      '--',
      '--quick',
      '--seed',
      seed,
    ]);
    runCommand('corruption sweep: every cut and flipped bit is recovered or reported', 'npm', [
      'run',
      '--silent',
      'corruption-sweep',
      '--',
      '--quick',
      '--seed',
      seed,
    ]);
    runCommand('no flaky tests: the reference passes under one more seed', 'npm', [
      'run',
      '--silent',
      'flaky-check',
      '--',
      '--quick',
      '--seed',
      seed,
    ]);
  }

  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  if (failed > 0) {
    step('Failed');
    for (const o of outcomes.filter((o) => !o.ok)) console.log(`  ${color.red('x')} ${o.name}`);
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
