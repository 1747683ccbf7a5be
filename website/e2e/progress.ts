// The browser check of the reader's progress on the site (src/components/useProgress.ts), called
// from run.ts: lessons marked in localStorage show as done on the course map and in the sidebar,
// "Mark this lesson done" marks and unmarks at once and the mark survives a reload, the server's
// HTML carries no marks (they are the browser's, applied after hydration), and no page logs a
// hydration error or warning.
import type { Page, Request } from 'playwright-core';
import type { Harness } from './simulation-replay.ts';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const KEY = 'ferris-progress';
/** What React says when the server's HTML and the first browser render differ. */
const HYDRATION = /hydrat|did not match|#418|#419|#423|#425/i;

/** Every console message of the page from now on, of any type. */
function listen(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (msg) => messages.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (error) => messages.push(`uncaught: ${error.message}`));
  return messages;
}

/** The page's requests still under way, from now on (the course map prefetches lesson chunks). */
function inFlight(page: Page): Set<Request> {
  const pending = new Set<Request>();
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  return pending;
}

/**
 * Lets the page's own chunk loads and link prefetches finish first: a navigation cancels them,
 * and the harness rightly reports every failed request of the site. Playwright's "networkidle"
 * fires once per page load, so later prefetches are waited for through `pending`.
 */
async function quiet(page: Page, pending: Set<Request>): Promise<void> {
  await page.waitForLoadState('networkidle');
  const giveUp = Date.now() + 15_000; // then navigate anyway: the harness reports what failed
  let idleSince = Date.now();
  while (Date.now() - idleSince < 500 && Date.now() < giveUp) {
    await page.waitForTimeout(50);
    if (pending.size > 0) idleSince = Date.now();
  }
}

async function reload(page: Page, pending: Set<Request>): Promise<void> {
  await quiet(page, pending);
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('html[data-has-hydrated="true"]');
}

const mapLesson = (page: Page, slug: string) => page.locator(`.course-map__lesson[data-lesson="${slug}"]`);
const sidebarItem = (page: Page, slug: string) =>
  page.locator(`.theme-doc-sidebar-menu li.menu__list-item:has(> a[href="/lessons/${slug}"])`);

async function doneInSidebar(page: Page, slug: string): Promise<boolean> {
  return (await sidebarItem(page, slug).getAttribute('class'))?.includes('ferris-done') ?? false;
}

export async function progressOnTheSite(harness: Harness, lessons: readonly string[]): Promise<void> {
  check(lessons.length >= 3, 'the progress check needs three written lessons');
  const [first, second, third] = lessons as [string, string, string];

  // The course map: two lessons marked in the browser before the page loads.
  const visit = await harness.open('/');
  const { page } = visit;
  const messages = listen(page);
  const pending = inFlight(page);
  const html = await (await page.request.get(page.url())).text();
  check(!html.includes('is-done') && !html.includes('ferris-done'), "the server's HTML should carry no progress marks");
  await page.evaluate(([key, done]) => window.localStorage.setItem(key, JSON.stringify({ version: 1, done })), [
    KEY,
    [first, third],
  ] as const);
  await reload(page, pending);
  await page.waitForSelector(`.course-map__lesson[data-lesson="${first}"][data-done="marked"]`);
  check(
    (await mapLesson(page, third).getAttribute('data-done')) === 'marked',
    `the course map should show ${third} as done`,
  );
  check(
    (await mapLesson(page, second).getAttribute('data-done')) === 'no',
    `the course map should not show ${second} as done`,
  );
  check(
    (await mapLesson(page, first).locator('.course-map__badge').textContent())?.trim() === 'done',
    `the badge of ${first} should say "done"`,
  );
  await harness.screenshot(page, 'progress-course-map', '[data-testid="course-map"]');

  // The sidebar on another lesson's page, and marking that lesson from its page.
  await quiet(page, pending);
  await page.goto(`${new URL(page.url()).origin}/lessons/${second}`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-has-hydrated="true"]');
  await page.waitForSelector(`.theme-doc-sidebar-menu li.ferris-done > a[href="/lessons/${first}"]`);
  check(
    (await sidebarItem(page, first).locator('> a').getAttribute('aria-label'))?.endsWith('(done)'),
    `the sidebar link of ${first} should say "(done)" to a screen reader`,
  );
  check(!(await doneInSidebar(page, second)), `the sidebar should not show ${second} as done yet`);
  const button = page.getByTestId('lesson-done').getByRole('button');
  check((await button.getAttribute('aria-pressed')) === 'false', 'the lesson should start unmarked');
  await button.click();
  await page.waitForSelector(`.theme-doc-sidebar-menu li.ferris-done > a[href="/lessons/${second}"]`, {
    timeout: 5000,
  });
  check((await button.getAttribute('aria-pressed')) === 'true', 'the button should say the lesson is marked');
  await harness.screenshot(page, 'progress-lesson', '[data-testid="lesson-done"]');

  // Kept in the browser: a reload shows it again; unmarking takes it away.
  await reload(page, pending);
  await page.waitForSelector(`.theme-doc-sidebar-menu li.ferris-done > a[href="/lessons/${second}"]`);
  await page.getByTestId('lesson-done').getByRole('button').click();
  await page.waitForFunction((slug) => {
    const item = document.querySelector(`.theme-doc-sidebar-menu a[href="/lessons/${slug}"]`)?.parentElement;
    return item && !item.classList.contains('ferris-done');
  }, second);
  const stored = await page.evaluate((key) => window.localStorage.getItem(key), KEY);
  check(
    stored && !stored.includes(second) && stored.includes(first),
    `after unmarking, the browser should keep ${first} and not ${second}: ${stored}`,
  );

  const hydration = messages.filter((m) => HYDRATION.test(m));
  check(hydration.length === 0, `hydration problems in the console:\n${hydration.join('\n')}`);
  await harness.close(visit);
}
