// The FerrisDB course site. It reads lessons/, solutions/, guides/ and course.json where they are
// (see website/README.md); nothing is copied into the site.
import { existsSync } from 'node:fs';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import remarkLesson from './plugins/remark-lesson.ts';
import coursePlugin from './plugins/course-plugin.ts';
import { siteTreeMode } from './plugins/site-tree.ts';
import { GUIDES, LESSONS, WEBSITE, allLessons, firstSentence, lessonOfFile, repositoryUrls } from './course.ts';
import path from 'node:path';

/**
 * The repository (FERRIS_REPO_URL, else package.json's `repository`): links to its files, and a
 * link to it in the navbar, the footer, the landing page and "Start here". None when unknown.
 */
const repository = repositoryUrls();
const repoUrl = repository?.files;

/** The first written lesson: where the navbar's "Lessons" goes. */
const firstLesson = allLessons().find((l) => l.exists);

/** `npm run docs -- --mine`: the pictures run the learner's own lessons/ (plugins/site-tree.ts). */
const mine = siteTreeMode() === 'mine';

const config: Config = {
  title: 'FerrisDB',
  tagline: 'Build a FoundationDB-inspired database from the log up, in TypeScript, one tested lesson at a time.',
  favicon: 'img/favicon.svg',
  url: 'https://ferrisdb.invalid',
  baseUrl: '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  future: { v4: true },

  customFields: { repositoryHome: repository?.home ?? null },

  markdown: {
    // Lesson files are plain GitHub Markdown (CommonMark + HTML), not MDX.
    format: 'detect',
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' },
    // A lesson's meta description is its own first sentence (Docusaurus would take the first
    // line, the heading "What you will build"), unless its front matter says otherwise.
    parseFrontMatter: async (params) => {
      const result = await params.defaultParseFrontMatter(params);
      if (!result.frontMatter.description && lessonOfFile(params.filePath) && params.filePath.endsWith('README.md')) {
        const description = firstSentence(result.content);
        if (description) result.frontMatter.description = description;
      }
      return result;
    },
  },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  presets: [
    [
      'classic',
      {
        docs: {
          // The repository root: the pages are lessons/NN-slug/README.md and guides/*.md, served
          // at /lessons/NN-slug and /guides/NAME. dialogue.md and hints.md are excluded from the
          // pages, which makes them MDX partials that a lesson page imports.
          path: '..',
          routeBasePath: '/',
          include: ['lessons/*/README.md', 'guides/*.md'],
          exclude: ['**/node_modules/**', 'lessons/*/dialogue.md', 'lessons/*/hints.md', '**/_*.md'],
          numberPrefixParser: false,
          sidebarPath: './sidebars.ts',
          breadcrumbs: true,
          beforeDefaultRemarkPlugins: [[remarkLesson, { repoUrl }]],
        },
        blog: false,
        pages: {},
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // Offline search: the index is built with the site; no external service.
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        docsDir: [LESSONS, ...(existsSync(GUIDES) ? [GUIDES] : [])],
        hashed: true,
        language: ['en'],
        // The reference solution is rendered only when opened; this keeps it out even if not.
        ignoreCssSelectors: ['.ferris-solution'],
        highlightSearchTermsOnTargetPage: false,
        searchResultLimits: 8,
        explicitSearchResultPath: true,
      },
    ],
  ],

  plugins: [coursePlugin],

  // Keeps wide mermaid charts at a readable size (scrolling sideways) instead of scaled down.
  clientModules: [path.join(WEBSITE, 'src', 'clientModules', 'mermaid-readable.ts')],

  themeConfig: {
    ...(mine
      ? {
          announcementBar: {
            id: 'ferris-mine',
            content:
              'The pictures on this site run <strong>your own code</strong> from <code>lessons/</code> for the lessons ' +
              'you have started (<code>npm run docs -- --mine</code>); the lessons you have not started run the reference.',
            backgroundColor: '#1e3a8a',
            textColor: '#ffffff',
            isCloseable: false,
          },
        }
      : {}),
    colorMode: { defaultMode: 'light', respectPrefersColorScheme: true },
    navbar: {
      title: 'FerrisDB',
      logo: { alt: 'FerrisDB logo: a log of records', src: 'img/logo.svg' },
      items: [
        { to: '/start-here', label: 'Start here', position: 'left' },
        { to: '/#course-map', label: 'Course map', position: 'left', activeBaseRegex: '^/$' },
        // A link, not the sidebar's own item: that one is active on the guides too, and the search
        // index takes the active item as a breadcrumb ("Lessons > Guides > Durability").
        ...(firstLesson
          ? [{ to: firstLesson.permalink, label: 'Lessons', position: 'left' as const, activeBaseRegex: '^/lessons/' }]
          : []),
        { to: '/pictures', label: 'Interactive pictures', position: 'left' },
        { type: 'search', position: 'right' },
        ...(repository
          ? [
              {
                href: repository.home,
                label: 'Repository',
                position: 'right' as const,
                className: 'navbar-repository-link',
              },
            ]
          : []),
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'The course',
          items: [
            { label: 'Start here', to: '/start-here' },
            { label: 'Course map', to: '/#course-map' },
            { label: 'Interactive pictures', to: '/pictures' },
          ],
        },
        ...(repository ? [{ title: 'The code', items: [{ label: 'Repository', href: repository.home }] }] : []),
      ],
      copyright: 'FerrisDB: a course in building a database from the log up. Made with Docusaurus.',
    },
    docs: { sidebar: { hideable: true } },
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
    prism: { additionalLanguages: ['bash', 'json'] },
  } satisfies Preset.ThemeConfig,
};

export default config;
