// Runs one lesson's tests in-process with vitest, against a chosen tree, and explains the result.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createVitest } from 'vitest/node';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { LESSONS_DIR, lessons, SOLUTIONS_DIR, type Lesson } from './catalog.ts';
import { ROOT, type TreeMap } from './trees.mjs';
import { UsageError } from './errors.ts';
import { color } from './ui.ts';

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
    throw new UsageError(`The folder ${shown} does not exist. --impl takes a folder laid out like solutions/ (DIR/NN-slug/file.ts).`);
  }
  const needed = lessons().filter((l) => l.number === lesson.number || (!options.withSolutions && l.number < lesson.number));
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

export interface RunSummary {
  readonly total: number;
  readonly passed: number;
  readonly failures: { name: string; message: string }[];
  /** Functions of this lesson still throwing NotImplemented. */
  readonly notWritten: string[];
  /** Earlier lessons whose NotImplemented stopped this one. */
  readonly blockedBy: string[];
  readonly loadErrors: string[];
}

const NOT_IMPLEMENTED = /^NotImplemented: (\S+) in lesson (\d\d-[a-z0-9-]+)/;

export function summarize(lesson: Lesson, modules: readonly TestModule[]): RunSummary {
  const failures: { name: string; message: string }[] = [];
  const notWritten = new Set<string>();
  const blockedBy = new Set<string>();
  const loadErrors = modules.flatMap((m) => m.errors().map((e) => `${e.name ?? 'Error'}: ${e.message}`));
  let total = 0;
  let passed = 0;
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      total++;
      const result = test.result();
      if (result.state === 'passed') {
        passed++;
        continue;
      }
      const errors = result.state === 'failed' ? (result.errors ?? []) : [];
      const message = errors.map((e) => `${e.name && e.name !== 'Error' && e.name !== 'PropertyFailed' ? `${e.name}: ` : ''}${e.message}`).join('\n') || result.state;
      const ni = NOT_IMPLEMENTED.exec(message);
      if (ni) {
        if (ni[2] === lesson.slug) notWritten.add(ni[1]!);
        else blockedBy.add(ni[2]!);
      }
      failures.push({ name: test.fullName.replace(/ \(with seed=-?\d+\)$/, ''), message });
    }
  }
  return { total, passed, failures, notWritten: [...notWritten], blockedBy: [...blockedBy], loadErrors };
}

export function isGreen(summary: RunSummary): boolean {
  return summary.total > 0 && summary.passed === summary.total && summary.loadErrors.length === 0;
}

/** The result in words: what passed, what failed and why, and what to do next. */
export function explain(lesson: Lesson, summary: RunSummary, options: { details: number }): string {
  const out: string[] = [];
  if (summary.loadErrors.length > 0) {
    out.push(color.red('The tests could not load your code:'));
    for (const e of summary.loadErrors) out.push(`  ${e.split('\n').slice(0, 8).join('\n  ')}`);
    out.push('Fix the error above (a syntax error or a missing export?) and save again.');
    return out.join('\n');
  }
  const failed = summary.total - summary.passed;
  out.push(`${color.green(`${summary.passed} passed`)}  ${failed > 0 ? color.red(`${failed} failed`) : '0 failed'}  (of ${summary.total})`);
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
  for (const failure of real.slice(0, options.details)) {
    out.push('', color.red(`✗ ${failure.name}`), indent(failure.message.split('\n').slice(0, 30).join('\n')));
  }
  if (real.length > options.details) {
    out.push('', `…and ${real.length - options.details} more failing:`);
    for (const f of real.slice(options.details)) out.push(`  ✗ ${f.name}`);
  }
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export interface LessonRunner {
  readonly vitest: Vitest;
  /** Runs the lesson's tests now and resolves with the summary. */
  run(): Promise<RunSummary>;
  close(): Promise<void>;
}

/**
 * Creates a vitest instance for one lesson. With `watch`, vitest re-runs the lesson's tests when
 * a file they import changes, and `onResult` is called after every run.
 */
export async function createLessonRunner(
  lesson: Lesson,
  map: TreeMap,
  options: { watch: boolean; onResult?: (summary: RunSummary) => void; onRunStart?: () => void },
): Promise<LessonRunner> {
  process.env.FERRIS_MAP = JSON.stringify(map);
  let resolveRun: ((s: RunSummary) => void) | undefined;
  const reporter: Reporter = {
    onTestRunStart() {
      options.onRunStart?.();
    },
    onTestRunEnd(modules) {
      const summary = summarize(lesson, modules);
      options.onResult?.(summary);
      resolveRun?.(summary);
      resolveRun = undefined;
    },
  };
  const vitest = await createVitest(
    'test',
    {
      config: path.join(ROOT, 'vitest.config.ts'),
      root: ROOT,
      watch: options.watch,
      reporters: [reporter],
      include: [`test/${lesson.slug}/**/*.test.ts`],
    },
  );
  return {
    vitest,
    run() {
      return new Promise<RunSummary>((resolve, reject) => {
        resolveRun = resolve;
        vitest.start().catch(reject);
      });
    },
    close: () => vitest.close(),
  };
}
