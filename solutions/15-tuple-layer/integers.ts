/**
 * Lesson 15: integers, in as few bytes as they need.
 *
 * Zero is the code 0x14 alone. A positive integer of n bytes (1..8) is the code 0x14 + n and its
 * bytes big-endian; a negative one is the code 0x14 - n and the one's complement of its magnitude
 * in n bytes (so -1 is `13 fe`). Past 8 bytes, up to 255: the code 0x1d, a length byte and the
 * bytes (positive), or 0x0b, the length with its bits flipped, and the one's complement
 * (negative). Longer numbers get codes further from 0x14, so the codes alone sort by magnitude.
 */
import { TupleDecodeError, TupleEncodeError } from './errors.ts';
import { INT_ZERO_CODE, MAX_BIGINT_BYTES, MAX_INT_BYTES, NEG_BIGINT_CODE, POS_BIGINT_CODE } from './type-codes.ts';

/** A decoded value and the offset just past its encoding. */
export interface Decoded<T> {
  readonly value: T;
  readonly end: number;
}

/** Whether `code` starts an integer (0x0b..0x1d). */
export function isIntegerCode(code: number): boolean {
  return code >= NEG_BIGINT_CODE && code <= POS_BIGINT_CODE;
}

/** The bytes `magnitude` (>= 0) takes, big-endian without leading zero bytes. */
function byteLength(magnitude: bigint): number {
  let length = 0;
  for (let rest = magnitude; rest > 0n; rest >>= 8n) length++;
  return length;
}

/** The largest value `length` bytes hold: 2^(8 * length) - 1, all bits set. */
function allOnes(length: number): bigint {
  return (1n << BigInt(8 * length)) - 1n;
}

/** Appends `value`'s low `length` bytes to `out`, big-endian. */
function pushBigEndian(out: number[], value: bigint, length: number): void {
  for (let i = length - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
}

/** Appends the encoding of the integer `value` (code and bytes) to `out`. `path` is for the error. */
export function encodeInteger(value: bigint, out: number[], path: readonly number[]): void {
  if (value === 0n) {
    out.push(INT_ZERO_CODE);
    return;
  }
  const negative = value < 0n;
  const length = byteLength(negative ? -value : value);
  if (length > MAX_BIGINT_BYTES) {
    throw new TupleEncodeError(
      path,
      `the integer needs ${length} bytes and a tuple integer holds at most ${MAX_BIGINT_BYTES}`,
    );
  }
  if (!negative) {
    if (length <= MAX_INT_BYTES) out.push(INT_ZERO_CODE + length);
    else out.push(POS_BIGINT_CODE, length);
    pushBigEndian(out, value, length);
    return;
  }
  if (length <= MAX_INT_BYTES) out.push(INT_ZERO_CODE - length);
  else out.push(NEG_BIGINT_CODE, length ^ 0xff);
  // One's complement of the magnitude: (all ones) - |value|, that is, every bit of |value| flipped.
  pushBigEndian(out, allOnes(length) + value, length);
}

/**
 * Reads the integer whose code is at `at`. A safe integer comes back as a `number`, anything
 * larger as a `bigint`. Throws `TupleDecodeError` ('truncated') if its bytes are not all there.
 */
export function decodeInteger(bytes: Uint8Array, at: number): Decoded<number | bigint> {
  const code = bytes[at]!;
  const big = code === POS_BIGINT_CODE || code === NEG_BIGINT_CODE;
  if (big && at + 1 >= bytes.length)
    throw new TupleDecodeError(at, 'truncated', 'a bigint ends before its length byte');
  const negative = code < INT_ZERO_CODE;
  const length = big ? bytes[at + 1]! ^ (negative ? 0xff : 0) : Math.abs(code - INT_ZERO_CODE);
  const start = at + (big ? 2 : 1);
  const end = start + length;
  if (end > bytes.length) {
    throw new TupleDecodeError(
      at,
      'truncated',
      `an integer of ${length} bytes, and only ${bytes.length - start} are left`,
    );
  }
  let magnitude = 0n;
  for (let i = start; i < end; i++) magnitude = (magnitude << 8n) | BigInt(bytes[i]!);
  const value = negative ? magnitude - allOnes(length) : magnitude;
  return { value: Number.MIN_SAFE_INTEGER <= value && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value, end };
}
