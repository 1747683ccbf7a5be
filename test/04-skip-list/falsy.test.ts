/**
 * Lesson 04 with plain numbers and strings as keys, and falsy values. The other tests box every
 * key in an object, which is always truthy; the memtable and later lessons do not. This catches:
 *
 * - `entries(from)` testing `from` for truthiness instead of `undefined`: a seek to 0 starts at
 *   the smallest key instead (the negative keys come first);
 * - replace checking `found && found.key`: setting the key 0 or '' again inserts a duplicate;
 * - get (or replace) testing the stored value for truthiness: a stored 0, '', false or null
 *   reads as missing.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SkipList, type Comparator } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';

type Value = number | string | boolean | null;
/** Falsy values, weighted up: 0, '', false, null. */
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<Value>(0, '', false, null) },
  { weight: 1, arbitrary: fc.nat(99) },
);

/** Runs `writes` and `seeks` on a list and on a sorted-array model of it, with keys of one kind. */
function checkAgainstModel<K extends number | string>(
  order: Comparator<K>,
  seed: number,
  writes: Array<[K, Value]>,
  seeks: K[],
): void {
  const list = new SkipList<K, Value>(order, { maxHeight: 4, probability: 0.5, random: seededRandom(seed) });
  const model = new Map<K, Value>();
  for (const [k, v] of writes) {
    list.set(k, v);
    model.set(k, v);
  }
  const sorted = [...model.entries()].sort(([a], [b]) => order(a, b));
  const show = (k: K) => JSON.stringify(k);
  expect(list.size, 'size must count each key once, also the key 0 or the empty string').toBe(sorted.length);
  expect([...list.entries()], 'entries() must hold each key once, in order, with its last value').toEqual(sorted);
  for (const [k, v] of sorted) {
    expect(list.get(k), `get(${show(k)}) must return the stored ${JSON.stringify(v)}, even when it is falsy`).toBe(v);
  }
  for (const target of seeks) {
    const expected = sorted.filter(([k]) => order(k, target) >= 0).slice(0, 2);
    const got: Array<[K, Value]> = [];
    for (const entry of list.entries(target)) {
      if (got.push(entry) === 2) break;
    }
    expect(
      got,
      `entries(${show(target)}) must start at the first key >= ${show(target)}: only undefined means "from the start"`,
    ).toEqual(expected);
  }
}

describe('falsy keys, seek targets and values', () => {
  const numberKey = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(0, -1, 1) },
    { weight: 3, arbitrary: fc.integer({ min: -9, max: 9 }) },
  );
  const stringKey = fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 3, arbitrary: fc.string({ maxLength: 2 }) },
  );

  test.prop([
    fc.integer(),
    fc.array(fc.tuple(numberKey, value), { maxLength: 30 }),
    fc.array(numberKey, { maxLength: 5 }),
  ])('with plain numbers as keys, the key 0, a seek to 0 and falsy values work like any other', (seed, writes, seeks) =>
    checkAgainstModel<number>((a, b) => a - b, seed, writes, [0, ...seeks]),
  );

  test.prop([
    fc.integer(),
    fc.array(fc.tuple(stringKey, value), { maxLength: 30 }),
    fc.array(stringKey, { maxLength: 5 }),
  ])(
    'with plain strings as keys, the empty key, a seek to it and falsy values work like any other',
    (seed, writes, seeks) =>
      checkAgainstModel<string>((a, b) => (a < b ? -1 : a > b ? 1 : 0), seed, writes, ['', ...seeks]),
  );
});
