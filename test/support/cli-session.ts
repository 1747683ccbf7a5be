// Drives the course command as a learner does: in a sandbox copy of lessons/ (FERRIS_LESSONS_DIR)
// with its own progress log, through a pseudo-terminal (util-linux `script`) so that the keys and
// the screen are the real ones. Where `script` is missing it falls back to plain pipes, which
// exercises the same watcher and runner, without the keys.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../cli/trees.mjs';

export interface Sandbox {
  readonly dir: string;
  /** The sandbox's lessons/ folder. */
  readonly lessons: string;
  /** The sandbox's progress log. */
  readonly log: string;
  readonly env: NodeJS.ProcessEnv;
  /** The progress log's events of one type for one lesson. */
  events(type: string, lesson: string): number;
  remove(): void;
}

/** Node warns when NO_COLOR and FORCE_COLOR are both set, even to nothing. */
export function withoutForceColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.FORCE_COLOR;
  return copy;
}

/** A copy of lessons/ whose `solved` lessons hold the reference's .ts files. */
export function sandbox(solved: readonly string[] = []): Sandbox {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferris-learner-'));
  const lessons = path.join(dir, 'lessons');
  cpSync(path.join(ROOT, 'lessons'), lessons, { recursive: true });
  for (const slug of solved) solve(lessons, slug);
  const log = path.join(dir, '.ferris', 'progress.jsonl');
  return {
    dir,
    lessons,
    log,
    env: {
      ...withoutForceColor(process.env),
      FERRIS_LESSONS_DIR: lessons,
      FERRIS_PROGRESS_LOG: log,
      FERRIS_MAP: '',
      FERRIS_CHECK_KIND: '',
      FERRIS_SEED: '20261125',
      NO_COLOR: '1',
    },
    events(type, lesson) {
      if (!existsSync(log)) return 0;
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes(`"type":"${type}"`) && line.includes(`"lesson":"${lesson}"`)).length;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Copies the reference's files of a lesson into a learner tree. */
export function solve(lessons: string, slug: string, only?: string): void {
  for (const f of readdirSync(path.join(ROOT, 'solutions', slug)).filter(
    (f) => f.endsWith('.ts') && (!only || f === only),
  )) {
    cpSync(path.join(ROOT, 'solutions', slug, f), path.join(lessons, slug, f));
  }
}

export const reference = (slug: string, file: string) => readFileSync(path.join(ROOT, 'solutions', slug, file), 'utf8');

/** The three ways editors save: in place, by renaming a temporary file over it, by appending. */
export const save = {
  inPlace: (file: string, text: string) => writeFileSync(file, text),
  byRename: (file: string, text: string) => {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
    writeFileSync(temp, text);
    renameSync(temp, file);
  },
  append: (file: string, text: string) => writeFileSync(file, text, { flag: 'a' }),
};

export const hasPty = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g;

export interface Session {
  /** Everything printed so far, without terminal codes. */
  output(): string;
  /** Resolves with the output printed after `from` once `pattern` matches it; rejects after `ms`. */
  waitFor(pattern: RegExp, from: number, ms?: number): Promise<string>;
  send(keys: string): void;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
  stop(): void;
}

/** `node --import tsx cli/main.ts <args>`, which is what `npm start` and `npm run lesson` run. */
export function session(args: readonly string[], box: Sandbox, env: NodeJS.ProcessEnv = {}): Session {
  const command = [process.execPath, '--import', 'tsx', 'cli/main.ts', ...args];
  const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child: ChildProcess = hasPty
    ? spawn('script', ['-qfec', quoted, '/dev/null'], {
        cwd: ROOT,
        env: { ...box.env, ...env },
        detached: true,
        stdio: 'pipe',
      })
    : spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...box.env, ...env }, detached: true, stdio: 'pipe' });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString().replace(ANSI, '');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output: () => text,
    waitFor(pattern, from, ms = 240_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const part = text.slice(from);
          if (pattern.test(part)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(part);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`no ${pattern} within ${ms / 1000} s; the session printed:\n${text.slice(from).slice(-3000)}`),
          );
        }, ms);
        listeners.add(check);
        check();
      });
    },
    send: (keys) => child.stdin!.write(keys),
    exited: () => exit,
    stop() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** "7 passed  3 failed  (of 10 tests in lesson 03)" */
export const RESULT = (lesson: string) =>
  new RegExp(`(\\d+) passed\\s+(\\d+) failed\\s+\\(of (\\d+) tests in lesson ${lesson}\\)`);
