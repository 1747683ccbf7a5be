// The learner's progress as the site shows it, without React or the DOM (tested in
// test/support/site-progress.test.ts). Two sources, merged:
// - lessons marked done on the site, kept in the browser (localStorage, under PROGRESS_KEY);
// - lessons whose tests passed, from the progress log that `npm run course` writes
//   (.ferris/progress.jsonl), which the site's plugin reads when the site runs locally.
// A lesson the log says passed stays done whatever the browser says: the log is the truth.

/** The localStorage key of the lessons marked done on the site. */
export const PROGRESS_KEY = 'ferris-progress';

/** What is stored under PROGRESS_KEY: a version, so a later format can read this one. */
interface StoredProgress {
  readonly version: 1;
  readonly done: readonly string[];
}

const SLUG = /^\d\d-[a-z0-9-]+$/;

/**
 * The lessons marked done in a stored value. Anything unreadable (no value, not JSON, another
 * version, entries that are not lesson slugs) counts as nothing marked rather than an error: a
 * reader's stale or hand-edited storage must never break a page.
 */
export function parseStored(raw: string | null | undefined): Set<string> {
  if (!raw) return new Set();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return new Set();
  }
  const stored = value as Partial<StoredProgress> | null;
  if (!stored || typeof stored !== 'object' || stored.version !== 1 || !Array.isArray(stored.done)) return new Set();
  return new Set(stored.done.filter((s): s is string => typeof s === 'string' && SLUG.test(s)));
}

/** The stored value for a set of lessons marked done (sorted, so equal sets store equal text). */
export function serializeStored(done: Iterable<string>): string {
  const stored: StoredProgress = { version: 1, done: [...new Set(done)].filter((s) => SLUG.test(s)).sort() };
  return JSON.stringify(stored);
}

/** A new set with `lesson` marked (on) or unmarked (off); the input is not changed. */
export function withMark(done: ReadonlySet<string>, lesson: string, on: boolean): Set<string> {
  if (!SLUG.test(lesson)) throw new RangeError(`"${lesson}" is not a lesson slug like "01-wal-entry".`);
  const next = new Set(done);
  if (on) next.add(lesson);
  else next.delete(lesson);
  return next;
}

/** Why a lesson shows as done: its tests passed (the progress log), or the reader marked it. */
export type DoneBecause = 'passed' | 'marked';

/** Where each done lesson's mark comes from; a lesson in neither source is absent. */
export function doneLessons(passed: Iterable<string>, marked: Iterable<string>): Map<string, DoneBecause> {
  const done = new Map<string, DoneBecause>();
  for (const lesson of marked) done.set(lesson, 'marked');
  for (const lesson of passed) done.set(lesson, 'passed');
  return done;
}

/** The lesson a site path or link points to ("/lessons/01-wal-entry#x" gives "01-wal-entry"). */
export function lessonOfHref(href: string | undefined): string | undefined {
  const m = /^\/lessons\/(\d\d-[a-z0-9-]+)\/?(?:[#?].*)?$/.exec(href ?? '');
  return m?.[1];
}
