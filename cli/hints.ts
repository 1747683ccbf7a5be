// Graded hints: lessons/NN-slug/hints.md, one `## Hint N` section per level.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LESSONS_DIR, type Lesson } from './catalog.ts';
import { UsageError } from './errors.ts';

export function readHints(lesson: Lesson): string[] {
  const file = path.join(LESSONS_DIR, lesson.slug, 'hints.md');
  if (!existsSync(file))
    throw new UsageError(
      `Lesson ${lesson.slug} has no hints.md. Restore it with git: git checkout -- lessons/${lesson.slug}/hints.md`,
    );
  const sections = readFileSync(file, 'utf8')
    .split(/^## Hint \d+.*$/m)
    .slice(1);
  return sections.map((s) => s.trim());
}

export function parseLevel(raw: string | undefined, count: number): number | undefined {
  if (raw === undefined) return undefined;
  const level = Number(raw);
  if (!Number.isInteger(level) || level < 1 || level > count) {
    throw new UsageError(
      `There is no hint level "${raw}". Valid levels: ${Array.from({ length: count }, (_, i) => i + 1).join(', ')}.`,
    );
  }
  return level;
}
