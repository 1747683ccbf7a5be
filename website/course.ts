// What the site knows about the course, read straight from the repository on every load:
// course.json (the plan), lessons/NN-slug/ (what exists), solutions/NN-slug/*.ts (the reference)
// and guides/*.md. Nothing is copied, so nothing can drift. Used by the Docusaurus config, the
// sidebar, the course plugin, the remark plugin and the end-to-end test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder above website/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEBSITE = path.join(ROOT, 'website');
export const LESSONS = path.join(ROOT, 'lessons');
export const SOLUTIONS = path.join(ROOT, 'solutions');
export const SUPPORT = path.join(ROOT, 'support');
export const GUIDES = path.join(ROOT, 'guides');
export const PICTURES = path.join(WEBSITE, 'src', 'pictures');

export interface CourseLesson {
  /** "01-wal-entry" */
  readonly slug: string;
  /** "01" */
  readonly number: string;
  readonly title: string;
  readonly part: string;
  /** Whether lessons/NN-slug/README.md exists: only then does the lesson get a page. */
  readonly exists: boolean;
  /** The site URL of the lesson page (meaningful only when it exists). */
  readonly permalink: string;
  /** The docs plugin's id of the lesson page. */
  readonly docId: string;
}

export interface CoursePart {
  readonly title: string;
  readonly lessons: CourseLesson[];
}

export interface Course {
  readonly title: string;
  readonly parts: CoursePart[];
}

export interface Guide {
  /** "durability" */
  readonly name: string;
  readonly title: string;
  readonly docId: string;
  readonly permalink: string;
}

interface CourseJson {
  title: string;
  parts: { title: string; lessons: { slug: string; title: string }[] }[];
}

/** The curriculum with a flag per lesson for whether its README exists yet. */
export function loadCourse(): Course {
  const json = JSON.parse(readFileSync(path.join(ROOT, 'course.json'), 'utf8')) as CourseJson;
  return {
    title: json.title,
    parts: json.parts.map((part) => ({
      title: part.title,
      lessons: part.lessons.map((l) => ({
        slug: l.slug,
        number: l.slug.slice(0, 2),
        title: l.title,
        part: part.title,
        exists: existsSync(path.join(LESSONS, l.slug, 'README.md')),
        permalink: `/lessons/${l.slug}`,
        docId: `lessons/${l.slug}/README`,
      })),
    })),
  };
}

/** Every lesson in course order. */
export function allLessons(course: Course = loadCourse()): CourseLesson[] {
  return course.parts.flatMap((p) => p.lessons);
}

/** The lesson a file under lessons/ belongs to, or undefined. */
export function lessonOfFile(file: string): string | undefined {
  const rel = path.relative(LESSONS, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const slug = rel.split(path.sep)[0];
  return slug && /^\d\d-[a-z0-9-]+$/.test(slug) ? slug : undefined;
}

/** The reference solution's files of a lesson: every .ts file in solutions/NN-slug/, sorted. */
export function solutionFiles(slug: string): string[] {
  const dir = path.join(SOLUTIONS, slug);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** guides/*.md at the repository root, sorted by name; the title is the first "# " heading. */
export function loadGuides(): Guide[] {
  if (!existsSync(GUIDES)) return [];
  return readdirSync(GUIDES)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -3);
      const text = readFileSync(path.join(GUIDES, f), 'utf8');
      const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? name;
      return { name, title, docId: `guides/${name}`, permalink: `/guides/${name}` };
    });
}

/** The names of the interactive pictures: website/src/pictures/NAME.tsx. */
export function pictureNames(): string[] {
  if (!existsSync(PICTURES)) return [];
  return readdirSync(PICTURES)
    .filter((f) => /^[a-z0-9-]+\.tsx$/.test(f))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Where the course's repository lives: its home page and the base of links to its files. */
export interface RepositoryUrls {
  /** e.g. https://github.com/OWNER/REPO */
  readonly home: string;
  /** e.g. https://github.com/OWNER/REPO/blob/main: a file's link is `${files}/path`. */
  readonly files: string;
}

/**
 * The repository, from FERRIS_REPO_URL (a file base such as https://github.com/OWNER/REPO/blob/main,
 * or just the repository's address) or else the `repository` field of the root package.json.
 * Undefined when neither says: the site then leaves repository links out.
 */
export function repositoryUrls(env: string | undefined = process.env.FERRIS_REPO_URL): RepositoryUrls | undefined {
  let url = env?.trim();
  if (!url) {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      repository?: string | { url?: string };
    };
    url = (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url)?.trim();
    if (url?.startsWith('github:')) url = `https://github.com/${url.slice('github:'.length)}`;
    else if (url && /^[\w.-]+\/[\w.-]+$/.test(url)) url = `https://github.com/${url}`;
  }
  if (!url) return undefined;
  url = url
    .replace(/^git\+/, '')
    .replace(/^git@github\.com:/, 'https://github.com/')
    .replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) return undefined;
  const base = /^(.*?)\/(?:blob|tree)\/[^/]+$/.exec(url);
  if (base) return { home: base[1]!, files: url.replace(/\/tree\/([^/]+)$/, '/blob/$1') };
  const home = url.replace(/\.git$/, '');
  return { home, files: `${home}/blob/main` };
}

/**
 * A lesson's own first sentence, for its page's meta description: the first paragraph after the
 * title (skipping headings, code, diagrams and HTML), as plain text, up to its first full stop.
 */
export function firstSentence(markdown: string): string | undefined {
  const paragraph: string[] = [];
  let fence: string | null = null;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const opens = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opens && opens[0] === fence[0] && opens.length >= fence.length) fence = null;
      continue;
    }
    if (opens) {
      if (paragraph.length > 0) break;
      fence = opens;
      continue;
    }
    if (line === '' || /^(#|<|\||>|---)/.test(line)) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line);
  }
  const text = paragraph
    .join(' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  const sentence = /^.+?[.!?](?=\s+[A-Z(]|$)/.exec(text)?.[0] ?? text;
  return sentence.length > 300 ? `${sentence.slice(0, 297).trimEnd()}...` : sentence;
}
