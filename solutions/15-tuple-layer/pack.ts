/**
 * Lesson 15: `pack`, a tuple to bytes that sort the way the tuples do.
 *
 * Each element is its type code and its bytes; the elements follow one another with nothing in
 * between. Byte strings and strings end with a 00, so a 00 inside them is written `00 ff`;
 * nested tuples end with a 00 too, so a null inside one is written `00 ff`. 0xff is never a
 * type code, which is what makes both escapes unambiguous and order-preserving.
 */
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
  const out: number[] = [];
  tuple.forEach((element, i) => encodeElement(element, out, false, [i]));
  return Uint8Array.from(out);
}

/** Appends `bytes` with every 00 escaped as `00 ff`, then the 00 terminator. */
function encodeEscaped(code: number, bytes: Uint8Array, out: number[]): void {
  out.push(code);
  for (const byte of bytes) {
    out.push(byte);
    if (byte === TERMINATOR) out.push(ESCAPE_BYTE);
  }
  out.push(TERMINATOR);
}

/** Appends one element. `nested`: inside a nested tuple, where a null is `00 ff`. `path` says where it is. */
function encodeElement(value: TupleElement, out: number[], nested: boolean, path: readonly number[]): void {
  if (value === null) {
    out.push(NULL_CODE);
    if (nested) out.push(ESCAPE_BYTE);
  } else if (value instanceof Uint8Array) {
    encodeEscaped(BYTES_CODE, value, out);
  } else if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      throw new TupleEncodeError(path, 'the string has a lone surrogate, which UTF-8 cannot encode');
    encodeEscaped(STRING_CODE, utf8.encode(value), out);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      throw new TupleEncodeError(
        path,
        `${Object.is(value, -0) ? '-0' : value} is not a safe integer: wrap a floating-point value in Double (or Float32), and use a bigint for large integers`,
      );
    }
    encodeInteger(BigInt(value), out, path);
  } else if (typeof value === 'bigint') {
    encodeInteger(value, out, path);
  } else if (typeof value === 'boolean') {
    out.push(value ? TRUE_CODE : FALSE_CODE);
  } else if (value instanceof Float32) {
    out.push(FLOAT_CODE, ...floatBytes(value.value, FLOAT_BYTES));
  } else if (value instanceof Double) {
    out.push(DOUBLE_CODE, ...floatBytes(value.value, DOUBLE_BYTES));
  } else if (value instanceof Uuid) {
    out.push(UUID_CODE, ...value.bytes);
  } else if (value instanceof Versionstamp) {
    out.push(VERSIONSTAMP_CODE, ...value.toBytes());
  } else if (Array.isArray(value)) {
    if (path.length > MAX_NESTING_DEPTH)
      throw new TupleEncodeError(path, `nested tuples go deeper than MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH})`);
    out.push(NESTED_CODE);
    (value as Tuple).forEach((element, i) => encodeElement(element, out, true, [...path, i]));
    out.push(TERMINATOR);
  } else {
    throw new TupleEncodeError(
      path,
      `${describe(value)} has no tuple type (see values.ts for what each JavaScript value becomes)`,
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `a ${typeof value}`;
}
