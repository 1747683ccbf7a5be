/**
 * Tests of the given-code guard (cli/given-code.ts), on temporary lesson folders: a starter must
 * keep its reference's exports, signatures and doc comments, and its given files byte for byte.
 *
 * Catches a guard that:
 * - ignores doc comments (a starter whose doc comment drifted from the reference's);
 * - ignores signatures (a parameter type or a class member changed in the starter);
 * - ignores a missing export or a missing file;
 * - compares given files loosely (one changed byte in a file without NotImplemented);
 * - complains about what is the learner's work (bodies, private members, `async` or `*`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { givenCodeProblems } from '../../cli/given-code.ts';

const REFERENCE_CODEC = `import { NotImplemented } from '@support/not-implemented.ts';
/** The largest key, in bytes. */
export const MAX_KEY = 10;
/** Encodes a key: its length, then its bytes. */
export function encode(key: Uint8Array): Uint8Array {
  return Uint8Array.of(key.length, ...key);
}
/** Reads keys one at a time. */
export class Reader {
  private at = 0;
  constructor(readonly bytes: Uint8Array) {}
  /** The next key, or null at the end. */
  async next(): Promise<Uint8Array | null> {
    return null;
  }
  /** Every key. */
  *all(): IterableIterator<Uint8Array> {}
}
`;

const STARTER_CODEC = `import { NotImplemented } from '@support/not-implemented.ts';
/** The largest key, in bytes. */
export const MAX_KEY = 10;
/** Encodes a key: its length, then its bytes. */
export function encode(key: Uint8Array): Uint8Array {
  // TODO: the length, then the bytes.
  throw new NotImplemented('99-example', 'encode()');
}
/** Reads keys one at a time. */
export class Reader {
  private cursor = 0;
  private seen: Uint8Array[] = [];
  constructor(readonly bytes: Uint8Array) {}
  /** The next key, or null at the end. */
  next(): Promise<Uint8Array | null> {
    throw new NotImplemented('99-example', 'next()');
  }
  /** Every key. */
  all(): IterableIterator<Uint8Array> {
    throw new NotImplemented('99-example', 'all()');
  }
}
`;

const GIVEN_ERRORS = `/** The key is too long. */
export class KeyTooLongError extends Error {
  override readonly name = 'KeyTooLongError';
}
`;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A lesson's starter and reference folders, each file from `files` unless `starter` replaces it. */
function lesson(starter: Record<string, string | undefined> = {}): { starterDir: string; referenceDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'given-code-'));
  made.push(root);
  const starterDir = path.join(root, 'lessons', '99-example');
  const referenceDir = path.join(root, 'solutions', '99-example');
  mkdirSync(starterDir, { recursive: true });
  mkdirSync(referenceDir, { recursive: true });
  const reference = { 'codec.ts': REFERENCE_CODEC, 'errors.ts': GIVEN_ERRORS };
  const starterFiles: Record<string, string | undefined> = {
    'codec.ts': STARTER_CODEC,
    'errors.ts': GIVEN_ERRORS,
    ...starter,
  };
  for (const [name, text] of Object.entries(reference)) writeFileSync(path.join(referenceDir, name), text);
  for (const [name, text] of Object.entries(starterFiles))
    if (text !== undefined) writeFileSync(path.join(starterDir, name), text);
  return { starterDir, referenceDir };
}

function problemsWith(starter: Record<string, string | undefined>): string[] {
  const { starterDir, referenceDir } = lesson(starter);
  return givenCodeProblems(starterDir, referenceDir);
}

describe('the given-code guard', () => {
  it('accepts a starter that differs only in bodies, private members, async and generator stars', () => {
    expect(problemsWith({}), 'a faithful starter is accepted').toEqual([]);
  });

  it('catches a changed doc comment, of a function and of a class member', () => {
    const fn = problemsWith({ 'codec.ts': STARTER_CODEC.replace('its length, then its bytes', 'its bytes') });
    expect(fn.join('\n'), 'a function doc comment that drifted is reported by name').toMatch(/doc comment of `encode`/);
    const member = problemsWith({
      'codec.ts': STARTER_CODEC.replace('/** Every key. */', '/** Every key, in order. */'),
    });
    expect(member.join('\n'), 'a member doc comment that drifted is reported by name').toMatch(
      /doc comment of `Reader.all`/,
    );
    const removed = problemsWith({ 'codec.ts': STARTER_CODEC.replace('/** The largest key, in bytes. */\n', '') });
    expect(removed.join('\n'), 'a doc comment missing from the starter is reported').toMatch(
      /doc comment of `MAX_KEY`/,
    );
  });

  it('catches a changed signature: a parameter type, a result type, a constant, a constructor', () => {
    const cases: [string, string, RegExp][] = [
      ['encode(key: Uint8Array)', 'encode(key: Uint8Array, at = 0)', /`encode` is declared differently/],
      ['next(): Promise<Uint8Array | null>', 'next(): Promise<Uint8Array>', /`Reader.next` is declared differently/],
      ['MAX_KEY = 10', 'MAX_KEY = 11', /`MAX_KEY` is declared differently/],
      [
        'constructor(readonly bytes: Uint8Array)',
        'constructor(bytes: Uint8Array)',
        /`Reader.constructor` is declared differently/,
      ],
      ['export class Reader {', 'export class Reader extends Object {', /`Reader` is declared differently/],
    ];
    for (const [find, replace, expected] of cases) {
      const problems = problemsWith({ 'codec.ts': STARTER_CODEC.replace(find, replace) });
      expect(problems.join('\n'), `changing "${find}" to "${replace}" is reported`).toMatch(expected);
    }
  });

  it('catches a missing export, an extra export and a missing or extra file', () => {
    const missing = problemsWith({ 'codec.ts': STARTER_CODEC.replace('export const MAX_KEY', 'const MAX_KEY') });
    expect(missing.join('\n'), 'an export the starter lacks is reported').toMatch(/starter lacks `MAX_KEY`/);
    const extra = problemsWith({ 'codec.ts': `${STARTER_CODEC}export const EXTRA = 1;\n` });
    expect(extra.join('\n'), 'an export only the starter has is reported').toMatch(/starter exports `EXTRA`/);
    const member = problemsWith({
      'codec.ts': STARTER_CODEC.replace(/ {2}\/\*\* Every key\. \*\/\n {2}all[\s\S]*?\n {2}\}\n/, ''),
    });
    expect(member.join('\n'), 'a public member the starter lacks is reported').toMatch(/starter lacks `Reader.all`/);
    expect(problemsWith({ 'errors.ts': undefined }).join('\n'), 'a missing file is reported').toMatch(
      /errors\.ts: the reference has it/,
    );
    expect(problemsWith({ 'more.ts': GIVEN_ERRORS }).join('\n'), 'a file only the starter has is reported').toMatch(
      /more\.ts: the starter has it/,
    );
  });

  it('catches a given file that differs by one byte, even in a comment or in spacing', () => {
    for (const changed of [
      GIVEN_ERRORS.replace('too long', 'too big'),
      GIVEN_ERRORS.replace('  override', '    override'),
      `${GIVEN_ERRORS}\n`,
    ]) {
      const problems = problemsWith({ 'errors.ts': changed });
      expect(problems.join('\n'), 'a changed given file is reported with where it differs').toMatch(
        /errors\.ts: given code .* differs from the reference at line/,
      );
    }
  });
});
