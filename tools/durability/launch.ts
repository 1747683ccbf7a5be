/**
 * Starting a durability script with the right tree map.
 *
 * The `@ferris/...` loader hook reads FERRIS_MAP once, when Node starts, so a script cannot pick
 * its tree after it is running. Each entry script calls `launch()` first (and imports lesson code
 * only after it): with `--impl DIR`, or with no FERRIS_MAP at all, it starts itself again with
 * the map set (solutions/ by default), passes the exit code on, and never runs the body here.
 *
 * This file must not import `@ferris/...`: it runs before the map is known.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const RELAUNCHED = 'FERRIS_DURABILITY_RELAUNCHED';

/** Removes `--impl DIR` / `--impl=DIR` from argv and returns the directory, if given. */
function takeImpl(argv: string[]): { impl: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let impl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--impl') {
      impl = argv[++i];
      if (impl === undefined) fail('--impl needs a directory laid out like solutions/, for example --impl lessons');
    } else if (arg.startsWith('--impl=')) {
      impl = arg.slice('--impl='.length);
    } else {
      rest.push(arg);
    }
  }
  return { impl, rest };
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/**
 * Makes sure FERRIS_MAP is set for this process. Resolves when the script should run its body;
 * otherwise runs the script again in a child with the map (passing Ctrl-C and SIGTERM on to it)
 * and exits with its exit code. Resolves to the command-line arguments without `--impl`.
 */
export async function launch(): Promise<string[]> {
  const { impl, rest } = takeImpl(process.argv.slice(2));
  if (process.env[RELAUNCHED] === '1') return rest;
  if (impl === undefined && process.env.FERRIS_MAP) return rest;
  const tree = path.resolve(impl ?? path.join(ROOT, 'solutions'));
  const env = { ...process.env, FERRIS_MAP: JSON.stringify({ default: tree }), [RELAUNCHED]: '1' };
  const script = process.argv[1]!;
  const child = spawn(process.execPath, [...process.execArgv, script, ...rest], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => fail(`could not start ${script}: ${error.message}`));
    child.on('exit', (c, signal) => resolve(c ?? (signal === 'SIGINT' ? 130 : 1)));
  });
  process.exit(code);
}

/** The tree that serves `lesson` under the current FERRIS_MAP (absolute path). */
export function treeOf(lesson: string): string {
  const raw = process.env.FERRIS_MAP;
  const map = raw
    ? (JSON.parse(raw) as { default: string; lessons?: Record<string, string> })
    : { default: path.join(ROOT, 'lessons') };
  return map.lessons?.[lesson] ?? map.default;
}
