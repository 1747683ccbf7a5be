// `npm start` (and `npm run lesson -- NN`): the learner's home. It shows progress, finds the
// current lesson (the first whose tests fail on the learner's tree), runs its tests, runs the whole
// lesson again on every save, and answers keys: h hint, a all failures, l list, n next lesson,
// r run again, q quit.
import path from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import type { TestModule } from 'vitest/node';
import { lessons, type Lesson } from './catalog.ts';
import { readHints } from './hints.ts';
import { appendEvent, now, readEvents, recordPassed, recordStarted, replay, type LessonProgress } from './progress.ts';
import {
  checkTree,
  createLessonRunner,
  explain,
  isGreen,
  LESSONS_DIR,
  quietVitest,
  summarize,
  treeMapFor,
  type LessonRunner,
  type RunSummary,
  type TreeOptions,
} from './runner.ts';
import type { TreeMap } from './trees.mjs';
import { color, progressBar } from './ui.ts';
import { snapshot } from './watch.ts';

interface HomeOptions {
  /** Start at this lesson instead of finding the current one. */
  readonly lesson?: Lesson;
  readonly options: TreeOptions;
  readonly seed: string;
  /** `npm run lesson -- NN`: start on this lesson rather than the first unfinished one. */
  readonly singleLesson: boolean;
  /** Run once and exit (no watching, no keys): for scripts and tests. */
  readonly once?: boolean;
  /** Show every failure in full from the start (--all); the `a` key toggles it. */
  readonly all?: boolean;
}

const interactive = () => process.stdin.isTTY === true && process.stdout.isTTY === true;

/** The first lesson after `current` that the log does not record as done. */
export function nextLesson(
  all: readonly Lesson[],
  current: Lesson,
  state: Map<string, LessonProgress>,
): Lesson | undefined {
  return all.find((l) => l.number > current.number && state.get(l.slug)?.status !== 'done');
}

/** Whether passes on this tree go into the learner's record: only runs of their own tree do. */
export const recordsProgress = (options: TreeOptions) => path.resolve(options.impl) === LESSONS_DIR;

async function runLessons(batch: Lesson[], map: TreeMap): Promise<Map<string, RunSummary>> {
  const vitest = await quietVitest(
    map,
    batch.map((l) => `test/${l.slug}/**/*.test.ts`),
  );
  try {
    const result = await vitest.start();
    return new Map(
      batch.map((l) => [
        l.slug,
        summarize(
          l,
          result.testModules.filter((m: TestModule) => m.moduleId.includes(`/test/${l.slug}/`)),
          map,
        ),
      ]),
    );
  } finally {
    await vitest.close();
  }
}

/**
 * Runs the lessons up to the first one the log does not record as done, and returns the first
 * that fails (lessons recorded as done are checked again, not trusted). Without --with-solutions
 * a batch shares one vitest run; with it each lesson needs its own tree map, so its own run.
 */
async function findCurrentLesson(
  all: Lesson[],
  options: TreeOptions,
): Promise<{ lesson: Lesson; summary: RunSummary } | undefined> {
  const state = replay(readEvents());
  let from = 0;
  while (from < all.length) {
    let to = from;
    while (!options.withSolutions && to < all.length - 1 && state.get(all[to]!.slug)?.status === 'done') to++;
    const batch = all.slice(from, to + 1);
    for (const l of batch) checkTree(l, options);
    const summaries = await runLessons(batch, treeMapFor(batch[batch.length - 1]!, options));
    for (const l of batch) {
      const summary = summaries.get(l.slug)!;
      if (!isGreen(summary)) return { lesson: l, summary };
      if (recordsProgress(options)) recordPassed(l.slug);
    }
    from = to + 1;
  }
  return undefined;
}

export async function startHome(home: HomeOptions): Promise<number> {
  const all = lessons();
  const write = (text: string) => process.stdout.write(text);
  // Saves made while the scan runs are not lost: the watcher compares against this.
  const beforeScan = snapshot([path.resolve(home.options.impl)]);
  const found = home.lesson ? undefined : await findCurrentLesson(all, home.options);
  let lesson = home.lesson ?? found?.lesson;
  if (!lesson) {
    const done = all.length;
    write(`${progressBar(done, all.length)} ${done}/${all.length} lessons done\n\n`);
    write(color.green('Every written lesson passes on your tree. Well done!\n'));
    write('Revisit one with: npm run lesson -- NN, or compare with the reference: npm run course -- solution NN\n');
    return 0;
  }

  let runner: LessonRunner | undefined;
  let last: RunSummary | undefined;
  let note = '';
  let running = false;
  let showAll = home.all ?? false;
  const keys = interactive() && !home.once;

  const render = () => {
    const state = replay(readEvents());
    const done = all.filter((l) => state.get(l.slug)?.status === 'done').length;
    const current = lesson!;
    const lines: string[] = [];
    lines.push(`${color.bold('FerrisDB course')}  ${progressBar(done, all.length)} ${done}/${all.length} lessons done`);
    lines.push(
      `${color.bold(`Lesson ${current.number}: ${current.title}`)}  ${color.dim(`lessons/${current.slug}/README.md · seed ${home.seed}`)}`,
    );
    lines.push('');
    if (running) lines.push(color.dim(last ? 'Running the whole lesson again…' : 'Running the tests…'));
    if (last)
      lines.push(
        explain(current, last, {
          details: showAll ? 'all' : 2,
          showAll: keys ? 'press a' : `npm run course -- test ${current.number} --all`,
        }),
      );
    if (last && isGreen(last)) {
      const next = nextLesson(all, current, state);
      lines.push(
        '',
        color.green(
          `Lesson ${current.number} passes!${recordsProgress(home.options) ? ' It is recorded in your progress.' : ''}`,
        ),
      );
      lines.push(
        `Compare with the reference: npm run course -- solution ${current.number}  ·  read the review: lessons/${current.slug}/dialogue.md`,
      );
      lines.push(
        next
          ? `Next: lesson ${next.number}, ${next.title}${keys ? ' (press n)' : ` (npm run lesson -- ${next.number})`}`
          : 'Every later lesson is done too.',
      );
    }
    if (note) lines.push('', note);
    if (!home.once) {
      lines.push(
        '',
        color.dim(
          `${keys ? 'Keys: h hint · a all failures · l list · n next lesson · r run again · q quit' : 'Watching for changes (Ctrl-C to stop)'} · saving a file runs the whole lesson again`,
        ),
      );
    }
    if (keys) write('\x1b[2J\x1b[H');
    write(`${lines.join('\n')}\n`);
  };

  /** Opens a lesson; `known` is a result the scan already has, so the first run is not repeated. */
  const open = async (chosen: Lesson, known?: RunSummary) => {
    await runner?.close();
    runner = undefined;
    lesson = chosen;
    last = known;
    note = '';
    checkTree(chosen, home.options);
    if (recordsProgress(home.options)) recordStarted(chosen.slug);
    running = !known;
    render();
    if (known && home.once) return;
    runner = await createLessonRunner(chosen, treeMapFor(chosen, home.options), {
      watch: !home.once,
      since: known ? beforeScan : undefined,
      onRunStart: () => {
        running = true;
        render();
      },
      onResult: (summary) => {
        running = false;
        last = summary;
        if (isGreen(summary) && recordsProgress(home.options)) recordPassed(chosen.slug);
        render();
      },
    });
    if (!known) await runner.run();
  };

  await open(lesson, found?.summary);
  if (home.once) {
    await runner?.close();
    return last && isGreen(last) ? 0 : 1;
  }

  if (!interactive()) return new Promise<number>(() => undefined); // watch until interrupted

  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  return new Promise<number>((resolve) => {
    process.stdin.on('keypress', (_text: string, key: { name?: string; ctrl?: boolean }) => {
      void (async () => {
        const current = lesson!;
        try {
          if (key.name === 'q' || (key.ctrl && key.name === 'c')) {
            process.stdin.setRawMode(false);
            process.stdin.pause(); // stop reading keys, so the process can end
            await runner?.close();
            write('\nBye. Your progress is saved; npm start picks up where you are.\n');
            resolve(0);
          } else if (key.name === 'r') {
            await runner?.run();
          } else if (key.name === 'a') {
            showAll = !showAll;
            note = showAll ? color.dim('Showing every failure in full (press a for the short view).') : '';
            render();
          } else if (key.name === 'h') {
            const hints = readHints(current);
            const seen = replay(readEvents()).get(current.slug)?.hintsSeen ?? 0;
            const level = Math.min(seen + 1, hints.length);
            appendEvent({ type: 'hint', lesson: current.slug, at: now(), level });
            note = `${color.bold(`Hint ${level} of ${hints.length}`)}\n${hints[level - 1] ?? ''}${level < hints.length ? color.dim('\n(press h again for the next level)') : ''}`;
            render();
          } else if (key.name === 'l') {
            const state = replay(readEvents());
            note = all
              .map((l) => {
                const status = state.get(l.slug)?.status ?? 'not started';
                const mark = status === 'done' ? color.green('✓') : l.slug === current.slug ? color.yellow('→') : ' ';
                return `${mark} ${l.number} ${l.title.padEnd(30)} ${color.dim(status)}`;
              })
              .join('\n');
            render();
          } else if (key.name === 'n') {
            const next = nextLesson(all, current, replay(readEvents()));
            if (next) await open(next);
            else {
              note = 'Every lesson after this one is done. Revisit one with: npm run lesson -- NN';
              render();
            }
          }
        } catch (error) {
          note = color.red((error as Error).message);
          render();
        }
      })();
    });
  });
}
