/**
 * Lesson 15: the order of tuples, computed from the values themselves.
 *
 * `compareTuples(a, b)` must agree with comparing `pack(a)` and `pack(b)` byte by byte: that is
 * the whole promise of the tuple layer, and this function is how the tests (and you) state it
 * without looking at bytes. Element by element: first by type (in type-code order, all integers
 * being one type), then by value; a tuple that is a prefix of another sorts first.
 */
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
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const order = compareElements(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** The type's rank: its type code, one code for every integer and one for both booleans. */
function typeRank(value: TupleElement): number {
  if (value === null) return NULL_CODE;
  if (value instanceof Uint8Array) return BYTES_CODE;
  if (typeof value === 'string') return STRING_CODE;
  if (typeof value === 'number' || typeof value === 'bigint') return INT_ZERO_CODE;
  if (typeof value === 'boolean') return FALSE_CODE;
  if (value instanceof Float32) return FLOAT_CODE;
  if (value instanceof Double) return DOUBLE_CODE;
  if (value instanceof Uuid) return UUID_CODE;
  if (value instanceof Versionstamp) return VERSIONSTAMP_CODE;
  return NESTED_CODE;
}

function compareElements(a: TupleElement, b: TupleElement): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return Math.sign(rankA - rankB);
  if (a instanceof Uint8Array) return Math.sign(compareBytes(a, b as Uint8Array));
  // UTF-8 bytes sort by code point; JavaScript's < compares UTF-16 units, which differs for U+E000..U+FFFF against emoji.
  if (typeof a === 'string') return Math.sign(compareBytes(utf8.encode(a), utf8.encode(b as string)));
  if (typeof a === 'number' || typeof a === 'bigint') {
    const x = BigInt(a);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  // Floats sort by their encoded bytes: -0 before +0, NaN where its bits put it. `<` knows neither.
  if (a instanceof Float32)
    return Math.sign(compareBytes(floatBytes(a.value, FLOAT_BYTES), floatBytes((b as Float32).value, FLOAT_BYTES)));
  if (a instanceof Double)
    return Math.sign(compareBytes(floatBytes(a.value, DOUBLE_BYTES), floatBytes((b as Double).value, DOUBLE_BYTES)));
  if (a instanceof Uuid) return Math.sign(compareBytes(a.bytes, (b as Uuid).bytes));
  if (a instanceof Versionstamp) return Math.sign(compareBytes(a.toBytes(), (b as Versionstamp).toBytes()));
  if (a === null) return 0;
  return compareTuples(a as Tuple, b as Tuple);
}
