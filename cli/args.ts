// The course command's own argument parser: every mistake gets a message that says what is wrong
// and lists the valid choices (util.parseArgs's messages talk about its own internals instead).
import { UsageError } from './errors.ts';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** For string flags: what the value is, e.g. "DIR". */
  readonly value?: string;
}

export interface CommandArgs {
  /** The command's name and usage line, for messages. */
  readonly name: string;
  readonly usage: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** The positional arguments' names, in order, e.g. ['NN', 'level']. */
  readonly positionals: readonly string[];
}

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

function validFlags(spec: CommandArgs): string {
  const flags = Object.entries(spec.flags).map(
    ([name, f]) => `--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`,
  );
  return flags.length > 0 ? flags.join(', ') : 'none';
}

/** "test NN [--impl DIR] ..." without the description after it. */
const synopsis = (spec: CommandArgs) => spec.usage.split(/\s{2,}/)[0]!;

function fail(spec: CommandArgs, what: string): never {
  throw new UsageError(
    `${what}\nValid options for "${spec.name}": ${validFlags(spec)}\nUsage: npm run course -- ${synopsis(spec)}`,
  );
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

const looksLikeNumber = (arg: string) => /^-\d/.test(arg);

export function parseCommandArgs(args: readonly string[], spec: CommandArgs): Parsed {
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || looksLikeNumber(arg)) {
      positionals.push(arg);
      continue;
    }
    const [raw, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const name = raw.replace(/^--?/, '');
    const flag = spec.flags[name];
    if (!flag || !raw.startsWith('--')) {
      const close = Object.keys(spec.flags).find((f) => distance(f, name) <= 2);
      fail(spec, `"${spec.name}" has no option ${raw}.${close ? ` Did you mean --${close}?` : ''}`);
    }
    if (name in values) fail(spec, `--${name} is given twice; give it once.`);
    if (flag.type === 'boolean') {
      if (inline !== undefined)
        fail(spec, `--${name} is a switch and takes no value (got "${inline}"): write just --${name}.`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && !looksLikeNumber(next))) {
        fail(spec, `--${name} needs a value: --${name} ${flag.value ?? 'VALUE'}.`);
      }
      value = next;
      i++;
    }
    if (value === '') fail(spec, `--${name} needs a value: --${name} ${flag.value ?? 'VALUE'}.`);
    values[name] = value;
  }
  if (positionals.length > spec.positionals.length) {
    const extra = positionals
      .slice(spec.positionals.length)
      .map((p) => `"${p}"`)
      .join(', ');
    const takes =
      spec.positionals.length === 0
        ? 'takes no arguments'
        : `takes at most ${spec.positionals.length} argument${spec.positionals.length === 1 ? '' : 's'} (${spec.positionals.join(', ')})`;
    fail(spec, `"${spec.name}" ${takes}; unexpected ${extra}.`);
  }
  return { values, positionals };
}

/** --seed S: a whole number that fits fast-check's 32-bit seed. */
export function parseSeed(raw: string): string {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) {
    throw new UsageError(
      `--seed takes a whole number from -2147483648 to 4294967295 (the one a failing run printed), not "${raw}".\nExample: npm run course -- test 03 --seed 1234`,
    );
  }
  return raw;
}
