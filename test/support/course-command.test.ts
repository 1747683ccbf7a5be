// The course command, end to end: bad input gets a clear message and exit code 2, nothing of the
// learner's is lost, and the progress log is replayed into status.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { replay, type ProgressEvent } from '../../cli/progress.ts';
import { pristineStarter } from '../../cli/starter.ts';
import { ROOT } from '../../cli/trees.mjs';

const run = promisify(execFile);

async function course(args: string[], log: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, FERRIS_PROGRESS_LOG: log, NO_COLOR: '1', FERRIS_MAP: '' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ferris-cli-'));
const noStack = (out: string) =>
  expect(out, 'bad input must not print a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('bad input to the course command', () => {
  it('an unknown lesson exits 2 and lists the valid lessons', async () => {
    const { code, out } = await course(['test', '42'], path.join(tmp(), 'log'));
    expect(code).toBe(2);
    expect(out).toContain('There is no lesson "42"');
    expect(out).toContain('01  01-wal-entry');
    noStack(out);
  });

  it('a bad flag exits 2 and lists the valid options', async () => {
    const { code, out } = await course(['test', '01', '--frobnicate'], path.join(tmp(), 'log'));
    expect(code).toBe(2);
    expect(out).toContain('--with-solutions');
    noStack(out);
  });

  it('an unknown command exits 2 and shows the usage', async () => {
    const { code, out } = await course(['frob'], path.join(tmp(), 'log'));
    expect(code).toBe(2);
    expect(out).toContain('Unknown command "frob"');
    expect(out).toContain('hint NN [level]');
  });

  it('a lesson folder with a missing file exits 2, names the file and says how to restore it', async () => {
    const impl = tmp();
    mkdirSync(path.join(impl, '01-wal-entry'));
    const { code, out } = await course(['test', '01', '--impl', impl], path.join(tmp(), 'log'));
    expect(code).toBe(2);
    expect(out).toContain('missing entry.ts');
    noStack(out);
  });

  it('an unreadable progress log exits 2, names the line, and is left exactly as it was', async () => {
    const log = path.join(tmp(), 'log');
    const content = '{"type":"started","lesson":"01-wal-entry","at":"2026-01-01T00:00:00Z"}\nnot json\n';
    writeFileSync(log, content);
    const { code, out } = await course(['progress'], log);
    expect(code).toBe(2);
    expect(out).toContain('unreadable line 2');
    expect(readFileSync(log, 'utf8'), "the learner's log must not be changed").toBe(content);
    noStack(out);
  });

  it('reset without a terminal and without --yes changes nothing', async () => {
    const before = readFileSync(path.join(ROOT, 'lessons/01-wal-entry/entry.ts'), 'utf8');
    const { code } = await course(['reset', '01'], path.join(tmp(), 'log'));
    expect(code).toBe(2);
    expect(readFileSync(path.join(ROOT, 'lessons/01-wal-entry/entry.ts'), 'utf8')).toBe(before);
  });
});

describe('running lessons', () => {
  it('test --impl passes on the reference and fails on the starter, without recording progress', async () => {
    const log = path.join(tmp(), 'log');
    const green = await course(['test', '01', '--impl', 'solutions', '--seed', '1'], log);
    expect(green.code, green.out).toBe(0);
    expect(green.out, 'every test of lesson 01 passes on the reference').toMatch(/[1-9]\d* passed\s+0 failed/);
    const starter = tmp();
    cpSync(path.join(ROOT, 'lessons/01-wal-entry'), path.join(starter, '01-wal-entry'), { recursive: true });
    const red = await course(['test', '01', '--impl', starter, '--seed', '1'], log);
    expect(red.code).toBe(1);
    expect(red.out).toContain('Still to write in lessons/01-wal-entry/');
    // Runs of another tree record nothing at all, so the log may not even exist.
    const events = existsSync(log) ? readFileSync(log, 'utf8') : '';
    expect(events, "only the learner's own tree records a pass").not.toContain('"passed"');
  }, 180_000); // two vitest runs of a lesson: slow on a busy machine

  it('hints come one level at a time and are recorded', async () => {
    const log = path.join(tmp(), 'log');
    const first = await course(['hint', '01'], log);
    expect(first.out).toContain('hint 1 of');
    const second = await course(['hint', '01'], log);
    expect(second.out).toContain('hint 2 of');
    const bad = await course(['hint', '01', '99'], log);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('Valid levels');
  });

  it("solution shows the reference and a diff against the learner's file", async () => {
    const { code, out } = await course(['solution', '01'], path.join(tmp(), 'log'));
    expect(code).toBe(0);
    expect(out).toContain('solutions/01-wal-entry/entry.ts');
    expect(out).toContain('+  return entryBytes.copy(bytes);');
  });
});

describe('progress is a replay of the event log', () => {
  const at = '2026-11-25T00:00:00Z';
  it('a pass marks the lesson done, and a later reset reopens it', () => {
    const events: ProgressEvent[] = [
      { type: 'started', lesson: '01-wal-entry', at },
      { type: 'hint', lesson: '01-wal-entry', at, level: 2 },
      { type: 'passed', lesson: '01-wal-entry', at },
    ];
    expect(replay(events).get('01-wal-entry')).toMatchObject({ status: 'done', hintsSeen: 2, passed: at });
    const reopened = replay([...events, { type: 'reset', lesson: '01-wal-entry', at, backup: 'x' }]);
    expect(reopened.get('01-wal-entry')?.status).toBe('in progress');
  });

  it('the starter for reset is found in git history, still throwing NotImplemented', () => {
    const starter = pristineStarter('lessons/01-wal-entry/entry.ts');
    expect(starter?.source).toContain("new NotImplemented('01-wal-entry', 'putEntry()')");
  });
});
