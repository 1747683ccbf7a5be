// `npm run course -- review NN [--check | --hint] [--full] [--seed S]`: the review exercise.
//
//   review NN          shows a colleague's pull request to lesson NN (one mutant of the reference),
//                      as a diff against the learner's own file, and writes a starter review test
//   review NN --check  runs lessons/NN-slug/review.test.ts three ways (cli/review-check.ts); when
//                      it catches the bug, records a `reviewed` event and explains the bug
//   review NN --hint   the next graded hint about where to look
//
// Unlocked once the lesson has passed on the learner's tree (the progress log says so).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parseSeed, type Parsed } from './args.ts';
import { LESSONS_DIR, SOLUTIONS_DIR, type Lesson } from './catalog.ts';
import { materializeMutant } from './course-plan.ts';
import { UsageError } from './errors.ts';
import { appendEvent, now, readEvents, replay } from './progress.ts';
import { judgeReview, reviewRuns, roleResult, type ReviewRole, type RoleResult } from './review-check.ts';
import { reviewHints } from './review-hints.ts';
import { starterReviewTest } from './review-starter.ts';
import {
  applyMutant,
  loadLessonMutants,
  loadReviews,
  parseSee,
  pickMutant,
  reviewCount,
  reviewOf,
  reviewTestFile,
  scratchDir,
} from './review.ts';
import { runProjects } from './review-run.ts';
import { color } from './ui.ts';
import type { Mutant } from '../test/mutant.ts';
import type { Review } from '../test/review.ts';

const shown = (file: string) => path.relative(process.cwd(), file) || '.';

interface Current {
  readonly lesson: Lesson;
  readonly mutant: Mutant;
  readonly index: number;
  readonly caught: { reviewed: number; total: number };
}

/** The review under way for a lesson (or `done`, the count, when every mutant is caught). Bad input: UsageError. */
async function current(lesson: Lesson) {
  const events = readEvents();
  if (replay(events).get(lesson.slug)?.status !== 'done') {
    throw new UsageError(
      `Lesson ${lesson.number} (${lesson.title}) has not passed on your code yet; its reviews unlock once it has.\n` +
        `Finish it first: npm run lesson -- ${lesson.number}   (a green run is recorded in your progress)`,
    );
  }
  const reviews = await loadReviews(lesson);
  if (!reviews) {
    throw new UsageError(
      `Lesson ${lesson.number} has no review exercises yet (there is no test/${lesson.slug}/reviews.ts). Try an earlier lesson: npm run course -- list`,
    );
  }
  const mutants = await loadLessonMutants(lesson);
  const picked = pickMutant(lesson, mutants, events);
  const caught = reviewCount(events, lesson, mutants);
  if (!picked) return { done: caught };
  return {
    review: reviewOf(reviews, picked.mutant, lesson),
    now: { lesson, ...picked, caught } satisfies Current,
    events,
  };
}

export async function review({ values }: Parsed, lesson: Lesson): Promise<number> {
  if (values.check && values.hint) throw new UsageError('Give --check or --hint, not both.');
  const seed = typeof values.seed === 'string' ? parseSeed(values.seed) : undefined;
  const found = await current(lesson);
  if (!found.now) {
    console.log(
      color.green(`You have caught all ${found.done.total} of lesson ${lesson.number}'s bugs in review. Well done!`),
    );
    return 0;
  }
  const { now: at, review } = found;
  const reference = readFileSync(path.join(SOLUTIONS_DIR, lesson.slug, at.mutant.file), 'utf8');
  if (values.hint) return hint(at, review, reference, found.events);
  if (values.check) return check(at, review, seed);
  return show(at, review.pr, reference, values.full === true);
}

function show(at: Current, pr: string, reference: string, full: boolean): number {
  const { lesson, mutant } = at;
  const colleague = applyMutant(reference, mutant);
  const tree = materializeMutant(lesson, mutant, at.index, path.join(scratchDir(), 'colleague'));
  const theirs = path.join(tree, lesson.slug, mutant.file);
  const mine = path.join(LESSONS_DIR, lesson.slug, mutant.file);
  console.log(
    color.bold(
      `Pull request to lesson ${lesson.number} (${lesson.title}): ${mutant.file}   (review ${at.caught.reviewed + 1} of ${at.caught.total})`,
    ),
  );
  console.log(`\nFrom your colleague:\n${wrap(pr, '  ')}\n`);
  if (full || !existsSync(mine)) {
    console.log(color.bold(`The colleague's ${mutant.file}:`));
    colleague.split('\n').forEach((line, i) => console.log(`${color.dim(String(i + 1).padStart(4))}  ${line}`));
  } else {
    const patch = createTwoFilesPatch(
      `lessons/${lesson.slug}/${mutant.file} (yours)`,
      `${lesson.slug}/${mutant.file} (the colleague's)`,
      readFileSync(mine, 'utf8'),
      colleague,
    );
    console.log(`${color.bold("The colleague's file against yours")} (- yours, + the colleague's):\n`);
    for (const line of patch.split('\n').slice(1)) {
      console.log(line.startsWith('+') ? color.green(line) : line.startsWith('-') ? color.red(line) : line);
    }
  }
  console.log(
    `\nThe colleague's whole file: ${shown(theirs)}   (or: npm run course -- review ${lesson.number} --full)`,
  );
  const testFile = reviewTestFile(lesson);
  const wrote = !existsSync(testFile);
  if (wrote) writeFileSync(testFile, starterReviewTest(lesson));
  console.log(
    `\nYour part: find the bug, and prove it with a test in ${shown(testFile)}${wrote ? ' (a starter is there now)' : ''}.`,
  );
  console.log("It must fail on the colleague's version, and pass on your own code and on the reference:");
  console.log(`  npm run course -- review ${lesson.number} --check`);
  console.log(color.dim(`Stuck? Hints about where to look: npm run course -- review ${lesson.number} --hint`));
  return 0;
}

function hint(at: Current, review: Review, reference: string, events: ReturnType<typeof readEvents>): number {
  const hints = reviewHints(at.lesson, at.mutant, review, reference);
  const seen = Math.max(
    0,
    ...events.flatMap((e) =>
      e.type === 'review-hint' && e.lesson === at.lesson.slug && e.mutant === hintId(at.mutant) ? [e.level] : [],
    ),
  );
  const level = Math.min(seen + 1, hints.length);
  console.log(
    `${color.bold(`Lesson ${at.lesson.number}, review hint ${level} of ${hints.length}`)}\n\n${hints[level - 1]}\n`,
  );
  if (level < hints.length)
    console.log(
      color.dim(`Still stuck? Ask again for the next one: npm run course -- review ${at.lesson.number} --hint`),
    );
  appendEvent({ type: 'review-hint', lesson: at.lesson.slug, at: now(), mutant: hintId(at.mutant), level });
  return 0;
}

/** A hint event names its mutant by a hash: the learner's own log must not give the bug away either. */
const hintId = (mutant: Mutant) => createHash('sha256').update(mutant.name).digest('hex').slice(0, 16);

/** Imports of lesson code by a relative path would bypass the swap of trees, so all three runs would test one file. */
const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]*)['"]/;

async function check(at: Current, review: Review, seed: string | undefined): Promise<number> {
  const { lesson, mutant } = at;
  const testFile = reviewTestFile(lesson);
  if (!existsSync(testFile)) {
    throw new UsageError(
      `There is no ${shown(testFile)} yet. See the pull request and get a starter test: npm run course -- review ${lesson.number}`,
    );
  }
  const relative = RELATIVE_IMPORT.exec(readFileSync(testFile, 'utf8'))?.[1];
  if (relative) {
    throw new UsageError(
      `${shown(testFile)} imports "${relative}" by a relative path. Import lesson code through the alias, ` +
        `for example @ferris/${lesson.slug}/${lesson.files[0]}, so the check can run your test against the colleague's version, yours and the reference.`,
    );
  }
  const scratch = scratchDir();
  const copy = path.join(scratch, 'test', lesson.slug, 'review.test.ts');
  mkdirSync(path.dirname(copy), { recursive: true });
  copyFileSync(testFile, copy);
  const tree = materializeMutant(lesson, mutant, at.index, path.join(scratch, 'colleague'));
  process.env.FERRIS_SEED = seed ?? process.env.FERRIS_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  console.log(
    `Checking ${shown(testFile)} three ways (seed ${process.env.FERRIS_SEED}): the colleague's version, yours, the reference...`,
  );
  const runs = reviewRuns(lesson, tree, copy, LESSONS_DIR);
  const modules = await runProjects(runs.map((r) => ({ name: r.role, map: r.map, include: r.include })));
  const results = new Map<ReviewRole, RoleResult>(runs.map((r) => [r.role, roleResult(modules.get(r.role) ?? [])]));
  const verdict = judgeReview(results);
  if (verdict.broken) {
    const why = [...results.values()][0]!.loadErrors[0] ?? '';
    throw new UsageError(
      `${shown(testFile)} does not load, so it proves nothing:\n${why}\nFix it and run the check again.`,
    );
  }
  console.log('');
  for (const line of verdict.lines) console.log(`${line.held ? color.green('✓') : color.red('✗')} ${line.words}`);
  console.log(`\n${verdict.counts ? color.green(verdict.next) : verdict.next}`);
  if (!verdict.counts) {
    console.log(color.dim(`Hints about where to look: npm run course -- review ${lesson.number} --hint`));
    return 1;
  }
  appendEvent({ type: 'reviewed', lesson: lesson.slug, at: now(), mutant: mutant.name });
  await explain(at, review, tree);
  return 0;
}

/** After a catch: the bug, why it is plausible, which of the lesson's tests catch it, where the lesson says so. */
async function explain(at: Current, review: Review, tree: string): Promise<void> {
  const { lesson, mutant } = at;
  console.log(`\n${color.bold("The colleague's bug:")} ${mutant.name} (in ${mutant.file}).`);
  console.log(`${color.bold('Why a careful person writes it:')}\n${wrap(review.why, '  ')}`);
  const modules = await runProjects([
    {
      name: 'lesson',
      map: { default: SOLUTIONS_DIR, lessons: { [lesson.slug]: tree } },
      include: [`test/${lesson.slug}/**/*.test.ts`],
    },
  ]);
  const failing = roleResult(modules.get('lesson') ?? []).failed;
  console.log(color.bold("The lesson's own tests that catch it:"));
  for (const name of failing.slice(0, 6)) console.log(`  ✗ ${name}`);
  if (failing.length > 6) console.log(`  …and ${failing.length - 6} more`);
  const see = parseSee(review.see);
  if (see)
    console.log(
      `${color.bold(`Where the lesson talks about it (lessons/${lesson.slug}/${see.file}):`)}\n  "${see.quote}"`,
    );
  const left = at.caught.total - at.caught.reviewed - 1;
  console.log(
    `\nReviews of lesson ${lesson.number}: ${at.caught.reviewed + 1} of ${at.caught.total} caught.` +
      (left > 0 ? ` The next pull request: npm run course -- review ${lesson.number}` : ' That was the last one.'),
  );
}

function wrap(text: string, indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}
