// Where the lesson tests' time goes: the slowest runs, and per lesson the seconds its reference,
// starter, mutant and review runs took, added over every test file they ran. The run uses every core, so the sum is
// more than the wall-clock time; the shares are what matter when the course check grows too slow.
import path from 'node:path';
import type { TestModule } from 'vitest/node';
import type { Check, CheckKind } from './course-plan.ts';
import { ROOT } from './trees.mjs';

type Seconds = Record<CheckKind, number>;

/** The time one test file took: setting up its environment, importing it, and its tests and hooks. */
function moduleSeconds(module: TestModule): number {
  const d = module.diagnostic();
  return (d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration) / 1000;
}

/** The test folder a file lies in (test/07-sstable/reads.test.ts -> 07-sstable). */
function folderOf(module: TestModule): string {
  const parts = path.relative(ROOT, module.moduleId).split(path.sep);
  return parts[0] === 'test' && parts.length > 2 ? parts[1]! : parts.slice(0, -1).join('/') || '.';
}

/** Lines of a table, the slowest lesson first: seconds per kind of run, and the mutant count. */
export function timingLines(runs: readonly { check: Check; modules: readonly TestModule[] }[], top = 12): string[] {
  const byLesson = new Map<string, { seconds: Seconds; mutants: number }>();
  const entryOf = (slug: string) => {
    const entry = byLesson.get(slug) ?? { seconds: { reference: 0, starter: 0, mutant: 0, review: 0 }, mutants: 0 };
    byLesson.set(slug, entry);
    return entry;
  };
  const perRun: { name: string; seconds: number }[] = [];
  for (const { check, modules } of runs) {
    let seconds = 0;
    // One reference run covers every lesson: charge each file to the folder it lies in.
    for (const module of modules) {
      const took = moduleSeconds(module);
      entryOf(folderOf(module)).seconds[check.kind] += took;
      seconds += took;
    }
    if (check.kind === 'mutant' && check.lesson) entryOf(check.lesson.slug).mutants++;
    perRun.push({ name: check.name, seconds });
  }
  const total = (s: Seconds) => s.reference + s.starter + s.mutant + s.review;
  const rows = [...byLesson].sort((a, b) => total(b[1].seconds) - total(a[1].seconds)).slice(0, top);
  const all = [...byLesson.values()].reduce((sum, e) => sum + total(e.seconds), 0);
  const slowest = perRun.sort((a, b) => b.seconds - a.seconds).slice(0, 15);
  return [
    `the slowest runs: ${slowest.map((r) => `${r.name} ${r.seconds.toFixed(1)} s`).join('; ')}`,
    `test time by lesson, all workers added (${Math.round(all)} s in all; the slowest ${rows.length}):`,
    ...rows.map(([slug, { seconds: s, mutants }]) =>
      [
        `  ${slug.padEnd(22)} ${total(s).toFixed(0).padStart(5)} s:`,
        `reference ${s.reference.toFixed(0)} s, starter ${s.starter.toFixed(0)} s,`,
        `${mutants} mutants ${s.mutant.toFixed(0)} s, reviews ${s.review.toFixed(0)} s`,
      ].join(' '),
    ),
  ];
}
