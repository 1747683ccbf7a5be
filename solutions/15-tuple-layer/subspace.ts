/**
 * Lesson 15: subspaces, a prefix for a group of keys.
 *
 * A subspace is a raw prefix, usually a packed tuple such as `('users',)`. Its keys are the
 * prefix followed by a packed tuple, so one application (or one table, one index) keeps its keys
 * together and can read or clear them all with one range. FoundationDB's directory layer hands
 * out short prefixes for subspaces so that long paths do not make every key long.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { KeyNotInSubspaceError } from './errors.ts';
import { pack } from './pack.ts';
import { unpack } from './unpack.ts';
import { TERMINATOR, ESCAPE_BYTE } from './type-codes.ts';
import type { Tuple, TupleElement } from './values.ts';

/** A key range: from `begin` (included) to `end` (excluded). */
export interface KeyRange {
  readonly begin: Uint8Array;
  readonly end: Uint8Array;
}

/** Whether `key` starts with `prefix`. */
function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  return key.length >= prefix.length && compareBytes(key.subarray(0, prefix.length), prefix) === 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The keys that start with one prefix: `rawPrefix`, then `prefixTuple` packed. */
export class Subspace {
  readonly #prefix: Uint8Array;

  constructor(prefixTuple: Tuple = [], rawPrefix: Uint8Array = new Uint8Array(0)) {
    this.#prefix = concat(rawPrefix, pack(prefixTuple));
  }

  /** The prefix, as a copy. */
  get prefix(): Uint8Array {
    return this.#prefix.slice();
  }

  /** The key for `tuple` in this subspace: the prefix, then `pack(tuple)`. */
  pack(tuple: Tuple = []): Uint8Array {
    return concat(this.#prefix, pack(tuple));
  }

  /** The tuple after the prefix. Throws `KeyNotInSubspaceError` if `key` does not start with the prefix. */
  unpack(key: Uint8Array): TupleElement[] {
    if (!this.contains(key)) {
      throw new KeyNotInSubspaceError(
        `a key of ${key.length} bytes does not start with this subspace's ${this.#prefix.length}-byte prefix`,
      );
    }
    return unpack(key, this.#prefix.length);
  }

  /**
   * Every key of a tuple that extends `tuple` by at least one element: from `pack(tuple)` + 00 to
   * `pack(tuple)` + ff, with the prefix in front. The key `pack(tuple)` itself is not in it.
   */
  range(tuple: Tuple = []): KeyRange {
    const packed = this.pack(tuple);
    return { begin: concat(packed, Uint8Array.of(TERMINATOR)), end: concat(packed, Uint8Array.of(ESCAPE_BYTE)) };
  }

  /** Whether `key` starts with this subspace's prefix. */
  contains(key: Uint8Array): boolean {
    return startsWith(key, this.#prefix);
  }

  /** The subspace inside this one for `tuple`: this prefix, then `pack(tuple)`. */
  subspace(tuple: Tuple): Subspace {
    return new Subspace(tuple, this.#prefix);
  }
}
