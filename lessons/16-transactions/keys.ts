/**
 * Lesson 16: key ranges, the vocabulary of conflicts. Given code.
 *
 * Every conflict range is half-open, [begin, end): it holds `begin` and not `end`. A single key
 * k is the range [k, keyAfter(k)), because no key sorts between k and k + 0x00. Two ranges
 * intersect when each begins before the other ends; an empty range (begin >= end) meets nothing.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';

export { compareBytes };

/** A half-open key range [begin, end). */
export interface KeyRange {
  readonly begin: Uint8Array;
  readonly end: Uint8Array;
}

/** The first key after `key` in byte order: `key` followed by one zero byte. */
export function keyAfter(key: Uint8Array): Uint8Array {
  const next = new Uint8Array(key.length + 1);
  next.set(key);
  return next;
}

/** The range holding exactly one key: [key, keyAfter(key)). */
export function singleKeyRange(key: Uint8Array): KeyRange {
  return { begin: key, end: keyAfter(key) };
}

/** Whether `key` lies in [range.begin, range.end). */
export function rangeContains(range: KeyRange, key: Uint8Array): boolean {
  return compareBytes(range.begin, key) <= 0 && compareBytes(key, range.end) < 0;
}

/** Whether two half-open ranges share a key. Empty ranges share nothing. */
export function rangesIntersect(a: KeyRange, b: KeyRange): boolean {
  return compareBytes(a.begin, b.end) < 0 && compareBytes(b.begin, a.end) < 0 && !isEmpty(a) && !isEmpty(b);
}

/** Whether a range holds no key (begin >= end). */
export function isEmpty(range: KeyRange): boolean {
  return compareBytes(range.begin, range.end) >= 0;
}

/** The keys a mutation writes: [key, keyAfter(key)) for a set, [begin, end) for a clear. */
export function mutationRange(mutation: Mutation): KeyRange {
  return mutation.type === 'set' ? singleKeyRange(mutation.key) : { begin: mutation.begin, end: mutation.end };
}

/** A key in hex, for messages and map keys. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
