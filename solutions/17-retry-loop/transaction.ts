/**
 * Lesson 17: a transaction with atomic operations, versionstamps, size limits and watches.
 * Given code: it wires the pieces you write into lesson 16's transaction.
 *
 * Reads, sets, clears and conflict ranges go through a lesson-16 Transaction, so reads see this
 * transaction's own writes and record what they read. Every write is also kept here, in order,
 * as a WriteOp: the commit path turns the atomic and versionstamped ones into plain mutations
 * once it knows the commit version and what the keys hold (write-ops.ts).
 *
 * An atomic operation adds a write conflict range for its key and no read conflict range: that
 * is the whole point. A get of a key with atomic operations pending reads the key (recording a
 * read conflict, as FoundationDB does) and applies them to what it read. A getRange over such a
 * key, and a get of a key whose value waits for its versionstamp, throw client_invalid_operation.
 */
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import { checkUserKey, USER_KEYS_END } from '@ferris/14-mvcc/keys.ts';
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { CommitRequest } from '@ferris/16-transactions/commit-path.ts';
import { compareBytes, hex, keyAfter, rangeContains, type KeyRange } from '@ferris/16-transactions/keys.ts';
import {
  Transaction as BaseTransaction,
  type RangeOptions,
  type ReadOptions,
} from '@ferris/16-transactions/transaction.ts';
import { FdbError } from '@support/fdb-error.ts';
import { applyAtomic, ATOMIC_OPS, type AtomicOp } from './atomic.ts';
import { checkKeySize, checkTransactionSize, checkValueSize } from './limits.ts';
import { OFFSET_BYTES, VERSIONSTAMP_BYTES, versionstampOffset } from './versionstamp.ts';
import type { Watch, WatchRegistry } from './watches.ts';
import { writeOpBytes, type WriteOp } from './write-ops.ts';

/** A commit as lesson 17 sends it: lesson 16's request, and the writes in the order made. */
export interface AtomicCommitRequest extends CommitRequest {
  readonly ops: readonly WriteOp[];
}

/** Where a commit landed: its version and its versionstamp. */
export interface CommitPlace {
  readonly version: number;
  readonly stamp: Uint8Array;
}

/** What a transaction needs from its database. */
export interface AtomicTransactionHost {
  readonly committedVersion: number;
  readonly store: Pick<VersionedStore, 'get' | 'getRange'>;
  readonly watches: WatchRegistry;
  submit(request: AtomicCommitRequest): Promise<CommitPlace>;
  checkOpen(): void;
}

/** What this transaction's own atomic writes say about a key read: operations to apply, or unreadable. */
type Pending =
  | { readonly kind: 'atomic'; readonly ops: { op: AtomicOp; param: Uint8Array }[] }
  | { readonly kind: 'unreadable' };

export class Transaction {
  private readonly base: BaseTransaction;
  private readonly ops: WriteOp[] = [];
  private readonly pending = new Map<string, { key: Uint8Array; pending: Pending }>();
  private readonly watches: { watch: Watch; seen: Promise<Uint8Array | undefined> }[] = [];
  private readonly stamp: {
    promise: Promise<Uint8Array>;
    resolve(stamp: Uint8Array): void;
    reject(error: unknown): void;
  };

  constructor(private readonly host: AtomicTransactionHost) {
    this.base = new BaseTransaction({
      store: host.store,
      get committedVersion() {
        return host.committedVersion;
      },
      submit: async (request) => {
        const place = await host.submit({ ...request, ops: this.ops });
        this.stamp.resolve(place.stamp);
        return place.version;
      },
      checkOpen: () => host.checkOpen(),
    });
    let resolve = (_: Uint8Array): void => {};
    let reject = (_: unknown): void => {};
    const promise = new Promise<Uint8Array>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    promise.catch(() => {});
    this.stamp = { promise, resolve, reject };
  }

  getReadVersion(): Promise<number> {
    return this.base.getReadVersion();
  }

  /** The value of `key` as this transaction sees it, its own atomic operations applied. */
  async get(key: Uint8Array, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
    const pending = this.pending.get(hex(key))?.pending;
    if (pending?.kind === 'unreadable') {
      throw new FdbError(
        'client_invalid_operation',
        `get(${hex(key)}): its value waits for this transaction's versionstamp, known only after commit`,
      );
    }
    const read = await this.base.get(key, options);
    return (pending?.ops ?? []).reduce<Uint8Array | undefined>(
      (value, { op, param }) => applyAtomic(op, value, param),
      read,
    );
  }

  /** The pairs of [begin, end) as lesson 16 reads them; throws if an atomic write of this transaction lies inside. */
  getRange(begin: Uint8Array, end: Uint8Array, options: RangeOptions = {}): Promise<KeyValue[]> {
    for (const { key } of this.pending.values()) {
      if (rangeContains({ begin, end }, key)) {
        throw new FdbError(
          'client_invalid_operation',
          `getRange: this transaction has an atomic or versionstamped write to ${hex(key)} inside the range; read that key with get()`,
        );
      }
    }
    return this.base.getRange(begin, end, options);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    checkKeySize(key, 'set');
    checkValueSize(value, 'set');
    this.base.set(key, value);
    this.ops.push({ kind: 'set', key: Uint8Array.from(key), value: Uint8Array.from(value) });
    this.pending.delete(hex(key));
  }

  clear(key: Uint8Array): void {
    checkKeySize(key, 'clear');
    this.base.clear(key);
    this.ops.push({ kind: 'clear', begin: Uint8Array.from(key), end: keyAfter(key) });
    this.pending.delete(hex(key));
  }

  clearRange(begin: Uint8Array, end: Uint8Array): void {
    this.base.clearRange(begin, end);
    const range = { begin: Uint8Array.from(begin), end: Uint8Array.from(end) };
    this.ops.push({ kind: 'clear', ...range });
    for (const [id, { key }] of this.pending) if (rangeContains(range, key)) this.pending.delete(id);
  }

  /** Applies `op` with `param` to `key` at commit, whatever the key holds then. Adds no read conflict. */
  atomicOp(op: AtomicOp, key: Uint8Array, param: Uint8Array): void {
    if (!ATOMIC_OPS.includes(op))
      throw new FdbError('invalid_mutation_type', `atomicOp: '${String(op)}' is not one of ${ATOMIC_OPS.join(', ')}`);
    checkKeySize(key, `atomicOp(${op})`);
    checkValueSize(param, `atomicOp(${op})`);
    checkUserKey(key, `atomicOp(${op})`);
    this.base.addWriteConflictRange(key, keyAfter(key));
    const own = { op, key: Uint8Array.from(key), param: Uint8Array.from(param) };
    this.ops.push({ kind: 'atomic', ...own });
    const entry = this.pending.get(hex(key));
    if (entry?.pending.kind === 'unreadable') return;
    if (entry === undefined) this.pending.set(hex(key), { key: own.key, pending: { kind: 'atomic', ops: [own] } });
    else entry.pending.ops.push(own);
  }

  /** Sets the key `keyWithOffset` names (its last 4 bytes: where the stamp goes) to `value` at commit. */
  setVersionstampedKey(keyWithOffset: Uint8Array, value: Uint8Array): void {
    const offset = versionstampOffset(keyWithOffset, 'setVersionstampedKey');
    const key = keyWithOffset.subarray(0, keyWithOffset.length - OFFSET_BYTES);
    checkKeySize(key, 'setVersionstampedKey');
    checkValueSize(value, 'setVersionstampedKey');
    // Every key the stamp can make: the stamp's bytes all 0x00 up to all 0xff.
    const lowest = Uint8Array.from(key).fill(0x00, offset, offset + VERSIONSTAMP_BYTES);
    const highest = Uint8Array.from(key).fill(0xff, offset, offset + VERSIONSTAMP_BYTES);
    checkUserKey(lowest, 'setVersionstampedKey');
    const end = keyAfter(highest);
    this.base.addWriteConflictRange(lowest, compareBytes(end, USER_KEYS_END) < 0 ? end : USER_KEYS_END);
    this.ops.push({ kind: 'versionstampedKey', key: Uint8Array.from(keyWithOffset), value: Uint8Array.from(value) });
  }

  /** Sets `key` to `valueWithOffset` (its last 4 bytes: where the stamp goes) at commit. */
  setVersionstampedValue(key: Uint8Array, valueWithOffset: Uint8Array): void {
    versionstampOffset(valueWithOffset, 'setVersionstampedValue');
    checkKeySize(key, 'setVersionstampedValue');
    checkValueSize(valueWithOffset.subarray(0, valueWithOffset.length - OFFSET_BYTES), 'setVersionstampedValue');
    checkUserKey(key, 'setVersionstampedValue');
    this.base.addWriteConflictRange(key, keyAfter(key));
    const own = Uint8Array.from(key);
    this.ops.push({ kind: 'versionstampedValue', key: own, value: Uint8Array.from(valueWithOffset) });
    this.pending.set(hex(own), { key: own, pending: { kind: 'unreadable' } });
  }

  /** This transaction's versionstamp: resolves once it commits; rejects if it fails or wrote nothing. */
  getVersionstamp(): Promise<Uint8Array> {
    return this.stamp.promise;
  }

  /**
   * A promise that resolves once `key`'s committed value differs from what this transaction sees
   * now. It starts watching when the transaction commits. Throws too_many_watches (1032) at the limit.
   */
  watch(key: Uint8Array): Promise<void> {
    checkKeySize(key, 'watch');
    checkUserKey(key, 'watch');
    const watch = this.host.watches.create(key);
    const seen = this.get(key, { snapshot: true });
    seen.catch(() => {});
    this.watches.push({ watch, seen });
    return watch.fired;
  }

  addReadConflictRange(begin: Uint8Array, end: Uint8Array): void {
    this.base.addReadConflictRange(begin, end);
  }

  addWriteConflictRange(begin: Uint8Array, end: Uint8Array): void {
    this.base.addWriteConflictRange(begin, end);
  }

  /** Commits (transaction_too_large, 2101, if it holds too many bytes), then starts its watches. */
  async commit(): Promise<void> {
    try {
      checkTransactionSize(this.size(), 'commit');
      await this.base.commit();
    } catch (error) {
      this.stamp.reject(error);
      for (const { watch } of this.watches)
        this.host.watches.cancel(watch, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    this.stamp.reject(
      new FdbError(
        'client_invalid_operation',
        'getVersionstamp(): the transaction wrote nothing, so it has no commit version',
      ),
    );
    for (const { watch, seen } of this.watches) {
      this.host.watches.arm(watch, await seen);
      this.host.watches.changed(watch.key, await this.host.store.get(watch.key, this.host.committedVersion));
    }
  }

  getCommittedVersion(): number {
    return this.base.getCommittedVersion();
  }

  /** The transaction's size in bytes: its writes, and every conflict range's two keys. */
  size(): number {
    const ranges = (list: readonly KeyRange[]) => list.reduce((n, r) => n + r.begin.length + r.end.length, 0);
    return (
      this.ops.reduce((n, op) => n + writeOpBytes(op), 0) +
      ranges(this.base.readConflictRanges) +
      ranges(this.base.writeConflictRanges)
    );
  }
}
