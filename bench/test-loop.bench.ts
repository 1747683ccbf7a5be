// The learner's feedback loop: how long one lesson's tests take to give a first result from a
// cold start, and how long a re-run takes in watch mode after a save. Lesson 01 against a copy
// of the reference inside the repository (vitest watches files under the project root).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LESSON = '01-wal-entry';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Starts the course command; resolves with the time from spawn to its first printed result. */
function coldRun(tree: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'test', '01', '--impl', tree, '--seed', '1'],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      if (!/\d+ passed/.test(out)) reject(new Error(`no result from the course command (exit ${code}):\n${out}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

/** Runs the lesson in watch mode, saves the file `saves` times, and times each re-run. */
function watchReruns(tree: string, saves: number): Promise<{ first: number; reruns: number[] }> {
  return new Promise((resolve, reject) => {
    const file = path.join(tree, LESSON, 'entry.ts');
    const original = readFileSync(file, 'utf8');
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'lesson', '01', '--impl', tree, '--seed', '1'],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let first = 0;
    const reruns: number[] = [];
    let savedAt = 0;
    const save = () => {
      savedAt = performance.now();
      writeFileSync(file, `${original}\n// save ${reruns.length}\n`);
    };
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('watch mode did not re-run within 60 s'));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      if (!/\d+ passed/.test(d.toString())) return;
      if (first === 0) first = (performance.now() - started) / 1000;
      else reruns.push((performance.now() - savedAt) / 1000);
      if (reruns.length === saves) {
        clearTimeout(timer);
        child.kill();
        writeFileSync(file, original);
        resolve({ first, reruns });
      } else {
        setTimeout(save, 300); // let the watcher settle between saves
      }
    });
  });
}

const benchmark: Benchmark = async (ctx) => {
  const tree = path.join(root, '.ferris', 'bench-tree');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  cpSync(path.join(root, 'solutions', LESSON), path.join(tree, LESSON), { recursive: true });
  try {
    const runs = ctx.quick ? 1 : 3;
    const colds: number[] = [];
    for (let i = 0; i < runs; i++) colds.push(await coldRun(tree));
    ctx.log(`cold runs: ${colds.map((s) => s.toFixed(2)).join(', ')} s`);
    const { first, reruns } = await watchReruns(tree, ctx.quick ? 2 : 5);
    ctx.log(`watch mode: first result ${first.toFixed(2)} s; re-runs ${reruns.map((s) => s.toFixed(2)).join(', ')} s`);
    return [
      {
        name: 'lesson 01 tests, cold start to result',
        seconds: median(colds),
        note: `median of ${runs}; npm run course -- test 01`,
      },
      { name: 'lesson 01 tests, watch mode first result', seconds: first, note: 'npm run lesson -- 01' },
      {
        name: 'lesson 01 tests, re-run after a save',
        seconds: median(reruns),
        note: `median of ${reruns.length} saves`,
      },
    ];
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
};

export default benchmark;
