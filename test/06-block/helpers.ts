// Shared generators and helpers for lesson 06's tests (not a test file itself).
//
// `parseRaw` is the test's own reader of the block format as README.md documents it, written
// independently of the lesson's code, so that the tests can check the bytes themselves.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import type { BlockOptions } from '@ferris/06-block/block.ts';
import {
  compareBytesAt,
  CorruptBlockError,
  type ByteComparator,
  type RangeComparator,
} from '@ferris/06-block/format.ts';

export type Entry = readonly [key: Uint8Array, value: Uint8Array];

export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Keys from a three-letter alphabet share long prefixes; the others are any bytes, a few long. */
export const key = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ min: 0x61, max: 0x63, maxLength: 7 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ min: 0x61, max: 0x62, minLength: 125, maxLength: 140 }) },
);
export const value = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 300 }) },
);

/** A key order, with a name for failure messages. */
export interface Order {
  readonly name: string;
  readonly compare: ByteComparator;
  /** The builder's `compare` option: undefined tests the default comparator. */
  readonly option: ByteComparator | undefined;
  /** The options Block.decode gets. */
  readonly decode: BlockOptions;
}
const descending: ByteComparator = (a, b) => compareBytes(b, a);
/** An order in which a key read with extra bytes around it sorts elsewhere, either way. */
const longestFirst: ByteComparator = (a, b) => b.length - a.length || compareBytes(a, b);
const descendingAt: RangeComparator = (bytes, start, end, target) => -compareBytesAt(bytes, start, end, target);
/** Given with compareAt, compare is for the builder only: a reader that calls it fails. */
const notForTheReader: ByteComparator = () => {
  throw new Error('the block was given compareAt, yet compare was called: a block reads with compareAt alone');
};
/** An order that prints as its name in a counterexample. */
const named = (
  name: string,
  compare: ByteComparator,
  option: ByteComparator | undefined,
  decode: BlockOptions,
): Order => Object.assign({ name, compare, option, decode }, { [fc.toStringMethod]: () => name });
/** compareBytes, the default: no options at all. */
export const defaultOrder = named('the default order (compareBytes)', compareBytes, undefined, {});
export const order: fc.Arbitrary<Order> = fc.constantFrom<Order>(
  defaultOrder,
  named('compareBytes, passed explicitly', compareBytes, compareBytes, { compare: compareBytes }),
  named('a descending comparator, given as compare alone', descending, descending, { compare: descending }),
  named('longest first, then bytes, given as compare alone', longestFirst, longestFirst, { compare: longestFirst }),
  named('a descending comparator, given as compareAt', descending, descending, {
    compare: notForTheReader,
    compareAt: descendingAt,
  }),
);

/** Distinct keys with values, not sorted yet. */
export const unsortedEntries = (maxLength = 60): fc.Arbitrary<Entry[]> =>
  fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => hexOf(k), maxLength });

export const restartInterval = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(16));

export function sorted(entries: readonly Entry[], compare: ByteComparator): Entry[] {
  return [...entries].sort(([a], [b]) => compare(a, b));
}

/** Builds a block of `entries` (already sorted by `order`). */
export function build(entries: readonly Entry[], interval: number, order: Order): Uint8Array {
  const builder = new BlockBuilder({ restartInterval: interval, compare: order.option });
  for (const [k, v] of entries) builder.add(k, v);
  return builder.finish();
}

/** The index of the first entry whose key is at or after `target` in the order. */
export function lowerBound(entries: readonly Entry[], target: Uint8Array, compare: ByteComparator): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(entries[mid]![0], target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function show(entries: Iterable<Entry>): string[] {
  return [...entries].map(([k, v]) => `${hexOf(k)}=${hexOf(v)}`);
}

// ---- the format, read and written by the test itself ---------------------------------------------

export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

export function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface RawEntry {
  readonly offset: number;
  readonly shared: number;
  readonly unshared: number;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export interface RawBlock {
  readonly entries: RawEntry[];
  readonly restarts: number[];
  readonly storedChecksum: number;
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error('the test parser ran off the end of a varint');
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, at];
    scale *= 128;
  }
}

/** Reads a block the way README.md describes it. Fails the test (in words) if the bytes do not fit the format. */
export function parseRaw(block: Uint8Array): RawBlock {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  expect(
    block.length,
    'a block has at least 12 bytes: one restart, the restart count, the checksum',
  ).toBeGreaterThanOrEqual(12);
  const storedChecksum = view.getUint32(block.length - 4, true);
  const count = view.getUint32(block.length - 8, true);
  const restartsAt = block.length - 8 - 4 * count;
  expect(
    restartsAt,
    `the restart count (${count}) does not fit the block's ${block.length} bytes`,
  ).toBeGreaterThanOrEqual(0);
  const restarts = Array.from({ length: count }, (_, i) => view.getUint32(restartsAt + 4 * i, true));
  const entries: RawEntry[] = [];
  let previous: Uint8Array = new Uint8Array(0);
  let at = 0;
  while (at < restartsAt) {
    const offset = at;
    const [shared, a] = readVarint(block, at);
    const [unshared, b] = readVarint(block, a);
    const [valueLength, c] = readVarint(block, b);
    expect(shared, `entry at byte ${offset} shares more bytes than the previous key has`).toBeLessThanOrEqual(
      previous.length,
    );
    const key = concat(previous.subarray(0, shared), block.subarray(c, c + unshared));
    const value = block.subarray(c + unshared, c + unshared + valueLength);
    at = c + unshared + valueLength;
    expect(at, `entry at byte ${offset} runs past the entries into the restart array`).toBeLessThanOrEqual(restartsAt);
    entries.push({ offset, shared, unshared, key, value });
    previous = key;
  }
  return { entries, restarts, storedChecksum };
}

/** Assembles a block by hand from raw entries (any shared/unshared numbers) and restarts, with a correct checksum. */
export function assemble(entryBytes: Uint8Array, restarts: number[], count = restarts.length): Uint8Array {
  const body = concat(entryBytes, ...restarts.map(u32le), u32le(count));
  return concat(body, u32le(crc32c(body)));
}

/** One entry's bytes, written by hand: the three varints, the key suffix, the value. */
export function rawEntry(
  shared: number,
  suffix: Uint8Array,
  value: Uint8Array,
  unshared = suffix.length,
  valueLength = value.length,
): Uint8Array {
  return concat(varint(shared), varint(unshared), varint(valueLength), suffix, value);
}

/**
 * Runs `run` and returns the CorruptBlockError it throws. Any other error (a starter's
 * NotImplemented too) is rethrown as it is; no error at all fails the test with `what`.
 */
export function corruption(run: () => unknown, what: string): CorruptBlockError {
  try {
    run();
  } catch (error) {
    if (error instanceof CorruptBlockError) return error;
    throw error;
  }
  expect.fail(`${what}, but no CorruptBlockError was thrown`);
}
