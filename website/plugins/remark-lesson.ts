// The remark plugin that turns the course's plain GitHub Markdown into the site's lesson pages.
//
// It runs before Docusaurus's own plugins (beforeDefaultRemarkPlugins), on every Markdown file the
// site compiles, and does five things:
//
// 1. lessons/NN-slug/README.md becomes the whole lesson page: after the README it appends
//    "Code review" (dialogue.md, imported as an MDX partial, so editing it live-reloads),
//    "Hints" (hints.md) and "Reference solution" (every solutions/NN-slug/*.ts, imported raw and
//    shown only when the reader opens the spoiler, so it is never in the HTML or the search
//    index), and puts a "Run this lesson" section with the course commands after the README's
//    "What you will build" (before the first section when there is none), with the "Mark this
//    lesson done" button (src/components/LessonDone.tsx). A lesson with review exercises
//    (test/NN-slug/reviews.ts) also gets "Review a colleague's version", its commands only.
// 2. dialogue.md: each turn (a paragraph starting **Learner:** or **Reviewer:**, with whatever
//    follows it up to the next turn) becomes a speech bubble of that speaker.
// 3. hints.md: each "## Hint N" section becomes a folded <details>, nested inside the previous
//    one, so the reader opens one level at a time.
// 4. Anywhere: a block `<!-- picture: NAME -->` becomes the interactive picture
//    website/src/pictures/NAME.tsx (invisible on GitHub, a live picture on the site), inside a
//    PictureBoundary (an error the picture throws while drawing is shown, not a blank page).
// 5. Anywhere: relative links are made to work on the site: to dialogue.md / hints.md become
//    anchors, to a lesson that is planned but not written yet become plain text (so a README may
//    link ahead), to other files of the repository become links to the repository when
//    FERRIS_REPO_URL is set and plain text otherwise. A link to a path that does not exist is
//    left alone, so the build fails on it.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseJs } from 'acorn';
import { GUIDES, LESSONS, ROOT, SOLUTIONS, allLessons, lessonOfFile, pictureNames, solutionFiles } from '../course.ts';

// A minimal Markdown AST (mdast) type: enough for this plugin, without a dependency on @types.
interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  url?: string;
  title?: string | null;
  lang?: string | null;
  meta?: string | null;
  name?: string | null;
  attributes?: unknown[];
  children?: MdNode[];
  data?: Record<string, unknown>;
}

interface VFileLike {
  path?: string;
  history?: string[];
}

export interface RemarkLessonOptions {
  /** A URL such as https://github.com/OWNER/REPO/blob/main: links to repository files go there. */
  readonly repoUrl?: string;
}

const RAW_LOADER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'raw-loader.cjs');

const PICTURE_COMMENT = /^<!--\s*picture:\s*([a-z0-9-]+)\s*-->$/;
const TURN_MARKER = /^(Learner|Reviewer):?$/;

export default function remarkLesson(options: RemarkLessonOptions = {}) {
  return (tree: MdNode, file: VFileLike): void => {
    const filePath = file.path ?? file.history?.[0];
    if (!filePath) return;
    const ctx = new Context(filePath);
    replacePictures(tree, ctx);
    fixLinks(tree, ctx, options);
    const slug = lessonOfFile(filePath);
    if (slug) titleCodeBlocks(tree, slug);
    const base = path.basename(filePath);
    if (slug && path.dirname(filePath) === path.join(LESSONS, slug)) {
      if (base === 'README.md') buildLessonPage(tree, ctx, slug);
      else if (base === 'dialogue.md') buildDialogue(tree);
      else if (base === 'hints.md') buildHints(tree);
    }
    if (ctx.imports.length > 0) tree.children!.unshift(esm(ctx.imports.join('\n')));
  };
}

/** What one file needs: the ESM imports to add at its top. */
class Context {
  readonly imports: string[] = [];
  private readonly names = new Set<string>();
  constructor(readonly filePath: string) {}

  /** Adds `import name from 'source'` once and returns the name. */
  importDefault(name: string, source: string): string {
    if (!this.names.has(name)) {
      this.names.add(name);
      this.imports.push(`import ${name} from ${JSON.stringify(source)};`);
    }
    return name;
  }
}

// ---------------------------------------------------------------------------------------------
// AST helpers

function esm(code: string): MdNode {
  return {
    type: 'mdxjsEsm',
    value: code,
    data: { estree: parseJs(code, { ecmaVersion: 'latest', sourceType: 'module' }) },
  };
}

/** A JSX element `<name a="b" c={expr} />`; string attributes as strings, others as expressions. */
function jsx(
  name: string,
  attributes: Record<string, string | { expression: string }>,
  children: MdNode[] = [],
): MdNode {
  return {
    type: 'mdxJsxFlowElement',
    name,
    attributes: Object.entries(attributes).map(([key, value]) =>
      typeof value === 'string'
        ? { type: 'mdxJsxAttribute', name: key, value }
        : {
            type: 'mdxJsxAttribute',
            name: key,
            value: {
              type: 'mdxJsxAttributeValueExpression',
              value: value.expression,
              data: { estree: parseJs(`(${value.expression})`, { ecmaVersion: 'latest', sourceType: 'module' }) },
            },
          },
    ),
    children,
  };
}

/** A plain HTML element in the output (`<div class="...">`), from mdast children. */
function element(
  tag: string,
  className: string | null,
  children: MdNode[],
  extra: Record<string, unknown> = {},
): MdNode {
  return {
    type: `ferris-${tag}`,
    data: { hName: tag, hProperties: { ...(className ? { className: className.split(' ') } : {}), ...extra } },
    children,
  };
}

function text(value: string): MdNode {
  return { type: 'text', value };
}

function heading(depth: number, value: string): MdNode {
  return { type: 'heading', depth, children: [text(value)] };
}

function toText(node: MdNode): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(toText).join('');
}

function visit(node: MdNode, fn: (node: MdNode, index: number, parent: MdNode) => void): void {
  const children = node.children;
  if (!children) return;
  for (let i = 0; i < children.length; i++) {
    fn(children[i]!, i, node);
    visit(children[i]!, fn);
  }
}

// ---------------------------------------------------------------------------------------------
// 6. File titles on code blocks

const FILE_COMMENT = /^\/\/\s*([\w.-]+\.ts)\s*$/;
const FILE_NAME = /^[\w.-]+\.ts$/;
/** A block that declares the file's API (not an example of using it). */
const DECLARATION = /^(export )?(declare )?(abstract )?(class|interface|function|type|enum|const [A-Z][A-Z0-9_]* =)\b/;

/**
 * A code block that shows one file of the lesson gets the file's path as its title, where the
 * README says which file it is without a `title=` (which GitHub would ignore): either its first
 * line is a `// file.ts` comment and no other line is (the comment becomes the title), or the
 * paragraph just before it ends with a colon and names exactly one file of the lesson folder, and
 * the block declares that file's API (a usage example is not the file).
 */
function titleCodeBlocks(tree: MdNode, slug: string): void {
  const exists = (file: string) => existsSync(path.join(LESSONS, slug, file));
  const title = (file: string) => `title=${JSON.stringify(`lessons/${slug}/${file}`)}`;
  visit(tree, (node, index, parent) => {
    if (node.type !== 'code' || node.lang === 'mermaid' || /\btitle=/.test(node.meta ?? '')) return;
    const lines = (node.value ?? '').split('\n');
    const named = lines.map((l) => FILE_COMMENT.exec(l.trim())?.[1]);
    const header = named[0];
    if (header && named.filter(Boolean).length === 1 && exists(header)) {
      node.meta = [node.meta, title(header)].filter(Boolean).join(' ');
      node.value = lines.slice(1).join('\n');
      return;
    }
    const before = parent.children![index - 1];
    if (!DECLARATION.test(lines[0] ?? '')) return;
    if (before?.type !== 'paragraph' || !toText(before).trim().endsWith(':')) return;
    const files = new Set<string>();
    visit(before, (n) => {
      if (n.type === 'inlineCode' && FILE_NAME.test(n.value ?? '') && exists(n.value!)) files.add(n.value!);
    });
    if (files.size === 1) node.meta = [node.meta, title([...files][0]!)].filter(Boolean).join(' ');
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Pictures

function pictureIdentifier(name: string): string {
  return `FerrisPicture_${name.replace(/-/g, '_')}`;
}

function replacePictures(tree: MdNode, ctx: Context): void {
  visit(tree, (node, index, parent) => {
    if (node.type !== 'html' || typeof node.value !== 'string') return;
    const m = PICTURE_COMMENT.exec(node.value.trim());
    if (!m) return;
    const name = m[1]!;
    const available = pictureNames();
    if (!available.includes(name)) {
      throw new Error(
        `${path.relative(ROOT, ctx.filePath)}: there is no interactive picture "${name}". ` +
          `A picture is a React component in website/src/pictures/${name}.tsx; ` +
          `the pictures that exist are: ${available.join(', ') || '(none)'}.`,
      );
    }
    const id = ctx.importDefault(pictureIdentifier(name), `@site/src/pictures/${name}`);
    const boundary = ctx.importDefault('FerrisPictureBoundary', '@site/src/components/PictureBoundary');
    parent.children![index] = jsx(boundary, { name }, [jsx(id, {})]);
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Links

function fixLinks(tree: MdNode, ctx: Context, options: RemarkLessonOptions): void {
  const planned = new Map(allLessons().map((l) => [l.slug, l]));
  const here = lessonOfFile(ctx.filePath);
  visit(tree, (node, index, parent) => {
    if (node.type !== 'link' || !node.url) return;
    const url = node.url;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/')) return;
    const [pathPart, hash = ''] = url.split('#') as [string, string?];
    if (!pathPart) return;
    const target = path.resolve(path.dirname(ctx.filePath), decodeURIComponent(pathPart));
    const targetLesson = lessonOfFile(target);
    const targetBase = path.basename(target);
    const unwrap = () => {
      parent.children!.splice(index, 1, ...(node.children ?? []));
    };

    // A lesson folder or its README.
    if (targetLesson && (target === path.join(LESSONS, targetLesson) || targetBase === 'README.md')) {
      if (!existsSync(path.join(LESSONS, targetLesson, 'README.md')) && planned.has(targetLesson)) {
        unwrap(); // a lesson that is planned but not written yet: no page to link to, yet
        return;
      }
      if (targetBase !== 'README.md') node.url = `/lessons/${targetLesson}${hash ? `#${hash}` : ''}`;
      return;
    }
    // dialogue.md and hints.md are parts of the lesson page.
    if (targetLesson && (targetBase === 'dialogue.md' || targetBase === 'hints.md')) {
      // The hints are folded, so they have no anchors of their own: any link into hints.md goes
      // to the section. A dialogue's own headings keep theirs.
      const anchor = targetBase === 'dialogue.md' ? hash || 'code-review' : 'hints';
      if (!existsSync(path.join(LESSONS, targetLesson, 'README.md'))) {
        unwrap();
        return;
      }
      node.url = targetLesson === here ? `#${anchor}` : `/lessons/${targetLesson}#${anchor}`;
      return;
    }
    // A guide: the docs plugin resolves it.
    if (path.dirname(target) === GUIDES && targetBase.endsWith('.md')) return;
    // Any other file or folder of the repository: the repository, or plain text.
    const rel = path.relative(ROOT, target);
    if (!rel.startsWith('..') && existsSync(target)) {
      if (options.repoUrl) {
        const kind = statSync(target).isDirectory() ? 'tree' : 'blob';
        node.url = `${options.repoUrl.replace(/\/(blob|tree)\/([^/]+)\/?$/, `/${kind}/$2`)}/${rel.split(path.sep).join('/')}`;
      } else {
        unwrap();
      }
    }
    // A path that does not exist stays a broken link, and the build reports it.
  });
}

// ---------------------------------------------------------------------------------------------
// 1. The lesson page

function buildLessonPage(tree: MdNode, ctx: Context, slug: string): void {
  const children = tree.children!;
  const number = slug.slice(0, 2);
  const dir = path.join(LESSONS, slug);

  const run: MdNode[] = [
    heading(2, 'Run this lesson'),
    {
      type: 'paragraph',
      children: [
        text(
          'From the root of the repository: work on the lesson with its tests re-running on every save, run them once, or take the next hint.',
        ),
      ],
    },
    {
      type: 'code',
      lang: 'bash',
      meta: null,
      value: [
        `npm run lesson -- ${number}`,
        `npm run course -- test ${number}`,
        `npm run course -- hint ${number}`,
      ].join('\n'),
    },
    jsx(ctx.importDefault('FerrisLessonDone', '@site/src/components/LessonDone'), { lesson: slug }),
  ];
  // "What you will build" comes first; "Run this lesson" follows it (or, in a lesson without
  // that section, comes before the first section).
  const sections = children.flatMap((n, i) => (n.type === 'heading' && n.depth === 2 ? [i] : []));
  const first = sections[0];
  const opensWithWhat = first !== undefined && /^what you will build/i.test(toText(children[first]!).trim());
  const at = opensWithWhat ? (sections[1] ?? children.length) : (first ?? children.length);
  children.splice(at, 0, ...run);

  if (existsSync(path.join(dir, 'dialogue.md'))) {
    const name = ctx.importDefault('FerrisDialogue', './dialogue.md');
    children.push(heading(2, 'Code review'), jsx(name, {}));
  }
  if (existsSync(path.join(dir, 'hints.md'))) {
    const name = ctx.importDefault('FerrisHints', './hints.md');
    children.push(heading(2, 'Hints'), jsx(name, {}));
  }
  if (existsSync(path.join(ROOT, 'test', slug, 'reviews.ts'))) children.push(...reviewSection(slug));
  const files = solutionFiles(slug);
  if (files.length > 0) {
    ctx.importDefault('FerrisSolution', '@site/src/components/FerrisSolution');
    const entries = files.map((f, i) => {
      const id = ctx.importDefault(`FerrisSolutionFile${i}`, `!!${RAW_LOADER}!${path.join(SOLUTIONS, slug, f)}`);
      return `{ name: ${JSON.stringify(`solutions/${slug}/${f}`)}, code: ${id} }`;
    });
    children.push(
      heading(2, 'Reference solution'),
      jsx('FerrisSolution', { lesson: slug, files: { expression: `[${entries.join(', ')}]` } }),
    );
  }
}

/**
 * "Review a colleague's version": the review exercise of a lesson that has one (test/NN-slug/reviews.ts).
 * Only the commands: which bugs the colleague's versions hide is the learner's to find.
 */
function reviewSection(slug: string): MdNode[] {
  const number = slug.slice(0, 2);
  return [
    heading(2, "Review a colleague's version"),
    {
      type: 'paragraph',
      children: [
        text(
          "Once this lesson passes on your code, review a colleague's pull request to it: the same files, written by someone else, with one plausible bug. " +
            `Find it and prove it with a test of your own in lessons/${slug}/review.test.ts (the first command writes a starter): ` +
            "it must fail on the colleague's version and pass on yours and on the reference. Then the course tells you what the bug was, which of the lesson's tests catch it, and where this page talks about it. " +
            'After each catch, the first command shows the next pull request.',
        ),
      ],
    },
    {
      type: 'code',
      lang: 'bash',
      meta: null,
      value: [
        `npm run course -- review ${number}           # the pull request, and a starter test`,
        `npm run course -- review ${number} --check   # does your test catch the bug?`,
        `npm run course -- review ${number} --hint    # where to look, one hint at a time`,
      ].join('\n'),
    },
  ];
}

/** Drops a partial's title (the page has its own heading) and moves its other headings down one level. */
function demoteHeadings(tree: MdNode): void {
  const children = tree.children!;
  const title = children.findIndex((n) => n.type === 'heading' && n.depth === 1);
  if (title >= 0) children.splice(title, 1);
  visit(tree, (node) => {
    if (node.type === 'heading' && node.depth) node.depth = Math.min(6, node.depth + 1);
  });
}

// ---------------------------------------------------------------------------------------------
// 2. The dialogue

function speakerOf(node: MdNode): 'learner' | 'reviewer' | null {
  if (node.type !== 'paragraph') return null;
  const first = node.children?.[0];
  if (first?.type !== 'strong') return null;
  const m = TURN_MARKER.exec(toText(first).trim());
  if (!m) return null;
  // "**Learner:**" or "**Learner**:"
  const after = node.children?.[1];
  if (!toText(first).trim().endsWith(':') && !(after?.type === 'text' && after.value!.startsWith(':'))) return null;
  return m[1]!.toLowerCase() as 'learner' | 'reviewer';
}

function buildDialogue(tree: MdNode): void {
  demoteHeadings(tree);
  const out: MdNode[] = [];
  let turns: MdNode[] = [];
  let current: { who: 'learner' | 'reviewer'; body: MdNode[] } | null = null;
  const closeTurn = () => {
    if (!current) return;
    const label = current.who === 'learner' ? 'Learner' : 'Reviewer';
    turns.push(
      element('div', `ferris-turn ferris-turn--${current.who}`, [
        element('div', 'ferris-turn__avatar', [text(label[0]!)], { ariaHidden: 'true' }),
        element('div', 'ferris-turn__bubble', [element('p', 'ferris-turn__speaker', [text(label)]), ...current.body]),
      ]),
    );
    current = null;
  };
  const closeDialogue = () => {
    closeTurn();
    if (turns.length > 0) out.push(element('div', 'ferris-dialogue', turns));
    turns = [];
  };
  for (const node of tree.children!) {
    const who = speakerOf(node);
    if (who) {
      closeTurn();
      const rest = node.children!.slice(1);
      const lead = rest[0];
      if (lead?.type === 'text') {
        lead.value = lead.value!.replace(/^:?\s*/, '');
        if (lead.value === '') rest.shift();
      }
      current = { who, body: rest.length > 0 ? [{ ...node, children: rest }] : [] };
    } else if (node.type === 'heading' || node.type === 'thematicBreak' || node.type === 'mdxjsEsm') {
      closeDialogue();
      if (node.type !== 'thematicBreak') out.push(node);
    } else if (current) {
      current.body.push(node);
    } else {
      closeDialogue();
      out.push(node);
    }
  }
  closeDialogue();
  tree.children = out;
}

// ---------------------------------------------------------------------------------------------
// 3. The hints

function buildHints(tree: MdNode): void {
  const children = tree.children!;
  const title = children.findIndex((n) => n.type === 'heading' && n.depth === 1);
  if (title >= 0) children.splice(title, 1);
  const intro: MdNode[] = [];
  const hints: { title: MdNode[]; body: MdNode[] }[] = [];
  for (const node of children) {
    if (node.type === 'heading' && node.depth === 2) hints.push({ title: node.children ?? [], body: [] });
    else if (hints.length > 0) hints[hints.length - 1]!.body.push(node);
    else intro.push(node);
  }
  let nested: MdNode | null = null;
  for (let i = hints.length - 1; i >= 0; i--) {
    const hint = hints[i]!;
    const more = nested ? [nested] : [];
    nested = element('details', `ferris-hint${i === 0 ? ' ferris-hint--first' : ''}`, [
      element('summary', null, hint.title),
      element('div', 'ferris-hint__body', hint.body),
      ...more,
    ]);
  }
  tree.children = nested ? [...intro, nested] : intro;
  // Headings inside a hint would break the page's outline: make them bold paragraphs.
  visit(tree, (node, index, parent) => {
    if (node.type === 'heading')
      parent.children![index] = { type: 'paragraph', children: [{ type: 'strong', children: node.children ?? [] }] };
  });
}
