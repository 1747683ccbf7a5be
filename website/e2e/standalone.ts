// A small browser harness for checks that need a build of their own (see mine.ts): serves a
// build with `docusaurus serve` on 127.0.0.1 and gives a check the same open/close/screenshot
// that run.ts lends its checks. The server and the browser are always stopped, also on failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../course.ts';
import type { Harness } from './simulation-replay.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(origin: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docusaurus serve exited with code ${child.exitCode}`);
    try {
      if ((await fetch(origin)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docusaurus serve did not answer at ${origin} within 20 s`);
}

/** Serves `build`, opens a browser, runs `body` with a harness, and stops both. */
export async function withSite(build: string, body: (harness: Harness) => Promise<void>): Promise<void> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@docusaurus/core/bin/docusaurus.mjs'),
      'serve',
      'website',
      '--dir',
      build,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--no-open',
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  let browser: Browser | undefined;
  try {
    await waitForServer(origin, server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const opened = browser;
    const harness: Harness = {
      async open(route) {
        const context = await opened.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const errors: string[] = [];
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
        });
        page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
        const response = await page.goto(origin + route, { waitUntil: 'load' });
        if (response?.status() !== 200) throw new Error(`${route} answered HTTP ${response?.status()}`);
        await page.waitForSelector('html[data-has-hydrated="true"]');
        return { page, errors };
      },
      async close(visit) {
        await visit.page.waitForTimeout(150);
        await visit.page.context().close();
        if (visit.errors.length > 0) throw new Error(`errors in the browser:\n${visit.errors.join('\n')}`);
      },
      async screenshot(page: Page, name: string, selector?: string) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const file = path.join(SCREENSHOTS, `${name}.png`);
        if (selector) await page.locator(selector).first().screenshot({ path: file });
        else await page.screenshot({ path: file, fullPage: true });
      },
    };
    await body(harness);
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
  }
}
