// The browser check of `npm run docs -- --mine`: the site built over the learner's own lessons/
// (FERRIS_SITE_TREE=mine) with a progress log in which lessons 01 and 02 are started and 03 passed,
// and nothing else. It needs a build of its own, so it runs apart from run.ts:
//
//   node --import tsx website/e2e/mine.ts            build into a temporary folder, then check
//   node --import tsx website/e2e/mine.ts --keep     keep the build and log (prints where)
//   FERRIS_MINE_BUILD=DIR node --import tsx website/e2e/mine.ts   check a kept build (DIR/build)
//
// It checks: the banner on every page; each picture says whose code it runs; a picture that
// reaches the learner's starter (this checkout's lessons/ are starters) shows NotImplemented's
// message in place, not a blank page; a picture over lessons not started runs the reference and
// works; the logged pass of lesson 03 is in the server's HTML (the site knows it before hydration).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendEvent } from '../../cli/progress.ts';
import { ROOT } from '../course.ts';
import { withSite } from './standalone.ts';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const at = new Date(0).toISOString();

function build(out: string, log: string): void {
  console.log('Building the site over lessons/ (FERRIS_SITE_TREE=mine)...');
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@docusaurus/core/bin/docusaurus.mjs'), 'build', 'website', '--out-dir', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FERRIS_SITE_TREE: 'mine', FERRIS_PROGRESS_LOG: log, FORCE_COLOR: '0' },
    },
  );
  if (run.status !== 0) throw new Error(`the --mine build failed:\n${run.stdout}\n${run.stderr}`);
}

async function main(): Promise<number> {
  const kept = process.env.FERRIS_MINE_BUILD;
  const dir = kept ? path.resolve(kept) : mkdtempSync(path.join(tmpdir(), 'ferris-mine-'));
  const log = path.join(dir, 'progress.jsonl');
  if (!kept) {
    appendEvent({ type: 'started', lesson: '01-wal-entry', at }, log);
    appendEvent({ type: 'started', lesson: '02-serialization', at }, log);
    appendEvent({ type: 'passed', lesson: '03-recovery', at }, log);
  }
  const results: { name: string; error?: string }[] = [];
  const test = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      results.push({ name });
      console.log(`  ✓ ${name}`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n').slice(0, 8).join('\n      ') : String(error);
      results.push({ name, error: message });
      console.log(`  ✗ ${name}\n      ${message}`);
    }
  };
  try {
    if (!kept) build(path.join(dir, 'build'), log);
    await withSite(path.join(dir, 'build'), async (harness) => {
      await test('--mine: the banner, and the logged pass in the server HTML', async () => {
        const visit = await harness.open('/');
        const { page } = visit;
        const banner = (await page.locator('.theme-announcement-bar').textContent()) ?? '';
        check(banner.includes('your own code'), `the banner should say the pictures run your code: "${banner}"`);
        const html = await (await page.request.get(page.url())).text();
        check(
          /data-lesson="?03-recovery"?[^>]*data-done="?passed/.test(html), // the HTML is minified: quotes may go
          "lesson 03's logged pass should be in the server's HTML of the course map",
        );
        await harness.close(visit);
      });
      await test('--mine: pictures say whose code they run; a starter gives a readable message, not a blank page', async () => {
        const visit = await harness.open('/pictures');
        const { page } = visit;
        const wal = page.locator('[data-picture-name="wal-inspector"]');
        await wal.locator('[data-testid="picture-tree"]').waitFor();
        const note = (await wal.locator('[data-testid="picture-tree"]').textContent()) ?? '';
        check(note.includes('lessons 01-03'), `the WAL picture should say it runs your lessons 01-03: "${note}"`);
        check(note.includes('04'), `the note should say which lessons run the reference: "${note}"`);
        const reached = await page
          .waitForFunction(
            () =>
              document.querySelector('[data-picture-name="wal-inspector"]')?.textContent?.includes('is yours to write'),
            undefined,
            { timeout: 60_000 }, // drawn after hydration, beside pictures busy running the reference
          )
          .then(
            () => true,
            () => false,
          );
        check(
          reached,
          `the WAL picture should show the starter's message; it shows: ${(await wal.textContent())?.slice(0, 400)}\n` +
            `errors: ${visit.errors.join('\n').slice(0, 800)}`,
        );
        const walText = (await wal.textContent()) ?? '';
        check(walText.includes('NotImplemented'), 'the WAL picture should name the starter error');
        await harness.screenshot(page, 'mine-wal-inspector', '[data-picture-name="wal-inspector"]');
        // The skip list (lesson 04, not started) runs the reference and draws its towers.
        const skip = page.locator('[data-picture-name="skip-list"]');
        await skip.locator('svg g[data-key]').first().waitFor();
        check((await skip.locator('svg g[data-key]').count()) > 0, 'the skip list should draw the reference towers');
        check(!((await skip.textContent()) ?? '').includes('NotImplemented'), 'the skip list runs no starter');
        // Every picture is there: drawn, or stopped with a message.
        for (const section of await page.locator('[data-picture-name]').all()) {
          const name = await section.getAttribute('data-picture-name');
          const shown = (await section.locator('figure.ferris-picture, [data-testid="picture-stopped"]').count()) > 0;
          check(shown, `the picture ${name} shows neither itself nor a message`);
        }
        await harness.screenshot(page, 'mine-pictures');
        // React reports the errors a boundary caught; only the starter's own are expected.
        const others = visit.errors.filter((e) => !e.includes('NotImplemented') && !e.includes('is yours to write'));
        visit.errors.length = 0;
        visit.errors.push(...others);
        await harness.close(visit);
      });
    });
  } catch (error) {
    results.push({ name: 'build and serve', error: String(error) });
    console.log(`  ✗ ${String(error).split('\n').slice(0, 12).join('\n      ')}`);
  } finally {
    if (process.argv.includes('--keep') || kept) console.log(`Kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => r.error).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
