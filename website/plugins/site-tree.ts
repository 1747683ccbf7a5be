// Which tree the site's pictures run, and what the site knows of the learner's progress. Runs in
// Node (the course plugin and `npm run docs -- --mine`); tested in test/support/site-tree.test.ts.
//
// By default every picture runs the reference (solutions/). With FERRIS_SITE_TREE=mine (set by
// `npm run docs -- --mine`) a lesson the learner has started or passed (the progress log that
// `npm run course` writes) runs from their own lessons/ folder, so the pictures show their code at
// work; a lesson they have not started yet still runs the reference, and the site says so.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEvents, replay, type LessonProgress } from '../../cli/progress.ts';

/** The environment variable `npm run docs -- --mine` sets. */
export const SITE_TREE_ENV = 'FERRIS_SITE_TREE';

export type SiteTreeMode = 'reference' | 'mine';

/** One lesson's tree, and why, in words the site shows. */
export interface LessonTree {
  readonly slug: string;
  readonly tree: 'lessons' | 'solutions';
  readonly why: 'passed' | 'in progress' | 'not started' | 'reference';
}

/** What the site is told: the mode, each lesson's tree, and the lessons the log says passed. */
export interface SiteTree {
  readonly mode: SiteTreeMode;
  readonly lessons: readonly LessonTree[];
  /** Set when the progress log could not be read: the site runs on and shows this. */
  readonly problem?: string;
}

/** The mode FERRIS_SITE_TREE asks for; anything but "mine" (or nothing) is the reference. */
export function siteTreeMode(env: NodeJS.ProcessEnv = process.env): SiteTreeMode {
  const value = env[SITE_TREE_ENV]?.trim();
  if (!value || value === 'reference') return 'reference';
  if (value === 'mine') return 'mine';
  throw new Error(`${SITE_TREE_ENV}="${value}" is not a tree the site knows: use "mine" or "reference" (the default).`);
}

/**
 * Each lesson's tree. In "mine" mode a lesson runs from lessons/ when its folder is there and the
 * learner has started or passed it; otherwise (and always in "reference" mode) from solutions/.
 */
export function chooseTrees(
  mode: SiteTreeMode,
  slugs: readonly string[],
  progress: ReadonlyMap<string, LessonProgress>,
  hasLearnerFolder: (slug: string) => boolean,
): LessonTree[] {
  return slugs.map((slug) => {
    if (mode === 'reference') return { slug, tree: 'solutions', why: 'reference' };
    const status = progress.get(slug)?.status;
    if (!hasLearnerFolder(slug) || status === undefined || status === 'not started') {
      return { slug, tree: 'solutions', why: 'not started' };
    }
    return { slug, tree: 'lessons', why: status === 'done' ? 'passed' : 'in progress' };
  });
}

/**
 * The bundler's aliases for the pictures: `@support` and, per lesson, `@ferris/NN-slug` to the
 * folder of the tree that serves it. Only lesson keys are listed (no catch-all `@ferris`), so the
 * order of the keys cannot change what a request resolves to.
 */
export function pictureAliases(
  trees: readonly LessonTree[],
  dirs: { readonly lessons: string; readonly solutions: string; readonly support: string },
): Record<string, string> {
  const aliases: Record<string, string> = { '@support': dirs.support };
  for (const { slug, tree } of trees) aliases[`@ferris/${slug}`] = path.join(dirs[tree], slug);
  return aliases;
}

/** The lessons that have code to run: a folder in lessons/ or in solutions/ (not merely planned). */
export function lessonsWithCode(
  slugs: readonly string[],
  dirs: { readonly lessons: string; readonly solutions: string },
): string[] {
  return slugs.filter(
    (slug) => existsSync(path.join(dirs.lessons, slug)) || existsSync(path.join(dirs.solutions, slug)),
  );
}

/** The progress log, folded; an unreadable log is no progress plus a problem to show. */
export function readProgress(file?: string): { progress: Map<string, LessonProgress>; problem?: string } {
  try {
    return { progress: replay(readEvents(file)) };
  } catch (error) {
    return { progress: new Map(), problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The lessons whose tests passed, per the log, in course order. */
export function passedLessons(slugs: readonly string[], progress: ReadonlyMap<string, LessonProgress>): string[] {
  return slugs.filter((slug) => progress.get(slug)?.status === 'done');
}

/**
 * Whether the site shows the progress log's passes: only when it runs on the learner's machine
 * (`npm run docs`, or a build of their own tree), never in a build of the course for others.
 */
export function showsLoggedProgress(mode: SiteTreeMode, nodeEnv = process.env.NODE_ENV): boolean {
  return mode === 'mine' || nodeEnv === 'development';
}

/** Everything above for the site as it is configured now, with the folded progress log. */
export function loadSiteTree(
  slugs: readonly string[],
  lessonsDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { tree: SiteTree; progress: Map<string, LessonProgress> } {
  const mode = siteTreeMode(env);
  const { progress, problem } = readProgress(env.FERRIS_PROGRESS_LOG);
  const lessons = chooseTrees(mode, slugs, progress, (slug) => existsSync(path.join(lessonsDir, slug)));
  return { tree: { mode, lessons, ...(problem ? { problem } : {}) }, progress };
}
