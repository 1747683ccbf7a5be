// Graded hints for a review (`npm run course -- review NN --hint`), built from where the mutant
// changes the reference: first the file, then the function, then nearly the bug (the line, and
// where the lesson talks about it). Never the mutant's name: that is the answer.
import type { Lesson } from './catalog.ts';
import type { Mutant } from '../test/mutant.ts';
import type { Review } from '../test/review.ts';
import { applyMutant, parseSee } from './review.ts';

/** A line that opens a function or method: `function f(`, `f(...) {`, `const f = (...) =>`, `get f()`. */
const OPENS_FUNCTION = [
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/,
  /^\s*(?:export\s+)?(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>/,
  /^\s*(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*(?:\*\s*)?\[?#?([A-Za-z_$][\w$.]*)\]?\s*(?:<[^>]*>)?\([^;]*$/,
];
const NOT_A_NAME = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'await', 'new', 'throw', 'super']);

/** The 1-based lines of the colleague's file that differ from the reference (where the mutant sits). */
export function changedLines(reference: string, mutant: Mutant): { first: number; lines: string[] } {
  const first = reference.slice(0, Math.max(reference.indexOf(mutant.find), 0)).split('\n').length;
  const count = mutant.replace.split('\n').length;
  return {
    first,
    lines: applyMutant(reference, mutant)
      .split('\n')
      .slice(first - 1, first - 1 + count),
  };
}

/** The function around line `line` (1-based) of `source`, with the line it starts on. */
export function enclosingFunction(source: string, line: number): { name: string; line: number } | undefined {
  const lines = source.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const text = lines[i]!;
    for (const pattern of OPENS_FUNCTION) {
      const name = pattern.exec(text)?.[1];
      if (name && !NOT_A_NAME.has(name)) return { name, line: i + 1 };
    }
  }
  return undefined;
}

export function reviewHints(lesson: Lesson, mutant: Mutant, review: Review, reference: string): string[] {
  const file = `${lesson.slug}/${mutant.file}`;
  const { first, lines } = changedLines(reference, mutant);
  const fn = enclosingFunction(reference, first);
  const see = parseSee(review.see);
  return [
    `The bug is in ${mutant.file}: read that file of the colleague's version (the lesson's other files are unchanged). Which rule of the lesson's README does it rely on?`,
    fn
      ? `Look at ${fn.name} in ${file}, which starts on line ${fn.line} of the colleague's version. Which input would make it answer differently from what the lesson asks?`
      : `Look near line ${first} of ${file}, outside any function: a constant or a declaration.`,
    [
      `Nearly there: line ${first} of the colleague's ${mutant.file} reads`,
      ...lines.map((l) => `    ${l.trim()}`),
      see ? `and the lesson's ${see.file} says: "${see.quote}". Write the input where those two disagree.` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  ];
}
