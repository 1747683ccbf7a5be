/**
 * Lesson 15: `unpack`, bytes back to the tuple they were packed from.
 *
 * Reading is driven by the type codes: each element's code says how many bytes follow, or that
 * they run to a terminator (a 00 not followed by 0xff). Bytes that are not a packed tuple get a
 * `TupleDecodeError` with the offset of the element that could not be read, never a value made
 * of garbage and never another kind of error.
 */
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
  const elements: TupleElement[] = [];
  let at = start;
  while (at < bytes.length) {
    const { value, end } = decodeElement(bytes, at, 0);
    elements.push(value);
    at = end;
  }
  return elements;
}

/** Reads the element whose type code is at `at`; `depth` counts the nested tuples around it. */
function decodeElement(bytes: Uint8Array, at: number, depth: number): Decoded<TupleElement> {
  const code = bytes[at]!;
  if (code === NULL_CODE) return { value: null, end: at + 1 };
  if (code === BYTES_CODE) return decodeEscaped(bytes, at);
  if (code === STRING_CODE) {
    const { value, end } = decodeEscaped(bytes, at);
    try {
      return { value: strictUtf8.decode(value), end };
    } catch {
      throw new TupleDecodeError(at, 'invalid-utf8', 'a string element whose bytes are not UTF-8');
    }
  }
  if (code === NESTED_CODE) return decodeNested(bytes, at, depth + 1);
  if (isIntegerCode(code)) return decodeInteger(bytes, at);
  if (code === FLOAT_CODE) {
    const { value, end } = decodeFloat(bytes, at, FLOAT_BYTES);
    return { value: new Float32(value), end };
  }
  if (code === DOUBLE_CODE) {
    const { value, end } = decodeFloat(bytes, at, DOUBLE_BYTES);
    return { value: new Double(value), end };
  }
  if (code === FALSE_CODE) return { value: false, end: at + 1 };
  if (code === TRUE_CODE) return { value: true, end: at + 1 };
  if (code === UUID_CODE) {
    const body = fixed(bytes, at, UUID_BYTES, 'a UUID');
    return { value: new Uuid(body), end: at + 1 + UUID_BYTES };
  }
  if (code === VERSIONSTAMP_CODE) {
    const body = fixed(bytes, at, VERSIONSTAMP_BYTES, 'a versionstamp');
    const userVersion = (body[TRANSACTION_VERSION_BYTES]! << 8) | body[TRANSACTION_VERSION_BYTES + 1]!;
    return {
      value: new Versionstamp(body.subarray(0, TRANSACTION_VERSION_BYTES), userVersion),
      end: at + 1 + VERSIONSTAMP_BYTES,
    };
  }
  throw new TupleDecodeError(at, 'unknown-type-code', `0x${code.toString(16).padStart(2, '0')} is not a type code`);
}

/** The `length` bytes after the code at `at`, or 'truncated' if they are not all there. */
function fixed(bytes: Uint8Array, at: number, length: number, what: string): Uint8Array {
  if (at + 1 + length > bytes.length) {
    throw new TupleDecodeError(
      at,
      'truncated',
      `${what} needs ${length} bytes and only ${bytes.length - at - 1} are left`,
    );
  }
  return bytes.subarray(at + 1, at + 1 + length);
}

/** A byte string (or a string's UTF-8) from the code at `at` to its terminator, unescaped, in a new array. */
function decodeEscaped(bytes: Uint8Array, at: number): Decoded<Uint8Array> {
  const out: number[] = [];
  for (let i = at + 1; i < bytes.length; i++) {
    if (bytes[i] !== TERMINATOR) out.push(bytes[i]!);
    else if (bytes[i + 1] === ESCAPE_BYTE) out.push(bytes[i++]!);
    else return { value: Uint8Array.from(out), end: i + 1 };
  }
  throw new TupleDecodeError(at, 'truncated', 'a byte string or string with no 00 terminator');
}

/** A nested tuple from the code at `at` to its terminator; a `00 ff` inside is a null. */
function decodeNested(bytes: Uint8Array, at: number, depth: number): Decoded<TupleElement[]> {
  if (depth > MAX_NESTING_DEPTH) {
    throw new TupleDecodeError(at, 'too-deep', `nested tuples go deeper than MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH})`);
  }
  const elements: TupleElement[] = [];
  let i = at + 1;
  while (i < bytes.length) {
    if (bytes[i] === NULL_CODE) {
      if (bytes[i + 1] !== ESCAPE_BYTE) return { value: elements, end: i + 1 };
      elements.push(null);
      i += 2;
    } else {
      const { value, end } = decodeElement(bytes, i, depth);
      elements.push(value);
      i = end;
    }
  }
  throw new TupleDecodeError(at, 'truncated', 'a nested tuple with no 00 terminator');
}
