// The course command: npm run course -- <command>. `npm start` and `npm run lesson` land here too.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { findLesson, LESSONS_DIR, lessons, plannedLessons, SOLUTIONS_DIR, type Lesson } from './catalog.ts';
import { UsageError } from './errors.ts';
import { parseLevel, readHints } from './hints.ts';
import { appendEvent, now, readEvents, recordPassed, recordStarted, replay, type LessonProgress } from './progress.ts';
import { backup, pristineStarter } from './starter.ts';
import { ROOT } from './trees.mjs';
import { color, progressBar } from './ui.ts';

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<number> }> = {
  start: { usage: 'start [--with-solutions]         the course home: progress, the current lesson in watch mode, keys', run: start },
  list: { usage: 'list                             every lesson with its status', run: list },
  test: { usage: 'test NN [--impl DIR] [--with-solutions] [--seed S]   run a lesson\'s tests once', run: test },
  lesson: { usage: 'lesson NN [--ui] [--impl DIR] [--with-solutions] [--seed S]   one lesson in watch mode', run: lesson },
  hint: { usage: 'hint NN [level]                  graded hints, one level at a time', run: hint },
  reset: { usage: 'reset NN [--yes]                 restore the starter (your files are backed up first)', run: reset },
  solution: { usage: 'solution NN                      the reference, and a diff against your file', run: solution },
  progress: { usage: 'progress                         what is done, with dates', run: progress },
};

function usage(): string {
  return ['Usage: npm run course -- <command>', '', 'Commands:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

/** util.parseArgs, with its errors turned into a UsageError that lists the valid flags. */
function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const valid = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
    throw new UsageError(
      `${(error as Error).message.split('\n')[0]}\nValid options for "${command}": ${valid.length > 0 ? valid.join(', ') : 'none'}\n  ${COMMANDS[command]?.usage ?? ''}`,
    );
  }
}

function oneLesson(positionals: string[], command: string): Lesson {
  const name = positionals[0];
  if (!name) {
    throw new UsageError(
      `"${command}" needs a lesson (a number or a slug).\nValid lessons:\n${lessons()
        .map((l) => `  ${l.number}  ${l.slug}`)
        .join('\n')}`,
    );
  }
  return findLesson(name);
}

function seedFrom(raw: string | undefined): string {
  if (raw === undefined) return process.env.FERRIS_SEED ?? (process.env.CI ? '20261125' : String(Math.floor(Math.random() * 2 ** 31)));
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--seed takes a whole number (the one a failing run printed), not "${raw}".`);
  return raw;
}

const treeFlags = {
  impl: { type: 'string' },
  'with-solutions': { type: 'boolean' },
  seed: { type: 'string' },
} as const;

function treeOptions(values: { impl?: string; 'with-solutions'?: boolean }) {
  return { impl: values.impl ? path.resolve(values.impl) : LESSONS_DIR, withSolutions: values['with-solutions'] ?? false };
}

function describeTree(impl: string, withSolutions: boolean): string {
  const shown = path.relative(ROOT, impl) || '.';
  return `${shown}/${withSolutions ? ' (earlier lessons from solutions/)' : ''}`;
}

// vitest is loaded only by the commands that run tests, so list, hint and the rest answer at once.
const loadRunner = () => import('./runner.ts');
const loadHome = () => import('./home.ts');

async function test(args: string[]): Promise<number> {
  const { checkTree, createLessonRunner, explain, isGreen, treeMapFor } = await loadRunner();
  const { values, positionals } = parse(args, treeFlags, 'test');
  const lesson = oneLesson(positionals, 'test');
  const options = treeOptions(values);
  checkTree(lesson, options);
  process.env.FERRIS_SEED = seedFrom(values.seed);
  console.log(`Lesson ${lesson.number}: ${lesson.title}, against ${describeTree(options.impl, options.withSolutions)}, seed ${process.env.FERRIS_SEED}`);
  const runner = await createLessonRunner(lesson, treeMapFor(lesson, options), { watch: false });
  const summary = await runner.run();
  await runner.close();
  console.log(explain(lesson, summary, { details: 3 }));
  const green = isGreen(summary);
  if (green && options.impl === LESSONS_DIR) {
    if (recordPassed(lesson.slug)) console.log(color.green(`\nLesson ${lesson.number} passes. Recorded in your progress.`));
    const next = lessons().find((l) => l.number > lesson.number);
    if (next) console.log(`Next: lesson ${next.number}, ${next.title} (npm run lesson -- ${next.number}).`);
    console.log(`Compare with the reference: npm run course -- solution ${lesson.number}`);
  }
  return green ? 0 : 1;
}

async function lesson(args: string[]): Promise<number> {
  const { checkTree, treeMapFor } = await loadRunner();
  const { startHome } = await loadHome();
  const { values, positionals } = parse(args, { ...treeFlags, ui: { type: 'boolean' } }, 'lesson');
  const chosen = oneLesson(positionals, 'lesson');
  const options = treeOptions(values);
  checkTree(chosen, options);
  const seed = seedFrom(values.seed);
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
  return startHome({ lesson: chosen, options, seed, singleLesson: true });
}

async function start(args: string[]): Promise<number> {
  const { values } = parse(args, { 'with-solutions': { type: 'boolean' }, seed: { type: 'string' }, once: { type: 'boolean' } }, 'start');
  const seed = seedFrom(values.seed);
  process.env.FERRIS_SEED = seed;
  readEvents(); // an unreadable log is reported before anything runs
  const { startHome } = await loadHome();
  return startHome({
    options: { impl: LESSONS_DIR, withSolutions: values['with-solutions'] ?? false },
    seed,
    singleLesson: false,
    once: values.once ?? false,
  });
}

function statusMark(p: LessonProgress | undefined): string {
  if (p?.status === 'done') return color.green('done       ');
  if (p?.status === 'in progress') return color.yellow('in progress');
  return color.dim('not started');
}

async function list(args: string[]): Promise<number> {
  parse(args, {}, 'list');
  const state = replay(readEvents());
  const written = new Set(lessons().map((l) => l.slug));
  let part = '';
  for (const l of plannedLessons()) {
    if (l.part !== part) {
      part = l.part;
      console.log(`\n${color.bold(part)}`);
    }
    const mark = written.has(l.slug) ? statusMark(state.get(l.slug)) : color.dim('coming     ');
    console.log(`  ${mark}  ${l.number}  ${l.title.padEnd(34)} ${color.dim(l.slug)}`);
  }
  const done = [...state.values()].filter((p) => p.status === 'done').length;
  console.log(`\n${done} of ${written.size} written lessons done. Run one: npm run lesson -- NN`);
  return 0;
}

async function progress(args: string[]): Promise<number> {
  parse(args, {}, 'progress');
  const state = replay(readEvents());
  const all = lessons();
  const done = all.filter((l) => state.get(l.slug)?.status === 'done');
  console.log(`${progressBar(done.length, all.length)}  ${done.length}/${all.length} lessons done\n`);
  for (const l of all) {
    const p = state.get(l.slug);
    const dates = [p?.started && `started ${p.started.slice(0, 10)}`, p?.passed && `passed ${p.passed.slice(0, 10)}`]
      .filter(Boolean)
      .join(', ');
    const extras = [p?.hintsSeen ? `${p.hintsSeen} hint(s)` : '', p?.solutionViewed ? 'viewed the solution' : ''].filter(Boolean).join(', ');
    console.log(`  ${statusMark(p)}  ${l.number} ${l.title.padEnd(28)} ${dates}${extras ? color.dim(`  (${extras})`) : ''}`);
  }
  console.log(color.dim(`\nThe record is an append-only log: ${path.relative(process.cwd(), path.join(ROOT, '.ferris', 'progress.jsonl'))}`));
  return 0;
}


async function hint(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, 'hint');
  const chosen = oneLesson(positionals, 'hint');
  const hints = readHints(chosen);
  const seen = replay(readEvents()).get(chosen.slug)?.hintsSeen ?? 0;
  const level = parseLevel(positionals[1], hints.length) ?? Math.min(seen + 1, hints.length);
  console.log(`${color.bold(`Lesson ${chosen.number}, hint ${level} of ${hints.length}`)}\n\n${hints[level - 1]}\n`);
  if (level < hints.length) console.log(color.dim(`Still stuck? The next hint: npm run course -- hint ${chosen.number} ${level + 1}`));
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

async function reset(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { yes: { type: 'boolean' } }, 'reset');
  const chosen = oneLesson(positionals, 'reset');
  const folder = path.join(LESSONS_DIR, chosen.slug);
  const starters = chosen.files.map((f) => ({ file: f, starter: pristineStarter(`lessons/${chosen.slug}/${f}`) }));
  const missing = starters.filter((s) => !s.starter).map((s) => s.file);
  if (missing.length > 0) {
    throw new UsageError(`Cannot find the committed starter of ${missing.join(', ')} in git history, so nothing was changed.`);
  }
  if (!values.yes) {
    const ok = await confirm(`Reset lessons/${chosen.slug}/ (${chosen.files.join(', ')}) to the starter? Your files are backed up first.`);
    if (!ok) {
      console.log(process.stdin.isTTY ? 'Nothing changed.' : 'Nothing changed: not a terminal, so pass --yes to confirm.');
      return process.stdin.isTTY ? 0 : 2;
    }
  }
  const saved = backup(chosen.slug, chosen.files, folder);
  for (const { file, starter } of starters) writeFileSync(path.join(folder, file), starter!.source);
  appendEvent({ type: 'reset', lesson: chosen.slug, at: now(), backup: path.relative(ROOT, saved) });
  console.log(`Restored the starter of lesson ${chosen.number}. Your previous files are in ${path.relative(process.cwd(), saved)}/`);
  return 0;
}

async function solution(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, 'solution');
  const chosen = oneLesson(positionals, 'solution');
  for (const file of chosen.files) {
    const reference = readFileSync(path.join(SOLUTIONS_DIR, chosen.slug, file), 'utf8');
    console.log(`${color.bold(`solutions/${chosen.slug}/${file}`)}\n\n${reference}`);
    const mine = path.join(LESSONS_DIR, chosen.slug, file);
    if (existsSync(mine)) {
      const patch = createTwoFilesPatch(`lessons/${chosen.slug}/${file}`, `solutions/${chosen.slug}/${file}`, readFileSync(mine, 'utf8'), reference);
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
  if (!command) throw new UsageError(`Unknown command "${name}".\n${usage()}`);
  if (name !== 'start' && name !== 'list' && name !== 'progress' && rest[0] && !rest[0].startsWith('-')) {
    recordStarted(findLesson(rest[0]).slug);
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
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
