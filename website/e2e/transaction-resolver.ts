// The browser check of the resolver picture (website/src/pictures/transaction-resolver.tsx),
// called from run.ts: the reference resolver runs in the page and draws the opening history
// (T3 conflicts because T2 wrote c after T3's read version); the reader composes transactions
// with the controls and sees each verdict and its reason (a conflict naming the writer, a commit
// at a newer read version, a half-open range read that misses the write at its end); and at a
// phone's width the key strips fit inside the frame (run.ts checks the page's width and text sizes).
import type { Page } from 'playwright-core';
import type { Harness } from './simulation-replay.ts';

const PICTURE = '.transaction-resolver';

function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface Composed {
  readonly readVersion: string;
  readonly reads: readonly string[];
  readonly range?: readonly [string, string];
  readonly writes: readonly string[];
}

/** Sets every control of the form to `tr`, commits, and returns the new row's verdict and the result line. */
async function commit(page: Page, tr: Composed): Promise<{ verdict: string; result: string }> {
  const picture = page.locator(PICTURE);
  const rowsBefore = await picture.locator('li[data-transaction]').count();
  await picture.getByRole('combobox', { name: 'Read version' }).selectOption(tr.readVersion);
  await picture.getByRole('combobox', { name: 'Range read from' }).selectOption(tr.range?.[0] ?? '');
  if (tr.range) await picture.getByRole('combobox', { name: 'to (not included)' }).selectOption(tr.range[1]);
  for (const key of 'abcdefgh') {
    await picture.getByRole('checkbox', { name: `read ${key}`, exact: true }).setChecked(tr.reads.includes(key));
    await picture.getByRole('checkbox', { name: `write ${key}`, exact: true }).setChecked(tr.writes.includes(key));
  }
  await picture.getByRole('button', { name: 'Commit', exact: true }).click();
  const row = picture.locator('li[data-transaction]').nth(rowsBefore);
  await row.waitFor({ timeout: 15_000 });
  return {
    verdict: (await row.getAttribute('data-verdict')) ?? '',
    result: (await picture.getByTestId('resolver-result').textContent()) ?? '',
  };
}

export async function transactionResolver(harness: Harness, route: string): Promise<void> {
  const visit = await harness.open(route);
  const { page } = visit;
  const picture = page.locator(PICTURE);
  await picture.scrollIntoViewIfNeeded();
  await picture.locator('li[data-transaction]').first().waitFor({ timeout: 15_000 });

  const verdicts = await picture
    .locator('li[data-transaction]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
  expectThat(
    verdicts.join() === 'committed,committed,conflict,committed,read-only',
    `the opening history should be committed, committed, conflict, committed, read-only; it is ${verdicts.join(', ')}`,
  );
  const opening = (await picture.getByTestId('resolver-result').textContent()) ?? '';
  expectThat(
    opening.includes('T3: conflict') && opening.includes('T2 committed at version 2'),
    `T3's reason should name T2's write at version 2, got "${opening}"`,
  );
  expectThat(
    (await picture.locator('li[data-transaction="T3"] [data-overlap="T2"]').count()) === 1,
    "T2's write is marked on T3's bar",
  );

  const stale = await commit(page, { readVersion: '1', reads: ['e'], writes: ['f'] });
  expectThat(
    stale.verdict === 'conflict',
    `reading e at version 1 after T4 wrote it at 4 conflicts, got ${stale.verdict}`,
  );
  expectThat(
    stale.result.includes('T6: conflict') && stale.result.includes('T4 committed at version 4'),
    `the verdict names T4 as the writer, got "${stale.result}"`,
  );
  const fresh = await commit(page, { readVersion: '4', reads: ['e'], writes: ['f'] });
  expectThat(fresh.verdict === 'committed', `reading e at version 4 sees T4's write and commits, got ${fresh.verdict}`);
  expectThat(fresh.result.includes('T7: committed'), `the result says T7 committed, got "${fresh.result}"`);
  const halfOpen = await commit(page, { readVersion: '1', reads: [], range: ['a', 'c'], writes: ['g'] });
  expectThat(
    halfOpen.verdict === 'committed',
    `the range [a, c) leaves out c, which T2 wrote: it commits, got ${halfOpen.verdict} ("${halfOpen.result}")`,
  );
  await harness.screenshot(page, 'transaction-resolver', PICTURE);

  // A phone (run.ts checks every page's width and text sizes): the key strip and the bars fit the frame.
  await page.setViewportSize({ width: 390, height: 844 });
  await picture.scrollIntoViewIfNeeded();
  const frame = await picture.boundingBox();
  const lastKey = await picture.locator('li[data-transaction="T8"] [data-key="h"]').boundingBox();
  expectThat(
    frame && lastKey && lastKey.x + lastKey.width <= frame.x + frame.width,
    `at 390 px the key strip should fit inside the picture (key h ends at ${lastKey && lastKey.x + lastKey.width}, the frame at ${frame && frame.x + frame.width})`,
  );
  await harness.screenshot(page, 'transaction-resolver-phone', PICTURE);
  await harness.close(visit);
}
