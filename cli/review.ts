// Review exercises: the data behind `npm run course -- review NN`. Each lesson's mutants (plausible
// wrong solutions, test/NN-slug/mutants.ts) become a colleague's pull requests, described in the
// colleague's words by test/NN-slug/reviews.ts. Which one the learner reviews next is chosen from
// their progress log, so it stays the same until they catch it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { LESSONS_DIR, type Lesson } from './catalog.ts';
import { UsageError } from './errors.ts';
import type { ProgressEvent } from './progress.ts';
import { ROOT } from './trees.mjs';
import type { Mutant } from '../test/mutant.ts';
import type { Review, Reviews } from '../test/review.ts';

export const reviewsFile = (lesson: Lesson) => path.join(ROOT, 'test', lesson.slug, 'reviews.ts');
export const mutantsFile = (lesson: Lesson) => path.join(ROOT, 'test', lesson.slug, 'mutants.ts');
/** The review's scratch folder (the colleague's tree, the copy of the test that runs); one per learner tree. */
export function scratchDir(lessonsDir = LESSONS_DIR): string {
  const base = path.join(ROOT, '.ferris', 'review');
  if (lessonsDir === path.join(ROOT, 'lessons')) return base;
  return `${base}-${createHash('sha256').update(lessonsDir).digest('hex').slice(0, 12)}`;
}

/** Where the learner writes the review test: one file per lesson, kept from one review to the next. */
export const reviewTestFile = (lesson: Lesson) => path.join(LESSONS_DIR, lesson.slug, 'review.test.ts');

async function importNamed<T>(file: string, name: string, lesson: Lesson): Promise<T> {
  const shown = path.relative(process.cwd(), file);
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(
      `${shown} does not load: ${why}\nThe review exercises of lesson ${lesson.number} need it; restore it with git (git checkout -- ${path.relative(ROOT, file)}).`,
    );
  }
  if (!(name in module)) throw new UsageError(`${shown} has no export \`${name}\`; restore it with git.`);
  return module[name] as T;
}

/** The lesson's reviews, or undefined when it has no review exercises (yet). */
export async function loadReviews(lesson: Lesson, file = reviewsFile(lesson)): Promise<Reviews | undefined> {
  return existsSync(file) ? importNamed<Reviews>(file, 'reviews', lesson) : undefined;
}

export async function loadLessonMutants(lesson: Lesson): Promise<Mutant[]> {
  const file = mutantsFile(lesson);
  return existsSync(file) ? importNamed<Mutant[]>(file, 'mutants', lesson) : [];
}

/** The mutants the learner has caught in a review, by name, for one lesson. */
export function reviewedNames(events: readonly ProgressEvent[], slug: string): Set<string> {
  return new Set(events.flatMap((e) => (e.type === 'reviewed' && e.lesson === slug ? [e.mutant] : [])));
}

/** How many of a lesson's mutants the learner has caught. */
export function reviewCount(events: readonly ProgressEvent[], lesson: Lesson, mutants: readonly Mutant[]) {
  const caught = reviewedNames(events, lesson.slug);
  return { reviewed: mutants.filter((m) => caught.has(m.name)).length, total: mutants.length };
}

/**
 * The next mutant to review: one not yet caught, picked by a hash of the learner's first event
 * (a stand-in for "who is this learner") and the lesson, so every learner gets their own order
 * and the same one comes back until it is caught.
 */
export function pickMutant(
  lesson: Lesson,
  mutants: readonly Mutant[],
  events: readonly ProgressEvent[],
): { mutant: Mutant; index: number } | undefined {
  const caught = reviewedNames(events, lesson.slug);
  const open = mutants.map((mutant, index) => ({ mutant, index })).filter(({ mutant }) => !caught.has(mutant.name));
  if (open.length === 0) return undefined;
  const learner = events[0]?.at ?? 'a learner';
  const digest = createHash('sha256').update(`${learner}\n${lesson.slug}\n${caught.size}`).digest();
  return open[digest.readUInt32BE(0) % open.length];
}

/** The review of a mutant; a missing entry is a course defect (the course check reports it). */
export function reviewOf(reviews: Reviews, mutant: Mutant, lesson: Lesson): Review {
  const review = reviews[mutant.name];
  if (!review) {
    throw new UsageError(
      `test/${lesson.slug}/reviews.ts has no review for one of the lesson's mutants, so this pull request has no description. Run npm test -- ${lesson.number} to see which.`,
    );
  }
  return review;
}

/** The reference's source with the mutant applied (its `find` occurs once; the course check sees to that). */
export function applyMutant(source: string, mutant: Mutant): string {
  return source.replace(mutant.find, () => mutant.replace);
}

/** `README.md: quote` -> its parts. */
export function parseSee(see: string): { file: string; quote: string } | undefined {
  const m = /^(README\.md|dialogue\.md):\s*(.+)$/.exec(see);
  return m ? { file: m[1]!, quote: m[2]!.trim() } : undefined;
}

/** Whether the quote occurs on one line of the lesson's file. */
export function seeFound(lesson: Lesson, see: string, lessonsDir = path.join(ROOT, 'lessons')): boolean {
  const parsed = parseSee(see);
  if (!parsed) return false;
  const file = path.join(lessonsDir, lesson.slug, parsed.file);
  return (
    existsSync(file) &&
    readFileSync(file, 'utf8')
      .split('\n')
      .some((line) => line.includes(parsed.quote))
  );
}

/**
 * "reviews 3/37" per lesson that has review exercises and is done, for `list` and `progress`.
 * Reads only those lessons' mutants, so the commands stay quick.
 */
export async function reviewLabels(
  all: readonly Lesson[],
  events: readonly ProgressEvent[],
  done: (lesson: Lesson) => boolean,
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const lesson of all.filter((l) => done(l) && existsSync(reviewsFile(l)))) {
    const { reviewed, total } = reviewCount(events, lesson, await loadLessonMutants(lesson));
    labels.set(lesson.slug, `reviews ${reviewed}/${total}`);
  }
  return labels;
}
