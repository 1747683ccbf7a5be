/**
 * Lesson 15: the order of tuples, computed from the values themselves.
 *
 * `compareTuples(a, b)` must agree with comparing `pack(a)` and `pack(b)` byte by byte: that is
 * the whole promise of the tuple layer, and this function is how the tests (and you) state it
 * without looking at bytes. Element by element: first by type (in type-code order, all integers
 * being one type), then by value; a tuple that is a prefix of another sorts first.
 *
 * Your task: compareTuples(), typeRank() and compareElements(), without calling pack.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { floatBytes } from './floats.ts';
import {
  BYTES_CODE,
  DOUBLE_BYTES,
  DOUBLE_CODE,
  FALSE_CODE,
  FLOAT_BYTES,
  FLOAT_CODE,
  INT_ZERO_CODE,
  NESTED_CODE,
  NULL_CODE,
  STRING_CODE,
  UUID_CODE,
  VERSIONSTAMP_CODE,
} from './type-codes.ts';
import { Double, Float32, type Tuple, type TupleElement, Uuid, Versionstamp } from './values.ts';

const utf8 = new TextEncoder();

/** -1, 0 or 1: how `a` sorts against `b`, exactly as their packed bytes do. */
export function compareTuples(a: Tuple, b: Tuple): number {
  // TODO: compare element by element (compareElements); the first difference decides.
  // TODO: all equal as far as the shorter one goes: the shorter tuple sorts first.
  throw new NotImplemented('15-tuple-layer', 'compareTuples()');
}

/** The type's rank: its type code, one code for every integer and one for both booleans. */
function typeRank(value: TupleElement): number {
  // TODO: NULL_CODE, BYTES_CODE, STRING_CODE, INT_ZERO_CODE (number and bigint alike), FALSE_CODE
  //       (both booleans), FLOAT_CODE, DOUBLE_CODE, UUID_CODE, VERSIONSTAMP_CODE; an array is NESTED_CODE.
  throw new NotImplemented('15-tuple-layer', 'typeRank()');
}

function compareElements(a: TupleElement, b: TupleElement): number {
  // TODO: different ranks: the rank decides. Same rank, by value, as the bytes would:
  //   byte strings: compareBytes; strings: compareBytes of their UTF-8 (not JavaScript's <);
  //   integers: as bigints; booleans: false first; Float32 / Double: compareBytes of floatBytes
  //   (so -0 < +0 and NaN lands where its bits put it); Uuid, Versionstamp: their bytes;
  //   nulls are equal; nested tuples: compareTuples. Return -1, 0 or 1 (Math.sign).
  throw new NotImplemented('15-tuple-layer', 'compareElements()');
}
