// The lessons of the course: what course.json plans and what exists on disk.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './trees.mjs';
import { UsageError } from './errors.ts';

/** The learner's tree. FERRIS_LESSONS_DIR points it elsewhere (the course command's own tests use a copy). */
export const LESSONS_DIR = process.env.FERRIS_LESSONS_DIR
  ? path.resolve(process.env.FERRIS_LESSONS_DIR)
  : path.join(ROOT, 'lessons');
export const SOLUTIONS_DIR = path.join(ROOT, 'solutions');

export interface PlannedLesson {
  readonly slug: string;
  readonly title: string;
  readonly number: string;
  readonly part: string;
}

export interface Lesson extends PlannedLesson {
  /** Files the learner edits, e.g. ['entry.ts']: the .ts files of the starter folder. */
  readonly files: string[];
}

interface CourseJson {
  title: string;
  parts: { title: string; lessons: { slug: string; title: string }[] }[];
}

export function plannedLessons(): PlannedLesson[] {
  const course = JSON.parse(readFileSync(path.join(ROOT, 'course.json'), 'utf8')) as CourseJson;
  return course.parts.flatMap((part) =>
    part.lessons.map((l) => ({ ...l, number: l.slug.slice(0, 2), part: part.title })),
  );
}

/** Lessons that exist: a starter folder and a reference folder. Sorted by number. */
export function lessons(): Lesson[] {
  const planned = new Map(plannedLessons().map((l) => [l.slug, l]));
  const dir = path.join(ROOT, 'solutions');
  return readdirSync(dir)
    .filter((name) => /^\d\d-[a-z0-9-]+$/.test(name) && existsSync(path.join(LESSONS_DIR, name)))
    .sort()
    .map((slug) => {
      const plan = planned.get(slug);
      return {
        slug,
        number: slug.slice(0, 2),
        title: plan?.title ?? slug.slice(3),
        part: plan?.part ?? '',
        files: readdirSync(path.join(dir, slug))
          .filter((f) => f.endsWith('.ts'))
          .sort(),
      };
    });
}

/** Finds a lesson by number ("1", "01") or slug ("01-wal-entry", "wal-entry"). */
export function findLesson(name: string, all: Lesson[] = lessons()): Lesson {
  const wanted = name.trim().toLowerCase();
  const found = all.find(
    (l) =>
      l.slug === wanted ||
      l.slug.slice(3) === wanted ||
      (/^\d{1,2}$/.test(wanted) && Number(l.number) === Number(wanted)),
  );
  if (found) return found;
  const planned = plannedLessons().find(
    (l) => l.slug === wanted || l.slug.slice(3) === wanted || Number(l.number) === Number(wanted),
  );
  const why = planned ? `Lesson ${planned.slug} is planned but not written yet.` : `There is no lesson "${name}".`;
  throw new UsageError(
    `${why}\nValid lessons (by number or slug):\n${all.map((l) => `  ${l.number}  ${l.slug}`).join('\n')}`,
  );
}

export function testDir(lesson: Lesson): string {
  return path.join(ROOT, 'test', lesson.slug);
}

/** The lesson's test files, relative to the repo root: a whole-lesson run runs every one of them. */
export function lessonTestFiles(lesson: Lesson): string[] {
  const dir = testDir(lesson);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', lesson.slug, f).replaceAll(path.sep, '/'))
    .sort();
}

const NOT_IMPLEMENTED_CALL = /new NotImplemented\(\s*'([0-9a-z-]+)'\s*,\s*'([^']+)'\s*\)/g;

/** The names in `new NotImplemented('<slug>', 'name')` calls of one source text, in order. */
export function notImplementedNames(source: string, slug: string): string[] {
  return [...source.matchAll(NOT_IMPLEMENTED_CALL)].filter((m) => m[1] === slug).map((m) => m[2]!);
}

/** The lesson's files in the order its README's task section names them (unnamed ones last). */
export function filesInTaskOrder(lesson: Lesson): string[] {
  const readme = path.join(LESSONS_DIR, lesson.slug, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const task = text.search(/^## .*task/im);
  const from = task >= 0 ? text.slice(task) : text;
  const at = (f: string) => {
    const i = from.indexOf(f);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...lesson.files].sort((a, b) => at(a) - at(b) || a.localeCompare(b));
}
