/**
 * Lesson 15, order: the bytes sort exactly as the tuples do. Catches:
 *
 * - floats compared with JavaScript's < instead of their encoding (-0 equal to +0, NaN equal to
 *   nothing), or encoded with only the sign bit flipped when negative (-2 after -1);
 * - strings compared as UTF-16 units (JavaScript's <) instead of by code point, so an emoji
 *   sorts before U+FFFF in compareTuples but after it in the bytes;
 * - integers compared by type (number against bigint) instead of by value, or two's complement
 *   for negatives (-1 after every positive one-byte number), or a width chosen one byte too
 *   small or too large at a boundary;
 * - a shorter tuple sorting after a longer one it is a prefix of; a nested null written as a bare
 *   00 (the nested tuple (None,) sorting before (None, 1) and () alike);
 * - types ranked in the wrong order (booleans before floats, UUIDs after versionstamps);
 * - pack(a) not being a prefix of pack(a ++ b): a length or count in front of the elements.
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { compareTuples } from '@ferris/15-tuple-layer/compare.ts';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { Double, Float32, type Tuple, type TupleElement, Uuid, Versionstamp } from '@ferris/15-tuple-layer/values.ts';
import {
  canonical,
  element,
  hex,
  INTEGER_BOUNDARIES,
  NEGATIVE_NAN,
  sameTypePair,
  scalar,
  show,
  tuple,
  tuplePair,
} from './helpers.ts';

function expectSameOrder(a: Tuple, b: Tuple): void {
  const bytes = Math.sign(compareBytes(pack(a), pack(b)));
  expect(
    compareTuples(a, b),
    `compareTuples(${show(a)}, ${show(b)}) must be ${bytes}, the order of their bytes ${hex(pack(a))} and ${hex(pack(b))}`,
  ).toBe(bytes);
}

describe('compareTuples agrees with the bytes', () => {
  test.prop([tuplePair], { numRuns: 150 })(
    'compare(pack(a), pack(b)) is compareTuples(a, b) for tuples that share a start',
    ([a, b]) => {
      expectSameOrder(a, b);
    },
  );

  test.prop([tuple, tuple])('compare(pack(a), pack(b)) is compareTuples(a, b) for any two tuples', (a, b) => {
    expectSameOrder(a, b);
  });

  test.prop([scalar, scalar])('the same holds for any two single elements, and for them nested', (x, y) => {
    expectSameOrder([x], [y]);
    expectSameOrder([[x]], [[y]]);
    expectSameOrder([[null, x]], [[null, y]]);
  });

  test.prop([sameTypePair], { numRuns: 300 })(
    'two elements of one type compare as their bytes do: doubles, floats, strings, integers, bytes, UUIDs, versionstamps, booleans',
    ([x, y]) => {
      expectSameOrder([x], [y]);
    },
  );

  test.prop([element])('compareTuples(a, a) is 0', (x) => {
    expect(compareTuples([x], [x]), `compareTuples of ${show([x])} with itself`).toBe(0);
  });

  it('integers at every width boundary sort by value, in compareTuples and in bytes', () => {
    const sorted = [...INTEGER_BOUNDARIES].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const a = [canonical(sorted[i - 1]!)];
      const b = [canonical(sorted[i]!)];
      expect(compareTuples(a, b), `compareTuples(${show(a)}, ${show(b)})`).toBe(-1);
      expect(
        Math.sign(compareBytes(pack(a), pack(b))),
        `the bytes of ${show(a)} (${hex(pack(a)).slice(0, 30)}) and ${show(b)} (${hex(pack(b)).slice(0, 30)})`,
      ).toBe(-1);
    }
  });
});

describe('the order FoundationDB defines', () => {
  const sortedByBytes = (items: TupleElement[]) => [...items].sort((x, y) => compareBytes(pack([x]), pack([y])));

  it('doubles: NaN with the sign bit set, -Infinity, negatives, -0, +0, positives, +Infinity, NaN', () => {
    const expected = [NEGATIVE_NAN, -Infinity, -2, -1, -Number.MIN_VALUE, -0, 0, Number.MIN_VALUE, 1, 2, Infinity, NaN];
    const shuffled = [...expected].reverse();
    const sorted = sortedByBytes(shuffled.map((v) => new Double(v))).map((d) => (d as Double).value);
    expect(show(sorted.map((v) => new Double(v))), 'doubles sorted by their packed bytes').toBe(
      show(expected.map((v) => new Double(v))),
    );
    expect(compareTuples([new Double(-0)], [new Double(0)]), '-0 sorts before +0').toBe(-1);
    expect(compareTuples([new Double(Infinity)], [new Double(NaN)]), 'NaN sorts after +Infinity').toBe(-1);
    expect(compareTuples([new Double(NaN)], [new Double(NaN)]), 'NaN equals itself').toBe(0);
    expect(compareTuples([new Float32(-0)], [new Float32(0)]), 'float -0 sorts before float +0').toBe(-1);
  });

  it('types sort by type code: null, bytes, string, nested, integer, float, double, false, true, UUID, versionstamp', () => {
    const inOrder: TupleElement[] = [
      null,
      new Uint8Array([0xff]),
      '',
      [],
      -(2n ** 100n),
      0,
      2n ** 100n,
      new Float32(-Infinity),
      new Double(NaN),
      false,
      true,
      new Uuid(new Uint8Array(16)),
      new Versionstamp(new Uint8Array(10)),
    ];
    for (let i = 1; i < inOrder.length; i++) {
      const a = [inOrder[i - 1]!];
      const b = [inOrder[i]!];
      expect(compareTuples(a, b), `compareTuples(${show(a)}, ${show(b)})`).toBe(-1);
      expect(Math.sign(compareBytes(pack(a), pack(b))), `bytes of ${show(a)} against ${show(b)}`).toBe(-1);
    }
  });

  it('strings sort by code point (UTF-8 bytes), not by UTF-16 units: U+FFFF before an emoji', () => {
    expect(compareTuples(['\uffff'], ['😀']), 'U+FFFF against U+1F600').toBe(-1);
    expect(compareTuples(['a'], ['a\u0000']), '"a" is a prefix of "a\\0"').toBe(-1);
    expectSameOrder(['\uffff'], ['😀']);
  });

  it('a tuple sorts before every longer tuple that starts with it, and nested tuples likewise', () => {
    expect(compareTuples([], [null]), '() against (None,)').toBe(-1);
    expect(compareTuples([[]], [[null]]), '((),) against ((None,),)').toBe(-1);
    expect(compareTuples([[null]], [[null, 1]]), '((None,),) against ((None, 1),)').toBe(-1);
    expect(compareTuples(['a', 1], ['a']), '("a", 1) against ("a",)').toBe(1);
    expectSameOrder([[null]], [[null, 1]]);
    expectSameOrder([[]], [[null]]);
  });
});

describe('prefixes', () => {
  test.prop([tuple, tuple])('pack(a) is a prefix of pack(a ++ b)', (a, b) => {
    const whole = pack([...a, ...b]);
    const start = pack(a);
    expect(hex(whole.subarray(0, start.length)), `pack(${show(a)}) must start pack(${show([...a, ...b])})`).toBe(
      hex(start),
    );
    expect(hex(whole.subarray(start.length)), 'and what follows it is pack(b)').toBe(hex(pack(b)));
  });
});
