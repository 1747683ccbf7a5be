/**
 * Lesson 15: floating-point numbers whose bytes sort like their values.
 *
 * IEEE 754 bytes, big-endian, almost sort: among positive numbers a bigger value has bigger
 * bytes, but every negative number has the sign bit set and so sorts after every positive one,
 * and a more negative number has bigger bytes. FoundationDB's fix, on the big-endian bytes:
 * a positive number (sign bit 0) gets its sign bit flipped, so it sorts after every negative
 * one; a negative number (sign bit 1) gets every bit flipped, which reverses the order among
 * negatives. The result is IEEE 754's total order: negative NaNs, -Infinity, the negative
 * numbers, -0, +0, the positive numbers, +Infinity, positive NaNs.
 *
 * Your task: orderFloatBytes(), floatBytes() and decodeFloat().
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { TupleDecodeError } from './errors.ts';
import { DOUBLE_BYTES, FLOAT_BYTES } from './type-codes.ts';
import type { Decoded } from './integers.ts';

const SIGN_BIT = 0x80;

/**
 * Adjusts big-endian IEEE 754 bytes in place: `encoding` turns them into the sortable form,
 * otherwise back. Encoding looks at the sign bit as it is now; decoding at the sign bit as it was
 * written (flipped): 0 there means a negative number, whose every bit was flipped.
 */
export function orderFloatBytes(bytes: Uint8Array, encoding: boolean): void {
  // TODO: encoding: sign bit set (negative) -> flip every bit; else flip only the sign bit.
  // TODO: decoding: sign bit CLEAR (it was a negative number) -> flip every bit; else flip only the sign bit.
  throw new NotImplemented('15-tuple-layer', 'orderFloatBytes()');
}

/** The sortable bytes of `value` as a float (4 bytes) or a double (8 bytes). */
export function floatBytes(value: number, width: typeof FLOAT_BYTES | typeof DOUBLE_BYTES): Uint8Array {
  // TODO: a new array of `width` bytes; a DataView writes the value big-endian (setFloat32 or
  //       setFloat64, whose default is big-endian); then orderFloatBytes(..., true).
  throw new NotImplemented('15-tuple-layer', 'floatBytes()');
}

/** Reads the float (4 bytes) or double (8 bytes) whose type code is at `at`. */
export function decodeFloat(
  bytes: Uint8Array,
  at: number,
  width: typeof FLOAT_BYTES | typeof DOUBLE_BYTES,
): Decoded<number> {
  // TODO: fewer than `width` bytes after the code: TupleDecodeError(at, 'truncated', ...).
  // TODO: copy the bytes out (never change the caller's), orderFloatBytes(copy, false), read
  //       them with a DataView over the copy; `end` is just past them.
  throw new NotImplemented('15-tuple-layer', 'decodeFloat()');
}
