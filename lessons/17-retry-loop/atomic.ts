/**
 * Lesson 17: atomic operations, FoundationDB's rules byte for byte (fdbclient/Atomic.h).
 *
 * An atomic operation sends the server an operation and a parameter instead of a value; the
 * value is computed at commit, from whatever the key holds then. So the transaction never reads
 * the key, records no read conflict, and can never conflict over it: a thousand concurrent adds
 * all commit.
 *
 * Numbers are little-endian and unsigned, and the result always has the parameter's length. The
 * existing value is first made that long: cut short, or padded with zero bytes at the end (the
 * high end). `add` drops the carry out of the last byte. A key with no value takes the
 * parameter as it is, whatever the operation. Each function returns a new array, or `undefined`
 * for "clear the key" (only compareAndClear does that).
 */
import { NotImplemented } from '@support/not-implemented.ts';
// VALUE_SIZE_LIMIT (./limits.ts) is what appendIfFits needs.

/** The atomic operations, by FoundationDB's binding names. */
export const ATOMIC_OPS = [
  'add',
  'max',
  'min',
  'bitAnd',
  'bitOr',
  'bitXor',
  'byteMin',
  'byteMax',
  'appendIfFits',
  'compareAndClear',
] as const;
export type AtomicOp = (typeof ATOMIC_OPS)[number];

/** An operation's rule: the new value from the existing one (undefined: no value) and the parameter. */
export type AtomicRule = (existing: Uint8Array | undefined, param: Uint8Array) => Uint8Array | undefined;

/** Adds two little-endian unsigned integers; the sum has the parameter's length (the carry out is dropped). */
export function add(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: no value yet: the result is a copy of param.
  // TODO: otherwise read the old value as param.length bytes (cut, or zero-padded at the end), add byte 0 first, carrying into the next byte; drop the carry out of the last byte.
  throw new NotImplemented('17-retry-loop', 'add()');
}

/** The larger, as little-endian unsigned integers, at the parameter's length. */
export function max(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: no value yet: a copy of param.
  // TODO: fit the old value to param.length bytes, compare both as unsigned little-endian numbers (the LAST byte is the most significant), return the larger.
  throw new NotImplemented('17-retry-loop', 'max()');
}

/** The smaller, as little-endian unsigned integers, at the parameter's length. */
export function min(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: as max(), returning the smaller.
  throw new NotImplemented('17-retry-loop', 'min()');
}

/** Bitwise AND, at the parameter's length (bytes past the old value's end become 0). */
export function bitAnd(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: no value yet: a copy of param; otherwise old & param byte by byte, at param.length (missing old bytes are 0).
  throw new NotImplemented('17-retry-loop', 'bitAnd()');
}

/** Bitwise OR, at the parameter's length (bytes past the old value's end are the parameter's). */
export function bitOr(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: as bitAnd, with |.
  throw new NotImplemented('17-retry-loop', 'bitOr()');
}

/** Bitwise XOR, at the parameter's length (bytes past the old value's end are the parameter's). */
export function bitXor(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: as bitAnd, with ^.
  throw new NotImplemented('17-retry-loop', 'bitXor()');
}

/** The smaller in byte order (lexicographic, not numeric). */
export function byteMin(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: compare the bytes lexicographically (like keys), not as numbers; no value yet: param. Return a copy.
  throw new NotImplemented('17-retry-loop', 'byteMin()');
}

/** The larger in byte order (lexicographic, not numeric). */
export function byteMax(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: as byteMin, the larger.
  throw new NotImplemented('17-retry-loop', 'byteMax()');
}

/** The old value then the parameter, unless that is longer than VALUE_SIZE_LIMIT: then the old value unchanged. */
export function appendIfFits(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  // TODO: no value yet: param. Old value + param if that is at most VALUE_SIZE_LIMIT bytes; otherwise the old value unchanged.
  throw new NotImplemented('17-retry-loop', 'appendIfFits()');
}

/** Clears the key if its value equals the parameter (or it has none); otherwise leaves it. */
export function compareAndClear(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array | undefined {
  // TODO: undefined (clear) if there is no value or it equals param byte for byte; otherwise a copy of the old value.
  throw new NotImplemented('17-retry-loop', 'compareAndClear()');
}

/** Each operation's rule. */
export const ATOMIC_RULES: Readonly<Record<AtomicOp, AtomicRule>> = {
  add,
  max,
  min,
  bitAnd,
  bitOr,
  bitXor,
  byteMin,
  byteMax,
  appendIfFits,
  compareAndClear,
};

/** The value `op` leaves on a key that held `existing` (undefined: the key is cleared). */
export function applyAtomic(op: AtomicOp, existing: Uint8Array | undefined, param: Uint8Array): Uint8Array | undefined {
  return ATOMIC_RULES[op](existing, param);
}
