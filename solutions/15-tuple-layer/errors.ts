/**
 * Lesson 15: the tuple layer's errors. The two a caller of FoundationDB's bindings can meet carry
 * FoundationDB's codes and names (`flow/error_definitions.h`): `invalid_tuple_data_type` (2250)
 * and `key_not_in_subspace` (2252).
 */

import { FdbError } from '@support/fdb-error.ts';

/** What is wrong with bytes that do not unpack. */
export type TupleDecodeProblem =
  /** A byte where an element starts is not a type code this layer knows. */
  | 'unknown-type-code'
  /** The bytes end inside an element (a fixed-size value cut short, or no terminator). */
  | 'truncated'
  /** A string element's bytes are not UTF-8. */
  | 'invalid-utf8'
  /** Nested tuples go deeper than MAX_NESTING_DEPTH. */
  | 'too-deep';

const DECODE_ADVICE: Record<TupleDecodeProblem, string> = {
  'unknown-type-code':
    'these bytes are not a packed tuple at this offset: unpack the whole key, with any raw prefix stripped (Subspace.unpack does it)',
  truncated: 'the key was cut short: unpack all of its bytes',
  'invalid-utf8': 'the element was not written by pack(); write text as a string and raw bytes as a Uint8Array',
  'too-deep': 'do not unpack keys from untrusted sources without a limit; this one nests tuples too deep',
};

/** Bytes that are not a packed tuple. FoundationDB's `invalid_tuple_data_type` (2250). */
export class TupleDecodeError extends FdbError {
  override readonly name = 'TupleDecodeError';
  constructor(
    /** Where the element that cannot be read starts (its type code), counted in the bytes given to `unpack`. */
    readonly offset: number,
    readonly problem: TupleDecodeProblem,
    detail: string,
  ) {
    super('invalid_tuple_data_type', `${problem} at byte ${offset}: ${detail}`, DECODE_ADVICE[problem]);
  }
}

/**
 * A value `pack` cannot encode: a type with no tuple code (`undefined`, an object), a number that
 * is not a safe integer (wrap it in `Double`), a string with a lone surrogate, a bigint over
 * MAX_BIGINT_BYTES, or nesting deeper than MAX_NESTING_DEPTH.
 */
export class TupleEncodeError extends TypeError {
  override readonly name = 'TupleEncodeError';
  constructor(
    /** Where the value is: its index in the tuple, then in each nested tuple. */
    readonly path: readonly number[],
    detail: string,
  ) {
    super(`Cannot pack the element at [${path.join('][')}]: ${detail}.`);
  }
}

/** `Subspace.unpack` of a key that does not start with the subspace's prefix. FoundationDB's `key_not_in_subspace` (2252). */
export class KeyNotInSubspaceError extends FdbError {
  override readonly name = 'KeyNotInSubspaceError';
  constructor(detail: string) {
    super('key_not_in_subspace', detail);
  }
}

/** `strinc` of a key with no byte below 0xff (or no bytes): no key comes after all keys with that prefix. */
export class StrincError extends RangeError {
  override readonly name = 'StrincError';
  /** A copy of the key that has no successor. */
  readonly key: Uint8Array;
  constructor(key: Uint8Array) {
    super(
      `strinc: the key ${key.length === 0 ? 'is empty' : `is ${key.length} bytes of 0xff`}, so no key comes after every key that starts with it. ` +
        'What to do: use a prefix with at least one byte below 0xff (for "to the end of the key space", use the end key 0xff).',
    );
    this.key = Uint8Array.from(key);
  }
}
