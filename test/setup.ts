// Runs before every test file: one seed for every property, and failure reports in words.
import fc from 'fast-check';
import { beforeEach, expect } from 'vitest';

const seed = Number(process.env.FERRIS_SEED ?? '20261125');

/** `test/03-recovery/wal.test.ts` -> `03` */
function lessonNumber(): string {
  const testPath = expect.getState().testPath ?? '';
  return /test\/(\d\d)-/.exec(testPath.replaceAll('\\', '/'))?.[1] ?? 'NN';
}

function report(details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const error = details.errorInstance;
  // A starter's NotImplemented is not a counterexample: pass it through as it is.
  if (error instanceof Error && error.name === 'NotImplemented') throw error;
  // An assertion explains itself; anything else was thrown by the code under test.
  const why =
    error instanceof Error
      ? error.name === 'AssertionError'
        ? error.message
        : `Your code threw ${error.name}: ${error.message}`
      : `Your code threw ${String(error)}`;
  const lines = [
    why,
    '',
    `Smallest failing input (fast-check shrank it ${details.numShrinks} time(s)):`,
    `  ${fc.stringify(details.counterexample)}`,
    '',
    `Seed ${details.seed}. Replay exactly this run with:`,
    `  npm run course -- test ${lessonNumber()} --seed ${details.seed}`,
  ];
  const failure = new Error(lines.join('\n'));
  failure.name = 'PropertyFailed';
  if (error instanceof Error) failure.cause = error;
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
