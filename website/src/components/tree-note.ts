// What a picture says about whose code it runs, from the plugin's SiteTree (plugins/site-tree.ts),
// without React (tested in test/support/site-tree.test.ts).
import type { LessonTree } from '../../plugins/site-tree';

/** "01-03, 05, 07-08": lesson numbers in course order, runs of consecutive ones as ranges. */
export function lessonRanges(slugs: readonly string[]): string {
  const numbers = slugs.map((s) => Number(s.slice(0, 2))).sort((a, b) => a - b);
  const parts: string[] = [];
  const two = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(i === j ? two(numbers[i]!) : `${two(numbers[i]!)}-${two(numbers[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * The note a picture shows when the site runs the learner's code, or undefined when it runs the
 * reference (the default, which needs no note).
 */
export function treeNote(lessons: readonly LessonTree[]): { mine: string; reference?: string } | undefined {
  const mine = lessons.filter((l) => l.tree === 'lessons').map((l) => l.slug);
  const reference = lessons.filter((l) => l.why === 'not started').map((l) => l.slug);
  if (mine.length === 0 && reference.length === 0) return undefined;
  return {
    mine:
      mine.length > 0
        ? `This picture runs your own code from lessons/ for lessons ${lessonRanges(mine)}.`
        : 'This site was started to run your own code (npm run docs -- --mine), but you have not started a lesson yet.',
    ...(reference.length > 0
      ? {
          reference: `You have not started lessons ${lessonRanges(reference)} yet: they run the reference (solutions/).`,
        }
      : {}),
  };
}
