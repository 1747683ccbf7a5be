// The course check's side of the review exercises (npm test):
//
//   - each lesson's test/NN-slug/reviews.ts has one review per mutant and no other, each `see`
//     quote occurs on one line of the lesson's README.md or dialogue.md, and no `pr` text names
//     its bug (a lesson without reviews.ts is a warning: it has no review exercises yet);
//   - reference review tests, test/review-examples/NN-slug/*.test.ts, each opening with a line
//     `// Catches: <the mutant's name>`, run as cli/review-check.ts's runs (the colleague's
//     version and the reference) in the course check's own vitest process, and judged by the
//     same judgeReview as `npm run course -- review NN --check`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestModule } from 'vitest/node';
import type { Lesson } from './catalog.ts';
import type { Check } from './course-plan.ts';
import { judgeReview, reviewRuns, roleResult, type ReviewRole, type RoleResult } from './review-check.ts';
import { loadLessonMutants, loadReviews, parseSee, reviewsFile, seeFound } from './review.ts';
import { ROOT } from './trees.mjs';
import type { Mutant } from '../test/mutant.ts';

export const EXAMPLES_DIR = path.join(ROOT, 'test', 'review-examples');
const CATCHES = /^\/\/ Catches: (.+)$/m;

export interface ReviewExample {
  /** Relative to the repository root. */
  readonly file: string;
  /** The mutant named on its `// Catches:` line, if it has one. */
  readonly mutant: string | undefined;
}

export function reviewExamples(lesson: Lesson): ReviewExample[] {
  const dir = path.join(EXAMPLES_DIR, lesson.slug);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => ({
      file: `test/review-examples/${lesson.slug}/${f}`,
      mutant: CATCHES.exec(readFileSync(path.join(dir, f), 'utf8'))?.[1]?.trim(),
    }));
}

/** The course plan's checks for a lesson's reference review tests: per test, the colleague's version and the reference. */
export function reviewExampleChecks(lesson: Lesson, mutants: readonly Mutant[], trees: readonly string[]): Check[] {
  return reviewExamples(lesson).flatMap((example) => {
    const index = mutants.findIndex((m) => m.name === example.mutant);
    if (index < 0) return []; // reported by reviewProblems
    return reviewRuns(lesson, trees[index]!, example.file).map((run) => ({
      name: `review ${example.file} ${run.role}`,
      kind: 'review' as const,
      lesson,
      mutant: mutants[index],
      review: { example: example.file, role: run.role },
      map: run.map,
      include: run.include,
      isolate: true,
    }));
  });
}

export interface ReviewOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** One outcome per reference review test: it counts, judged exactly as `review NN --check` judges. */
export function judgeReviewExamples(runs: readonly { check: Check; modules: TestModule[] }[]): ReviewOutcome[] {
  const byExample = new Map<string, { mutant: string; results: Map<ReviewRole, RoleResult> }>();
  for (const { check, modules } of runs) {
    const { example, role } = check.review!;
    const entry = byExample.get(example) ?? { mutant: check.mutant!.name, results: new Map() };
    entry.results.set(role, roleResult(modules));
    byExample.set(example, entry);
  }
  return [...byExample].map(([example, { mutant, results }]) => {
    const verdict = judgeReview(results);
    return {
      name: `reference review test ${example} catches: ${mutant}`,
      ok: verdict.counts,
      detail: verdict.counts ? undefined : [...verdict.lines.map((l) => l.words), verdict.next].join('\n'),
    };
  });
}

/** The static checks of one lesson's reviews.ts and review examples. `missing`: it has no reviews.ts yet. */
export async function reviewProblems(lesson: Lesson): Promise<{ missing: boolean; problems: string[] }> {
  const where = `test/${lesson.slug}/reviews.ts`;
  if (!existsSync(reviewsFile(lesson))) return { missing: true, problems: [] };
  const problems: string[] = [];
  let reviews;
  let mutants: Mutant[];
  try {
    [reviews, mutants] = await Promise.all([loadReviews(lesson), loadLessonMutants(lesson)]);
  } catch (error) {
    return { missing: false, problems: [(error as Error).message] };
  }
  const names = new Set(mutants.map((m) => m.name));
  for (const m of mutants) if (!reviews?.[m.name]) problems.push(`${where} has no review for the mutant "${m.name}".`);
  for (const [name, review] of Object.entries(reviews ?? {})) {
    if (!names.has(name)) problems.push(`${where} reviews "${name}", which is not a mutant of the lesson.`);
    if (!review.pr?.trim() || !review.why?.trim())
      problems.push(`${where}: the review of "${name}" needs a pr and a why.`);
    if (review.pr?.toLowerCase().includes(name.toLowerCase()))
      problems.push(`${where}: the pr text of "${name}" contains the mutant's name, which gives the bug away.`);
    if (!parseSee(review.see ?? ''))
      problems.push(`${where}: the see of "${name}" must be "README.md: quote" or "dialogue.md: quote".`);
    else if (!seeFound(lesson, review.see))
      problems.push(`${where}: the see of "${name}" is not on one line of lessons/${lesson.slug}/: ${review.see}`);
  }
  const examples = reviewExamples(lesson);
  if (examples.length === 0)
    problems.push(
      `test/review-examples/${lesson.slug}/ has no reference review test (a *.test.ts with a // Catches: line).`,
    );
  for (const e of examples) {
    if (!e.mutant || !names.has(e.mutant))
      problems.push(
        `${e.file}: its first "// Catches: NAME" line must name a mutant of the lesson (got ${e.mutant ?? 'none'}).`,
      );
  }
  return { missing: false, problems };
}
