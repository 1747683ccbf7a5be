/** Small helpers the durability scripts share: flags with clear errors, seeds, formatting. */
import { rmSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad input on the command line: print the message and the usage, exit 2. */
export function usageError(message: string, usage: string): never {
  console.error(`error: ${message}\n\n${usage}`);
  process.exit(2);
}

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: false });
    if (parsed.values['help' as keyof typeof parsed.values]) {
      console.log(usage);
      process.exit(0);
    }
    return parsed.values;
  } catch (error) {
    usageError((error as Error).message, usage);
  }
}

/** Reads a flag as a whole number in [min, max], or the default. */
export function intFlag(
  value: string | boolean | undefined | (string | boolean)[],
  name: string,
  fallback: number,
  usage: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    usageError(`--${name} must be a whole number from ${min} to ${max}, got ${String(value)}`, usage);
  }
  return n;
}

/** A fresh seed when none was given: printed, so that the run can be replayed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fff_ffff);
}

/** Mixes a run seed and an index into an independent 31-bit seed (splitmix-style). */
export function deriveSeed(seed: number, index: number): number {
  let x = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) & 0x7fff_ffff;
}

export function seconds(fromMs: number): string {
  return `${((performance.now() - fromMs) / 1000).toFixed(1)} s`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Removes `dir` if the script is interrupted (Ctrl-C, or a CI job's SIGTERM), so that a stopped
 * run leaves no temporary directory behind. Returns a function that forgets it again.
 */
const pending = new Set<string>();
let hooked = false;
export function removeOnExit(dir: string): () => void {
  pending.add(dir);
  if (!hooked) {
    hooked = true;
    const cleanUp = (signal: NodeJS.Signals) => {
      for (const d of pending) {
        try {
          rmSync(d, { recursive: true, force: true });
        } catch {
          // Best effort: the directory is in the OS temp folder.
        }
      }
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', cleanUp);
    process.once('SIGTERM', cleanUp);
  }
  return () => pending.delete(dir);
}
