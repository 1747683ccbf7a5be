/**
 * Lesson 15: integers, in as few bytes as they need.
 *
 * Zero is the code 0x14 alone. A positive integer of n bytes (1..8) is the code 0x14 + n and its
 * bytes big-endian; a negative one is the code 0x14 - n and the one's complement of its magnitude
 * in n bytes (so -1 is `13 fe`). Past 8 bytes, up to 255: the code 0x1d, a length byte and the
 * bytes (positive), or 0x0b, the length with its bits flipped, and the one's complement
 * (negative). Longer numbers get codes further from 0x14, so the codes alone sort by magnitude.
 *
 * Your task: byteLength(), encodeInteger() and decodeInteger(). The README's integer table is
 * the specification; work in bigint throughout (a number loses precision past 2^53).
 */
import { NotImplemented } from '@support/not-implemented.ts';
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
  // TODO: count how many times you can shift right by 8 bits before nothing is left.
  //       0 takes 0 bytes, 255 takes 1, 256 takes 2, 2^64 - 1 takes 8, 2^64 takes 9.
  throw new NotImplemented('15-tuple-layer', 'byteLength()');
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
  // TODO: zero is INT_ZERO_CODE alone.
  // TODO: length = byteLength of the magnitude; over MAX_BIGINT_BYTES: TupleEncodeError(path, ...).
  // TODO: positive: code INT_ZERO_CODE + length (length <= MAX_INT_BYTES), else POS_BIGINT_CODE and
  //       a length byte; then the value's bytes (pushBigEndian).
  // TODO: negative: code INT_ZERO_CODE - length, else NEG_BIGINT_CODE and the length with its bits
  //       flipped (length ^ 0xff); then the one's complement in `length` bytes: allOnes(length) + value.
  throw new NotImplemented('15-tuple-layer', 'encodeInteger()');
}

/**
 * Reads the integer whose code is at `at`. A safe integer comes back as a `number`, anything
 * larger as a `bigint`. Throws `TupleDecodeError` ('truncated') if its bytes are not all there.
 */
export function decodeInteger(bytes: Uint8Array, at: number): Decoded<number | bigint> {
  // TODO: the length: |code - INT_ZERO_CODE| bytes, or for the two bigint codes the byte after the
  //       code (flipped back for NEG_BIGINT_CODE). A missing length byte or missing bytes: 'truncated'.
  // TODO: read the bytes big-endian into a bigint; a negative number is that minus allOnes(length).
  // TODO: return a number when it is a safe integer, else the bigint; `end` is just past the last byte.
  throw new NotImplemented('15-tuple-layer', 'decodeInteger()');
}
