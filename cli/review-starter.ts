// The starter of a learner's review test, lessons/NN-slug/review.test.ts, written by
// `npm run course -- review NN` when the file is missing (never over the learner's own).
import type { Lesson } from './catalog.ts';

/** `entry-codec.ts` -> `entryCodec` */
const moduleName = (file: string) =>
  file.replace(/\.ts$/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function starterReviewTest(lesson: Lesson): string {
  const imports = lesson.files.map((f) => `import * as ${moduleName(f)} from '@ferris/${lesson.slug}/${f}';`);
  return `/**
 * Your review of a colleague's pull request to lesson ${lesson.number} (npm run course -- review ${lesson.number}).
 *
 * Prove the bug you found with a test. \`npm run course -- review ${lesson.number} --check\` runs this
 * file three times, and it counts only if it
 *   - FAILS on the colleague's version (that proves the bug), and
 *   - PASSES on your own code and on the reference (that proves it asks only what the lesson asks).
 *
 * Import the lesson's code only through the alias, as below and as the lesson's own tests do:
 * the check swaps the code behind \`@ferris/${lesson.slug}/...\` for each run. A relative import
 * (\`./file.ts\`) would test your own file every time, so the check refuses it.
 *
 * A property (\`test.prop\`) searches for the input that breaks the colleague's code; a plain
 * \`it\` with one example is fine when you already know the input. Give each \`expect\` a message
 * in words, as the lesson's tests do. Keep the tests of earlier reviews if you like: they pass on
 * correct code, so they do not get in the way of the next one.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
${imports.join('\n')}

describe("my review of the colleague's pull request", () => {
  it('shows the bug (replace this placeholder with your test)', () => {
    expect.fail('Write your review test here: see the comment at the top of this file.');
  });

  // A property has this shape:
  // test.prop([fc.uint8Array({ maxLength: 16 })])('a sentence that says the rule', (bytes) => {
  //   expect(/* what the code answers */ bytes.length, 'what must hold, in words').toBe(bytes.length);
  // });
});
`;
}
