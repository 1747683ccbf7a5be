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
import { NotImplemented } from '@support/not-implemented.ts';
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
  // TODO: read DURABLE_VERSION_KEY from the engine: absent means a new store (version 0),
  //       present means decodeVersion(it). Reads, oldest and latest all start there.
  void DURABLE_VERSION_KEY;
  void decodeVersion;
  throw new NotImplemented('14-mvcc', 'openVersionedStore()');
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
    // TODO: refuse a version that is not a safe integer above latestVersion (VersionOrderError).
    // TODO: check every mutation (checkMutation) before applying any of them.
    // TODO: add a copy of each (copyMutation) to the window: the caller may change theirs later.
    // TODO: raise latestVersion, and oldestVersion to version - MVCC_WINDOW_VERSIONS if higher.
    void checkMutation;
    void copyMutation;
    throw new NotImplemented('14-mvcc', 'VersionedStore.apply()');
  }

  /** The value of `key` at `version`, or undefined if it had none. */
  async get(key: Uint8Array, version: number): Promise<Uint8Array | undefined> {
    // TODO: check the key (checkUserKey) and the version (checkReadable).
    // TODO: ask the window first, before any await; a value or a clear there decides.
    // TODO: otherwise ask the engine, then checkStillReadable: the engine may have moved on meanwhile.
    // TODO: hand out copies, never the store's own bytes.
    throw new NotImplemented('14-mvcc', 'VersionedStore.get()');
  }

  /** The pairs with keys in [begin, end) at `version`, in key order (descending if reverse), at most `limit`. */
  async getRange(begin: Uint8Array, end: Uint8Array, version: number, options: RangeOptions = {}): Promise<KeyValue[]> {
    // TODO: check the range (checkRange), the limit (checkLimit) and the version (checkReadable).
    // TODO: before any await, take what memory knows: window.lookup of every key window.keysIn
    //       the range, and window.clearsUpTo(version).
    // TODO: scan the engine over [begin, end): keep a pair only where memory knows nothing of its
    //       key (no set or clear of it, and no range clear covering it, at or below `version`).
    // TODO: checkStillReadable, then add memory's values; sort by key, reverse if asked, then
    //       apply the limit (to the reversed list: a reverse read keeps the last keys).
    void compareBytes;
    void inRange;
    throw new NotImplemented('14-mvcc', 'VersionedStore.getRange()');
  }

  /**
   * Writes the state at `upTo` into the engine, with `upTo` as the durable version, in one
   * atomic batch; then forgets the mutations at or below it. `upTo` goes from durableVersion to
   * oldestVersion. If the write fails, nothing changes: durableVersion stays where it was.
   */
  async makeDurable(upTo: number): Promise<void> {
    // TODO: refuse an upTo that is not a safe integer from durableVersion to oldestVersion (DurableTargetError).
    // TODO: run writeDurable(upTo) after every earlier call (chain this.durableQueue), whether it
    // succeeded or failed: one failed write must not fail every later call.
    throw new NotImplemented('14-mvcc', 'VersionedStore.makeDurable()');
  }

  private async writeDurable(upTo: number): Promise<void> {
    // TODO: nothing to do if upTo is not above durableVersion (an earlier call got there).
    // TODO: find every key whose state changed in (durableVersion, upTo]: the keys set up to it,
    //       and the engine's keys inside each range clear up to it (scan the engine).
    // TODO: one WriteBatch: put or delete each of them as window.lookup(key, upTo) says, and put
    //       encodeVersion(upTo) under DURABLE_VERSION_KEY. One engine.write: all of it or none.
    // TODO: only once the write resolved: forget the window up to upTo, then raise durableVersion.
    void WriteBatch;
    void encodeVersion;
    throw new NotImplemented('14-mvcc', 'VersionedStore.writeDurable()');
  }

  /** Throws unless reads at `version` are possible now. */
  private checkReadable(version: number, what: string): void {
    // TODO: a TypeError for a version that is not a safe integer; TransactionTooOld below
    //       oldestVersion; FutureVersion above latestVersion. Say what, and at which versions.
    void TransactionTooOld;
    void FutureVersion;
    throw new NotImplemented('14-mvcc', 'VersionedStore.checkReadable()');
  }

  /**
   * After an engine read: makeDurable may have moved the engine on meanwhile, up to at most the
   * oldest version. If that passed `version`, what the engine said may be too new.
   */
  private checkStillReadable(version: number, what: string): void {
    // TODO: TransactionTooOld if `version` is now below oldestVersion.
    throw new NotImplemented('14-mvcc', 'VersionedStore.checkStillReadable()');
  }
}

/** The limit as a count: a whole number from 0; undefined means no limit. */
function checkLimit(limit: number | undefined): number {
  // TODO: undefined means no limit (Infinity); otherwise a safe integer from 0, or a RangeError.
  throw new NotImplemented('14-mvcc', 'checkLimit()');
}
