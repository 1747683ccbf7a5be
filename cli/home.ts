// `npm start` (and `npm run lesson -- NN`): the learner's home. It shows progress, finds the
// current lesson (the first whose tests fail on the learner's tree), runs its tests, re-runs
// them on every save, and answers keys: h hint, l list, n next lesson, r run again, q quit.
import path from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import { createVitest } from 'vitest/node';
import type { TestModule } from 'vitest/node';
import { lessons, type Lesson } from './catalog.ts';
import { readHints } from './hints.ts';
import { appendEvent, now, readEvents, recordPassed, recordStarted, replay } from './progress.ts';
import { checkTree, createLessonRunner, explain, isGreen, LESSONS_DIR, summarize, treeMapFor, type LessonRunner, type RunSummary, type TreeOptions } from './runner.ts';
import { ROOT } from './trees.mjs';
import { color, progressBar } from './ui.ts';

interface HomeOptions {
  /** Start at this lesson instead of finding the current one. */
  readonly lesson?: Lesson;
  readonly options: TreeOptions;
  readonly seed: string;
  /** `npm run lesson -- NN`: stay on one lesson. */
  readonly singleLesson: boolean;
  /** Run once and exit (no watching, no keys): for scripts and tests. */
  readonly once?: boolean;
}

const interactive = () => process.stdin.isTTY === true && process.stdout.isTTY === true;


/**
 * Runs the lessons up to the first one the log does not record as done, in one vitest run, and
 * returns the first that fails (lessons recorded as done are checked again, not trusted).
 */
async function findCurrentLesson(all: Lesson[], options: TreeOptions): Promise<{ lesson: Lesson; summary: RunSummary } | undefined> {
  const state = replay(readEvents());
  let from = 0;
  while (from < all.length) {
    let to = from;
    while (to < all.length - 1 && state.get(all[to]!.slug)?.status === 'done') to++;
    const batch = all.slice(from, to + 1);
    for (const l of batch) checkTree(l, options);
    process.env.FERRIS_MAP = JSON.stringify({ default: path.resolve(options.impl) });
    const vitest = await createVitest('test', {
      config: path.join(ROOT, 'vitest.config.ts'),
      root: ROOT,
      watch: false,
      reporters: [{}],
      include: batch.map((l) => `test/${l.slug}/**/*.test.ts`),
    });
    const result = await vitest.start();
    await vitest.close();
    for (const l of batch) {
      const modules = result.testModules.filter((m: TestModule) => m.moduleId.includes(`/test/${l.slug}/`));
      const summary = summarize(l, modules);
      if (!isGreen(summary)) return { lesson: l, summary };
      recordPassed(l.slug);
    }
    from = to + 1;
  }
  return undefined;
}

export async function startHome(home: HomeOptions): Promise<number> {
  const all = lessons();
  const write = (text: string) => process.stdout.write(text);
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
    if (running && !last) lines.push(color.dim('Running the tests…'));
    if (last) lines.push(explain(current, last, { details: 2 }));
    if (last && isGreen(last)) {
      const next = all.find((l) => l.number > current.number);
      lines.push('', color.green(`Lesson ${current.number} passes! It is recorded in your progress.`));
      lines.push(`Compare with the reference: npm run course -- solution ${current.number}  ·  read the review: lessons/${current.slug}/dialogue.md`);
      lines.push(next ? `Next: lesson ${next.number}, ${next.title}${home.once ? ` (npm run lesson -- ${next.number})` : ' — press n'}` : 'That was the last written lesson.');
    }
    if (note) lines.push('', note);
    if (!home.once) {
      lines.push('', color.dim(`${interactive() ? 'Keys: h hint · l list · n next lesson · r run again · q quit' : 'Watching for changes (Ctrl-C to stop)'} · saving a file re-runs the tests`));
    }
    if (interactive() && !home.once) write('\x1b[2J\x1b[H');
    write(`${lines.join('\n')}\n`);
  };

  /** Opens a lesson; `known` is a result the scan already has, so the first run is not repeated. */
  const open = async (chosen: Lesson, known?: RunSummary) => {
    await runner?.close();
    lesson = chosen;
    last = known;
    note = '';
    checkTree(chosen, home.options);
    recordStarted(chosen.slug);
    running = !known;
    render();
    if (known && home.once) return;
    runner = await createLessonRunner(chosen, treeMapFor(chosen, home.options), {
      watch: !home.once,
      onRunStart: () => {
        running = true;
      },
      onResult: (summary) => {
        running = false;
        last = summary;
        if (isGreen(summary) && path.resolve(home.options.impl) === LESSONS_DIR) recordPassed(chosen.slug);
        render();
      },
    });
    if (known) await runner.vitest.standalone();
    else await runner.run();
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
          await runner?.close();
          write('\nBye. Your progress is saved; npm start picks up where you are.\n');
          resolve(0);
        } else if (key.name === 'r') {
          await runner?.run();
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
          const next = all.find((l) => l.number > current.number);
          if (!next || home.singleLesson) {
            note = home.singleLesson ? 'This is a single-lesson session; run npm start to move between lessons.' : 'This is the last written lesson.';
            render();
          } else {
            await open(next);
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
