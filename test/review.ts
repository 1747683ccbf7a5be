/**
 * A review exercise (`npm run course -- review NN`): one of a lesson's mutants, shown to the
 * learner as a colleague's pull request. Each lesson keeps one Review per mutant in
 * `test/NN-slug/reviews.ts`, keyed by the mutant's `name`; the course check requires one for
 * every mutant, and that each `see` quote occurs in the lesson's README.md or dialogue.md.
 */
export interface Review {
  /**
   * The colleague's pull-request description, first person, one to three sentences: what they
   * changed and why it seemed right to them. It must not give the bug away (no "forgets",
   * "wrongly", "bug"); a good one sounds like a reasonable simplification or speed-up.
   */
  readonly pr: string;
  /** Shown once the learner's test catches it: why a careful person could write this bug. */
  readonly why: string;
  /**
   * Where the lesson talks about it: `README.md` or `dialogue.md`, a colon, and a short exact
   * quote (a few words, on one line of that file), for example `README.md: the checksum covers the kind byte`.
   */
  readonly see: string;
}

export type Reviews = Readonly<Record<string, Review>>;
