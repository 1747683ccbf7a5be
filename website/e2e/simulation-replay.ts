// The browser check of the simulation replay picture (website/src/pictures/simulation-replay.tsx),
// called from run.ts: the reference simulator runs in the page, draws lanes and messages, the
// slider changes what is drawn, another seed gives another trace hash and the same seed the same
// one, and at a phone's width the page does not scroll sideways (the drawing scrolls in its box).
import type { Page } from 'playwright-core';

/** What run.ts lends this check: opening and closing a page (with its error log), and screenshots. */
export interface Harness {
  open(route: string): Promise<{ readonly page: Page; readonly errors: string[] }>;
  close(visit: { readonly page: Page; readonly errors: string[] }): Promise<void>;
  screenshot(page: Page, name: string, selector?: string): Promise<void>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const PICTURE = '.simulation-replay';
const HASH = `${PICTURE} [data-testid="sim-hash"]`;
const TIMEOUT = 60_000;

/** Runs `seed` (with faults or not), waits until the picture shows that seed's run, and returns its hash. */
async function runSeed(page: Page, seed: string, faults: boolean): Promise<string> {
  const picture = page.locator(PICTURE);
  await picture.getByRole('textbox', { name: 'Seed' }).fill(seed);
  await picture.getByRole('checkbox', { name: 'Faults' }).setChecked(faults);
  await picture.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    ([want, withFaults]) =>
      document
        .querySelector('.simulation-replay [data-testid="sim-result"]')
        ?.textContent?.includes(`Seed ${want}, echo${withFaults ? ' with faults' : ''}:`),
    [seed, faults] as const,
    { timeout: TIMEOUT },
  );
  return (await page.locator(HASH).textContent()) ?? '';
}

const drawn = (page: Page) => page.locator(`${PICTURE} svg [data-happened="true"]`).count();

export async function simulationReplay(harness: Harness, route: string): Promise<void> {
  const visit = await harness.open(route);
  const { page } = visit;
  const picture = page.locator(PICTURE);
  await picture.scrollIntoViewIfNeeded();
  await page.locator(HASH).waitFor({ timeout: TIMEOUT });

  const lanes = await picture.locator('svg [data-lane]').count();
  check(lanes >= 3, `the picture should draw a lane per process (echo has 3), drew ${lanes}`);
  check(/^[0-9a-f]{16}$/.test((await page.locator(HASH).textContent()) ?? ''), 'the trace hash is 16 hex digits');
  check(
    (await picture.getByTestId('sim-verdict').textContent()) === 'ok',
    'the reference run of seed 1 ends with verdict ok',
  );

  const slider = picture.getByRole('slider', { name: /Virtual time/ });
  await slider.focus();
  await page.keyboard.press('Home'); // keyboard first: the slider is a real <input type="range">
  const atStart = await drawn(page);
  await picture.getByRole('combobox', { name: 'Window' }).selectOption({ label: 'whole run' });
  await slider.focus();
  await page.keyboard.press('End');
  const atEnd = await drawn(page);
  check(
    atEnd > atStart,
    `moving the slider to the end should draw more events (at 0: ${atStart}, at the end: ${atEnd})`,
  );
  check(
    (await picture.locator('svg [data-event="message"]').count()) > 100,
    'the whole run shows hundreds of messages',
  );
  check(
    (await picture.locator('svg [data-event="reboot"]').count()) > 0,
    'seed 1 with faults reboots the server: the reboots are marked',
  );
  await harness.screenshot(page, 'simulation-replay', PICTURE);

  const first = await runSeed(page, '7', true);
  const other = await runSeed(page, '8', true);
  const again = await runSeed(page, '7', true);
  check(/^[0-9a-f]{16}$/.test(first), `seed 7 shows a trace hash, got "${first}"`);
  check(other !== first, `seed 8 should give another trace hash than seed 7 (both ${first})`);
  check(again === first, `seed 7 run twice should give the same trace hash (${first}, then ${again})`);
  await picture.getByRole('textbox', { name: 'Seed' }).fill('seven');
  await picture.getByRole('button', { name: 'Run', exact: true }).click();
  check(
    (await picture.getByRole('alert').textContent())?.includes('A seed is a whole number'),
    'a seed that is not a number is refused with a message',
  );

  // A phone: the labels keep their size, the drawing scrolls inside its box, the page does not.
  await page.setViewportSize({ width: 390, height: 844 });
  await picture.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  check(overflow <= 0, `at 390 px the page must not scroll sideways (it is ${overflow} px too wide)`);
  const smallest = await page.evaluate(
    (selector) =>
      Math.min(
        ...Array.from(document.querySelectorAll(`${selector} svg text`)).map((t) =>
          parseFloat(getComputedStyle(t).fontSize),
        ),
      ),
    PICTURE,
  );
  check(smallest >= 12, `the drawing's labels stay at 12 px or more on a phone (smallest: ${smallest} px)`);
  await harness.screenshot(page, 'simulation-replay-phone', PICTURE);
  await harness.close(visit);
}
