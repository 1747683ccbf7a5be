// Runs one lesson's tests in-process with vitest, against a chosen tree, and explains the result.
// Every run runs the whole lesson: a lesson counts as passed only when every one of its test
// files ran in that run and every test in them passed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createVitest } from 'vitest/node';
import type { TestModule, Vitest } from 'vitest/node';
import {
  filesInTaskOrder,
  lessons,
  lessonTestFiles,
  LESSONS_DIR,
  notImplementedNames,
  SOLUTIONS_DIR,
  type Lesson,
} from './catalog.ts';
import { ROOT, treeFor, type TreeMap } from './trees.mjs';
import { UsageError } from './errors.ts';
import { pristineStarter } from './starter.ts';
import { structuredPatch } from 'diff';
import { color, plain } from './ui.ts';
import { watchTrees, type Snapshot } from './watch.ts';

export { LESSONS_DIR, SOLUTIONS_DIR } from './catalog.ts';

export interface TreeOptions {
  /** The tree that serves the lesson (and earlier lessons unless withSolutions). */
  readonly impl: string;
  /** Take lessons before this one from the reference. */
  readonly withSolutions: boolean;
}

export function treeMapFor(lesson: Lesson, options: TreeOptions): TreeMap {
  const impl = path.resolve(options.impl);
  if (!options.withSolutions) return { default: impl };
  const earlier = Object.fromEntries(
    lessons()
      .filter((l) => l.number < lesson.number)
      .map((l) => [l.slug, SOLUTIONS_DIR]),
  );
  return { default: impl, lessons: earlier };
}

/** Every file the lesson needs must be in the tree that serves it: checked before running. */
export function checkTree(lesson: Lesson, options: TreeOptions): void {
  const impl = path.resolve(options.impl);
  const shown = path.relative(process.cwd(), impl) || '.';
  if (!existsSync(impl)) {
    throw new UsageError(
      `The folder ${shown} does not exist. --impl takes a folder laid out like solutions/ (DIR/NN-slug/file.ts).`,
    );
  }
  const needed = lessons().filter(
    (l) => l.number === lesson.number || (!options.withSolutions && l.number < lesson.number),
  );
  for (const l of needed) {
    const missing = l.files.filter((f) => !existsSync(path.join(impl, l.slug, f)));
    if (missing.length === 0) continue;
    const fix =
      impl === LESSONS_DIR
        ? `Restore the starter with: npm run course -- reset ${l.number}`
        : `A folder given with --impl must be laid out like solutions/: ${shown}/${l.slug}/${l.files.join(', ')}.`;
    throw new UsageError(`The lesson folder ${shown}/${l.slug} is missing ${missing.join(', ')}.\n${fix}`);
  }
}

export interface Failure {
  /** The test's sentence. */
  readonly name: string;
  /** Why it failed: the message, where the learner's code threw, the diff. */
  readonly message: string;
  /** Position in the lesson's task order of the function it is about (smaller is more basic). */
  readonly rank: number;
}

export interface RunSummary {
  readonly total: number;
  readonly passed: number;
  /** Failures, the most basic first (see `rankFailure`). */
  readonly failures: Failure[];
  /** Functions of this lesson still throwing NotImplemented. */
  readonly notWritten: string[];
  /** Earlier lessons whose NotImplemented stopped this one. */
  readonly blockedBy: string[];
  readonly loadErrors: string[];
  /** Test files of the lesson that did not run in this run (a pass needs none). */
  readonly notRun: string[];
}

const NOT_IMPLEMENTED = /^NotImplemented: (\S+) in lesson (\d\d-[a-z0-9-]+)/;

/** The functions the learner writes, file by file, in the order the README's task gives them (from the pristine starter). */
const taskOrders = new Map<string, { file: string; names: string[] }[]>();
export function taskFiles(lesson: Lesson): { file: string; names: string[] }[] {
  let files = taskOrders.get(lesson.slug);
  if (!files) {
    files = filesInTaskOrder(lesson).map((file) => {
      const recorded = pristineStarter(`lessons/${lesson.slug}/${file}`)?.source;
      const mine = path.join(LESSONS_DIR, lesson.slug, file);
      const source = recorded ?? (existsSync(mine) ? readFileSync(mine, 'utf8') : '');
      return { file, names: notImplementedNames(source, lesson.slug) };
    });
    taskOrders.set(lesson.slug, files);
  }
  return files;
}

export function taskOrder(lesson: Lesson): string[] {
  return taskFiles(lesson).flatMap((f) => f.names);
}

/** What is left to write: the NotImplemented calls still in the learner's files, and those the tests hit. */
export function stillToWrite(lesson: Lesson, map: TreeMap, hit: Iterable<string>): string[] {
  const tree = treeFor(map, lesson.slug);
  if (tree === SOLUTIONS_DIR) return [...hit];
  const inSource = lesson.files.flatMap((file) => {
    const full = path.join(tree, lesson.slug, file);
    return existsSync(full) ? notImplementedNames(readFileSync(full, 'utf8'), lesson.slug) : [];
  });
  const order = taskOrder(lesson);
  const at = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...new Set([...inSource, ...hit])].sort((a, b) => at(a) - at(b));
}

const word = (name: string) => name.replace(/\(\)$/, '').split('.').pop()!.replace(/^new /, '');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The most basic failure first. A test's place in the task is the function its sentence names,
 * else the function its error was thrown in (the learner's frame), else the first function of the
 * file it tests (entry.test.ts tests entry.ts); a test that says nothing of the task goes last.
 */
export function rankFailure(order: readonly string[], name: string, where: string, fileFirst?: string): number {
  const named = order.findIndex((fn) => namedIn(word(fn), name));
  if (named >= 0) return named;
  const thrownIn = order.findIndex((fn) => new RegExp(`\\bat (?:\\S+\\.)?${escapeRegExp(word(fn))} \\(`).test(where));
  if (thrownIn >= 0) return thrownIn;
  return fileFirst !== undefined && order.includes(fileFirst) ? order.indexOf(fileFirst) : order.length;
}

/**
 * Whether a test's sentence names the function: a camelCase name anywhere ("compareBytes"); a
 * plain word ("get", "next", "sync") only as a call or at the start of a sentence, so ordinary
 * English is not taken for a name.
 */
function namedIn(fn: string, testName: string): boolean {
  const w = escapeRegExp(fn);
  return /[A-Z]/.test(fn)
    ? new RegExp(`\\b${w}\\b`).test(testName)
    : new RegExp(`(^|> )${w}\\b|\\b${w}\\(`).test(testName);
}

/** The first task function of the lesson file a test file is named after (test/NN/x.test.ts -> x.ts). */
function firstFunctionTestedBy(lesson: Lesson, moduleId: string): string | undefined {
  const stem = path.basename(moduleId).replace(/\.test\.ts$/, '');
  return taskFiles(lesson).find((f) => f.file.replace(/\.ts$/, '') === stem)?.names[0];
}

type Stack = { file: string; line: number; column: number; method: string };
type ReportedError = {
  name?: string;
  message: string;
  diff?: string;
  actual?: unknown;
  expected?: unknown;
  stacks?: Stack[];
  cause?: ReportedError;
};

const DIFF_CONTEXT_LINES = 3;

/**
 * Expected against received, only the lines that differ and a few around them, so the differing
 * element of a long array shows instead of the first screenful of equal ones.
 */
export function compactDiff(e: ReportedError): string | undefined {
  const source = typeof e.expected === 'string' && typeof e.actual === 'string' ? e : e.cause;
  if (
    !source ||
    typeof source.expected !== 'string' ||
    typeof source.actual !== 'string' ||
    source.expected === source.actual
  )
    return undefined;
  const patch = structuredPatch('expected', 'received', source.expected, source.actual, '', '', {
    context: DIFF_CONTEXT_LINES,
  });
  if (patch.hunks.length === 0) return undefined;
  const lines = [color.dim('- expected  + received (only the differing lines and a few around them)')];
  for (const hunk of patch.hunks) {
    lines.push(color.dim(`@@ expected line ${hunk.oldStart}, received line ${hunk.newStart} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "no newline at end of file"
      lines.push(line.startsWith('-') ? color.green(line) : line.startsWith('+') ? color.red(line) : line);
    }
  }
  return lines.join('\n');
}

/** The top frames of an error that are in the learner's trees, as "at fn (lessons/...:line:col)". */
export function learnerFrames(error: ReportedError, trees: readonly string[], limit = 4): string[] {
  const frames = error.stacks ?? error.cause?.stacks ?? [];
  return frames
    .filter((f) => trees.some((t) => f.file.startsWith(t + path.sep) || f.file.startsWith(`${t}/`)))
    .slice(0, limit)
    .map((f) => `at ${f.method || '<anonymous>'} (${path.relative(ROOT, f.file)}:${f.line}:${f.column})`);
}

function describeError(e: ReportedError, trees: readonly string[]): string {
  const name =
    e.name && e.name !== 'Error' && e.name !== 'PropertyFailed' && e.name !== 'AssertionError' ? `${e.name}: ` : '';
  const parts = [plain(`${name}${e.message}`)];
  // setup.ts already says where a property's counterexample threw; plain tests get it here.
  if (e.name !== 'AssertionError' && !e.message.includes('Where it was thrown')) {
    const frames = learnerFrames(e, trees);
    if (frames.length > 0)
      parts.push('Where it was thrown (your code, innermost first):', ...frames.map((f) => `  ${f}`));
  }
  const diff = compactDiff(e);
  if (diff) parts.push('', diff);
  return parts.join('\n');
}

/** The learner-edited trees of a map (not the reference): the frames worth showing. */
export function learnerTrees(map: TreeMap): string[] {
  return [...new Set([map.default, ...Object.values(map.lessons ?? {})])].filter((t) => t !== SOLUTIONS_DIR);
}

export function summarize(
  lesson: Lesson,
  modules: readonly TestModule[],
  map: TreeMap = { default: LESSONS_DIR },
  unhandled: readonly ReportedError[] = [],
): RunSummary {
  const failures: Failure[] = [];
  const hit = new Set<string>();
  const blockedBy = new Set<string>();
  const trees = learnerTrees(map);
  const order = taskOrder(lesson);
  // One broken file imported by several test files fails each of them the same way: say it once.
  const loadErrors = [
    ...new Set([
      ...modules.flatMap((m) => m.errors().map((e) => describeError(e as ReportedError, trees))),
      ...unhandled.map((e) => `An error outside any test (a promise nobody awaited?): ${describeError(e, trees)}`),
    ]),
  ];
  let total = 0;
  let passed = 0;
  for (const module of modules) {
    const fileFirst = firstFunctionTestedBy(lesson, module.moduleId);
    for (const test of module.children.allTests()) {
      total++;
      const result = test.result();
      if (result.state === 'passed') {
        passed++;
        continue;
      }
      const errors = (result.state === 'failed' ? (result.errors ?? []) : []) as ReportedError[];
      const message =
        errors.map((e) => describeError(e, trees)).join('\n') || `this test did not run (${result.state})`;
      const ni = NOT_IMPLEMENTED.exec(message);
      if (ni) {
        if (ni[2] === lesson.slug) hit.add(ni[1]!);
        else blockedBy.add(ni[2]!);
      }
      const name = test.fullName.replace(/ \(with seed=-?\d+\)$/, '');
      failures.push({ name, message, rank: rankFailure(order, name, message, fileFirst) });
    }
  }
  const ran = new Set(modules.map((m) => path.relative(ROOT, m.moduleId).replaceAll(path.sep, '/')));
  const notRun = lessonTestFiles(lesson).filter((f) => !ran.has(f));
  failures.sort((a, b) => a.rank - b.rank); // stable: ties keep the lesson's file and test order
  return {
    total,
    passed,
    failures,
    notWritten: stillToWrite(lesson, map, hit),
    blockedBy: [...blockedBy],
    loadErrors,
    notRun,
  };
}

/** The whole lesson ran, every test passed, nothing failed to load. The only condition for recording a pass. */
export function isGreen(summary: RunSummary): boolean {
  return (
    summary.total > 0 &&
    summary.passed === summary.total &&
    summary.loadErrors.length === 0 &&
    summary.notRun.length === 0
  );
}

export interface ExplainOptions {
  /** How many failures to show in full; `all` shows every one. */
  readonly details: number | 'all';
  /** How the learner asks for every failure (a flag or a key), said when some are only listed. */
  readonly showAll?: string;
}

const MESSAGE_LINES = 40;
const LINE_CHARS = 600;

/** At most LINE_CHARS of one line, saying how much is left out. */
function clip(line: string): string {
  return line.length <= LINE_CHARS
    ? line
    : `${line.slice(0, LINE_CHARS)}… (${line.length - LINE_CHARS} more characters)`;
}

/** The result in words: what passed, what failed and why, and what to do next. */
export function explain(lesson: Lesson, summary: RunSummary, options: ExplainOptions): string {
  const out: string[] = [];
  const all = options.details === 'all';
  if (summary.loadErrors.length > 0) {
    out.push(color.red('The tests could not load your code:'));
    for (const e of summary.loadErrors) out.push(indent(all ? e : e.split('\n').slice(0, 12).join('\n')));
    out.push('Fix the error above (a syntax error or a missing export?) and save again.');
    return out.join('\n');
  }
  const failed = summary.total - summary.passed;
  out.push(
    `${color.green(`${summary.passed} passed`)}  ${failed > 0 ? color.red(`${failed} failed`) : '0 failed'}  (of ${summary.total} tests in lesson ${lesson.number})`,
  );
  if (summary.notRun.length > 0) out.push(color.yellow(`Not run in this run: ${summary.notRun.join(', ')}`));
  if (summary.blockedBy.length > 0) {
    out.push(
      '',
      color.yellow(`This lesson uses your code from ${summary.blockedBy.join(', ')}, which is not finished yet.`),
      `Finish it first, or go on with the reference for earlier lessons:`,
      `  npm run lesson -- ${lesson.number} --with-solutions     (or: npm start -- --with-solutions)`,
    );
  }
  if (summary.notWritten.length > 0) {
    out.push('', `Still to write in lessons/${lesson.slug}/: ${summary.notWritten.join(', ')}`);
  }
  const real = summary.failures.filter((f) => !NOT_IMPLEMENTED.test(f.message));
  const shown = all ? real.length : options.details;
  for (const failure of real.slice(0, shown)) {
    const lines = failure.message.split('\n');
    const cut = !all && lines.length > MESSAGE_LINES;
    const body = all ? lines : lines.slice(0, MESSAGE_LINES).map(clip);
    out.push('', color.red(`✗ ${failure.name}`), indent(body.join('\n')));
    if (cut) out.push(color.dim(`    (${lines.length - MESSAGE_LINES} more lines)`));
  }
  if (real.length > shown) {
    out.push('', `…and ${real.length - shown} more failing:`);
    for (const f of real.slice(shown)) out.push(`  ✗ ${f.name}`);
  }
  if (
    !all &&
    real.length > 0 &&
    options.showAll &&
    (real.length > shown ||
      real.some(
        (f) => f.message.split('\n').length > MESSAGE_LINES || f.message.split('\n').some((l) => l.length > LINE_CHARS),
      ))
  ) {
    out.push('', color.dim(`Every failure in full: ${options.showAll}`));
  }
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** A vitest for the learner's config over `map`, running `include`, printing nothing itself. */
export async function quietVitest(map: TreeMap, include: string[]): Promise<Vitest> {
  process.env.FERRIS_MAP = JSON.stringify(map);
  return createVitest('test', {
    config: path.join(ROOT, 'vitest.config.ts'),
    root: ROOT,
    watch: false,
    reporters: [{}],
    include,
  });
}

export interface LessonRunner {
  readonly vitest: Vitest;
  /** Runs the whole lesson now (after any run under way) and resolves with the summary. */
  run(): Promise<RunSummary>;
  close(): Promise<void>;
}

/**
 * Creates a vitest instance for one lesson. With `watch`, every save in the learner's trees runs
 * the whole lesson again, and `onResult` is called after every run. Vitest's own watcher is not
 * used: it re-runs only the test files that import the saved file, and only files it has already
 * seen, which made partial runs look like passes and missed saves after `npm start`'s scan.
 */
export async function createLessonRunner(
  lesson: Lesson,
  map: TreeMap,
  options: { watch: boolean; onResult?: (summary: RunSummary) => void; onRunStart?: () => void; since?: Snapshot },
): Promise<LessonRunner> {
  const vitest = await quietVitest(map, [`test/${lesson.slug}/**/*.test.ts`]);
  let first = true;
  const runOnce = async (): Promise<RunSummary> => {
    options.onRunStart?.();
    if (!first) {
      // The saved files may be imported anywhere: forget every transformed module.
      for (const project of vitest.projects) {
        for (const environment of Object.values(project.vite.environments)) environment.moduleGraph.invalidateAll();
      }
      vitest.clearSpecificationsCache();
    }
    first = false;
    const specs = await vitest.globTestSpecifications();
    const result = await vitest.runTestSpecifications(specs, true);
    const summary = summarize(lesson, result.testModules, map, result.unhandledErrors as ReportedError[]);
    options.onResult?.(summary);
    return summary;
  };
  // One run at a time; saves during a run ask for one more run after it, not one per save.
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<RunSummary> | undefined;
  const run = (): Promise<RunSummary> => {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = undefined;
      return runOnce();
    });
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  };
  const stop = options.watch
    ? watchTrees(learnerTrees(map), () => void run().catch(() => undefined), { since: options.since })
    : () => undefined;
  return {
    vitest,
    run,
    close: async () => {
      stop();
      await tail;
      await vitest.close();
    },
  };
}
