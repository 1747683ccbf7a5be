/**
 * Lesson 14: the versioned store. FoundationDB's storage servers keep the last five seconds of
 * versions in memory and only the newest value of each key on disk; this is that, over lesson
 * 10's engine.
 *
 *   memory (VersionWindow): every mutation above durableVersion, with its version
 *   engine (Db):            the state at durableVersion, and durableVersion itself
 *
 * A read at version v takes what memory knows of the key at v, and asks the engine only when
 * memory knows nothing: then no mutation in (durableVersion, v] touched the key, so the state
 * at durableVersion is the state at v. The three versions only grow, and
 * durableVersion <= oldestVersion <= latestVersion always:
 *
 * - apply(v) raises latestVersion to v, and oldestVersion to v - MVCC_WINDOW_VERSIONS if that
 *   is higher: reads stay possible for the window, and no further back.
 * - makeDurable(upTo) takes any upTo from durableVersion to oldestVersion: it never forgets a
 *   version a read may still ask for.
 * - open() starts with all three at the durable version found in the engine (0 when empty).
 */
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import type { Db } from '@ferris/10-lsm-engine/db.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { FutureVersion, TransactionTooOld } from '@support/fdb-error.ts';
import { checkRange, checkUserKey, decodeVersion, DURABLE_VERSION_KEY, encodeVersion, hexOf } from './keys.ts';
import {
  checkMutation,
  copyMutation,
  DurableTargetError,
  VersionOrderError,
  type KeyValue,
  type Mutation,
} from './mutation.ts';
import { inRange, VersionWindow, type Lookup } from './window.ts';

/** How far behind the latest version reads may go: five seconds at a million versions a second, as in FoundationDB. */
export const MVCC_WINDOW_VERSIONS = 5_000_000;

/** What the store needs of lesson 10's Db (tests wrap a Db to pause its reads). */
export type StoreEngine = Pick<Db, 'get' | 'scan' | 'write'>;

export interface RangeOptions {
  /** The most pairs to return, counted from the end the read starts at; 0 returns none. Default: all. */
  readonly limit?: number;
  /** Return the pairs in descending key order (the limit then keeps the last keys of the range). */
  readonly reverse?: boolean;
}

/** Opens the versioned store kept in `engine`: its durable version is where reads start. */
export async function openVersionedStore(engine: StoreEngine): Promise<VersionedStore> {
  const stored = await engine.get(DURABLE_VERSION_KEY);
  return new VersionedStore(engine, stored === undefined ? 0 : decodeVersion(stored));
}

export class VersionedStore {
  private readonly window = new VersionWindow();
  private oldest: number;
  private latest: number;
  private durable: number;
  /** makeDurable calls run one at a time, in call order. */
  private durableQueue: Promise<unknown> = Promise.resolve();

  /** Use openVersionedStore. */
  constructor(
    private readonly engine: StoreEngine,
    durableVersion: number,
  ) {
    this.oldest = this.latest = this.durable = durableVersion;
  }

  /** The oldest version reads may ask for; below it they throw TransactionTooOld (1007). */
  get oldestVersion(): number {
    return this.oldest;
  }
  /** The newest version applied; above it reads throw FutureVersion (1009). */
  get latestVersion(): number {
    return this.latest;
  }
  /** The newest version whose state the engine holds, which survives a crash. */
  get durableVersion(): number {
    return this.durable;
  }
  /** How many mutations are kept in memory (every one above durableVersion). */
  get mutationsInMemory(): number {
    return this.window.size;
  }

  /**
   * Applies `mutations`, in order, as version `version`, which must be above latestVersion.
   * Checks every mutation before applying any: a bad one leaves the store as it was. Keeps copies.
   */
  apply(version: number, mutations: readonly Mutation[]): void {
    if (!Number.isSafeInteger(version) || version <= this.latest) throw new VersionOrderError(version, this.latest);
    for (const [i, mutation] of mutations.entries()) checkMutation(mutation, `apply(${version}), mutation ${i}`);
    for (const mutation of mutations) this.window.add(version, copyMutation(mutation));
    this.latest = version;
    this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS);
  }

  /** The value of `key` at `version`, or undefined if it had none. */
  async get(key: Uint8Array, version: number): Promise<Uint8Array | undefined> {
    checkUserKey(key, 'get');
    this.checkReadable(version, `get(${hexOf(key)})`);
    const known = this.window.lookup(key, version);
    if (known.kind === 'value') return Uint8Array.from(known.value);
    if (known.kind === 'cleared') return undefined;
    const stored = await this.engine.get(key);
    this.checkStillReadable(version, `get(${hexOf(key)})`);
    return stored === undefined ? undefined : Uint8Array.from(stored);
  }

  /** The pairs with keys in [begin, end) at `version`, in key order (descending if reverse), at most `limit`. */
  async getRange(begin: Uint8Array, end: Uint8Array, version: number, options: RangeOptions = {}): Promise<KeyValue[]> {
    checkRange(begin, end, 'getRange');
    const limit = checkLimit(options.limit);
    this.checkReadable(version, `getRange(${hexOf(begin)}, ${hexOf(end)})`);
    // What memory knows, taken before the first await: makeDurable may forget it meanwhile.
    const known = new Map<string, { key: Uint8Array; found: Lookup }>();
    for (const key of this.window.keysIn(begin, end)) {
      known.set(hexOf(key), { key, found: this.window.lookup(key, version) });
    }
    const clears = this.window.clearsUpTo(version);
    const rows: KeyValue[] = [];
    for await (const [key, value] of this.engine.scan({ start: begin, end })) {
      const memory = known.get(hexOf(key));
      const cleared = clears.some((c) => inRange(key, c.begin, c.end));
      const unknown = memory === undefined ? !cleared : memory.found.kind === 'unknown';
      if (unknown) rows.push({ key: Uint8Array.from(key), value: Uint8Array.from(value) });
    }
    this.checkStillReadable(version, `getRange(${hexOf(begin)}, ${hexOf(end)})`);
    for (const { key, found } of known.values()) {
      if (found.kind === 'value') rows.push({ key: Uint8Array.from(key), value: Uint8Array.from(found.value) });
    }
    rows.sort((a, b) => compareBytes(a.key, b.key));
    if (options.reverse === true) rows.reverse();
    return rows.slice(0, limit);
  }

  /**
   * Writes the state at `upTo` into the engine, with `upTo` as the durable version, in one
   * atomic batch; then forgets the mutations at or below it. `upTo` goes from durableVersion to
   * oldestVersion. If the write fails, nothing changes: durableVersion stays where it was.
   */
  async makeDurable(upTo: number): Promise<void> {
    if (!Number.isSafeInteger(upTo) || upTo < this.durable || upTo > this.oldest) {
      throw new DurableTargetError(upTo, this.durable, this.oldest);
    }
    const run = this.durableQueue.then(() => this.writeDurable(upTo));
    this.durableQueue = run.catch(() => {});
    return run;
  }

  private async writeDurable(upTo: number): Promise<void> {
    if (upTo <= this.durable) return;
    // Every key whose state changed in (durable, upTo]: the keys set, and the engine's keys under a clear.
    const touched = new Map<string, Uint8Array>();
    for (const key of this.window.keysSetUpTo(upTo)) touched.set(hexOf(key), key);
    for (const clear of this.window.clearsUpTo(upTo)) {
      for await (const [key] of this.engine.scan({ start: clear.begin, end: clear.end })) touched.set(hexOf(key), key);
    }
    const batch = new WriteBatch();
    for (const key of touched.values()) {
      const found = this.window.lookup(key, upTo);
      if (found.kind === 'value') batch.put(key, found.value);
      else if (found.kind === 'cleared') batch.delete(key);
    }
    batch.put(DURABLE_VERSION_KEY, encodeVersion(upTo));
    await this.engine.write(batch);
    this.window.forgetUpTo(upTo);
    this.durable = upTo;
  }

  /** Throws unless reads at `version` are possible now. */
  private checkReadable(version: number, what: string): void {
    if (!Number.isSafeInteger(version)) throw new TypeError(`${what}: a version is a whole number, got ${version}.`);
    if (version < this.oldest) {
      throw new TransactionTooOld(`${what} at version ${version}, oldest readable version ${this.oldest}`);
    }
    if (version > this.latest) throw new FutureVersion(`${what} at version ${version}, latest version ${this.latest}`);
  }

  /**
   * After an engine read: makeDurable may have moved the engine on meanwhile, up to at most the
   * oldest version. If that passed `version`, what the engine said may be too new.
   */
  private checkStillReadable(version: number, what: string): void {
    if (version < this.oldest) {
      throw new TransactionTooOld(`${what} at version ${version}: the window moved past it (oldest ${this.oldest})`);
    }
  }
}

/** The limit as a count: a whole number from 0; undefined means no limit. */
function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`getRange: limit must be a whole number from 0 (or left out for no limit), got ${limit}.`);
  }
  return limit;
}
