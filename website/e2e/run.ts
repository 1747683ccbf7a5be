// The site's end-to-end test, in a real browser (Debian's chromium, driven by playwright-core).
//
//   npm run docs:e2e                 build the site, then test it
//   npm run docs:e2e -- --no-build   test the build that is there (website/build)
//
// It serves website/build on a free localhost port, visits the landing page, every lesson page,
// every guide and the pictures page, fails on any console error, exercises the interactive
// pictures as a reader would (typing, flipping bits, inserting keys), runs a search, and saves
// screenshots to screenshots/ for a person to look at. The last line is `N passed, N failed`;
// the exit code is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { simulationReplay } from './simulation-replay.ts';
import { clusterReplay } from './cluster-replay.ts';
import { transactionResolver } from './transaction-resolver.ts';
import { progressOnTheSite } from './progress.ts';
import { searchLabels } from './search-label.ts';
import {
  LESSONS,
  ROOT,
  SOLUTIONS,
  WEBSITE,
  allLessons,
  loadCourse,
  loadGuides,
  repositoryUrls,
  solutionFiles,
} from '../course.ts';

// FERRIS_SITE_BUILD tests a build elsewhere (`docusaurus build website --out-dir DIR`), so two
// people can test their own builds side by side.
const BUILD = process.env.FERRIS_SITE_BUILD ? path.resolve(process.env.FERRIS_SITE_BUILD) : path.join(WEBSITE, 'build');
const SCREENSHOTS = path.join(ROOT, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;

// ---------------------------------------------------------------------------------------------
// A tiny test harness: named checks, one line each, a summary line at the end.

interface Result {
  readonly name: string;
  readonly error?: string;
}
const results: Result[] = [];

class CheckFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

async function test(name: string, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
    results.push({ name });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n      ') : String(error);
    results.push({ name, error: message });
    console.log(`  ✗ ${name}\n      ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Build and serve.

function build(): void {
  console.log('Building the site (npm run docs:build: type-check, then docusaurus build)...');
  const started = Date.now();
  const steps: [string, string[]][] = [
    ['node_modules/typescript/bin/tsc', ['-p', 'website']],
    [
      'node_modules/@docusaurus/core/bin/docusaurus.mjs',
      ['build', 'website', ...(process.env.FERRIS_SITE_BUILD ? ['--out-dir', BUILD] : [])],
    ],
  ];
  for (const [bin, args] of steps) {
    const run = spawnSync(process.execPath, [path.join(ROOT, bin), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    if (run.status !== 0) {
      console.log(run.stdout, run.stderr);
      console.log('The site did not build: fix the error above.');
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ts': 'text/plain; charset=utf-8',
};

/** Serves the static build the way a static host does with trailingSlash: false. */
function serve(): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const clean = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    const candidates = [
      path.join(BUILD, clean),
      path.join(BUILD, `${clean}.html`),
      path.join(BUILD, clean, 'index.html'),
    ];
    const file = candidates.find((f) => f.startsWith(BUILD) && existsSync(f) && statSync(f).isFile());
    if (!file) {
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      res.end(existsSync(path.join(BUILD, '404.html')) ? readFileSync(path.join(BUILD, '404.html')) : 'Not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Pages, with every console error, page error and failed request recorded.

let browser: Browser;
let origin: string;

interface Visit {
  readonly page: Page;
  /** Console errors, uncaught exceptions and failed requests since the page was opened. */
  readonly errors: string[];
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };
/** The smallest text a diagram or a picture may show, in CSS pixels as rendered. */
const MIN_TEXT_PX = 12;

async function open(
  route: string,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<Visit> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url().startsWith(origin))
      errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(origin + route, { waitUntil: 'load' });
  check(response?.status() === 200, `${route} answered HTTP ${response?.status()}`);
  // Hydration done: the theme sets this once React has taken over the server-rendered page.
  // Hydration can take a while when the machine is busy (CI shares 2 cores with the build's leftovers).
  await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: 45_000 });
  return { page, errors };
}

async function close(visit: Visit): Promise<void> {
  await visit.page.waitForTimeout(150); // late console errors (effects, lazy chunks)
  // Taken before closing: closing cancels the page's prefetches, which is not the site's fault.
  const errors = [...visit.errors];
  await visit.page.context().close();
  check(errors.length === 0, `errors in the browser:\n${errors.join('\n')}`);
}

async function screenshot(page: Page, name: string, selector?: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
}

/**
 * Every label of every mermaid chart and every text of every picture, as rendered (a scaled SVG
 * shrinks its text): none smaller than MIN_TEXT_PX. Returns nothing when all are readable.
 */
async function checkTextSizes(page: Page, where: string): Promise<void> {
  const small = await page.evaluate((min) => {
    const out: string[] = [];
    const roots = Array.from(document.querySelectorAll('.docusaurus-mermaid-container svg, figure.ferris-picture'));
    for (const root of roots) {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const own = Array.from(el.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
        );
        if (!own || el.closest('title, desc, .sr-only, option')) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width <= 1 || rect.height <= 1) continue; // not shown (folded, or visually hidden)
        const css = parseFloat(getComputedStyle(el).fontSize);
        // In an SVG, the text is scaled with the drawing: from the SVG element that places it.
        const placed = (el.closest('foreignObject') ??
          (el instanceof SVGGraphicsElement ? el : null)) as SVGGraphicsElement | null;
        const scale = placed?.getScreenCTM() ? Math.hypot(placed.getScreenCTM()!.a, placed.getScreenCTM()!.b) : 1;
        const px = css * scale;
        if (px < min - 0.05) {
          const owner =
            root.getAttribute('data-picture') ?? `a ${root.getAttribute('aria-roledescription') ?? 'mermaid'} chart`;
          out.push(`${owner}: "${el.textContent!.trim().slice(0, 30)}" at ${px.toFixed(1)} px`);
        }
      }
    }
    return [...new Set(out)];
  }, MIN_TEXT_PX);
  check(
    small.length === 0,
    `text smaller than ${MIN_TEXT_PX} px ${where} (${small.length}):\n${small.slice(0, 8).join('\n')}`,
  );
}

/** Text against its background, WCAG's contrast ratio, for every element the selector matches: at least 4.5:1. */
async function checkContrast(page: Page, selector: string, what: string): Promise<void> {
  // Colours as [r, g, b] of text and background (the first opaque one up the tree); no named
  // functions inside the page's code (the test's compiler would wrap them in a helper the page lacks).
  const pairs = await page.$$eval(selector, (els) =>
    els.map((el) => {
      let bg = [255, 255, 255];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = (getComputedStyle(e).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
        if (c.length >= 3 && (c.length < 4 || c[3]! > 0.5)) {
          bg = c.slice(0, 3);
          break;
        }
      }
      const fg = (getComputedStyle(el).color.match(/[\d.]+/g) ?? []).map(Number).slice(0, 3);
      return { text: (el.textContent ?? '').trim().slice(0, 40), fg, bg };
    }),
  );
  const luminance = (rgb: number[]) =>
    [0.2126, 0.7152, 0.0722].reduce((sum, weight, i) => {
      const v = rgb[i]! / 255;
      return sum + weight * (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    }, 0);
  const ratios = pairs.map(({ text, fg, bg }) => {
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return { text, ratio: (a! + 0.05) / (b! + 0.05) };
  });
  check(ratios.length > 0, `no ${what} to check the contrast of (${selector})`);
  const low = ratios.filter((r) => r.ratio < 4.5);
  check(
    low.length === 0,
    `${what}: contrast below 4.5:1: ${low
      .slice(0, 3)
      .map((r) => `"${r.text}" ${r.ratio.toFixed(1)}:1`)
      .join(', ')}`,
  );
}

/** The headings of the main content, in order, must not skip a level, and there is one h1. */
async function checkHeadingOrder(page: Page, scope: string): Promise<void> {
  const levels = await page.$$eval(`${scope} :is(h1,h2,h3,h4,h5,h6)`, (hs) =>
    hs.filter((h) => (h as HTMLElement).offsetParent !== null || h.tagName === 'H1').map((h) => Number(h.tagName[1])),
  );
  check(
    levels.filter((l) => l === 1).length === 1,
    `expected exactly one h1 in ${scope}, found levels ${levels.join(',')}`,
  );
  for (let i = 1; i < levels.length; i++) {
    check(
      levels[i]! <= levels[i - 1]! + 1,
      `heading levels skip from h${levels[i - 1]} to h${levels[i]} in ${scope}: ${levels.join(',')}`,
    );
  }
  const noAlt = await page.$$eval(`${scope} img:not([alt])`, (imgs) => imgs.map((i) => (i as HTMLImageElement).src));
  check(noAlt.length === 0, `images without alt text: ${noAlt.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// The checks.

// Read after the build (in main), so that the expectations match what was built.
let course: ReturnType<typeof loadCourse>;
let lessons: ReturnType<typeof allLessons>;
let written: ReturnType<typeof allLessons>;

/** Lines of a lesson's reference solution that its README, dialogue and hints do not quote. */
/** Whether the element becomes visible within a few seconds. */
async function visibleSoon(locator: import('playwright-core').Locator): Promise<boolean> {
  try {
    await locator.waitFor({ state: 'visible', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Lines of a lesson's reference that no lesson prose quotes (by default its own; the search check
 * passes every lesson, since one README may quote an API line that another lesson's code has).
 */
function solutionOnlyLines(slug: string, proseOf: readonly string[] = [slug]): { file: string; line: string }[] {
  const prose = proseOf
    .flatMap((s) => ['README.md', 'dialogue.md', 'hints.md'].map((f) => path.join(LESSONS, s, f)))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  return solutionFiles(slug).flatMap((file) =>
    readFileSync(path.join(SOLUTIONS, slug, file), 'utf8')
      .split('\n')
      .map((l) => l.replace(/^\s*(\/\/|\/\*\*|\*)?\s*/, '').trim())
      .filter(
        (line) =>
          line.length >= 30 && /^[\w ,.:;()'=<>+-]+$/.test(line) && !prose.includes(line.replace(/[;{,.]+$/, '')),
      )
      .map((line) => ({ file, line })),
  );
}

async function landingPage(): Promise<void> {
  const visit = await open('/');
  const { page } = visit;
  check(
    (await page.locator('h1').first().textContent())?.includes('FerrisDB'),
    'the landing page has no FerrisDB title',
  );
  const shown = await page.$$eval('[data-lesson]', (els) => els.map((e) => e.getAttribute('data-lesson')));
  check(
    JSON.stringify(shown) === JSON.stringify(lessons.map((l) => l.slug)),
    `the course map should list every lesson of course.json in order; it lists ${shown.join(', ')}`,
  );
  const ready = await page.$$eval('[data-lesson].is-ready', (els) => els.map((e) => e.getAttribute('data-lesson')));
  check(
    JSON.stringify(ready) === JSON.stringify(written.map((l) => l.slug)),
    `the "ready" badges should be exactly the lessons with a README (${written.map((l) => l.slug).join(', ')}), got ${ready.join(', ')}`,
  );
  for (const part of course.parts) {
    check(
      await page.getByRole('heading', { name: part.title }).count(),
      `the course map has no heading for ${part.title}`,
    );
  }
  await page.waitForSelector('.spine-diagram svg[aria-roledescription], .spine-diagram svg[id^="mermaid"]', {
    timeout: TIMEOUT,
  });
  const spine = await page.locator('.spine-diagram svg').first().textContent();
  check(spine?.includes('write-ahead log'), 'the spine diagram does not show the write-ahead log');
  await checkTextSizes(page, 'on the landing page at 1400 px');
  await checkContrast(page, '.course-map__badge', "the course map's badges");
  await checkHeadingOrder(page, 'body');
  check(await page.locator('main a[href="/start-here"]').count(), 'the landing page should link to "Start here"');
  await checkWayIn(page, 'main');
  await screenshot(page, 'landing');
  await close(visit);
}

function countTurns(markdown: string): { learner: number; reviewer: number } {
  return {
    learner: (markdown.match(/^\*\*Learner:?\*\*:?/gm) ?? []).length,
    reviewer: (markdown.match(/^\*\*Reviewer:?\*\*:?/gm) ?? []).length,
  };
}

async function lessonPage(slug: string, index: number): Promise<void> {
  const lesson = written[index]!;
  const dir = path.join(LESSONS, slug);
  const visit = await open(`/lessons/${slug}`);
  const { page } = visit;
  if (index === 0) await screenshot(page, 'lesson');
  const article = 'article';
  const h1 = await page.locator(`${article} h1`).first().textContent();
  check(
    h1?.startsWith(`Lesson ${lesson.number}`),
    `the page title should start "Lesson ${lesson.number}", it is "${h1}"`,
  );
  await checkHeadingOrder(page, article);

  // Run this lesson.
  const commands = await page.locator('#run-this-lesson ~ div code').first().textContent();
  for (const c of [
    `npm run lesson -- ${lesson.number}`,
    `npm run course -- test ${lesson.number}`,
    `npm run course -- hint ${lesson.number}`,
  ]) {
    check(commands?.includes(c), `the "Run this lesson" block does not show \`${c}\``);
  }

  // The dialogue: every turn of dialogue.md, as a bubble of its speaker.
  const dialoguePath = path.join(dir, 'dialogue.md');
  if (existsSync(dialoguePath)) {
    const expected = countTurns(readFileSync(dialoguePath, 'utf8'));
    const learner = await page.locator('.ferris-turn--learner').count();
    const reviewer = await page.locator('.ferris-turn--reviewer').count();
    check(
      learner === expected.learner && reviewer === expected.reviewer,
      `dialogue.md has ${expected.learner} learner and ${expected.reviewer} reviewer turns; the page shows ${learner} and ${reviewer}`,
    );
    check(learner > 0 && reviewer > 0, 'the dialogue should have both speakers');
    if (index === 0) await screenshot(page, 'dialogue', '.ferris-dialogue');
    const learnerAvatar = await page.locator('.ferris-turn--learner .ferris-turn__avatar').first().boundingBox();
    const reviewerAvatar = await page.locator('.ferris-turn--reviewer .ferris-turn__avatar').first().boundingBox();
    const column = await page.locator('.ferris-dialogue').first().boundingBox();
    check(learnerAvatar && reviewerAvatar && column, 'the dialogue is not visible');
    check(
      learnerAvatar.x - column.x < 4 && column.x + column.width - (reviewerAvatar.x + reviewerAvatar.width) < 4,
      'the two speakers should be on opposite sides (learner left, reviewer right)',
    );
    const colours = await page.$$eval('.ferris-turn__bubble', (els) => [
      ...new Set(els.map((e) => getComputedStyle(e).backgroundColor)),
    ]);
    check(
      colours.length === 2,
      `the two speakers' bubbles should have two different colours, found ${colours.join(', ')}`,
    );
  }

  // The hints: one fold per "## Hint", each inside the previous one.
  const hintsPath = path.join(dir, 'hints.md');
  if (existsSync(hintsPath)) {
    const count = (readFileSync(hintsPath, 'utf8').match(/^## /gm) ?? []).length;
    check(
      (await page.locator('details.ferris-hint').count()) === count,
      `hints.md has ${count} hints; the page folds a different number`,
    );
    const summaries = page.locator('details.ferris-hint > summary');
    check(await summaries.nth(0).isVisible(), 'the first hint is not visible folded');
    check(!(await page.locator('.ferris-hint__body').first().isVisible()), 'the first hint should start folded');
    if (count > 1) {
      check(!(await summaries.nth(1).isVisible()), 'the second hint should be hidden until the first is opened');
      await summaries.nth(0).click();
      // Opening a <details> re-renders; wait for it rather than reading the state at once.
      check(await visibleSoon(page.locator('.ferris-hint__body').first()), 'opening the first hint did not show it');
      check(await visibleSoon(summaries.nth(1)), 'opening the first hint should reveal the second one, folded');
      check(!(await page.locator('.ferris-hint__body').nth(1).isVisible()), 'the second hint should still be folded');
    }
  }

  // The reference solution: not in the page until the spoiler is opened.
  const files = solutionFiles(slug);
  if (files.length > 0) {
    const hidden = solutionOnlyLines(slug).slice(0, 20);
    check(hidden.length > 0, `no line of solutions/${slug}/ to look for`);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const { file, line } of hidden) {
      check(
        !text.includes(line),
        `a line of solutions/${slug}/${file} is in the page before the spoiler is opened: "${line}"`,
      );
    }
    const button = page.getByRole('button', { name: /Show the reference solution/ });
    await checkContrast(page, '.ferris-solution__toggle', 'the solution button');
    if (await page.locator('.ferris-picture__badge').count())
      await checkContrast(page, '.ferris-picture__badge', 'the picture badge');
    check((await button.getAttribute('aria-expanded')) === 'false', 'the solution button should say it is collapsed');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('.ferris-solution pre').first().waitFor();
    const titles = await page.locator('.ferris-solution [class*="codeBlockTitle"]').allTextContents();
    check(
      JSON.stringify(titles) === JSON.stringify(files.map((f) => `solutions/${slug}/${f}`)),
      `the solution should show every file of solutions/${slug}/ (${files.join(', ')}), shows ${titles.join(', ')}`,
    );
    const shown = (await page.locator('.ferris-solution').textContent()) ?? '';
    check(
      hidden.every(({ line }) => shown.includes(line)),
      'the opened solution does not show all of the reference code',
    );
  }

  // Mermaid fences become diagrams, and picture lines become pictures.
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const pictures = (readme.match(/^<!--\s*picture:\s*[a-z0-9-]+\s*-->\s*$/gm) ?? []).length;
  check(
    (await page.locator('article figure.ferris-picture').count()) === pictures,
    `the README places ${pictures} picture(s); the page shows a different number`,
  );
  const diagrams = (readme.match(/^```mermaid/gm) ?? []).length;
  if (diagrams > 0) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('article .docusaurus-mermaid-container svg').length >= n,
      diagrams,
    );
  }
  await checkTextSizes(page, `on ${slug} at ${DESKTOP.width} px`);

  // Previous and next, in course order.
  const previous = page.locator('nav.pagination-nav a.pagination-nav__link--prev');
  const next = page.locator('nav.pagination-nav a.pagination-nav__link--next');
  if (index > 0)
    check(
      (await previous.getAttribute('href')) === written[index - 1]!.permalink,
      'the "previous" link is not the previous lesson',
    );
  if (index < written.length - 1)
    check(
      (await next.getAttribute('href')) === written[index + 1]!.permalink,
      'the "next" link is not the next lesson',
    );
  if (index === 0 && (await page.locator('.ferris-dialogue').count()))
    await screenshot(page, 'dialogue', '.ferris-dialogue');
  await close(visit);
}

async function guidePage(route: string, title: string): Promise<void> {
  const visit = await open(route);
  check(
    (await visit.page.locator('article h1').first().textContent())?.trim() === title,
    `the guide's title should be "${title}"`,
  );
  check(
    await visit.page.locator('.theme-doc-sidebar-menu').getByText('Guides').count(),
    'the sidebar has no Guides group',
  );
  await checkHeadingOrder(visit.page, 'article');
  await visit.page.waitForTimeout(1000); // its diagrams
  await checkTextSizes(visit.page, `on ${route} at ${DESKTOP.width} px`);
  await close(visit);
}

const hex = (text: string) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0'));

async function walInspector(route: string): Promise<void> {
  const visit = await open(route);
  const { page } = visit;
  const picture = page.locator('.wal-inspector');
  await picture.scrollIntoViewIfNeeded();
  await picture.getByLabel('Key', { exact: true }).fill('ferris');
  await picture.getByLabel('Value', { exact: true }).fill('crab');
  await picture.getByLabel('Sequence', { exact: true }).fill('7');

  // The labelled fields hold the bytes a reader expects for this entry.
  const bytesOf = (field: string) => picture.locator(`[data-field="${field}"] .wal-inspector__byte`).allTextContents();
  check(
    JSON.stringify(await bytesOf('key')) === JSON.stringify(hex('ferris')),
    `the key field should be the bytes of "ferris", got ${await bytesOf('key')}`,
  );
  check(
    JSON.stringify(await bytesOf('value')) === JSON.stringify(hex('crab')),
    `the value field should be the bytes of "crab", got ${await bytesOf('value')}`,
  );
  check(
    JSON.stringify(await bytesOf('keyLength')) === JSON.stringify(['06', '00', '00', '00']),
    'the key length should be 6, little-endian',
  );
  check(
    JSON.stringify(await bytesOf('sequence')) === JSON.stringify(['07', '00', '00', '00', '00', '00', '00', '00']),
    'the sequence should be 7 as 8 bytes, little-endian',
  );
  const all = await picture.locator('.wal-inspector__byte').count();
  const body = all - 8;
  check(
    JSON.stringify(await bytesOf('length')) ===
      JSON.stringify([body, 0, 0, 0].map((b) => b.toString(16).padStart(2, '0'))),
    'the length field should count the body bytes',
  );
  const fields = await picture
    .locator('.wal-inspector__bytes [data-field]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
  check(fields.length === 8, `a put has 8 fields, the picture shows ${fields.join(', ')}`);
  const colours = await picture
    .locator('.wal-inspector__field-bytes')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  check(new Set(colours).size === colours.length, `every field should have its own colour, got ${colours.join(' ')}`);
  const verdict = picture.getByTestId('verdict');
  check(
    (await verdict.textContent())?.includes('decodeFrame accepted the frame'),
    `the unchanged frame should decode: ${await verdict.textContent()}`,
  );
  check((await verdict.textContent())?.includes('"ferris"'), 'the decoded entry should show its key');

  // Flip one bit of the key, with the keyboard: the checksum rejects the frame.
  const firstKeyByte = picture.locator('[data-field="key"] .wal-inspector__byte').first();
  await firstKeyByte.focus();
  await page.keyboard.press('Enter');
  const bit = picture.locator('[data-testid="bit-panel"] [data-bit="0"]');
  await bit.focus();
  await page.keyboard.press('Space');
  const flipped = await verdict.textContent();
  check(
    flipped?.includes('CorruptFrameError') && flipped.includes('checksum'),
    `flipping a key bit should fail the checksum, got: ${flipped}`,
  );
  check((await firstKeyByte.textContent()) === (0x66 ^ 1).toString(16), 'the flipped byte should show its new value');
  await checkTextSizes(page, `in the picture on ${route}`);
  await screenshot(page, 'wal-inspector', '.wal-inspector');

  // Flip it back: accepted again. Flip the top bit of the length: the length check refuses it.
  await bit.click();
  check(
    (await verdict.textContent())?.includes('decodeFrame accepted the frame'),
    'flipping the bit back should make the frame valid again',
  );
  await picture.locator('[data-field="length"] .wal-inspector__byte').nth(3).click();
  await picture.locator('[data-testid="bit-panel"] [data-bit="7"]').click();
  const length = await verdict.textContent();
  check(
    length?.includes('CorruptFrameError') && length.includes('length'),
    `a huge length should fail the length check, got: ${length}`,
  );

  // A delete has no value fields; a bad sequence shows lesson 01's error.
  await picture.getByLabel('Delete (a tombstone)').check();
  const deleteFields = await picture
    .locator('.wal-inspector__bytes [data-field]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
  check(
    !deleteFields.includes('value') && !deleteFields.includes('valueLength'),
    `a delete should have no value fields, got ${deleteFields.join(', ')}`,
  );
  await picture.getByLabel('Sequence', { exact: true }).fill('-1');
  check(
    (await picture.getByTestId('encode-error').textContent())?.includes('EntryValidationError'),
    'a negative sequence should show EntryValidationError',
  );
  await close(visit);
}

async function skipList(route: string): Promise<void> {
  const visit = await open(route);
  const { page } = visit;
  const picture = page.locator('.skip-list-picture');
  await picture.scrollIntoViewIfNeeded();
  await picture.getByRole('button', { name: 'Clear' }).click();
  check((await picture.locator('svg g[data-key]').count()) === 0, 'Clear should empty the list');
  const insertBox = picture.getByLabel('Key to insert');
  for (const k of [40, 10, 50, 30, 20, 35]) {
    await insertBox.fill(String(k));
    await insertBox.press('Enter');
  }
  await insertBox.fill('30');
  await insertBox.press('Enter');
  check(
    (await picture.getByTestId('skip-status').textContent())?.includes('already'),
    'inserting a key twice should say it is already there',
  );
  const towers = await picture.locator('svg g[data-key]').evaluateAll((els) =>
    els.map((e) => ({
      key: Number(e.getAttribute('data-key')),
      height: Number(e.getAttribute('data-height')),
      boxes: e.querySelectorAll('rect').length,
    })),
  );
  check(
    JSON.stringify(towers.map((t) => t.key)) === JSON.stringify([10, 20, 30, 35, 40, 50]),
    `the towers should be in key order, got ${towers.map((t) => t.key)}`,
  );
  check(
    towers.every((t) => t.height >= 1 && t.height <= 5 && t.boxes === t.height),
    'every tower should be drawn with as many boxes as its height (1 to 5)',
  );

  const lookupBox = picture.getByLabel('Key to look up');
  await lookupBox.fill('35');
  await lookupBox.press('Enter');
  check((await picture.getByTestId('lookup-result').textContent()) === 'found 35', 'looking up 35 should find it');
  const path35 = await picture
    .locator('[data-testid="search-path"] li')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-key'))));
  check(path35.length > 0 && path35.at(-1) === 35, `the search path should end at 35, got ${path35.join(' → ')}`);
  check(
    path35.every((k) => [10, 20, 30, 35, 40, 50].includes(k)),
    'the search path should only visit keys in the list',
  );
  const walk = await picture.locator('[data-testid="search-path"] li[data-final="false"]').count();
  check(
    walk > 0 && (await picture.locator('.skip-list-picture__step').count()) === walk,
    'every comparison of the walk should be drawn',
  );
  await checkTextSizes(page, `in the picture on ${route}`);
  await screenshot(page, 'skip-list', '.skip-list-picture');

  await lookupBox.fill('36');
  await lookupBox.press('Enter');
  check(
    (await picture.getByTestId('lookup-result').textContent()) === 'did not find 36',
    'looking up 36 should not find it',
  );
  await close(visit);
}

async function sstableLayout(route: string): Promise<void> {
  const visit = await open(route);
  const { page } = visit;
  const picture = page.locator('.sstable-layout');
  await picture.scrollIntoViewIfNeeded();
  await picture.getByTestId('table-summary').waitFor({ timeout: TIMEOUT });
  check(
    (await picture.locator('button[data-region]').count()) >= 4,
    'the picture should show data blocks, meta, index and footer',
  );
  await picture.getByRole('button', { name: 'Look up' }).click();
  await page.waitForFunction(
    () =>
      document
        .querySelector('.sstable-layout [data-testid="lookup-result"]')
        ?.textContent?.includes('found "value 42"'),
    undefined,
    { timeout: TIMEOUT },
  );
  check(
    (await picture.getByTestId('lookup-result').textContent())?.includes('The lookup then read: Data block'),
    'a present key should read one data block',
  );
  await picture.getByLabel('Key to look up').fill('user:9999');
  await picture.getByRole('button', { name: 'Look up' }).click();
  await page.waitForFunction(
    () =>
      document.querySelector('.sstable-layout [data-testid="lookup-result"]')?.textContent?.includes('found nothing'),
    undefined,
    { timeout: TIMEOUT },
  );
  check(
    (await picture.getByTestId('lookup-result').textContent())?.includes('no data block'),
    'an absent key should read no data block',
  );
  await checkTextSizes(page, `in the picture on ${route}`);
  await screenshot(page, 'sstable-layout', '.sstable-layout');
  await close(visit);
}

async function lsmTree(route: string): Promise<void> {
  const visit = await open(route);
  const { page } = visit;
  const picture = page.locator('.lsm-tree-picture');
  await picture.scrollIntoViewIfNeeded();
  await picture.locator('[data-memtable="active"]').waitFor();
  const active = picture.locator('[data-memtable="active"]');
  const frozen = picture.locator('[data-memtable="frozen"]');
  const level = (n: number) => picture.locator(`svg g[data-table][data-level="${n}"]`);
  const events = picture.getByTestId('lsm-events');
  const result = picture.getByTestId('lsm-get-result');
  const get = async (key: string) => {
    const before = (await result.getAttribute('data-count')) ?? '0';
    await picture.getByLabel('Key to get').fill(key);
    await picture.getByLabel('Key to get').press('Enter');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="lsm-get-result"]')?.getAttribute('data-count') !== n,
      before,
    );
    return (await result.textContent()) ?? '';
  };
  const put = async (key: string, value: string) => {
    await picture.getByLabel('Key', { exact: true }).fill(key);
    await picture.getByLabel('Value', { exact: true }).fill(value);
    await picture.getByLabel('Value', { exact: true }).press('Enter');
    await page.waitForFunction(
      (k) => document.querySelector('[data-testid="lsm-active-entries"]')?.textContent?.includes(k),
      key,
    );
  };

  check(
    await picture.getByLabel('Pause each flush').isChecked(),
    'flushes should start paused, so the frozen memtable can be seen',
  );
  await put('apple', 'red');
  check(
    (await active.getAttribute('data-size')) === String(5 + 3 + 16),
    `one put of apple=red is 24 bytes in the memtable, it shows ${await active.getAttribute('data-size')}`,
  );

  // Twenty more writes fill the 256-byte memtable: it freezes, and its flush waits.
  const putTen = picture.getByRole('button', { name: 'Put 10 keys' });
  await putTen.click();
  await putTen.click();
  await frozen.first().waitFor();
  check((await level(0).count()) === 0, 'while the flush is paused, level 0 should have no table');
  check(
    Number(await frozen.first().getAttribute('data-size')) >= 256,
    'the frozen memtable should hold at least the 256-byte budget',
  );
  check(Number(await active.getAttribute('data-size')) < 256, 'the new active memtable should be under the budget');
  check((await events.textContent())?.includes('Freeze:'), 'the event list should say the memtable froze');
  const runFlush = picture.getByRole('button', { name: 'Run the flush' });
  check(await runFlush.isEnabled(), 'with a flush paused, "Run the flush" should be enabled');
  await runFlush.focus();
  await page.keyboard.press('Enter');
  await level(0).first().waitFor();
  check((await frozen.count()) === 0, 'after its flush, the frozen memtable should be gone');
  const table = await level(0).first().getAttribute('data-table');
  check(
    (await events.textContent())?.includes(`Flush: table ${table!.padStart(6, '0')} written to level 0`),
    'the event list should name the flushed table',
  );
  const files = (await picture.getByTestId('lsm-files').textContent()) ?? '';
  check(
    files.includes(`${table!.padStart(6, '0')}.sst`) && files.includes('CATALOG'),
    `the files should list the table and the catalog: ${files}`,
  );

  // Reads: from the table, from the active memtable, and a tombstone.
  const fromTable = await get('apple');
  check(
    fromTable.includes('returned "red"') && fromTable.includes(`table ${table!.padStart(6, '0')} on level 0`),
    `get(apple) should find "red" in table ${table} on level 0: ${fromTable}`,
  );
  check((await level(0).first().getAttribute('class')) === 'is-answer', 'the table that answered should be marked');
  await put('pear', 'green');
  const fromMemtable = await get('pear');
  check(
    fromMemtable.includes('returned "green"') && fromMemtable.includes('active memtable'),
    `get(pear) should be answered by the active memtable: ${fromMemtable}`,
  );
  await picture.getByLabel('Key', { exact: true }).fill('apple');
  await picture.getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="lsm-active-entries"]')?.textContent?.includes('apple (deleted)'),
  );
  const deleted = await get('apple');
  check(
    deleted.includes('returned nothing') && deleted.includes('tombstone'),
    `get(apple) after delete should find the tombstone: ${deleted}`,
  );

  // Compaction (lesson 12): flushes run freely, level 0 is merged into level 1.
  await picture.getByLabel('Pause each flush').uncheck();
  await picture.getByLabel('Leveled compaction (lesson 12)').check();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="lsm-events"]')?.textContent?.includes('reopened with leveled compaction'),
  );
  // Reopening flushed what the logs held (lesson 10's open), so how many more puts level 0 needs
  // before it is merged depends on that flush: put until the compaction shows, within a bound.
  for (let i = 0; i < 12 && !(await events.textContent())?.includes('Compaction: level 0'); i++) await putTen.click();
  await level(1).first().waitFor();
  await page
    .waitForFunction(() =>
      document.querySelector('[data-testid="lsm-events"]')?.textContent?.includes('Compaction: level 0'),
    )
    .catch(() => {});
  check(
    (await events.textContent())?.includes('Compaction: level 0'),
    'the event list should show a compaction of level 0',
  );
  check((await level(0).count()) < 4, 'after compaction, level 0 should hold fewer than 4 tables');
  const ranges = await level(1).evaluateAll((els) =>
    els.map((e) => ({ smallest: e.getAttribute('data-smallest')!, largest: e.getAttribute('data-largest')! })),
  );
  for (let i = 1; i < ranges.length; i++) {
    check(
      ranges[i - 1]!.largest < ranges[i]!.smallest,
      `level 1 tables should be in key order and not overlap: ${JSON.stringify(ranges)}`,
    );
  }
  const afterCompaction = await get('pear');
  check(
    afterCompaction.includes('returned "green"'),
    `get(pear) should still find "green" after compaction: ${afterCompaction}`,
  );
  check((await get('apple')).includes('returned nothing'), 'apple should stay deleted after compaction');
  await get('pear');
  await checkTextSizes(page, `in the picture on ${route}`);
  await screenshot(page, 'lsm-tree', '.lsm-tree-picture');
  await close(visit);
}

/**
 * At 390 px: the page does not scroll sideways, and every control of every picture, once scrolled
 * to, is inside the screen and inside its picture's frame, not cut off by a box that hides overflow.
 */
async function phoneLayout(route: string, shot?: string): Promise<void> {
  const visit = await open(route, { viewport: PHONE });
  const { page } = visit;
  // Let diagrams and pictures render (they are drawn after hydration).
  await page.waitForFunction(
    () => document.querySelectorAll('.docusaurus-mermaid-container:not(:has(svg))').length === 0,
    undefined,
    { timeout: TIMEOUT },
  );
  const pictures = await page.locator('figure.ferris-picture').count();
  if (pictures > 0) await page.waitForTimeout(500);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  if (width.scroll > width.inner) {
    const culprits = await page.evaluate(() => {
      const w = window.innerWidth;
      return Array.from(document.querySelectorAll('body *'))
        .filter(
          (e) =>
            e.getBoundingClientRect().right > w + 1 && (e.parentElement?.getBoundingClientRect().right ?? 0) <= w + 1,
        )
        .slice(0, 5)
        .map(
          (e) => `${e.tagName.toLowerCase()}.${String((e as HTMLElement).className?.toString() ?? '').split(' ')[0]}`,
        );
    });
    check(
      false,
      `at ${PHONE.width} px ${route} scrolls sideways: ${width.scroll} px wide (too wide: ${culprits.join(', ')})`,
    );
  }
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const controls = Array.from(
      document.querySelectorAll('figure.ferris-picture :is(button, input, select, textarea)'),
    ) as HTMLElement[];
    for (const control of controls) {
      const figure = control.closest('figure')!;
      const name = `${figure.getAttribute('data-picture')}: ${control.tagName.toLowerCase()} "${(control.getAttribute('aria-label') ?? control.textContent ?? (control as HTMLInputElement).name ?? '').trim().slice(0, 30)}"`;
      if (control.getClientRects().length === 0) continue; // not shown at all (a folded part)
      control.scrollIntoView({ block: 'center', inline: 'nearest' });
      for (let e = control.parentElement; e && e !== document.body; e = e.parentElement) {
        const overflow = getComputedStyle(e).overflowX;
        if ((overflow === 'hidden' || overflow === 'clip') && e.scrollLeft > 0)
          out.push(`${name} is cut off by a box that hides overflow`);
        if (overflow === 'hidden' || overflow === 'clip') e.scrollLeft = 0;
      }
      const box = control.getBoundingClientRect();
      const frame = figure.getBoundingClientRect();
      if (box.left < -1 || box.right > window.innerWidth + 1)
        out.push(`${name} is outside the screen (${Math.round(box.left)}..${Math.round(box.right)})`);
      else if (box.left < frame.left - 1 || box.right > frame.right + 1)
        out.push(`${name} is outside its picture's frame`);
    }
    return [...new Set(out)];
  });
  check(problems.length === 0, `at ${PHONE.width} px on ${route}:\n${problems.slice(0, 8).join('\n')}`);
  await checkTextSizes(page, `on ${route} at ${PHONE.width} px`);
  if (shot) await screenshot(page, shot);
  await close(visit);
}

/**
 * "Start here" is in the navbar and the footer; the repository (when configured) is linked from
 * the navbar, the footer and the page's own text, and nothing links to it when it is not.
 */
async function checkWayIn(page: Page, content: string): Promise<void> {
  check(await page.locator('.navbar a[href="/start-here"]').count(), 'the navbar should link to "Start here"');
  check(await page.locator('footer a[href="/start-here"]').count(), 'the footer should link to "Start here"');
  const repository = repositoryUrls();
  const places = { navbar: '.navbar', footer: 'footer', 'the page': content };
  for (const [where, scope] of Object.entries(places)) {
    const links = await page.locator(`${scope} a[href="${repository?.home}"]`).count();
    if (repository) check(links > 0, `${where} should link to the repository (${repository.home})`);
  }
  if (!repository)
    check(
      (await page.locator('a:text-is("Repository"), [data-testid="repository-link"]').count()) === 0,
      'with no repository configured, no repository link should be shown',
    );
}

async function startHere(): Promise<void> {
  const visit = await open('/start-here');
  const { page } = visit;
  check(
    (await page.locator('main h1').first().textContent())?.trim() === 'Start here',
    'the page should be titled "Start here"',
  );
  const text = (await page.locator('main').textContent()) ?? '';
  for (const needed of [
    'Node 20',
    'git clone',
    'npm install && npm start',
    '// TODO',
    'npm run course -- hint NN',
    '--with-solutions',
    'Code review',
  ]) {
    check(text.includes(needed), `"Start here" should mention ${needed}`);
  }
  check(
    (await page.locator(`main a[href="${written[0]!.permalink}"]`).count()) > 0,
    '"Start here" should link to the first lesson',
  );
  await checkHeadingOrder(page, 'main');
  await checkWayIn(page, 'main');
  await screenshot(page, 'start-here');
  await close(visit);
}

async function search(): Promise<void> {
  const visit = await open('/');
  const { page } = visit;
  const first = written[0]!;
  const readme = readFileSync(path.join(LESSONS, first.slug, 'README.md'), 'utf8');
  // A word of the README that is long enough to be distinctive.
  const word = (readme.match(/\b[a-z]{9,}\b/g) ?? []).find((w) => !['something', 'otherwise'].includes(w)) ?? 'lesson';
  const input = page.locator('input.navbar__search-input, .navbar input[type="search"]').first();
  await input.click();
  await input.pressSequentially(word, { delay: 30 });
  const hit = page.locator(`.navbar a[href^="/lessons/${first.slug}"]`).first();
  await hit.waitFor({ timeout: TIMEOUT });
  await screenshot(page, 'search');

  // The reference solution is not in the index: no line of any solution that the lesson's own
  // Markdown does not also contain appears in it.
  const index = readFileSync(path.join(BUILD, 'search-index.json'), 'utf8');
  let checked = 0;
  for (const lesson of written) {
    for (const { file, line } of solutionOnlyLines(
      lesson.slug,
      written.map((l) => l.slug),
    ).slice(0, 20)) {
      check(!index.includes(line), `the search index contains a line of solutions/${lesson.slug}/${file}: "${line}"`);
      checked++;
    }
  }
  check(checked > 0, 'found no line of a reference solution to look for in the search index');
  // ...while the lesson's prose is there (so the check above can fail).
  const proseLine = readme.split('\n').find((l) => l.length >= 40 && /^[A-Za-z][\w ,.:;()'=+-]+$/.test(l.trim()));
  check(
    proseLine && index.includes(proseLine.trim()),
    `the search index should contain the README's text, e.g. "${proseLine}"`,
  );
  await close(visit);
}

async function darkMode(): Promise<void> {
  const visit = await open(written[0] ? written[0].permalink : '/');
  const { page } = visit;
  await page
    .getByRole('button', { name: /dark mode|light mode|system mode|color mode/i })
    .first()
    .click();
  let theme = await page.locator('html').getAttribute('data-theme');
  if (theme !== 'dark') {
    await page
      .getByRole('button', { name: /dark mode|light mode|system mode|color mode/i })
      .first()
      .click();
    theme = await page.locator('html').getAttribute('data-theme');
  }
  check(theme === 'dark', 'the colour mode switch should reach dark mode');
  await page.waitForTimeout(800); // the theme's colour transitions, so the final colours are measured
  await checkContrast(page, '.ferris-solution__toggle', 'the solution button in dark mode');
  await screenshot(page, 'lesson-dark');
  await close(visit);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  if (!process.argv.includes('--no-build')) build();
  course = loadCourse();
  lessons = allLessons(course);
  written = lessons.filter((l) => l.exists);
  check(existsSync(path.join(BUILD, 'index.html')), 'website/build has no index.html: run npm run docs:build');
  check(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const server = await serve();
  origin = server.origin;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  console.log(`Testing the site at ${origin} in ${browser.version()}`);
  try {
    await test('landing page: course map from course.json, badges, spine diagram', landingPage);
    for (const [i, lesson] of written.entries()) {
      await test(`lesson page ${lesson.slug}: README, run commands, dialogue, hints, solution, prev/next`, () =>
        lessonPage(lesson.slug, i));
    }
    for (const guide of loadGuides()) {
      await test(`guide ${guide.name}`, () => guidePage(guide.permalink, guide.title));
    }
    await test('WAL entry inspector: type an entry, see its fields, flip bits', () => walInspector('/pictures'));
    await test('skip list visualiser: insert keys, see the towers, follow a lookup', () => skipList('/pictures'));
    await test('LSM tree: put until a flush, see level 0, get, compact into level 1', () => lsmTree('/pictures'));
    await test('simulation replay on lesson 18: lanes, the slider, seeds and their trace hashes, a phone', () =>
      simulationReplay({ open, close, screenshot }, '/lessons/18-simulator'));
    await test('simulation replay of the cluster on lesson 20: follow a commit, its steps in order, a phone', () =>
      clusterReplay({ open, close, screenshot }, '/lessons/20-sequencer'));
    await test('resolver on lesson 16: bars, a conflict and its reason, commit transactions, a phone', () =>
      transactionResolver({ open, close, screenshot }, '/lessons/16-transactions'));
    await test('SSTable layout: a real table by region, lookups show the blocks read', () =>
      sstableLayout('/pictures'));
    for (const lesson of written) {
      const readme = readFileSync(path.join(LESSONS, lesson.slug, 'README.md'), 'utf8');
      if (/<!--\s*picture:\s*wal-inspector\s*-->/.test(readme)) {
        await test(`WAL entry inspector on the page of ${lesson.slug}`, () => walInspector(lesson.permalink));
      }
      if (/<!--\s*picture:\s*skip-list\s*-->/.test(readme)) {
        await test(`skip list visualiser on the page of ${lesson.slug}`, () => skipList(lesson.permalink));
      }
      if (/<!--\s*picture:\s*sstable-layout\s*-->/.test(readme)) {
        await test(`SSTable layout on the page of ${lesson.slug}`, () => sstableLayout(lesson.permalink));
      }
      if (/<!--\s*picture:\s*lsm-tree\s*-->/.test(readme)) {
        await test(`LSM tree on the page of ${lesson.slug}`, () => lsmTree(lesson.permalink));
      }
    }
    await test('start here: requirements, clone, npm start, how a lesson goes, getting unstuck', startHere);
    const phoneRoutes = [
      '/',
      '/start-here',
      '/pictures',
      ...written.map((l) => l.permalink),
      ...loadGuides().map((g) => g.permalink),
    ];
    for (const route of phoneRoutes) {
      const shot =
        route === '/'
          ? 'phone-landing'
          : route === '/pictures'
            ? 'phone-pictures'
            : route === written[0]?.permalink
              ? 'phone-lesson'
              : undefined;
      await test(`phone layout (${PHONE.width} px) of ${route}: no sideways scroll, every picture control visible`, () =>
        phoneLayout(route, shot));
    }
    await test('progress: marks kept in the browser show on the course map and in the sidebar, no hydration errors', () =>
      progressOnTheSite(
        { open, close, screenshot },
        written.map((l) => l.slug),
      ));
    await test('search finds a lesson, and not the reference solution', search);
    await test('search labels: a guide under "Guides", a lesson under "Lessons"', () =>
      searchLabels(
        BUILD,
        loadGuides().map((g) => g.permalink),
        written[0]!.permalink,
      ));
    await test('dark mode', darkMode);
  } finally {
    await browser.close();
    server.close();
  }
  const failed = results.filter((r) => r.error).length;
  console.log(
    `Screenshots in ${path.relative(process.cwd(), SCREENSHOTS) || '.'}/ (${((Date.now() - started) / 1000).toFixed(1)} s in all).`,
  );
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log(`${results.filter((r) => !r.error).length} passed, ${results.filter((r) => r.error).length + 1} failed`);
  process.exit(1);
});
