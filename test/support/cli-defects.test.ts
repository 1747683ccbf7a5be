/**
 * The course command's smaller promises, each once broken. Catches:
 *
 * - "Still to write" built only from the NotImplemented errors the tests happened to hit, so a
 *   function behind another one (isTombstone after putEntry) was left out;
 * - "Next:" naming a lesson that is already done;
 * - a reset with no way back to the learner's files (restore), or a reset from anything but the
 *   course's recorded starter;
 * - `hint` and `solution` marking a lesson "in progress" (only test runs may);
 * - colour codes in piped output, and NO_COLOR / FORCE_COLOR ignored;
 * - one syntax error printed once per test file that imports it;
 * - failures listed in file order instead of the lesson's task order, and diffs that hide the
 *   differing element.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { compactDiff, rankFailure } from '../../cli/runner.ts';
import { pristineStarter } from '../../cli/starter.ts';
import { ROOT } from '../../cli/trees.mjs';
import { colourEnabled } from '../../cli/ui.ts';
import { changedFiles, snapshot } from '../../cli/watch.ts';
import { reference, sandbox, type Sandbox } from './cli-session.ts';

const run = promisify(execFile);
// Cases that start the course command (and some, vitest) take seconds each on a busy machine.
const LONG = 300_000;

let boxes: Sandbox[] = [];
afterEach(() => {
  for (const b of boxes) b.remove();
  boxes = [];
});
function box(solved: string[] = []): Sandbox {
  const b = sandbox(solved);
  boxes.push(b);
  return b;
}

async function course(b: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...b.env, ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const event = (type: string, lesson: string) => `${JSON.stringify({ type, lesson, at: '2026-11-25T00:00:00.000Z' })}\n`;

describe('what a test run says', () => {
  it(
    '"Still to write" lists every function that still throws NotImplemented, even ones no test reached',
    async () => {
      const b = box();
      const { code, out } = await course(b, ['test', '01', '--seed', '1']);
      expect(code).toBe(1);
      expect(out).toContain('Still to write in lessons/01-wal-entry/: putEntry(), deleteEntry(), isTombstone()');
    },
    LONG,
  );

  it(
    'a syntax error is printed once, however many test files import the file',
    async () => {
      const b = box();
      writeFileSync(
        path.join(b.lessons, '01-wal-entry', 'entry.ts'),
        `${reference('01-wal-entry', 'entry.ts')}\nexport const oops = ;\n`,
      );
      const { code, out } = await course(b, ['test', '01', '--seed', '1']);
      expect(code).toBe(1);
      expect(out).toContain('The tests could not load your code');
      expect(out, "no colour codes in piped output, not even in the parser's message").not.toContain('\x1b[');
      // The parser quotes the broken line once per error it prints.
      expect(out.split('oops').length - 1, `the error is shown once (three test files import entry.ts):\n${out}`).toBe(
        1,
      );
    },
    LONG,
  );

  it(
    '"Next:" skips lessons that are already done, and a pass is recorded once',
    async () => {
      const b = box(['01-wal-entry', '02-serialization']);
      mkdirSync(path.dirname(b.log), { recursive: true });
      appendFileSync(b.log, event('passed', '02-serialization'));
      const { code, out } = await course(b, ['test', '01', '--seed', '1']);
      expect(code, out).toBe(0);
      expect(out).toContain('Next: lesson 03');
      expect(b.events('passed', '01-wal-entry')).toBe(1);
    },
    LONG,
  );
});

describe('progress is changed only by test runs', { timeout: LONG }, () => {
  it('hint and solution do not mark a lesson as started', async () => {
    const b = box();
    expect((await course(b, ['hint', '01'])).code).toBe(0);
    expect((await course(b, ['solution', '01'])).code).toBe(0);
    expect(b.events('started', '01-wal-entry'), 'no "started" event').toBe(0);
    const { out } = await course(b, ['progress']);
    expect(out).toMatch(/not started\s+01 /);
    expect(out).toContain('1 hint(s), viewed the solution');
  });
});

describe('reset and restore', { timeout: LONG }, () => {
  it("reset puts back the recorded starter and says how to undo it; restore brings the learner's files back", async () => {
    const b = box(['01-wal-entry']);
    const entry = path.join(b.lessons, '01-wal-entry', 'entry.ts');
    const mine = readFileSync(entry, 'utf8');
    const reset = await course(b, ['reset', '01', '--yes']);
    expect(reset.code, reset.out).toBe(0);
    expect(readFileSync(entry, 'utf8'), "the course's recorded starter").toBe(
      pristineStarter('lessons/01-wal-entry/entry.ts')!.source,
    );
    expect(reset.out).toContain('To put them back: npm run course -- restore 01');
    const restore = await course(b, ['restore', '01', '--yes']);
    expect(restore.code, restore.out).toBe(0);
    expect(readFileSync(entry, 'utf8'), "the learner's files are back").toBe(mine);
    const list = await course(b, ['restore', '01', '--list']);
    expect(
      list.out.match(/^ {2}\d{4}-\d\d-\d\dT\S+ {2}\(entry\.ts\)$/gm)?.length,
      'the reset and the restore each made a backup',
    ).toBe(2);
    const bad = await course(b, ['restore', '01', '--from', 'yesterday', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('Valid backups');
  });

  it('restore without a backup says where backups come from', async () => {
    const { code, out } = await course(box(), ['restore', '02']);
    expect(code).toBe(2);
    expect(out).toContain('npm run course -- reset 02');
  });
});

describe('colour', { timeout: LONG }, () => {
  it('is off in piped output and with NO_COLOR, and on with FORCE_COLOR', async () => {
    const b = box();
    const piped = await course(b, ['list'], { NO_COLOR: '', FORCE_COLOR: '' });
    expect(piped.out, 'no escape codes when piped').not.toContain('\x1b[');
    const forced = await course(b, ['list'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(forced.out, 'FORCE_COLOR turns colour on').toContain('\x1b[');
  });

  it('follows NO_COLOR and FORCE_COLOR on a terminal', () => {
    const tty = { isTTY: true };
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
  });
});

describe('failures point at their cause', () => {
  const order = ['compareBytes()', 'compareInternalKeys()', 'MemTable.put()', 'MemTable.get()', 'MemTable.scan()'];

  it('a test is placed by the function its sentence names, then where it threw, then the file it tests', () => {
    expect(rankFailure(order, 'memtable > scan yields each live key once', '')).toBe(4);
    expect(rankFailure(order, 'internal keys > compareBytes compares bytes as unsigned numbers', '')).toBe(0);
    expect(
      rankFailure(
        order,
        'a read',
        'Your code threw TypeError\n  at MemTable.get (lessons/05-memtable/memtable.ts:3:1)',
      ),
    ).toBe(3);
    expect(rankFailure(order, 'sorts as unsigned numbers', '', 'compareBytes()')).toBe(0);
    expect(rankFailure(order, 'the next key is found', ''), 'a plain English word is not a function name').toBe(
      order.length,
    );
  });

  it('a diff of long values shows the differing element, not the first lines', () => {
    const lines = (n: number, changed?: number) =>
      ['Array [', ...Array.from({ length: n }, (_, i) => `  ${i === changed ? 999 : i},`), ']'].join('\n');
    const diff = compactDiff({ message: 'x', expected: lines(500), actual: lines(500, 321) })!;
    expect(diff).toContain('\n-  321,\n+  999,\n');
    expect(diff.split('\n').length, 'only the lines around the difference').toBeLessThan(15);
  });
});

describe('the watcher', () => {
  it('sees a save in place, a rename over the file, an append, a new file and a removal', () => {
    const b = box();
    const dir = path.join(b.lessons, '01-wal-entry');
    const file = path.join(dir, 'entry.ts');
    const steps: [string, () => void][] = [
      ['in place', () => writeFileSync(file, `${readFileSync(file, 'utf8')}// a\n`)],
      ['append', () => appendFileSync(file, '// b\n')],
      [
        'rename over the file',
        () => {
          writeFileSync(path.join(dir, '.entry.ts.tmp'), readFileSync(file, 'utf8'));
          renameSync(path.join(dir, '.entry.ts.tmp'), file);
        },
      ],
      ['new file', () => writeFileSync(path.join(dir, 'extra.ts'), 'export {};\n')],
      ['removal', () => rmSync(path.join(dir, 'extra.ts'))],
    ];
    for (const [what, act] of steps) {
      const before = snapshot([b.lessons]);
      act();
      expect(changedFiles(before, snapshot([b.lessons])).length, what).toBeGreaterThan(0);
    }
  });
});
