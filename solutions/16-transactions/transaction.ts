/**
 * Lesson 16: a transaction. It reads at one read version, keeps its writes to itself until it
 * commits, and records what it read (its read conflict ranges) and what it wrote (its write
 * conflict ranges) for the resolver.
 *
 * Reads see the transaction's own writes (read-your-writes). A snapshot read records no read
 * conflict: the transaction promises that a change there would not change what it does. Once
 * commit() has been called, every later call throws used_during_commit (2017), as in
 * FoundationDB: make a new transaction to go on.
 */
import { checkRange, checkUserKey, checkValue } from '@ferris/14-mvcc/keys.ts';
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { FdbError } from '@support/fdb-error.ts';
import type { CommitRequest } from './commit-path.ts';
import { isEmpty, singleKeyRange, type KeyRange } from './keys.ts';
import { rangeReadConflict, type RangeReadShape } from './read-conflicts.ts';
import { WriteSet } from './write-set.ts';

export interface ReadOptions {
  /** Read without recording a read conflict. Default false. */
  readonly snapshot?: boolean;
}

export interface RangeOptions extends ReadOptions {
  /** The most pairs to return; 0 (the default) means no limit, as in FoundationDB's C API. */
  readonly limit?: number;
  /** Descending key order; the limit then keeps the last keys of the range. Default false. */
  readonly reverse?: boolean;
}

/** What a transaction needs from its database. */
export interface TransactionHost {
  /** The newest committed version: the read version of a transaction that asks now. */
  readonly committedVersion: number;
  readonly store: Pick<VersionedStore, 'get' | 'getRange'>;
  /** Sends a commit through the commit path; resolves with the commit version, or rejects. */
  submit(request: CommitRequest): Promise<number>;
  /** Throws if the database is closed or failed. */
  checkOpen(): void;
}

export class Transaction {
  private readVersion: number | undefined = undefined;
  private readonly writes = new WriteSet();
  private readonly reads: KeyRange[] = [];
  private readonly extraWrites: KeyRange[] = [];
  private commitStarted = false;
  private committedVersion = -1;

  constructor(private readonly host: TransactionHost) {}

  /** The version every read of this transaction sees: the committed version when first asked. */
  async getReadVersion(): Promise<number> {
    this.checkUsable('getReadVersion');
    return this.version();
  }

  /**
   * The value of `key` as this transaction sees it: its own set or clear of the key if it made
   * one, else the database at the read version. Records [key, keyAfter(key)) as read unless
   * `snapshot`. Returns a copy.
   */
  async get(key: Uint8Array, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
    this.checkUsable('get');
    checkUserKey(key, 'get');
    const ownKey = Uint8Array.from(key);
    if (options.snapshot !== true) this.reads.push(singleKeyRange(ownKey));
    const own = this.writes.lookup(ownKey);
    if (own.kind === 'set') return Uint8Array.from(own.value);
    if (own.kind === 'cleared') return undefined;
    return this.host.store.get(ownKey, this.version());
  }

  /**
   * The pairs of [begin, end) as this transaction sees them: the database at the read version
   * merged with its own writes, ascending (descending if `reverse`), at most `limit` (0: all).
   * Records what it really read as a read conflict range unless `snapshot`. Returns copies.
   */
  async getRange(begin: Uint8Array, end: Uint8Array, options: RangeOptions = {}): Promise<KeyValue[]> {
    this.checkUsable('getRange');
    checkRange(begin, end, 'getRange');
    const range = { begin: Uint8Array.from(begin), end: Uint8Array.from(end) };
    const shape = { limit: checkLimit(options.limit), reverse: options.reverse === true };
    if (isEmpty(range)) return [];
    let pairs = this.writes.mergeRange(await this.readSnapshot(range, shape), range);
    if (shape.reverse) pairs.reverse();
    if (shape.limit > 0) pairs = pairs.slice(0, shape.limit);
    if (options.snapshot !== true) this.reads.push(rangeReadConflict(range, pairs, shape));
    return pairs.map(({ key, value }) => ({ key: Uint8Array.from(key), value: Uint8Array.from(value) }));
  }

  /** Sets `key` to `value` when the transaction commits. Keeps copies of both. */
  set(key: Uint8Array, value: Uint8Array): void {
    this.checkUsable('set');
    checkUserKey(key, 'set');
    checkValue(value, 'set');
    this.writes.set(Uint8Array.from(key), Uint8Array.from(value));
  }

  /** Removes `key` when the transaction commits. */
  clear(key: Uint8Array): void {
    this.checkUsable('clear');
    checkUserKey(key, 'clear');
    this.writes.clear(Uint8Array.from(key));
  }

  /** Removes every key in [begin, end) when the transaction commits; begin == end does nothing. */
  clearRange(begin: Uint8Array, end: Uint8Array): void {
    this.checkUsable('clearRange');
    checkRange(begin, end, 'clearRange');
    this.writes.clearRange({ begin: Uint8Array.from(begin), end: Uint8Array.from(end) });
  }

  /** Records [begin, end) as read, as if the transaction had read it (FoundationDB's addReadConflictRange). */
  addReadConflictRange(begin: Uint8Array, end: Uint8Array): void {
    this.checkUsable('addReadConflictRange');
    checkRange(begin, end, 'addReadConflictRange');
    if (!isEmpty({ begin, end })) this.reads.push({ begin: Uint8Array.from(begin), end: Uint8Array.from(end) });
  }

  /** Records [begin, end) as written, without writing anything (FoundationDB's addWriteConflictRange). */
  addWriteConflictRange(begin: Uint8Array, end: Uint8Array): void {
    this.checkUsable('addWriteConflictRange');
    checkRange(begin, end, 'addWriteConflictRange');
    if (!isEmpty({ begin, end })) this.extraWrites.push({ begin: Uint8Array.from(begin), end: Uint8Array.from(end) });
  }

  /**
   * Commits: resolves once the transaction's writes are durable in the commit log, or rejects
   * with not_committed (1020), transaction_too_old (1007) or commit_unknown_result (1021). A
   * transaction that wrote nothing (no mutations, no write conflict ranges) commits at once.
   */
  async commit(): Promise<void> {
    this.checkUsable('commit');
    this.commitStarted = true;
    const writeRanges = [...this.writes.writeRanges, ...this.extraWrites];
    if (writeRanges.length === 0) return;
    const request = {
      readVersion: this.version(),
      readRanges: [...this.reads],
      writeRanges,
      mutations: this.writes.mutations,
    };
    this.committedVersion = await this.host.submit(request);
  }

  /** The version this transaction committed at; -1 before it commits, and for one that wrote nothing. */
  getCommittedVersion(): number {
    return this.committedVersion;
  }

  /** The read conflict ranges so far, in the order recorded (for tests and pictures). */
  get readConflictRanges(): readonly KeyRange[] {
    return this.reads;
  }

  /** The write conflict ranges so far: the mutations' ranges, then addWriteConflictRange's. */
  get writeConflictRanges(): readonly KeyRange[] {
    return [...this.writes.writeRanges, ...this.extraWrites];
  }

  private version(): number {
    this.readVersion ??= this.host.committedVersion;
    return this.readVersion;
  }

  /**
   * The database's pairs of `range` at the read version, ascending. With a limit, fetches just
   * enough: each of the transaction's point writes in the range can hide at most one stored
   * pair, and a range it cleared can hide any number, so then it fetches the whole range.
   */
  private async readSnapshot(range: KeyRange, shape: RangeReadShape): Promise<KeyValue[]> {
    const overlap = this.writes.overlapCount(range);
    const limit = shape.limit === 0 || overlap.clearedRanges > 0 ? undefined : shape.limit + overlap.points;
    const pairs = await this.host.store.getRange(range.begin, range.end, this.version(), {
      reverse: shape.reverse,
      ...(limit === undefined ? {} : { limit }),
    });
    return shape.reverse ? pairs.reverse() : pairs;
  }

  private checkUsable(what: string): void {
    this.host.checkOpen();
    if (this.commitStarted) {
      throw new FdbError(
        'used_during_commit',
        `${what}() was called after commit(); create a new transaction to go on`,
      );
    }
  }
}

/** A range read's limit: a whole number from 0, where 0 (or none) means no limit. */
function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 0;
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`getRange: limit must be a whole number from 0 (0 means no limit), got ${limit}.`);
  return limit;
}
