/**
 * Every bad flag or argument of every course command gets the course's own message: what is
 * wrong, the valid choices, exit code 2, no stack trace. Catches: Node's parser messages leaking
 * through ("argument is ambiguous", advice about positionals with an unbalanced quote), a
 * command that ignores extra arguments, and a negative --seed taken for a flag.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../cli/args.ts';
import { UsageError } from '../../cli/errors.ts';
import { ROOT } from '../../cli/trees.mjs';
import { withoutForceColor } from './cli-session.ts';

const run = promisify(execFile);
// Each case starts the course command; on a busy machine that takes seconds.
const SLOW = 120_000;

async function course(args: string[]): Promise<{ code: number; out: string }> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'ferris-args-')), 'progress.jsonl');
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...withoutForceColor(process.env), FERRIS_PROGRESS_LOG: log, NO_COLOR: '1', FERRIS_MAP: '' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

function expectUsageError(result: { code: number; out: string }, ...says: (string | RegExp)[]): void {
  expect(result.code, `bad input exits with code 2:\n${result.out}`).toBe(2);
  expect(result.out, 'bad input prints no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.out, "Node's own parser messages must not leak through").not.toMatch(
    /ambiguous|place it at the end of the command|ERR_PARSE_ARGS/,
  );
  for (const s of says) expect(result.out).toMatch(s);
}

// Each command with an option it does not have, and the options it does have.
const commands: [string[], string][] = [
  [['start'], '--with-solutions'],
  [['list'], 'none'],
  [['test', '01'], '--seed S'],
  [['lesson', '01'], '--ui'],
  [['hint', '01'], 'none'],
  [['reset', '01'], '--yes'],
  [['restore', '01'], '--from BACKUP'],
  [['solution', '01'], 'none'],
  [['progress'], 'none'],
];

describe('bad flags and arguments, for every command', { timeout: SLOW }, () => {
  for (const [args, valid] of commands) {
    it(`${args[0]} with an unknown option names it and lists the valid options`, async () => {
      expectUsageError(
        await course([...args, '--frobnicate']),
        '"' + args[0] + '" has no option --frobnicate',
        `Valid options for "${args[0]}": `,
        valid,
        `Usage: npm run course -- ${args[0]}`,
      );
    });
  }

  it('a misspelt option gets a suggestion', async () => {
    expectUsageError(await course(['test', '01', '--sead', '3']), 'Did you mean --seed?');
  });

  it('a switch given a value, a value missing, and an option given twice are each explained', async () => {
    expectUsageError(await course(['test', '02', '--all=yes']), '--all is a switch and takes no value');
    expectUsageError(await course(['test', '02', '--seed']), '--seed needs a value: --seed S');
    expectUsageError(await course(['test', '02', '--impl', '--all']), '--impl needs a value: --impl DIR');
    expectUsageError(await course(['test', '02', '--all', '--all']), '--all is given twice');
  });

  it('a seed that is not a whole number in range is refused with the range', async () => {
    expectUsageError(
      await course(['test', '01', '--seed', 'abc']),
      /--seed takes a whole number from -2147483648 to 4294967295/,
    );
    expectUsageError(await course(['test', '01', '--seed', '1e99']), /--seed takes a whole number/);
  });

  it('extra arguments are refused, naming what the command takes', async () => {
    expectUsageError(await course(['list', 'extra']), '"list" takes no arguments; unexpected "extra"');
    expectUsageError(
      await course(['hint', '01', '2', '3']),
      '"hint" takes at most 2 arguments (NN, level); unexpected "3"',
    );
    expectUsageError(await course(['test', '01', '02']), '"test" takes at most 1 argument (NN); unexpected "02"');
  });

  it('a missing lesson, an unknown lesson and an unknown command list the valid choices', async () => {
    expectUsageError(await course(['test']), '"test" needs a lesson', '01  01-wal-entry');
    expectUsageError(await course(['hint', '99']), 'There is no lesson "99"', '01  01-wal-entry');
    expectUsageError(await course(['frob']), 'Unknown command "frob". Valid commands: start, list, test');
  });
});

describe('the parser', () => {
  const spec = {
    name: 'test',
    usage: 'test NN',
    flags: { seed: { type: 'string' as const, value: 'S' }, all: { type: 'boolean' as const } },
    positionals: ['NN'],
  };

  it('takes a negative number as the value of --seed, not as an option', () => {
    expect(parseCommandArgs(['01', '--seed', '-5'], spec).values.seed).toBe('-5');
    expect(parseCommandArgs(['01', '--seed=-5', '--all'], spec).values).toEqual({ seed: '-5', all: true });
  });

  it('treats everything after -- as arguments', () => {
    expect(() => parseCommandArgs(['--', '--all'], spec)).not.toThrow();
    expect(parseCommandArgs(['--', '--all'], spec).positionals).toEqual(['--all']);
  });

  it('refuses a short option with a UsageError', () => {
    expect(() => parseCommandArgs(['-x'], spec)).toThrow(UsageError);
  });
});
