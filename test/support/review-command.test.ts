/**
 * `npm run course -- review NN`, end to end, in a sandbox copy of lessons/ with its own progress
 * log (see cli-session.ts). Catches:
 *
 * - a review that opens before the lesson passed, or on a lesson with no review exercises, or
 *   with no review test, without the course's clear message and exit 2;
 * - a pull request that shows the mutant's name (the answer) or no description;
 * - a starter review test that is not written, or that overwrites the learner's own;
 * - a --check that accepts a test which passes on the colleague's version;
 * - a catch that is not recorded, not counted by list and progress, or not explained.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLesson } from '../../cli/catalog.ts';
import type { ProgressEvent } from '../../cli/progress.ts';
import { loadLessonMutants, pickMutant, scratchDir } from '../../cli/review.ts';
import { ROOT } from '../../cli/trees.mjs';
import { sandbox, type Sandbox } from './cli-session.ts';

const run = promisify(execFile);
const lesson = findLesson('01');
/** The bug the sandbox's learner is shown first: a delete that keeps an empty value. */
const BUG = 'a delete keeps an empty value instead of none';

async function course(box: Sandbox, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      cwd: ROOT,
      env: box.env,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** A first-event time for which the pick is BUG, so the test knows which review to write. */
async function learnerWhoGets(bug: string): Promise<ProgressEvent> {
  const mutants = await loadLessonMutants(lesson);
  for (let day = 1; ; day++) {
    const event: ProgressEvent = {
      type: 'passed',
      lesson: lesson.slug,
      at: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`,
    };
    if (pickMutant(lesson, mutants, [event])?.mutant.name === bug) return event;
    if (day > 400) throw new Error(`no first event picks "${bug}"`);
  }
}

const noStack = (out: string) =>
  expect(out, 'bad input must not print a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);

const reviewTest = (body: string) => `import { expect, it } from 'vitest';
import { deleteEntry } from '@ferris/01-wal-entry/entry.ts';
${body}
`;

describe('review NN', () => {
  let box: Sandbox;
  const testFile = () => path.join(box.lessons, lesson.slug, 'review.test.ts');
  beforeAll(() => {
    box = sandbox([lesson.slug]);
  });
  afterAll(() => {
    if (!box) return;
    rmSync(scratchDir(box.lessons), { recursive: true, force: true });
    box.remove();
  });

  it('is refused with exit 2 for an unknown lesson and for a lesson that has not passed', async () => {
    const unknown = await course(box, ['review', '42']);
    expect(unknown.code, unknown.out).toBe(2);
    expect(unknown.out).toContain('There is no lesson "42"');
    const locked = await course(box, ['review', '01']);
    expect(locked.code, locked.out).toBe(2);
    expect(locked.out, 'it says why and what to do').toContain('has not passed on your code yet');
    expect(locked.out).toContain('npm run lesson -- 01');
    noStack(locked.out);
    expect(existsSync(testFile()), 'nothing is written while it is locked').toBe(false);
  }, 120_000);

  it('--check without a review test is refused with exit 2 and says how to get one', async () => {
    mkdirSync(path.dirname(box.log), { recursive: true });
    writeFileSync(box.log, `${JSON.stringify(await learnerWhoGets(BUG))}\n`);
    const { code, out } = await course(box, ['review', '01', '--check']);
    expect(code, out).toBe(2);
    expect(out).toContain('npm run course -- review 01');
    noStack(out);
  }, 120_000);

  it("shows the pull request in the colleague's words, without its name, and writes a starter test once", async () => {
    const { code, out } = await course(box, ['review', '01']);
    expect(code, out).toBe(0);
    expect(out, 'the description of this pull request').toContain('Deletes now carry an empty Uint8Array');
    expect(out, 'the changed line, in a diff against the learner file').toContain(
      '+  return Object.freeze({ sequence, key: keyCopy, value: new Uint8Array(0) });',
    );
    expect(out, 'never the answer').not.toContain(BUG);
    expect(readFileSync(testFile(), 'utf8'), 'the starter imports through the alias').toContain(
      "'@ferris/01-wal-entry/entry.ts'",
    );
    writeFileSync(testFile(), '// mine\n');
    await course(box, ['review', '01']);
    expect(readFileSync(testFile(), 'utf8'), "the learner's own test is never overwritten").toBe('// mine\n');
  }, 120_000);

  it('--hint narrows down one level at a time, and never says the name', async () => {
    const first = await course(box, ['review', '01', '--hint']);
    const second = await course(box, ['review', '01', '--hint']);
    expect(first.out).toContain('review hint 1 of 3');
    expect(second.out).toContain('review hint 2 of 3');
    expect(second.out, 'the function').toContain('deleteEntry');
    expect(first.out + second.out).not.toContain(BUG);
    expect(box.events('review-hint', lesson.slug), 'each hint is recorded').toBe(2);
    expect(readFileSync(box.log, 'utf8'), "the learner's own log does not name the bug either").not.toContain(BUG);
  }, 120_000);

  it('a review test with a syntax error is refused with exit 2', async () => {
    writeFileSync(testFile(), reviewTest('it("broken", () => { expect(1).toBe(1) '));
    const { code, out } = await course(box, ['review', '01', '--check', '--seed', '1']);
    expect(code, out).toBe(2);
    expect(out).toContain('does not load');
  }, 240_000);

  it("a test that passes on the colleague's version is refused, and nothing is recorded", async () => {
    writeFileSync(
      testFile(),
      reviewTest(
        "it('a delete keeps its key', () => { expect(deleteEntry(0, new Uint8Array([7])).key, 'the key').toEqual(new Uint8Array([7])); });",
      ),
    );
    const { code, out } = await course(box, ['review', '01', '--check', '--seed', '1']);
    expect(code, out).toBe(1);
    expect(out, 'says which of the three held').toContain(
      "It passes on the colleague's version: it does not catch the bug yet.",
    );
    expect(out).toContain('It passes on the reference, as it must.');
    expect(box.events('reviewed', lesson.slug), 'not recorded').toBe(0);
  }, 240_000);

  it('a test that catches the bug is recorded, explained, and counted by list and progress', async () => {
    writeFileSync(
      testFile(),
      reviewTest(
        "it('a delete has no value', () => { expect(deleteEntry(0, new Uint8Array(1)).value, 'none').toBeNull(); });",
      ),
    );
    const { code, out } = await course(box, ['review', '01', '--check', '--seed', '1']);
    expect(code, out).toBe(0);
    expect(out).toContain("It fails on the colleague's version, as it must");
    expect(out, 'the bug, by name, once caught').toContain(BUG);
    expect(out, "the lesson's own tests that catch it").toMatch(/own tests that catch it:\n\s+✗ /);
    expect(out, 'where the lesson says so').toContain('lessons/01-wal-entry/README.md');
    expect(box.events('reviewed', lesson.slug), 'recorded once').toBe(1);
    const total = (await loadLessonMutants(lesson)).length;
    expect((await course(box, ['list'])).out).toMatch(new RegExp(`01 +WAL entry .*reviews 1/${total}`));
    expect((await course(box, ['progress'])).out).toContain(`reviews 1/${total}`);
    const next = await course(box, ['review', '01']);
    expect(next.out, 'the next pull request is another one').not.toContain('Deletes now carry an empty Uint8Array');
  }, 360_000);
});
