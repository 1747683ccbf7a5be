// Shared model, generators and engine wrappers for lesson 14's tests (not a test file).
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { MVCC_WINDOW_VERSIONS, type StoreEngine } from '@ferris/14-mvcc/versioned-store.ts';
import type { FileSystem } from '@support/fs.ts';
import { compareBytes as compare, hexOf, utf8 } from '../shared/bytes.ts';

export { compare, hexOf };

/** A set of a text key to a text value, for examples written by hand. */
export const setText = (k: string, v: string): Mutation => ({ type: 'set', key: utf8(k), value: utf8(v) });

/** A clear of the text range [begin, end), for examples written by hand. */
export const clearText = (begin: string, end: string): Mutation => ({
  type: 'clear',
  begin: utf8(begin),
  end: utf8(end),
});

/** The engine as lessons 11 and 12 leave it, with tiny budgets so that flushes and compactions happen all the time. */
export function openEngine(fs: FileSystem): Promise<Db> {
  return openDb(fs, 'db', {
    memtableBytes: 256,
    blockSize: 64,
    catalog: manifestCatalog({ maxManifestBytes: 2048 }),
    compaction: leveledCompaction({ level0Tables: 2, level1Bytes: 400, sizeRatio: 2, targetTableBytes: 160 }),
  });
}

// ---- generators -------------------------------------------------------------------------------

/** Keys from a tiny alphabet (so versions pile up on the same keys), the empty key, and keys near 0xff. */
export const key: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ min: 0x61, max: 0x63, minLength: 1, maxLength: 2 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0xfe), Uint8Array.of(0xfe, 0xff)),
  },
);
/** Values, often empty (an empty value is a value, not a deletion). */
export const value: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 6 }) },
);
/** A range end: a key, or the end of the user key space. */
export const rangeEnd: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: key },
  { weight: 1, arbitrary: fc.constant(Uint8Array.of(0xff)) },
);
/** [begin, end) in order; sometimes empty (begin == end), sometimes everything. */
export const range: fc.Arbitrary<[Uint8Array, Uint8Array]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(key, rangeEnd)
      .map(([a, b]) => (compare(a, b) <= 0 ? [a, b] : [b, a]) as [Uint8Array, Uint8Array]),
  },
  { weight: 1, arbitrary: key.map((k) => [k, k] as [Uint8Array, Uint8Array]) },
  { weight: 1, arbitrary: fc.constant([new Uint8Array(0), Uint8Array.of(0xff)] as [Uint8Array, Uint8Array]) },
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('set' as const), key, value }) },
  { weight: 1, arbitrary: range.map(([begin, end]) => ({ type: 'clear' as const, begin, end })) },
);
export const mutations = fc.array(mutation, { minLength: 0, maxLength: 4 });
/** How far the next version is from the latest: small steps, and steps right at the window's edge. */
export const versionStep: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(MVCC_WINDOW_VERSIONS - 1, MVCC_WINDOW_VERSIONS, MVCC_WINDOW_VERSIONS + 1, 2_000_000),
  },
);

export function describeMutations(list: readonly Mutation[]): string {
  return list
    .map((m) =>
      m.type === 'set'
        ? `set ${hexOf(m.key) || "''"}=${hexOf(m.value) || "''"}`
        : `clear [${hexOf(m.begin) || "''"}, ${hexOf(m.end) || "''"})`,
    )
    .join(', ');
}

// ---- the model: every version, forever --------------------------------------------------------

/** Keeps every version applied; the state at a version is a replay of the history up to it. */
export class Model {
  readonly history: { readonly version: number; readonly mutations: readonly Mutation[] }[] = [];

  apply(version: number, list: readonly Mutation[]): void {
    this.history.push({ version, mutations: list.map((m) => structuredClone(m)) });
  }

  /** Forgets the versions above `version` (a crash lost them). */
  truncateAbove(version: number): void {
    while (this.history.length > 0 && this.history[this.history.length - 1]!.version > version) this.history.pop();
  }

  /** How many mutations were applied above `version`. */
  mutationsAbove(version: number): number {
    return this.history.filter((h) => h.version > version).reduce((n, h) => n + h.mutations.length, 0);
  }

  /** The state at `version`: key hex to value hex. */
  stateAt(version: number): Map<string, string> {
    const state = new Map<string, string>();
    for (const { version: v, mutations: list } of this.history) {
      if (v > version) break;
      for (const m of list) {
        if (m.type === 'set') state.set(hexOf(m.key), hexOf(m.value));
        else for (const k of [...state.keys()]) if (k >= hexOf(m.begin) && k < hexOf(m.end)) state.delete(k);
      }
    }
    return state;
  }

  get(k: Uint8Array, version: number): string | undefined {
    return this.stateAt(version).get(hexOf(k));
  }

  /** The pairs in [begin, end) at `version` as "key=value" hex strings, as getRange must return them. */
  range(
    begin: Uint8Array,
    end: Uint8Array,
    version: number,
    options: { limit?: number; reverse?: boolean } = {},
  ): string[] {
    const rows = [...this.stateAt(version)]
      .filter(([k]) => k >= hexOf(begin) && k < hexOf(end))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`);
    if (options.reverse) rows.reverse();
    return rows.slice(0, options.limit ?? Infinity);
  }
}

/** Hex strings compare like the bytes they spell (two digits a byte, lower case). */
export const rows = (pairs: readonly { key: Uint8Array; value: Uint8Array }[]): string[] =>
  pairs.map((p) => `${hexOf(p.key)}=${hexOf(p.value)}`);

/** The code of the FdbError `work` throws, the error's name for other errors, or 'ok' with the result. */
export async function outcome<T>(
  work: () => Promise<T> | T,
): Promise<{ kind: 'ok'; value: T } | { kind: 'error'; code: number | string; error: unknown }> {
  try {
    return { kind: 'ok', value: await work() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { kind: 'error', code: typeof code === 'number' ? code : (error as Error).name, error };
  }
}

export async function expectCode(
  work: () => Promise<unknown> | unknown,
  code: number | string,
  what: string,
): Promise<void> {
  const got = await outcome(work);
  expect(got.kind === 'ok' ? 'no error' : got.code, what).toBe(code);
}

// ---- an engine whose reads can be held back ---------------------------------------------------

/**
 * Wraps a Db. Each read made between `hold()` and `stopHolding()` waits until `release()`: in
 * 'call-late' mode the read reaches the Db only then (it sees the engine as it is at release); in
 * 'answer-late' mode it reaches the Db at once (it sees the engine as it is now) and only its
 * answer waits. Reads made after stopHolding() go straight through.
 */
export class HeldEngine implements StoreEngine {
  armed = false;
  held = 0;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};
  constructor(
    readonly db: Db,
    public mode: 'call-late' | 'answer-late' = 'answer-late',
  ) {}

  hold(): void {
    this.armed = true;
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  stopHolding(): void {
    this.armed = false;
  }
  release(): void {
    this.armed = false;
    this.open();
  }

  get(k: Uint8Array): Promise<Uint8Array | undefined> {
    if (!this.armed) return this.db.get(k);
    this.held++;
    if (this.mode === 'call-late') return this.gate.then(() => this.db.get(k));
    const answer = this.db.get(k);
    return this.gate.then(() => answer);
  }

  scan(r: { start?: Uint8Array; end?: Uint8Array }): AsyncGenerator<[Uint8Array, Uint8Array]> {
    if (!this.armed) return this.db.scan(r);
    this.held++;
    const gate = this.gate;
    const db = this.db;
    if (this.mode === 'call-late') {
      return (async function* () {
        await gate;
        yield* db.scan(r);
      })();
    }
    const inner = db.scan(r);
    const first = inner.next(); // pins the Db's snapshot now
    return (async function* () {
      await gate;
      for (let step = await first; !step.done; step = await inner.next()) yield step.value;
    })();
  }

  write(batch: Parameters<Db['write']>[0]): Promise<void> {
    return this.db.write(batch);
  }
}

// ---- an engine whose writes fail -----------------------------------------------------------------

/** Wraps a Db; while `failWrites` is set, every write rejects before it reaches the Db. */
export class FailingEngine implements StoreEngine {
  failWrites = false;
  constructor(readonly db: Db) {}
  get(k: Uint8Array): Promise<Uint8Array | undefined> {
    return this.db.get(k);
  }
  scan(r: { start?: Uint8Array; end?: Uint8Array }): AsyncGenerator<[Uint8Array, Uint8Array]> {
    return this.db.scan(r);
  }
  write(batch: Parameters<Db['write']>[0]): Promise<void> {
    return this.failWrites ? Promise.reject(new Error('disk full')) : this.db.write(batch);
  }
}

// ---- an engine that hands out its own bytes ---------------------------------------------------

/**
 * Wraps a Db and, like an engine answering from a block cache, hands out the same key and value
 * arrays each time it is asked (until the next write): a store that returns them without copying
 * lets its caller change what the engine answers next.
 */
export class SharingEngine implements StoreEngine {
  private cache = new Map<string, [Uint8Array, Uint8Array]>();
  constructor(readonly db: Db) {}

  private shared(k: Uint8Array, v: Uint8Array): [Uint8Array, Uint8Array] {
    const id = hexOf(k);
    const pair = this.cache.get(id) ?? [k, v];
    this.cache.set(id, pair);
    return pair;
  }

  async get(k: Uint8Array): Promise<Uint8Array | undefined> {
    const v = await this.db.get(k);
    return v === undefined ? undefined : this.shared(k, v)[1];
  }

  async *scan(r: { start?: Uint8Array; end?: Uint8Array }): AsyncGenerator<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.db.scan(r)) yield this.shared(k, v);
  }

  write(batch: Parameters<Db['write']>[0]): Promise<void> {
    this.cache.clear();
    return this.db.write(batch);
  }
}
