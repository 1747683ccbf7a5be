/**
 * A mutant is a plausible wrong solution: the reference with one small change a learner might
 * really make. `npm test` applies each mutant to a copy of solutions/ and requires the lesson's
 * tests to FAIL against it, which proves the tests catch that bug. `find` must occur exactly
 * once in the file, so a mutant that no longer applies is reported instead of silently passing.
 */
export interface Mutant {
  /** The bug, in words: "keeps the caller's key buffer instead of copying it". */
  readonly name: string;
  /** The file in the lesson's solution folder, for example `entry.ts`. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}
