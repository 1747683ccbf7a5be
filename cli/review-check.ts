// A review test, run three ways, and the verdict on it. One code path for the learner's
// `npm run course -- review NN --check` and for the course check's reference review tests:
//
//   colleague  the lesson's reference with one mutant applied (the pull request under review)
//   yours      the learner's own code for the lesson (earlier lessons from the reference)
//   reference  solutions/
//
// A review test counts only if it FAILS on the colleague's version and PASSES on the other two:
// failing there proves the bug, passing on correct code proves the test is not simply wrong.
import path from 'node:path';
import type { TestModule } from 'vitest/node';
import type { Lesson } from './catalog.ts';
import { ROOT, type TreeMap } from './trees.mjs';

export type ReviewRole = 'colleague' | 'yours' | 'reference';

/** One way to run a review test: which tree serves the lesson, and the test file. */
export interface ReviewRun {
  readonly role: ReviewRole;
  readonly map: TreeMap;
  /** The review test, relative to the repository root. */
  readonly include: string[];
}

/** What happened in one run, in the terms the verdict needs. */
export interface RoleResult {
  readonly total: number;
  readonly failed: string[];
  readonly loadErrors: string[];
}

export interface Verdict {
  /** Failed on the colleague's version and passed on both others. */
  readonly counts: boolean;
  /** One sentence per run: what was required, what happened. */
  readonly lines: { readonly role: ReviewRole; readonly held: boolean; readonly words: string }[];
  /** What to do next, in words. */
  readonly next: string;
  /** The test file does not load anywhere: a syntax or import error, not a verdict. */
  readonly broken: boolean;
}

const SOLUTIONS = path.join(ROOT, 'solutions');

/** The runs of one review test: colleague and reference always, the learner's tree when given. */
export function reviewRuns(lesson: Lesson, colleagueTree: string, testFile: string, learnerTree?: string): ReviewRun[] {
  const include = [path.relative(ROOT, path.resolve(ROOT, testFile)).replaceAll(path.sep, '/')];
  const runs: ReviewRun[] = [
    { role: 'colleague', map: { default: SOLUTIONS, lessons: { [lesson.slug]: colleagueTree } }, include },
  ];
  if (learnerTree)
    runs.push({ role: 'yours', map: { default: SOLUTIONS, lessons: { [lesson.slug]: learnerTree } }, include });
  runs.push({ role: 'reference', map: { default: SOLUTIONS }, include });
  return runs;
}

/** Reduces vitest's modules of one run to what the verdict needs. */
export function roleResult(modules: readonly TestModule[]): RoleResult {
  const loadErrors = modules.flatMap((m) => m.errors().map((e) => `${e.name ?? 'Error'}: ${e.message}`));
  let total = 0;
  const failed: string[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'skipped' || state === 'pending') continue; // a skipped test proves nothing either way
      total++;
      if (state === 'failed') failed.push(test.fullName.replace(/ \(with seed=-?\d+\)$/, ''));
    }
  }
  if (modules.length === 0) loadErrors.push('the review test did not run at all');
  return { total, failed, loadErrors };
}

const THE: Record<ReviewRole, string> = {
  colleague: "the colleague's version",
  yours: 'your own code',
  reference: 'the reference',
};

function describeRun(role: ReviewRole, r: RoleResult): { held: boolean; words: string } {
  const where = THE[role];
  if (r.loadErrors.length > 0) {
    return { held: false, words: `It did not load on ${where}: ${r.loadErrors[0]!.split('\n')[0]}` };
  }
  if (r.total === 0) return { held: false, words: `It has no tests, so it proves nothing on ${where}.` };
  if (role === 'colleague') {
    return r.failed.length > 0
      ? { held: true, words: `It fails on ${where}, as it must (failing: ${r.failed.join('; ')}).` }
      : { held: false, words: `It passes on ${where}: it does not catch the bug yet.` };
  }
  return r.failed.length === 0
    ? { held: true, words: `It passes on ${where}, as it must.` }
    : { held: false, words: `It fails on ${where} (failing: ${r.failed.join('; ')}): it rejects correct code.` };
}

/** The verdict on the runs that took place (a missing run does not count either way). */
export function judgeReview(results: ReadonlyMap<ReviewRole, RoleResult>): Verdict {
  const lines = [...results].map(([role, r]) => ({ role, ...describeRun(role, r) }));
  const all = [...results.values()];
  const broken = all.length > 0 && all.every((r) => r.loadErrors.length > 0);
  const held = (role: ReviewRole) => lines.find((l) => l.role === role)?.held ?? true;
  const counts = results.has('colleague') && lines.every((l) => l.held);
  let next: string;
  if (counts) next = 'It counts: your test catches the bug and accepts correct code.';
  else if (broken) next = 'Fix the error in your review test (a syntax error, or an import that does not resolve).';
  else if (!held('colleague'))
    next =
      "Make the test stricter: find an input on which the colleague's code answers differently from the lesson's rules, and assert the rule.";
  else if (!held('reference') && !held('yours'))
    next =
      "It fails on correct code too, so it proves nothing about the colleague's change: replace the placeholder, and assert only what the lesson's README asks.";
  else if (!held('reference'))
    next =
      'Your test asserts something the lesson does not require: the reference breaks it too. Check it against the README.';
  else
    next = 'Your test fails on your own code: either your code has the same bug (fix it), or the test is too strict.';
  return { counts, lines, next, broken };
}
