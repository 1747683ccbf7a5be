// Shared generators and helpers for lesson 15's tests (not a test file itself).
//
// `show` renders a tuple with every distinction the tuple layer keeps (integer or Double,
// -0 or 0, which NaN, the bytes of a UUID), independently of the lesson's code, so that tests
// can compare tuples as text and print them in failure messages.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { TupleDecodeError } from '@ferris/15-tuple-layer/errors.ts';
import { Double, Float32, type Tuple, type TupleElement, Uuid, Versionstamp } from '@ferris/15-tuple-layer/values.ts';

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(text: string): Uint8Array {
  const digits = text.replaceAll(' ', '');
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16));
}

/** -0 and a NaN with its sign bit set are shown as such; String() shows them as 0 and NaN. */
function showNumber(value: number): string {
  if (Number.isNaN(value)) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return view.getUint8(0) & 0x80 ? '-NaN' : 'NaN';
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A tuple as text that tells apart everything pack tells apart. */
export function show(value: TupleElement | Tuple): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `b'${hex(value)}'`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `int ${value}`;
  if (typeof value === 'bigint') return `int ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Float32) return `Float32(${showNumber(value.value)})`;
  if (value instanceof Double) return `Double(${showNumber(value.value)})`;
  if (value instanceof Uuid) return `Uuid(${hex(value.bytes)})`;
  if (value instanceof Versionstamp) return `Versionstamp(${hex(value.transactionVersion)}, ${value.userVersion})`;
  return `(${(value as Tuple).map(show).join(', ')})`;
}

/** An integer as unpack returns it: a number when it is a safe integer, else a bigint. */
export function canonical(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * 2^(8w) - 1 and 2^(8w) for every width w, each +-1, both signs: every place an integer changes
 * width; and 2^53 - 1, 2^53, 2^53 + 1 (both signs), where unpack switches from number to bigint.
 */
export const INTEGER_BOUNDARIES: readonly bigint[] = (() => {
  const values = new Set<bigint>([0n, 1n, -1n]);
  for (const safe of [BigInt(Number.MAX_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER) + 1n]) {
    for (const delta of [0n, 1n]) values.add(safe + delta).add(-(safe + delta));
  }
  for (const w of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 32, 254, 255]) {
    for (const edge of [(1n << BigInt(8 * w)) - 1n, 1n << BigInt(8 * w - 8)]) {
      for (const delta of [-1n, 0n, 1n]) {
        values.add(edge + delta);
        values.add(-(edge + delta));
      }
    }
  }
  const limit = (1n << 2040n) - 1n; // 255 bytes: the largest tuple integer
  return [...values].filter((v) => v <= limit && v >= -limit);
})();

const bigIntegers = fc.oneof(
  fc.constantFrom(...INTEGER_BOUNDARIES),
  fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }),
  fc.bigInt({ min: -(1n << 2040n) + 1n, max: (1n << 2040n) - 1n }),
);
export const integer: fc.Arbitrary<number | bigint> = fc.oneof(
  { weight: 3, arbitrary: bigIntegers.map(canonical) },
  { weight: 2, arbitrary: fc.integer({ min: -70000, max: 70000 }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
);

/** Byte strings rich in 00 and ff, the two bytes the escaping is about. */
export const byteString = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc.array(fc.constantFrom(0x00, 0xff, 0x01, 0xfe), { maxLength: 6 }).map((b) => Uint8Array.from(b)),
);

/**
 * Strings with NUL, astral characters (emoji), the code points just below them (U+E000..U+FFFF)
 * and U+FEFF, which a TextDecoder without `ignoreBOM` drops from the start of a string.
 */
export const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc
    .array(fc.constantFrom('\u0000', 'a', '\u00ff', '\ue000', '\ufeff', '\uffff', '😀', '\u{10ffff}'), { maxLength: 4 })
    .map((parts) => parts.join('')),
);

/** The values where float order is easy to get wrong: the zeros, NaN (both signs), the infinities, the extremes. */
export const NEGATIVE_NAN = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, 0xfff80000);
  return view.getFloat64(0);
})();
const specialFloats = [
  0,
  -0,
  NaN,
  NEGATIVE_NAN,
  Infinity,
  -Infinity,
  1,
  -1,
  -2,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];
const floatValue = (any: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(0, -0, NaN, -1, 1) },
    { weight: 2, arbitrary: fc.constantFrom(...specialFloats) },
    { weight: 3, arbitrary: any },
  );
export const double = floatValue(fc.double()).map((v) => new Double(v));
export const float32 = floatValue(fc.float()).map((v) => new Float32(v));

const edgeBytes = (length: number) =>
  fc.oneof(
    fc.uint8Array({ minLength: length, maxLength: length }),
    fc.constantFrom(0x00, 0xff, 0x7f, 0x80).map((b) => new Uint8Array(length).fill(b)),
  );
export const uuid = edgeBytes(16).map((b) => new Uuid(b));
export const versionstamp = fc
  .tuple(edgeBytes(10), fc.oneof(fc.constantFrom(0, 1, 0xff, 0x100, 0xffff), fc.integer({ min: 0, max: 0xffff })))
  .map(([version, user]) => new Versionstamp(version, user));

/** Two values of one type: the comparison inside a type, where most ordering bugs are. */
export const sameTypePair: fc.Arbitrary<[TupleElement, TupleElement]> = fc.oneof(
  fc.tuple(double, double),
  fc.tuple(float32, float32),
  fc.tuple(text, text),
  fc.tuple(integer, integer),
  fc.tuple(byteString, byteString),
  fc.tuple(uuid, uuid),
  fc.tuple(versionstamp, versionstamp),
  fc.tuple(fc.boolean(), fc.boolean()),
);

/** Every non-nested kind of element, edges first. */
export const scalar: fc.Arbitrary<TupleElement> = fc.oneof(
  fc.constant(null),
  byteString,
  text,
  integer,
  fc.boolean(),
  float32,
  double,
  uuid,
  versionstamp,
);

/** Elements, nested tuples (with nulls inside them) included. */
export const element: fc.Arbitrary<TupleElement> = fc.letrec<{ element: TupleElement; nested: TupleElement[] }>(
  (tie) => ({
    element: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: scalar },
      { weight: 1, arbitrary: tie('nested') },
    ),
    nested: fc.array(fc.oneof(tie('element'), fc.constant(null)), { maxLength: 3 }),
  }),
).element;

export const tuple: fc.Arbitrary<TupleElement[]> = fc.array(element, { maxLength: 4 });

/**
 * Two tuples that share a start (so the comparison gets past their first elements), built
 * from a small pool of values so that equal elements and near neighbours are common.
 */
export const tuplePair: fc.Arbitrary<[TupleElement[], TupleElement[]]> = fc
  .tuple(tuple, fc.array(element, { maxLength: 3 }), fc.array(element, { maxLength: 3 }))
  .map(([common, restA, restB]) => [
    [...common, ...restA],
    [...common, ...restB],
  ]);

/** Copies `bytes` into the middle of a bigger buffer with other bytes around it; returns the view. */
export function inLargerBuffer(bytes: Uint8Array, before = 5, filler = 0x05): Uint8Array {
  const buffer = new Uint8Array(before + bytes.length + 7).fill(filler);
  buffer.set(bytes, before);
  return buffer.subarray(before, before + bytes.length);
}

/** The error of class `type` that `run` throws; fails in words if it returns, and rethrows any other error as it is. */
export function caught<E extends Error>(
  run: () => unknown,
  type: abstract new (...args: never[]) => E,
  what: string,
): E {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  const shown = Array.isArray(result)
    ? show(result as Tuple)
    : result instanceof Uint8Array
      ? hex(result)
      : String(result);
  expect.fail(`${what} returned ${shown}, but it must throw ${type.name}`);
}

/** The TupleDecodeError `run` throws; fails in words if it returns, and rethrows any other error. */
export function decodeError(run: () => unknown, what: string): TupleDecodeError {
  return caught(run, TupleDecodeError, what);
}
