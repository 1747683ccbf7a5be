/**
 * Lesson 15: `pack`, a tuple to bytes that sort the way the tuples do.
 *
 * Each element is its type code and its bytes; the elements follow one another with nothing in
 * between. Byte strings and strings end with a 00, so a 00 inside them is written `00 ff`;
 * nested tuples end with a 00 too, so a null inside one is written `00 ff`. 0xff is never a
 * type code, which is what makes both escapes unambiguous and order-preserving.
 *
 * Your task: pack(), encodeEscaped() and encodeElement(). values.ts says which JavaScript value
 * is which type; the README's byte-layout table says what each one looks like.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { TupleEncodeError } from './errors.ts';
import { floatBytes } from './floats.ts';
import { encodeInteger } from './integers.ts';
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
  UUID_CODE,
  VERSIONSTAMP_CODE,
} from './type-codes.ts';
import { Double, Float32, type Tuple, type TupleElement, Uuid, Versionstamp } from './values.ts';

const utf8 = new TextEncoder();
/** A lone surrogate: UTF-8 cannot hold it, and TextEncoder would silently write U+FFFD instead. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The bytes of `tuple`, in a new array that shares nothing with the tuple. */
export function pack(tuple: Tuple): Uint8Array {
  // TODO: collect the bytes in a number[] (encodeElement of each element, not nested, path [i]),
  //       then return them as one new Uint8Array.
  throw new NotImplemented('15-tuple-layer', 'pack()');
}

/** Appends `bytes` with every 00 escaped as `00 ff`, then the 00 terminator. */
function encodeEscaped(code: number, bytes: Uint8Array, out: number[]): void {
  // TODO: the code; each byte, followed by ESCAPE_BYTE when it is a 00; then TERMINATOR.
  throw new NotImplemented('15-tuple-layer', 'encodeEscaped()');
}

/** Appends one element. `nested`: inside a nested tuple, where a null is `00 ff`. `path` says where it is. */
function encodeElement(value: TupleElement, out: number[], nested: boolean, path: readonly number[]): void {
  // TODO: one branch per row of the table in values.ts, in this order of tests:
  //   null: NULL_CODE, and ESCAPE_BYTE after it when nested;
  //   Uint8Array: encodeEscaped(BYTES_CODE, ...);
  //   string: refuse a lone surrogate (LONE_SURROGATE) with TupleEncodeError, else its UTF-8, escaped;
  //   number: refuse anything but a safe integer, and -0 (Object.is), then encodeInteger(BigInt(value));
  //   bigint: encodeInteger; boolean: TRUE_CODE or FALSE_CODE;
  //   Float32 / Double: the code, then floatBytes(value.value, FLOAT_BYTES or DOUBLE_BYTES);
  //   Uuid: UUID_CODE and its bytes; Versionstamp: VERSIONSTAMP_CODE and toBytes();
  //   array: refuse path.length > MAX_NESTING_DEPTH; NESTED_CODE, each element with nested = true
  //          and path [...path, i], then TERMINATOR;
  //   anything else: TupleEncodeError(path, `${describe(value)} has no tuple type ...`).
  throw new NotImplemented('15-tuple-layer', 'encodeElement()');
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `a ${typeof value}`;
}
