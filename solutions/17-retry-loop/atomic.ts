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
import { VALUE_SIZE_LIMIT } from './limits.ts';

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

/** `existing` cut or zero-padded to `length` bytes: how an operation sees the old value. */
function fitted(existing: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(existing.subarray(0, length));
  return out;
}

/** Adds two little-endian unsigned integers; the sum has the parameter's length (the carry out is dropped). */
export function add(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  if (existing === undefined) return Uint8Array.from(param);
  const old = fitted(existing, param.length);
  const out = new Uint8Array(param.length);
  let carry = 0;
  for (let i = 0; i < param.length; i++) {
    const sum = old[i]! + param[i]! + carry;
    out[i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

/** -1, 0 or 1: how two little-endian unsigned integers of the same length compare. */
function compareLittleEndian(a: Uint8Array, b: Uint8Array): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** The larger, as little-endian unsigned integers, at the parameter's length. */
export function max(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  if (existing === undefined) return Uint8Array.from(param);
  const old = fitted(existing, param.length);
  return compareLittleEndian(old, param) > 0 ? old : Uint8Array.from(param);
}

/** The smaller, as little-endian unsigned integers, at the parameter's length. */
export function min(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  if (existing === undefined) return Uint8Array.from(param);
  const old = fitted(existing, param.length);
  return compareLittleEndian(old, param) < 0 ? old : Uint8Array.from(param);
}

/** Combines the old value (zero-padded or cut to the parameter's length) and the parameter byte by byte. */
function bitwise(
  existing: Uint8Array | undefined,
  param: Uint8Array,
  combine: (a: number, b: number) => number,
): Uint8Array {
  if (existing === undefined) return Uint8Array.from(param);
  const old = fitted(existing, param.length);
  return param.map((b, i) => combine(old[i]!, b));
}

/** Bitwise AND, at the parameter's length (bytes past the old value's end become 0). */
export function bitAnd(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  return bitwise(existing, param, (a, b) => a & b);
}

/** Bitwise OR, at the parameter's length (bytes past the old value's end are the parameter's). */
export function bitOr(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  return bitwise(existing, param, (a, b) => a | b);
}

/** Bitwise XOR, at the parameter's length (bytes past the old value's end are the parameter's). */
export function bitXor(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  return bitwise(existing, param, (a, b) => a ^ b);
}

/** -1, 0 or 1: byte order (memcmp, then the shorter first). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return Math.sign(a.length - b.length);
}

/** The smaller in byte order (lexicographic, not numeric). */
export function byteMin(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  return Uint8Array.from(existing !== undefined && compareBytes(existing, param) < 0 ? existing : param);
}

/** The larger in byte order (lexicographic, not numeric). */
export function byteMax(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  return Uint8Array.from(existing !== undefined && compareBytes(existing, param) > 0 ? existing : param);
}

/** The old value then the parameter, unless that is longer than VALUE_SIZE_LIMIT: then the old value unchanged. */
export function appendIfFits(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {
  if (existing === undefined) return Uint8Array.from(param);
  if (existing.length + param.length > VALUE_SIZE_LIMIT) return Uint8Array.from(existing);
  const out = new Uint8Array(existing.length + param.length);
  out.set(existing);
  out.set(param, existing.length);
  return out;
}

/** Clears the key if its value equals the parameter (or it has none); otherwise leaves it. */
export function compareAndClear(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array | undefined {
  if (existing === undefined || compareBytes(existing, param) === 0) return undefined;
  return Uint8Array.from(existing);
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
