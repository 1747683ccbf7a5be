// Runs before every test file: one seed for every property, and failure reports in words.
import path from 'node:path';
import fc from 'fast-check';
import { beforeEach, chai, expect } from 'vitest';

// Assertion messages show values whole: a cut array ("[ '=000000', ...(9) ]" on both sides) hides
// the very element that differs. The course command shows a compact diff beside them.
chai.config.truncateThreshold = 0;

const seed = Number(process.env.FERRIS_SEED ?? '20261125');

/** `test/03-recovery/wal.test.ts` -> `03` */
function lessonNumber(): string {
  const testPath = expect.getState().testPath ?? '';
  return /test\/(\d\d)-/.exec(testPath.replaceAll('\\', '/'))?.[1] ?? 'NN';
}

/** The folders whose code the learner wrote: every tree of FERRIS_MAP except the reference. */
function learnerTrees(): string[] {
  try {
    const map = JSON.parse(process.env.FERRIS_MAP ?? '{}') as { default?: string; lessons?: Record<string, string> };
    const trees = [map.default, ...Object.values(map.lessons ?? {})].filter((t): t is string => typeof t === 'string');
    return [...new Set(trees)].filter((t) => path.basename(t) !== 'solutions');
  } catch {
    return [];
  }
}

/** The top frames of `error` inside the learner's files, as "at fn (lessons/03-recovery/x.ts:12:5)". */
function learnerFrames(error: Error, limit = 4): string[] {
  const trees = learnerTrees();
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return frames
    .filter((line) => trees.some((t) => line.includes(t + path.sep) || line.includes(`${t}/`)))
    .slice(0, limit)
    .map((line) =>
      line
        .trim()
        .replace(/file:\/\//, '')
        .replace(`${process.cwd()}${path.sep}`, ''),
    );
}

/**
 * The starter's NotImplemented that `error` is, or that caused it: an engine stops with its own
 * error when a piece it calls in the background (a flush opening a table) is still a TODO.
 */
function notImplementedBehind(error: unknown): Error | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e.name === 'NotImplemented') return e;
  }
  return undefined;
}

function report(details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const error = details.errorInstance;
  // A starter's NotImplemented is not a counterexample: pass it through as it is.
  const todo = notImplementedBehind(error);
  if (todo) throw todo;
  // An assertion explains itself; anything else was thrown by the code under test.
  const why =
    error instanceof Error
      ? error.name === 'AssertionError'
        ? error.message
        : `Your code threw ${error.name}: ${error.message}`
      : `Your code threw ${String(error)}`;
  const where = error instanceof Error && error.name !== 'AssertionError' ? learnerFrames(error) : [];
  const lines = [
    why,
    ...(where.length > 0 ? ['Where it was thrown (your code, innermost first):', ...where.map((f) => `  ${f}`)] : []),
    '',
    `Smallest failing input (fast-check shrank it ${details.numShrinks} time(s)):`,
    `  ${fc.stringify(details.counterexample)}`,
    '',
    `Seed ${details.seed}. Replay exactly this run with:`,
    `  npm run course -- test ${lessonNumber()} --seed ${details.seed}`,
  ];
  const failure = new Error(lines.join('\n'));
  failure.name = 'PropertyFailed';
  if (error instanceof Error) failure.cause = error; // vitest diffs the cause's expected and actual
  throw failure;
}

// `npm test` runs each starter and each mutant (a deliberately wrong solution) only to see them
// fail: there, a property stops at its first counterexample without shrinking, and once one test
// of a mutant has failed the rest are skipped. Learners and the reference get the full run.
const kind = process.env.FERRIS_CHECK_KIND;
fc.configureGlobal({ seed, reporter: report, endOnFailure: kind === 'starter' || kind === 'mutant' });
if (kind === 'mutant') {
  let caught = false;
  beforeEach((context) => {
    if (caught) context.skip('this mutant is already caught');
    context.onTestFailed(() => {
      caught = true;
    });
  });
}
