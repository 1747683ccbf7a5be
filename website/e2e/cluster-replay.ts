// The browser check of "follow a commit" in the simulation replay over the simulated cluster
// (website/src/pictures/cluster-replay.tsx, on lesson 20's page), called from run.ts: the reference
// cluster runs in the page, Next commit lists one commit's steps in the order of its path (client,
// GRV proxy, commit proxy, sequencer, resolver, logs, storage), highlights its messages and dims
// the others, Previous goes back, and at a phone's width the page does not scroll sideways.
import type { Page } from 'playwright-core';
import type { Harness } from './simulation-replay.ts';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const PICTURE = '.simulation-replay';
const TIMEOUT = 60_000;

/** The steps of the path, in the order the picture lists them. */
async function steps(page: Page): Promise<string[]> {
  return page.locator(`${PICTURE} [data-testid="sim-commit-steps"] li`).allTextContents();
}

/** The path, in words, in the order one commit takes it. */
const PATH = [
  /^client-\d asks grv-0 for a read version$/,
  /^grv-0 gives client-\d its read version$/,
  /^client-\d sends its commit to proxy-0$/,
  /^proxy-0 closes batch \d+ and asks sequencer for its commit version$/,
  /^proxy-0 asks resolver whether batch \d+'s transactions conflict$/,
  /^proxy-0 pushes version \d+ to log-0/,
  /^log-\d has version \d+ on disk and says so$/,
  /^proxy-0 tells sequencer that version \d+ is committed$/,
  /^proxy-0 answers client-\d/,
];

export async function clusterReplay(harness: Harness, route: string): Promise<void> {
  const visit = await harness.open(route);
  const { page } = visit;
  const picture = page.locator(PICTURE);
  await picture.scrollIntoViewIfNeeded();
  await page.locator(`${PICTURE} [data-testid="sim-hash"]`).waitFor({ timeout: TIMEOUT });
  const verdict = await picture.getByTestId('sim-verdict').textContent();
  check(verdict === 'ok', `the reference cluster run of seed 1 ends with verdict ok, not: ${verdict}`);
  for (const lane of ['client-0', 'grv-0', 'proxy-0', 'sequencer', 'resolver', 'log-0', 'storage-0'])
    check((await picture.locator(`svg [data-lane="${lane}"]`).count()) === 1, `the cluster has a lane for ${lane}`);

  await picture.getByRole('button', { name: 'Next commit' }).click();
  const first = await steps(page);
  check(first.length >= PATH.length, `a commit's path has its steps listed (got ${first.length})`);
  let at = -1;
  for (const step of PATH) {
    const found = first.findIndex((text, i) => i > at && step.test(text));
    check(found > at, `the step ${step} comes after the ones before it, in: ${first.join(' | ')}`);
    at = found;
  }
  check(
    first.some((text) => /^log-\d answers storage-\d with what it has on disk/.test(text)),
    `a storage server's peek reply that carries the version is a step: ${first.join(' | ')}`,
  );
  const onPath = await picture.locator('svg [data-on-path="true"]').count();
  check(onPath === first.length, `each step's message is highlighted (${onPath} highlighted, ${first.length} steps)`);
  check(
    (await picture.locator('svg [data-event="message"][opacity="0.15"]').count()) > 0,
    'the other messages are dimmed',
  );
  const heading = async () => (await picture.getByTestId('sim-commit').locator('p').textContent()) ?? '';
  check((await heading()).startsWith('Commit 1 of '), `the first commit is followed: ${await heading()}`);
  await picture.getByRole('button', { name: 'Next commit' }).click();
  check((await heading()).startsWith('Commit 2 of '), `Next commit follows the second: ${await heading()}`);
  await picture.getByRole('button', { name: 'Previous commit' }).click();
  check((await heading()).startsWith('Commit 1 of '), `Previous commit goes back: ${await heading()}`);
  check((await steps(page)).join('|') === first.join('|'), 'the same commit shows the same steps');
  await harness.screenshot(page, 'cluster-replay', PICTURE);

  await page.setViewportSize({ width: 390, height: 844 });
  await picture.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  check(overflow <= 0, `at 390 px the page must not scroll sideways (it is ${overflow} px too wide)`);
  for (const name of ['Previous commit', 'Next commit']) {
    const box = await picture.getByRole('button', { name }).boundingBox();
    check(box !== null && box.x >= 0 && box.x + box.width <= 390, `${name} is on a phone's screen`);
  }
  await harness.screenshot(page, 'cluster-replay-phone', PICTURE);
  await harness.close(visit);
}
