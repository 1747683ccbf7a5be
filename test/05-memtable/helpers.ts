/**
 * Shared by lesson 05's tests: the model every memtable is checked against, and the generators.
 *
 * The model is the log itself. A memtable is a projection of the writes it was given, so the
 * simplest correct memtable is the list of those writes, and every read is a search through it:
 * "the newest write of this key with a sequence number <= s, and if several writes of the key
 * share that sequence number, the last one". The model orders keys with Node's Buffer.compare,
 * not with the code under test.
 */
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';

/** Unsigned byte order, from Node itself: the outside opinion the tests trust. */
export function byteOrder(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Readable bytes for failure messages: "61 62" for "ab". */
export function show(bytes: Uint8Array | null | undefined): string {
  if (bytes === null) return 'null (a tombstone)';
  if (bytes === undefined) return 'undefined';
  return `[${Array.from(bytes).join(', ')}]`;
}

/**
 * Runs `run` and returns the error of class `type` it throws. Any other error is thrown on as it
 * is (so a starter's NotImplemented stays a NotImplemented); no error at all fails in words.
 */
export function thrown<E extends Error>(
  run: () => unknown,
  what: string,
  type: abstract new (...args: never[]) => E,
): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  return expect.fail(`${what} was accepted, but it must throw ${type.name}`);
}

export type ModelLookup =
  | { kind: 'value'; value: Uint8Array; sequence: number }
  | { kind: 'deleted'; sequence: number }
  | { kind: 'missing' };

/** The writes, in the order they were applied: the log. */
export class LogModel {
  readonly log: WalEntry[] = [];

  apply(entry: WalEntry): void {
    this.log.push(entry);
  }

  get lastSequence(): number {
    return this.log.length === 0 ? -1 : this.log[this.log.length - 1]!.sequence;
  }

  /** The write that decides `key` at `atSequence`: newest sequence <= atSequence, last of equals. */
  visible(key: Uint8Array, atSequence = Number.MAX_SAFE_INTEGER): WalEntry | undefined {
    let best: WalEntry | undefined;
    for (const entry of this.log) {
      if (byteOrder(entry.key, key) !== 0 || entry.sequence > atSequence) continue;
      if (best === undefined || entry.sequence >= best.sequence) best = entry;
    }
    return best;
  }

  get(key: Uint8Array, atSequence?: number): ModelLookup {
    const entry = this.visible(key, atSequence);
    if (entry === undefined) return { kind: 'missing' };
    if (entry.value === null) return { kind: 'deleted', sequence: entry.sequence };
    return { kind: 'value', value: entry.value, sequence: entry.sequence };
  }

  /** Every distinct key of the log, in byte order. */
  keys(): Uint8Array[] {
    const byHex = new Map<string, Uint8Array>();
    for (const entry of this.log) byHex.set(hex(entry.key), entry.key);
    return [...byHex.values()].sort(byteOrder);
  }

  scan(start?: Uint8Array, end?: Uint8Array, atSequence?: number): Array<[Uint8Array, Uint8Array]> {
    const result: Array<[Uint8Array, Uint8Array]> = [];
    for (const key of this.keys()) {
      if (start !== undefined && byteOrder(key, start) < 0) continue;
      if (end !== undefined && byteOrder(key, end) >= 0) continue;
      const entry = this.visible(key, atSequence);
      if (entry !== undefined && entry.value !== null) result.push([key, entry.value]);
    }
    return result;
  }

  /** Every version (the last write of each key and sequence), key ascending, sequence descending. */
  versions(): WalEntry[] {
    const byVersion = new Map<string, WalEntry>();
    for (const entry of this.log) byVersion.set(`${hex(entry.key)}/${entry.sequence}`, entry);
    return [...byVersion.values()].sort((a, b) => byteOrder(a.key, b.key) || b.sequence - a.sequence);
  }
}

/**
 * The sequence numbers where a read can change its answer: 0, each write's sequence number and
 * the ones just below and above it. Reads anywhere else answer like the nearest of these.
 */
export function interestingSequences(log: readonly WalEntry[]): number[] {
  const points = new Set<number>([0]);
  for (const entry of log)
    for (const s of [entry.sequence - 1, entry.sequence, entry.sequence + 1]) if (s >= 0) points.add(s);
  return [...points].sort((a, b) => a - b);
}

/** The documented formula, written out here independently of the code under test. */
export function expectedEntrySize(entry: WalEntry): number {
  return entry.key.length + (entry.value === null ? 0 : entry.value.length) + 16;
}

/** Keys that collide often and sit at the edges of the byte order (0x80 catches signed bytes). */
export const EDGE_KEYS: readonly Uint8Array[] = [
  [],
  [0],
  [0, 0],
  [1],
  [1, 2],
  [0x61],
  [0x61, 0x62],
  [0x7f],
  [0x80],
  [0xff],
  [0xff, 0xff],
].map((bytes) => Uint8Array.from(bytes));

/** Mostly keys from EDGE_KEYS (so versions pile up on a few keys), sometimes any short key. */
export const userKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_KEYS) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }) },
);

/** A value, or null for a delete (about one write in four). */
export const valueOrTombstone = fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null, freq: 3 });

/** One write of a log: the key, the value (null: delete), and how far the sequence moves (0: same version). */
export const write = fc.record({
  key: userKey,
  value: valueOrTombstone,
  step: fc.constantFrom(0, 1, 1, 1, 2, 5),
});

export type Write = { key: Uint8Array; value: Uint8Array | null; step: number };

/** Turns writes into WAL entries with non-decreasing sequence numbers starting at `first`. */
export function toLog(writes: readonly Write[], first = 1): WalEntry[] {
  let sequence = first;
  return writes.map((w, i) => {
    if (i > 0) sequence += w.step;
    return w.value === null ? deleteEntry(sequence, w.key) : putEntry(sequence, w.key, w.value);
  });
}

/** A log of up to `maxLength` writes, as WAL entries in log order. */
export function logOf(maxLength = 40): fc.Arbitrary<WalEntry[]> {
  return fc.tuple(fc.array(write, { maxLength }), fc.nat({ max: 3 })).map(([writes, first]) => toLog(writes, first));
}
