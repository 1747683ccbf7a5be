/**
 * Lesson 17, atomic operations against a model: numbers as BigInt, bytes as arrays. Catches:
 *
 * - add without the carry between bytes, or with the carry kept past the parameter's length
 *   (the result must be exactly as long as the parameter), or adding big-endian;
 * - max / min comparing signed bytes, big-endian, or by length; the loser's value not cut or
 *   zero-padded to the parameter's length;
 * - bitAnd / bitOr / bitXor padding the old value with something other than zeros, or keeping
 *   its length instead of the parameter's;
 * - byteMin / byteMax comparing numerically instead of lexicographically;
 * - appendIfFits appending past the value limit, or refusing at exactly the limit;
 * - compareAndClear clearing on a different value, or keeping the key when it matched;
 * - a missing key not taking the parameter as it is, or an empty value taken for a missing one
 *   (min and bitAnd of an empty value give zeros, not the parameter);
 * - compareAndClear comparing only the parameter's length of the old value (a value that merely
 *   starts with the parameter is not equal to it); an operation writing into its inputs, or
 *   handing one back as its result (appendIfFits's old value when the parameter does not fit too).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { applyAtomic, ATOMIC_OPS, type AtomicOp } from '@ferris/17-retry-loop/atomic.ts';
import { VALUE_SIZE_LIMIT } from '@ferris/17-retry-loop/limits.ts';
import { compareBytes, concat, fromHex, hexOf, viewInto } from '../shared/bytes.ts';
import { fromLittleEndian, toLittleEndian } from './helpers.ts';

/** Bytes biased to the edges: empty, all 0xff (carries everywhere), all zero, high bytes set. */
const bytes = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 9 }),
  fc.integer({ min: 0, max: 9 }).map((n) => new Uint8Array(n).fill(0xff)),
  fc.integer({ min: 0, max: 9 }).map((n) => new Uint8Array(n)),
  fc.uint8Array({ minLength: 1, maxLength: 9 }).map((b) => b.map((x) => x | 0x80)),
);
const existing = fc.option(bytes, { nil: undefined });
/** [old, param] pairs where one is empty or a prefix of the other: where lengths decide. */
const related = fc.oneof(
  bytes.map((param) => [new Uint8Array(0), param] as const),
  fc.tuple(bytes, bytes).map(([param, extra]) => [concat(param, extra), param] as const),
  fc.tuple(bytes, bytes).map(([old, extra]) => [old, concat(old, extra)] as const),
);

/** The old value as the numeric ops see it: cut or zero-padded to `length`. */
const fittedNumber = (old: Uint8Array, length: number): bigint => fromLittleEndian(old.subarray(0, length));

/** What each operation must leave, computed another way. */
function model(op: AtomicOp, old: Uint8Array | undefined, param: Uint8Array): Uint8Array | undefined {
  if (old === undefined) return op === 'compareAndClear' ? undefined : param;
  const n = param.length;
  const a = fittedNumber(old, n);
  const b = fromLittleEndian(param);
  switch (op) {
    case 'add':
      return toLittleEndian(a + b, n);
    case 'max':
      return toLittleEndian(a > b ? a : b, n);
    case 'min':
      return toLittleEndian(a < b ? a : b, n);
    case 'bitAnd':
      return toLittleEndian(a & b, n);
    case 'bitOr':
      return toLittleEndian(a | b, n);
    case 'bitXor':
      return toLittleEndian(a ^ b, n);
    case 'byteMin':
      return compareBytes(old, param) < 0 ? old : param;
    case 'byteMax':
      return compareBytes(old, param) > 0 ? old : param;
    case 'appendIfFits':
      return old.length + param.length > VALUE_SIZE_LIMIT ? old : concat(old, param);
    case 'compareAndClear':
      return compareBytes(old, param) === 0 ? undefined : old;
  }
}

const show = (v: Uint8Array | undefined) => (v === undefined ? '(no value)' : `'${hexOf(v)}'`);

describe('atomic operations', () => {
  test.prop([fc.constantFrom(...ATOMIC_OPS), existing, bytes])(
    'every operation leaves what the little-endian model says',
    (op, old, param) => {
      const got = applyAtomic(op, old, param);
      const want = model(op, old, param);
      expect(show(got), `${op} of ${show(param)} on ${show(old)}`).toBe(show(want));
    },
  );

  test.prop([fc.constantFrom(...ATOMIC_OPS), related])(
    'every operation matches the model when one value is empty or a prefix of the other',
    (op, [old, param]) => {
      expect(show(applyAtomic(op, old, param)), `${op} of ${show(param)} on ${show(old)}`).toBe(
        show(model(op, old, param)),
      );
    },
  );

  test.prop([fc.constantFrom(...ATOMIC_OPS), existing, bytes])(
    'an operation reads only the views it is given and changes neither',
    (op, old, param) => {
      const oldView = old === undefined ? undefined : viewInto(old, { before: 3, after: 5 });
      const paramView = viewInto(param, { before: 2, after: 4 });
      const got = applyAtomic(op, oldView, paramView);
      expect(show(got), `${op} of a view of ${show(param)} on a view of ${show(old)}`).toBe(
        show(model(op, old, param)),
      );
      expect(hexOf(paramView), `${op} must not change its parameter`).toBe(hexOf(param));
      if (oldView !== undefined) expect(hexOf(oldView), `${op} must not change the old value`).toBe(hexOf(old!));
      if (got !== undefined) {
        got.fill(0x33);
        expect(hexOf(paramView), `${op}: the result must be a new array, not the parameter`).toBe(hexOf(param));
        if (oldView !== undefined)
          expect(hexOf(oldView), `${op}: the result must be a new array, not the old value`).toBe(hexOf(old!));
      }
    },
  );

  it('add carries across every byte and drops the carry out of the last one', () => {
    expect(
      hexOf(applyAtomic('add', fromHex('ffffff'), fromHex('010000'))!),
      'ffffff + 1 in 3 bytes wraps to 000000',
    ).toBe('000000');
    expect(
      hexOf(applyAtomic('add', fromHex('ff'), fromHex('0100'))!),
      'ff + 0001 (little-endian 1) is 0001 (256)',
    ).toBe('0001');
    expect(
      hexOf(applyAtomic('add', fromHex('01000000000000ff'), fromHex('01'))!),
      'a longer old value is cut to the parameter',
    ).toBe('02');
  });

  it('max and min compare as unsigned little-endian numbers', () => {
    expect(hexOf(applyAtomic('max', fromHex('0001'), fromHex('ff00'))!), '0001 is 256, ff00 is 255').toBe('0001');
    expect(hexOf(applyAtomic('min', fromHex('0001'), fromHex('ff00'))!), 'min of 256 and 255').toBe('ff00');
    expect(hexOf(applyAtomic('max', fromHex('80'), fromHex('7f'))!), '0x80 is 128 unsigned, not -128').toBe('80');
  });

  it('appendIfFits appends up to exactly the value limit and not one byte more', () => {
    const old = new Uint8Array(VALUE_SIZE_LIMIT - 2);
    expect(applyAtomic('appendIfFits', old, fromHex('0102'))!.length, 'exactly VALUE_SIZE_LIMIT bytes fit').toBe(
      VALUE_SIZE_LIMIT,
    );
    expect(applyAtomic('appendIfFits', old, fromHex('010203'))!.length, 'one byte over: the old value stays').toBe(
      VALUE_SIZE_LIMIT - 2,
    );
    const kept = applyAtomic('appendIfFits', old, fromHex('010203'))!;
    kept.fill(0x33);
    expect(
      old.every((b) => b === 0),
      'one byte over: the old value stays, as a new array (the caller who fills the result must not change the old value)',
    ).toBe(true);
  });
});
