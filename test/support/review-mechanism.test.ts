/**
 * The review exercises' logic, without running vitest inside vitest (the command itself is tested
 * end to end in review-command.test.ts). Catches:
 *
 * - a verdict that counts a test which passes on the colleague's version (the bug is not proved),
 *   or one that fails on the reference or on the learner's code (the test rejects correct code);
 * - a verdict on a test that does not load at all, instead of "fix the error";
 * - a pick that changes between runs before the bug is caught, or picks a caught one again;
 * - hints that say the mutant's name (the answer), or do not narrow down from file to line;
 * - a starter review test that imports lesson code by a relative path (which bypasses the swap);
 * - a reviews.ts that does not load reported as a crash rather than a clear message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { findLesson } from '../../cli/catalog.ts';
import { UsageError } from '../../cli/errors.ts';
import type { ProgressEvent } from '../../cli/progress.ts';
import { judgeReview, type ReviewRole, type RoleResult } from '../../cli/review-check.ts';
import { reviewHints } from '../../cli/review-hints.ts';
import { starterReviewTest } from '../../cli/review-starter.ts';
import { loadLessonMutants, loadReviews, pickMutant, reviewCount } from '../../cli/review.ts';
import { reference } from './cli-session.ts';

const outcome = (fails: boolean): RoleResult => ({ total: 1, failed: fails ? ['it'] : [], loadErrors: [] });
const broken: RoleResult = { total: 0, failed: [], loadErrors: ['SyntaxError: Unexpected token'] };

describe('the verdict on a review test', () => {
  test.prop([fc.boolean(), fc.boolean(), fc.boolean()])(
    "a review test counts exactly when it fails on the colleague's version and passes on yours and on the reference",
    (colleagueFails, yoursFails, referenceFails) => {
      const results = new Map<ReviewRole, RoleResult>([
        ['colleague', outcome(colleagueFails)],
        ['yours', outcome(yoursFails)],
        ['reference', outcome(referenceFails)],
      ]);
      const verdict = judgeReview(results);
      expect(verdict.counts, 'counts only for fail, pass, pass').toBe(colleagueFails && !yoursFails && !referenceFails);
      expect(
        verdict.lines.map((l) => l.held),
        'each of the three runs says whether it held',
      ).toEqual([colleagueFails, !yoursFails, !referenceFails]);
      expect(verdict.next.length, 'it always says what to do next').toBeGreaterThan(0);
    },
  );

  it("a test that passes on the colleague's version is refused, and says it does not catch the bug", () => {
    const verdict = judgeReview(
      new Map<ReviewRole, RoleResult>([
        ['colleague', outcome(false)],
        ['yours', outcome(false)],
        ['reference', outcome(false)],
      ]),
    );
    expect(verdict.counts, 'a test that passes on the bug proves nothing').toBe(false);
    expect(verdict.lines[0]!.words, 'the colleague line says it passed there').toMatch(
      /passes on the colleague's version/,
    );
  });

  it('a test with no tests in it, or that does not load, never counts', () => {
    const empty: RoleResult = { total: 0, failed: [], loadErrors: [] };
    const none = new Map<ReviewRole, RoleResult>([
      ['colleague', empty],
      ['reference', empty],
    ]);
    expect(judgeReview(none).counts, 'an empty file proves nothing').toBe(false);
    const all = new Map<ReviewRole, RoleResult>([
      ['colleague', broken],
      ['yours', broken],
      ['reference', broken],
    ]);
    const verdict = judgeReview(all);
    expect(verdict.counts, 'a file that does not load proves nothing').toBe(false);
    expect(verdict.broken, 'and it is reported as broken, not as a wrong test').toBe(true);
  });
});

describe('which pull request comes next', () => {
  const lesson = findLesson('01');
  const started = (at: string): ProgressEvent[] => [{ type: 'passed', lesson: lesson.slug, at }];

  test.prop([fc.date({ noInvalidDate: true }).map((d) => d.toISOString())], { numRuns: 20 })(
    'the same learner gets the same pull request until they catch it, then a different one not caught before',
    async (at) => {
      const mutants = await loadLessonMutants(lesson);
      const events = started(at);
      const first = pickMutant(lesson, mutants, events)!;
      expect(pickMutant(lesson, mutants, [...events]), 'asking again shows the same one').toEqual(first);
      const after = [...events, { type: 'reviewed' as const, lesson: lesson.slug, at, mutant: first.mutant.name }];
      const next = pickMutant(lesson, mutants, after)!;
      expect(next.mutant.name, 'a caught one is not picked again').not.toBe(first.mutant.name);
      expect(reviewCount(after, lesson, mutants), 'the count goes up by one').toEqual({
        reviewed: 1,
        total: mutants.length,
      });
    },
  );

  it('when every mutant is caught there is nothing left to review', async () => {
    const mutants = await loadLessonMutants(lesson);
    const at = '2026-11-25T00:00:00Z';
    const all = [
      ...started(at),
      ...mutants.map((m) => ({ type: 'reviewed' as const, lesson: lesson.slug, at, mutant: m.name })),
    ];
    expect(pickMutant(lesson, mutants, all), 'no pick once all are caught').toBeUndefined();
  });
});

describe('hints and the starter', () => {
  it("the hints go from the file to the function to the line, and never say the mutant's name", async () => {
    const lesson = findLesson('01');
    const reviews = (await loadReviews(lesson))!;
    for (const mutant of await loadLessonMutants(lesson)) {
      const hints = reviewHints(lesson, mutant, reviews[mutant.name]!, reference(lesson.slug, mutant.file));
      expect(hints, 'three levels').toHaveLength(3);
      expect(hints[0], 'the first names the file').toContain(mutant.file);
      expect(hints[2], 'the last shows the changed line').toContain(mutant.replace.split('\n')[0]!.trim());
      for (const h of hints) expect(h, 'no hint gives the answer away').not.toContain(mutant.name);
    }
  });

  it('the starter review test imports every file of the lesson through the alias and fails until it is written', () => {
    const lesson = findLesson('02');
    const starter = starterReviewTest(lesson);
    for (const file of lesson.files) expect(starter, `imports ${file}`).toContain(`'@ferris/${lesson.slug}/${file}'`);
    expect(starter, 'no relative import').not.toMatch(/from '\.\.?\//);
    expect(starter, 'its placeholder fails').toContain('expect.fail(');
  });

  it('a reviews.ts with a syntax error is a clear message, not a crash', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ferris-reviews-')), 'reviews.ts');
    writeFileSync(file, 'export const reviews = {\n');
    await expect(loadReviews(findLesson('01'), file), 'a UsageError, shown as a message with exit 2').rejects.toThrow(
      UsageError,
    );
  });
});
