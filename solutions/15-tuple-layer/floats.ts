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
 */
import { TupleDecodeError } from './errors.ts';
import { type DOUBLE_BYTES, FLOAT_BYTES } from './type-codes.ts';
import type { Decoded } from './integers.ts';

const SIGN_BIT = 0x80;

/**
 * Adjusts big-endian IEEE 754 bytes in place: `encoding` turns them into the sortable form,
 * otherwise back. Encoding looks at the sign bit as it is now; decoding at the sign bit as it was
 * written (flipped): 0 there means a negative number, whose every bit was flipped.
 */
export function orderFloatBytes(bytes: Uint8Array, encoding: boolean): void {
  const signSet = (bytes[0]! & SIGN_BIT) !== 0;
  if (encoding === signSet) {
    for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
  } else {
    bytes[0] = bytes[0]! ^ SIGN_BIT;
  }
}

/** The sortable bytes of `value` as a float (4 bytes) or a double (8 bytes). */
export function floatBytes(value: number, width: typeof FLOAT_BYTES | typeof DOUBLE_BYTES): Uint8Array {
  const bytes = new Uint8Array(width);
  const view = new DataView(bytes.buffer);
  if (width === FLOAT_BYTES) view.setFloat32(0, value);
  else view.setFloat64(0, value);
  orderFloatBytes(bytes, true);
  return bytes;
}

/** Reads the float (4 bytes) or double (8 bytes) whose type code is at `at`. */
export function decodeFloat(
  bytes: Uint8Array,
  at: number,
  width: typeof FLOAT_BYTES | typeof DOUBLE_BYTES,
): Decoded<number> {
  const start = at + 1;
  const end = start + width;
  if (end > bytes.length) {
    throw new TupleDecodeError(
      at,
      'truncated',
      `a ${width === FLOAT_BYTES ? 'float' : 'double'} needs ${width} bytes and only ${bytes.length - start} are left`,
    );
  }
  const copy = bytes.slice(start, end);
  orderFloatBytes(copy, false);
  const view = new DataView(copy.buffer);
  return { value: width === FLOAT_BYTES ? view.getFloat32(0) : view.getFloat64(0), end };
}
