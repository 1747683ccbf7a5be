// Every lesson page reads the same way (issue 15, "lessons as steps"): each lessons/NN-slug/README.md
// has the same sections in the same order, "What you will build" first, and its task as a numbered
// list of steps. The site builds the lesson pages from these files, so this is the site's check too.
// Catches: a lesson written with its own headings ("The task", "The properties the tests check"),
// a section missing or moved, an introduction without its "What you will build" heading (the
// site's "Run this lesson" then lands before it), a task given as a table or bullets only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS, allLessons } from '../../website/course.ts';

/** The sections every lesson has, in this order; a lesson may add its own between them. */
const LESSON_SECTIONS = [
  'What you will build',
  'Background',
  'Your task',
  'What the tests check',
  'Running the tests',
  'Going further',
  'Check your understanding',
] as const;

/** The "## " headings of a Markdown file, outside code fences. */
function sections(markdown: string): { title: string; body: string }[] {
  const out: { title: string; body: string }[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^## (.+)$/.exec(line);
    if (m) out.push({ title: m[1]!.trim(), body: '' });
    else if (out.length > 0) out[out.length - 1]!.body += `${line}\n`;
  }
  return out;
}

const written = allLessons().filter((l) => existsSync(path.join(LESSONS, l.slug, 'README.md')));

describe('lesson READMEs', () => {
  it('there are lessons to check', () => {
    expect(written.length, 'lessons/ should hold written lessons').toBeGreaterThan(0);
  });

  for (const lesson of written) {
    it(`${lesson.slug} has the course's sections in order and its task as numbered steps`, () => {
      const found = sections(readFileSync(path.join(LESSONS, lesson.slug, 'README.md'), 'utf8'));
      const titles = found.map((s) => s.title);
      expect(titles[0], `${lesson.slug}: the first section should be "What you will build"`).toBe(LESSON_SECTIONS[0]);
      const standard = titles.filter((t) => (LESSON_SECTIONS as readonly string[]).includes(t));
      expect(standard, `${lesson.slug}: the standard sections, once each, in this order`).toEqual([...LESSON_SECTIONS]);
      const task = found.find((s) => s.title === 'Your task')!.body.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
      expect(
        task.match(/^\d+\. /gm)?.length ?? 0,
        `${lesson.slug}: "Your task" should list its steps as a numbered list (1. ..., 2. ...)`,
      ).toBeGreaterThanOrEqual(1);
    });
  }
});
