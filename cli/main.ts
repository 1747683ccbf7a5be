// The course command: npm run course -- <command>. `npm start` and `npm run lesson` land here too.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createTwoFilesPatch } from 'diff';
import { parseCommandArgs, parseSeed, type FlagSpec, type Parsed } from './args.ts';
import { findLesson, LESSONS_DIR, lessons, plannedLessons, SOLUTIONS_DIR, type Lesson } from './catalog.ts';
import { UsageError } from './errors.ts';
import { parseLevel, readHints } from './hints.ts';
import {
  appendEvent,
  now,
  progressLogPath,
  readEvents,
  recordPassed,
  recordStarted,
  replay,
  type LessonProgress,
} from './progress.ts';
import { reviewLabels } from './review.ts';
import { backup, backupRoot, listBackups, pristineStarter, starterCommit } from './starter.ts';
import { ROOT } from './trees.mjs';
import { color, progressBar } from './ui.ts';

const treeFlags: Record<string, FlagSpec> = {
  impl: { type: 'string', value: 'DIR' },
  'with-solutions': { type: 'boolean' },
  seed: { type: 'string', value: 'S' },
  all: { type: 'boolean' },
};

interface Command {
  readonly usage: string;
  readonly flags: Record<string, FlagSpec>;
  readonly positionals: readonly string[];
  run(parsed: Parsed): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    usage:
      'start [--with-solutions] [--seed S] [--all] [--once]   the course home: progress, the current lesson in watch mode, keys',
    flags: {
      'with-solutions': treeFlags['with-solutions']!,
      seed: treeFlags.seed!,
      all: treeFlags.all!,
      once: { type: 'boolean' },
    },
    positionals: [],
    run: start,
  },
  list: {
    usage: 'list                             every lesson with its status',
    flags: {},
    positionals: [],
    run: list,
  },
  test: {
    usage:
      "test NN [--impl DIR] [--with-solutions] [--seed S] [--all]   run a lesson's tests once (--all: every failure in full)",
    flags: treeFlags,
    positionals: ['NN'],
    run: test,
  },
  lesson: {
    usage: 'lesson NN [--ui] [--impl DIR] [--with-solutions] [--seed S] [--all]   one lesson in watch mode',
    flags: { ...treeFlags, ui: { type: 'boolean' } },
    positionals: ['NN'],
    run: lesson,
  },
  hint: {
    usage: 'hint NN [level]                  graded hints, one level at a time',
    flags: {},
    positionals: ['NN', 'level'],
    run: hint,
  },
  reset: {
    usage: 'reset NN [--yes]                 restore the starter (your files are backed up first)',
    flags: { yes: { type: 'boolean' } },
    positionals: ['NN'],
    run: reset,
  },
  restore: {
    usage:
      'restore NN [--list] [--from BACKUP] [--yes]   put back files a reset backed up (the newest backup unless --from)',
    flags: { list: { type: 'boolean' }, from: { type: 'string', value: 'BACKUP' }, yes: { type: 'boolean' } },
    positionals: ['NN'],
    run: restore,
  },
  solution: {
    usage: 'solution NN                      the reference, and a diff against your file',
    flags: {},
    positionals: ['NN'],
    run: solution,
  },
  review: {
    usage:
      "review NN [--check] [--hint] [--full] [--seed S]   review a colleague's version of a lesson you passed: find the bug, prove it with a test",
    flags: {
      check: { type: 'boolean' },
      hint: { type: 'boolean' },
      full: { type: 'boolean' },
      seed: treeFlags.seed!,
    },
    positionals: ['NN'],
    run: async (parsed) =>
      (await import('./review-command.ts')).review(parsed, oneLesson(parsed.positionals, 'review')),
  },
  progress: {
    usage: 'progress                         what is done, with dates',
    flags: {},
    positionals: [],
    run: progress,
  },
};

function usage(): string {
  return [
    'Usage: npm run course -- <command>',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
  ].join('\n');
}

function oneLesson(positionals: string[], command: string): Lesson {
  const name = positionals[0];
  if (!name) {
    throw new UsageError(
      `"${command}" needs a lesson (a number or a slug).\nValid lessons:\n${lessons()
        .map((l) => `  ${l.number}  ${l.slug}`)
        .join('\n')}\nUsage: npm run course -- ${COMMANDS[command]?.usage ?? command}`,
    );
  }
  return findLesson(name);
}

function seedFrom(raw: string | boolean | undefined): string {
  if (typeof raw === 'string') return parseSeed(raw);
  return process.env.FERRIS_SEED ?? (process.env.CI ? '20261125' : String(Math.floor(Math.random() * 2 ** 31)));
}

function treeOptions(values: Parsed['values']) {
  const impl = typeof values.impl === 'string' ? path.resolve(values.impl) : LESSONS_DIR;
  return { impl, withSolutions: values['with-solutions'] === true };
}

function describeTree(impl: string, withSolutions: boolean): string {
  const shown = path.relative(ROOT, impl) || '.';
  return `${shown}/${withSolutions ? ' (earlier lessons from solutions/)' : ''}`;
}

// vitest is loaded only by the commands that run tests, so list, hint and the rest answer at once.
const loadRunner = () => import('./runner.ts');
const loadHome = () => import('./home.ts');

async function test({ values, positionals }: Parsed): Promise<number> {
  const seed = seedFrom(values.seed); // bad input is refused before vitest loads
  const { checkTree, createLessonRunner, explain, isGreen, treeMapFor } = await loadRunner();
  const { nextLesson, recordsProgress } = await loadHome();
  const lesson = oneLesson(positionals, 'test');
  const options = treeOptions(values);
  checkTree(lesson, options);
  process.env.FERRIS_SEED = seed;
  console.log(
    `Lesson ${lesson.number}: ${lesson.title}, against ${describeTree(options.impl, options.withSolutions)}, seed ${process.env.FERRIS_SEED}`,
  );
  if (recordsProgress(options)) recordStarted(lesson.slug);
  const runner = await createLessonRunner(lesson, treeMapFor(lesson, options), { watch: false });
  let summary;
  try {
    summary = await runner.run();
  } finally {
    await runner.close();
  }
  const all = values.all === true;
  console.log(
    explain(lesson, summary, { details: all ? 'all' : 3, showAll: `npm run course -- test ${lesson.number} --all` }),
  );
  const green = isGreen(summary);
  if (green && recordsProgress(options)) {
    if (recordPassed(lesson.slug))
      console.log(color.green(`\nLesson ${lesson.number} passes. Recorded in your progress.`));
    const next = nextLesson(lessons(), lesson, replay(readEvents()));
    console.log(
      next
        ? `Next: lesson ${next.number}, ${next.title} (npm run lesson -- ${next.number}).`
        : 'Every later lesson is done too.',
    );
    console.log(`Compare with the reference: npm run course -- solution ${lesson.number}`);
  }
  return green ? 0 : 1;
}

async function lesson({ values, positionals }: Parsed): Promise<number> {
  const seed = seedFrom(values.seed); // bad input is refused before vitest loads
  const { checkTree, treeMapFor } = await loadRunner();
  const { startHome } = await loadHome();
  const chosen = oneLesson(positionals, 'lesson');
  const options = treeOptions(values);
  checkTree(chosen, options);
  const map = treeMapFor(chosen, options);
  if (values.ui) {
    const child = spawn('npx', ['vitest', '--ui', `test/${chosen.slug}/`], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, FERRIS_MAP: JSON.stringify(map), FERRIS_SEED: seed },
    });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  process.env.FERRIS_SEED = seed;
  return startHome({ lesson: chosen, options, seed, singleLesson: true, all: values.all === true });
}

async function start({ values }: Parsed): Promise<number> {
  const seed = seedFrom(values.seed);
  process.env.FERRIS_SEED = seed;
  readEvents(); // an unreadable log is reported before anything runs
  const { startHome } = await loadHome();
  return startHome({
    options: { impl: LESSONS_DIR, withSolutions: values['with-solutions'] === true },
    seed,
    singleLesson: false,
    once: values.once === true,
    all: values.all === true,
  });
}

function statusMark(p: LessonProgress | undefined): string {
  if (p?.status === 'done') return color.green('done       ');
  if (p?.status === 'in progress') return color.yellow('in progress');
  return color.dim('not started');
}

async function list(): Promise<number> {
  const events = readEvents();
  const state = replay(events);
  const written = new Set(lessons().map((l) => l.slug));
  const reviews = await reviewLabels(lessons(), events, (l) => state.get(l.slug)?.status === 'done');
  let part = '';
  for (const l of plannedLessons()) {
    if (l.part !== part) {
      part = l.part;
      console.log(`\n${color.bold(part)}`);
    }
    const mark = written.has(l.slug) ? statusMark(state.get(l.slug)) : color.dim('coming     ');
    const reviewed = reviews.get(l.slug) ?? '';
    console.log(`  ${mark}  ${l.number}  ${l.title.padEnd(34)} ${color.dim(l.slug.padEnd(22))} ${reviewed}`.trimEnd());
  }
  const done = [...state.values()].filter((p) => p.status === 'done').length;
  console.log(`\n${done} of ${written.size} written lessons done. Run one: npm run lesson -- NN`);
  return 0;
}

async function progress(): Promise<number> {
  const events = readEvents();
  const state = replay(events);
  const all = lessons();
  const reviews = await reviewLabels(all, events, (l) => state.get(l.slug)?.status === 'done');
  const done = all.filter((l) => state.get(l.slug)?.status === 'done');
  console.log(`${progressBar(done.length, all.length)}  ${done.length}/${all.length} lessons done\n`);
  for (const l of all) {
    const p = state.get(l.slug);
    const dates = [p?.started && `started ${p.started.slice(0, 10)}`, p?.passed && `passed ${p.passed.slice(0, 10)}`]
      .filter(Boolean)
      .join(', ');
    const extras = [
      reviews.get(l.slug) ?? '',
      p?.hintsSeen ? `${p.hintsSeen} hint(s)` : '',
      p?.solutionViewed ? 'viewed the solution' : '',
    ]
      .filter(Boolean)
      .join(', ');
    console.log(
      `  ${statusMark(p)}  ${l.number} ${l.title.padEnd(28)} ${dates}${extras ? color.dim(`  (${extras})`) : ''}`,
    );
  }
  console.log(color.dim(`\nThe record is an append-only log: ${path.relative(process.cwd(), progressLogPath())}`));
  return 0;
}

async function hint({ positionals }: Parsed): Promise<number> {
  const chosen = oneLesson(positionals, 'hint');
  const hints = readHints(chosen);
  const seen = replay(readEvents()).get(chosen.slug)?.hintsSeen ?? 0;
  const level = parseLevel(positionals[1], hints.length) ?? Math.min(seen + 1, hints.length);
  console.log(`${color.bold(`Lesson ${chosen.number}, hint ${level} of ${hints.length}`)}\n\n${hints[level - 1]}\n`);
  if (level < hints.length)
    console.log(color.dim(`Still stuck? The next hint: npm run course -- hint ${chosen.number} ${level + 1}`));
  appendEvent({ type: 'hint', lesson: chosen.slug, at: now(), level });
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** Asks, unless --yes; false (and a message) when the answer is no or there is no terminal to ask on. */
async function confirmed(yes: boolean, question: string): Promise<{ ok: boolean; code: number }> {
  if (yes) return { ok: true, code: 0 };
  if (await confirm(question)) return { ok: true, code: 0 };
  console.log(process.stdin.isTTY ? 'Nothing changed.' : 'Nothing changed: not a terminal, so pass --yes to confirm.');
  return { ok: false, code: process.stdin.isTTY ? 0 : 2 };
}

async function reset({ values, positionals }: Parsed): Promise<number> {
  const chosen = oneLesson(positionals, 'reset');
  const folder = path.join(LESSONS_DIR, chosen.slug);
  const record = starterCommit();
  const starters = chosen.files.map((f) => ({
    file: f,
    starter: pristineStarter(`lessons/${chosen.slug}/${f}`, record),
  }));
  const missing = starters.filter((s) => !s.starter).map((s) => s.file);
  if (missing.length > 0) {
    throw new UsageError(
      `Cannot find the course's starter of ${missing.join(', ')} in git${record ? ` (looked in ${record.from})` : ' (is this folder a git clone of the course?)'}, so nothing was changed.`,
    );
  }
  const asked = await confirmed(
    values.yes === true,
    `Reset lessons/${chosen.slug}/ (${chosen.files.join(', ')}) to the starter? Your files are backed up first.`,
  );
  if (!asked.ok) return asked.code;
  const saved = backup(chosen.slug, chosen.files, folder);
  for (const { file, starter } of starters) writeFileSync(path.join(folder, file), starter!.source);
  appendEvent({ type: 'reset', lesson: chosen.slug, at: now(), backup: path.relative(ROOT, saved) });
  console.log(`Restored the starter of lesson ${chosen.number} from ${record!.from}.`);
  console.log(`Your previous files are in ${path.relative(process.cwd(), saved)}/`);
  console.log(
    `To put them back: npm run course -- restore ${chosen.number}   (every backup: npm run course -- restore ${chosen.number} --list)`,
  );
  return 0;
}

async function restore({ values, positionals }: Parsed): Promise<number> {
  const chosen = oneLesson(positionals, 'restore');
  const backups = listBackups(chosen.slug);
  const root = backupRoot(chosen.slug);
  const shown = (name: string) => `  ${name}  (${readdirSync(path.join(root, name)).join(', ')})`;
  if (backups.length === 0) {
    throw new UsageError(
      `Lesson ${chosen.number} has no backups: they are made by "npm run course -- reset ${chosen.number}", in ${path.relative(process.cwd(), root)}/.`,
    );
  }
  if (values.list) {
    console.log(`Backups of lessons/${chosen.slug}/, oldest first:\n${backups.map(shown).join('\n')}`);
    console.log(`Restore one: npm run course -- restore ${chosen.number} --from NAME`);
    return 0;
  }
  const from = typeof values.from === 'string' ? values.from : backups[backups.length - 1]!;
  if (!backups.includes(from)) {
    throw new UsageError(
      `Lesson ${chosen.number} has no backup "${from}". Valid backups, oldest first:\n${backups.map(shown).join('\n')}`,
    );
  }
  const files = readdirSync(path.join(root, from)).filter((f) => chosen.files.includes(f));
  const asked = await confirmed(
    values.yes === true,
    `Put back ${files.join(', ')} from backup ${from}? Your current files are backed up first.`,
  );
  if (!asked.ok) return asked.code;
  const folder = path.join(LESSONS_DIR, chosen.slug);
  const saved = backup(chosen.slug, chosen.files, folder);
  for (const f of files) copyFileSync(path.join(root, from, f), path.join(folder, f));
  console.log(`Put back ${files.join(', ')} in lessons/${chosen.slug}/ from backup ${from}.`);
  console.log(
    `The files they replaced are in ${path.relative(process.cwd(), saved)}/ (npm run course -- restore ${chosen.number} --list).`,
  );
  return 0;
}

async function solution({ positionals }: Parsed): Promise<number> {
  const chosen = oneLesson(positionals, 'solution');
  for (const file of chosen.files) {
    const reference = readFileSync(path.join(SOLUTIONS_DIR, chosen.slug, file), 'utf8');
    console.log(`${color.bold(`solutions/${chosen.slug}/${file}`)}\n\n${reference}`);
    const mine = path.join(LESSONS_DIR, chosen.slug, file);
    if (existsSync(mine)) {
      const patch = createTwoFilesPatch(
        `lessons/${chosen.slug}/${file}`,
        `solutions/${chosen.slug}/${file}`,
        readFileSync(mine, 'utf8'),
        reference,
      );
      console.log(`${color.bold('Your file against the reference')} (- yours, + reference):\n`);
      for (const line of patch.split('\n')) {
        console.log(line.startsWith('+') ? color.green(line) : line.startsWith('-') ? color.red(line) : line);
      }
    }
  }
  console.log(color.dim(`\nThe review of this code, as a conversation: lessons/${chosen.slug}/dialogue.md`));
  appendEvent({ type: 'solution-viewed', lesson: chosen.slug, at: now() });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(`Unknown command "${name}". Valid commands: ${Object.keys(COMMANDS).join(', ')}.\n${usage()}`);
  const parsed = parseCommandArgs(rest, {
    name,
    usage: command.usage,
    flags: command.flags,
    positionals: command.positionals,
  });
  return command.run(parsed);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A watch session that ended (q) must not linger on a handle vitest or a worker left open.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(color.red(error.message));
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
