// The site's own Docusaurus plugin:
// - global data for the landing page (the course map: parts, lessons, which exist; the guides);
// - the import aliases of the course, so that the interactive pictures run the reference code:
//   `@ferris/NN-slug/file.ts` -> solutions/NN-slug/file.ts and `@support/file.ts` -> support/
//   (the .ts files outside website/ go through the site's own JS/TS loader); with
//   `npm run docs -- --mine`, the learner's own lessons/ for the lessons they have started
//   (plugins/site-tree.ts);
// - the lessons the progress log says passed, when the site runs on the learner's machine;
// - Docusaurus's generated files parsed as they expect (see configureWebpack), and CSS cascade
//   layers kept (see configurePostCss);
// - watching course.json, the lessons, solutions, support code and guides in `npm run docs`.
import type { LoadContext, Plugin } from '@docusaurus/types';
import {
  GUIDES,
  LESSONS,
  ROOT,
  SOLUTIONS,
  SUPPORT,
  allLessons,
  loadCourse,
  loadGuides,
  pictureNames,
  type Course,
  type Guide,
} from '../course.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressLogPath } from '../../cli/progress.ts';
import {
  lessonsWithCode,
  loadSiteTree,
  passedLessons,
  pictureAliases,
  showsLoggedProgress,
  type SiteTree,
} from './site-tree.ts';

export interface CourseData {
  readonly course: Course;
  readonly guides: Guide[];
  readonly pictures: string[];
  /** Which tree the pictures run (see plugins/site-tree.ts). */
  readonly tree: SiteTree;
  /** The lessons whose tests passed, from the progress log; empty in a build for others. */
  readonly passed: string[];
}

export default function coursePlugin(context: LoadContext): Plugin {
  // Read once: the bundler's aliases cannot change while the site runs (restart `npm run docs`).
  const slugs = lessonsWithCode(
    allLessons().map((l) => l.slug),
    { lessons: LESSONS, solutions: SOLUTIONS },
  );
  const { tree } = loadSiteTree(slugs, LESSONS);
  // Rspack's persistent cache keeps module resolutions across builds without keying them on our
  // aliases: a site over lessons/ could get solutions/ files from it (seen), or leave its own in
  // it for the next build. A site over the learner's tree is built without it.
  if (tree.mode === 'mine') process.env.DOCUSAURUS_NO_PERSISTENT_CACHE = '1';
  return {
    name: 'ferris-course',
    async loadContent(): Promise<CourseData> {
      // Passes are read again on every load, so the site follows `npm start` in another terminal.
      const passed = showsLoggedProgress(tree.mode) ? passedLessons(slugs, loadSiteTree(slugs, LESSONS).progress) : [];
      return { course: loadCourse(), guides: loadGuides(), pictures: pictureNames(), tree, passed };
    },
    async contentLoaded({ content, actions }) {
      actions.setGlobalData(content);
    },
    getPathsToWatch() {
      return [
        path.join(ROOT, 'course.json'),
        path.join(LESSONS, '*/*.md'),
        path.join(SOLUTIONS, '*/*.ts'),
        path.join(SUPPORT, '*.ts'),
        path.join(GUIDES, '*.md'),
        ...(showsLoggedProgress(tree.mode) ? [progressLogPath()] : []),
      ];
    },
    configurePostCss(options) {
      // Docusaurus puts Infima and the theme in CSS cascade layers, so that custom.css (outside
      // any layer) wins. postcss-preset-env would otherwise replace the layers by a polyfill for
      // old browsers, after which Infima's :root overrides custom.css's (its colours, and more).
      for (const plugin of options.plugins as unknown[]) {
        if (Array.isArray(plugin) && String(plugin[0]).includes('postcss-preset-env')) {
          plugin[1] = { ...(plugin[1] as object), features: { 'cascade-layers': false } };
        }
      }
      return options;
    },
    configureWebpack() {
      return {
        module: {
          rules: [
            {
              // Docusaurus's generated .js files mix ESM (export) and CommonJS (require,
              // require.resolveWeak): the bundler must detect which, whatever the nearest
              // package.json says about "type".
              test: /\.js$/,
              include: [context.generatedFilesDir],
              type: 'javascript/auto',
            },
            {
              // A page is built from more files than its Markdown: rebuild it when they change.
              test: /\.md$/,
              include: [LESSONS, GUIDES],
              enforce: 'pre' as const,
              use: [
                {
                  loader: path.join(path.dirname(fileURLToPath(import.meta.url)), 'lesson-deps-loader.cjs'),
                  options: { solutions: SOLUTIONS },
                },
              ],
            },
          ],
        },
        resolve: {
          alias:
            tree.mode === 'mine'
              ? pictureAliases(tree.lessons, { lessons: LESSONS, solutions: SOLUTIONS, support: SUPPORT })
              : { '@ferris': SOLUTIONS, '@support': SUPPORT },
        },
      };
    },
  };
}
