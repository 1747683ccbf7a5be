/**
 * Lesson 17: a transaction's writes as it made them, and what they become at commit. Given code.
 *
 * Sets and clears are final when made. An atomic operation or a versionstamped write is not: its
 * value depends on what the key holds at commit, or on the commit's version and batch order. The
 * commit path turns each into a plain set or clear (lesson 14's mutations) once those are
 * known, reading the key as it stands after every earlier transaction of the same batch.
 */
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { hex, keyAfter, rangeContains, type KeyRange } from '@ferris/16-transactions/keys.ts';
import { applyAtomic, type AtomicOp } from './atomic.ts';
import { placeVersionstamp } from './versionstamp.ts';

/** One write, as the transaction recorded it (keys and values are its own copies). */
export type WriteOp =
  | { readonly kind: 'set'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly kind: 'clear'; readonly begin: Uint8Array; readonly end: Uint8Array }
  | { readonly kind: 'atomic'; readonly op: AtomicOp; readonly key: Uint8Array; readonly param: Uint8Array }
  /** `key` ends with the 4-byte offset of the stamp inside it. */
  | { readonly kind: 'versionstampedKey'; readonly key: Uint8Array; readonly value: Uint8Array }
  /** `value` ends with the 4-byte offset of the stamp inside it. */
  | { readonly kind: 'versionstampedValue'; readonly key: Uint8Array; readonly value: Uint8Array };

/** The bytes a write adds to the transaction's size: its key (or range) and its value (or parameter). */
export function writeOpBytes(op: WriteOp): number {
  switch (op.kind) {
    case 'clear':
      return op.begin.length + op.end.length;
    case 'atomic':
      return op.key.length + op.param.length;
    default:
      return op.key.length + op.value.length;
  }
}

/** The committed state as one batch sees it: the store before the batch, and what the batch wrote so far. */
export class BatchState {
  private readonly written = new Map<string, { key: Uint8Array; value: Uint8Array | undefined }>();
  private readonly cleared: KeyRange[] = [];

  constructor(private readonly readStored: (key: Uint8Array) => Promise<Uint8Array | undefined>) {}

  /** What `key` holds now: the batch's own latest write of it, else the store. */
  async current(key: Uint8Array): Promise<Uint8Array | undefined> {
    const own = this.written.get(hex(key));
    if (own !== undefined) return own.value;
    if (this.cleared.some((range) => rangeContains(range, key))) return undefined;
    return this.readStored(key);
  }

  /** Records a mutation of the batch, so later reads see it. */
  record(mutation: Mutation): void {
    if (mutation.type === 'set') {
      this.written.set(hex(mutation.key), { key: mutation.key, value: mutation.value });
      return;
    }
    const range = { begin: mutation.begin, end: mutation.end };
    for (const [id, entry] of this.written)
      if (rangeContains(range, entry.key)) this.written.set(id, { key: entry.key, value: undefined });
    this.cleared.push(range);
  }
}

/** The plain mutations `ops` become for a transaction stamped `stamp`, in order; records each in `state`. */
export async function materialize(ops: readonly WriteOp[], stamp: Uint8Array, state: BatchState): Promise<Mutation[]> {
  const out: Mutation[] = [];
  for (const op of ops) {
    const mutation = await toMutation(op, stamp, state);
    state.record(mutation);
    out.push(mutation);
  }
  return out;
}

async function toMutation(op: WriteOp, stamp: Uint8Array, state: BatchState): Promise<Mutation> {
  switch (op.kind) {
    case 'set':
      return { type: 'set', key: op.key, value: op.value };
    case 'clear':
      return { type: 'clear', begin: op.begin, end: op.end };
    case 'atomic': {
      const value = applyAtomic(op.op, await state.current(op.key), op.param);
      return value === undefined
        ? { type: 'clear', begin: op.key, end: keyAfter(op.key) }
        : { type: 'set', key: op.key, value };
    }
    case 'versionstampedKey':
      return { type: 'set', key: placeVersionstamp(op.key, stamp, 'setVersionstampedKey'), value: op.value };
    case 'versionstampedValue':
      return { type: 'set', key: op.key, value: placeVersionstamp(op.value, stamp, 'setVersionstampedValue') };
  }
}
