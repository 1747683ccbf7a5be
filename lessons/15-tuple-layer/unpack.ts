/**
 * Lesson 15: `unpack`, bytes back to the tuple they were packed from.
 *
 * Reading is driven by the type codes: each element's code says how many bytes follow, or that
 * they run to a terminator (a 00 not followed by 0xff). Bytes that are not a packed tuple get a
 * `TupleDecodeError` with the offset of the element that could not be read, never a value made
 * of garbage and never another kind of error.
 *
 * Your task: unpack(), decodeElement(), fixed(), decodeEscaped() and decodeNested().
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { TupleDecodeError } from './errors.ts';
import { decodeFloat } from './floats.ts';
import { decodeInteger, type Decoded, isIntegerCode } from './integers.ts';
import {
  BYTES_CODE,
  DOUBLE_BYTES,
  DOUBLE_CODE,
  ESCAPE_BYTE,
  FALSE_CODE,
  FLOAT_BYTES,
  FLOAT_CODE,
  MAX_NESTING_DEPTH,
  NESTED_CODE,
  NULL_CODE,
  STRING_CODE,
  TERMINATOR,
  TRUE_CODE,
  UUID_BYTES,
  UUID_CODE,
  VERSIONSTAMP_BYTES,
  VERSIONSTAMP_CODE,
  TRANSACTION_VERSION_BYTES,
} from './type-codes.ts';
import { Double, Float32, type TupleElement, Uuid, Versionstamp } from './values.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The tuple packed in `bytes` from `start` to the end (`start` skips a raw prefix). Byte strings
 * in the result are copies: nothing returned shares memory with `bytes`. Throws
 * `TupleDecodeError` for anything that is not a packed tuple.
 */
export function unpack(bytes: Uint8Array, start = 0): TupleElement[] {
  // TODO: from `start`, decodeElement (depth 0) until the bytes run out; each returns where the next begins.
  throw new NotImplemented('15-tuple-layer', 'unpack()');
}

/** Reads the element whose type code is at `at`; `depth` counts the nested tuples around it. */
function decodeElement(bytes: Uint8Array, at: number, depth: number): Decoded<TupleElement> {
  // TODO: switch on the code at `at`:
  //   NULL_CODE: null; BYTES_CODE: decodeEscaped; STRING_CODE: decodeEscaped, then strictUtf8.decode,
  //   whose TypeError becomes TupleDecodeError(at, 'invalid-utf8', ...);
  //   NESTED_CODE: decodeNested(bytes, at, depth + 1); isIntegerCode: decodeInteger;
  //   FLOAT_CODE / DOUBLE_CODE: decodeFloat, wrapped in Float32 / Double; FALSE_CODE, TRUE_CODE;
  //   UUID_CODE: new Uuid(fixed(...)); VERSIONSTAMP_CODE: 10 bytes and a big-endian user version;
  //   anything else: TupleDecodeError(at, 'unknown-type-code', ...).
  throw new NotImplemented('15-tuple-layer', 'decodeElement()');
}

/** The `length` bytes after the code at `at`, or 'truncated' if they are not all there. */
function fixed(bytes: Uint8Array, at: number, length: number, what: string): Uint8Array {
  // TODO: check that at + 1 + length bytes exist, else TupleDecodeError(at, 'truncated', ...).
  throw new NotImplemented('15-tuple-layer', 'fixed()');
}

/** A byte string (or a string's UTF-8) from the code at `at` to its terminator, unescaped, in a new array. */
function decodeEscaped(bytes: Uint8Array, at: number): Decoded<Uint8Array> {
  // TODO: walk from at + 1: a byte that is not 00 is data; 00 then ff is a data 00 (skip the ff);
  //       any other 00 (or a 00 that is the last byte) ends the string, and `end` is just past it.
  // TODO: no terminator before the bytes run out: TupleDecodeError(at, 'truncated', ...).
  throw new NotImplemented('15-tuple-layer', 'decodeEscaped()');
}

/** A nested tuple from the code at `at` to its terminator; a `00 ff` inside is a null. */
function decodeNested(bytes: Uint8Array, at: number, depth: number): Decoded<TupleElement[]> {
  // TODO: depth over MAX_NESTING_DEPTH: TupleDecodeError(at, 'too-deep', ...).
  // TODO: from at + 1: 00 ff is a null; a 00 alone ends the tuple; anything else is an element
  //       (decodeElement with the same depth). Running out of bytes: 'truncated'.
  throw new NotImplemented('15-tuple-layer', 'decodeNested()');
}
