/**
 * Lesson 15, bytes that are not a packed tuple, and values that cannot be packed. Catches:
 *
 * - an integer, float, double, UUID or versionstamp cut short read anyway (a RangeError from a
 *   DataView, or zeros where the missing bytes were): every such cut must be 'truncated';
 * - a byte string, string or nested tuple with no terminator accepted as if it ended at the end;
 * - a prefix of a key decoding to something whose bytes are not that prefix (garbage);
 * - unknown type codes (0x03, 0x04, 0xff, ...) skipped or read as something else, or reported
 *   at the wrong offset (the error's offset must be where that element starts); 00 ff read as an
 *   escaped null at the top level, where it is a null followed by the unknown code ff;
 * - invalid UTF-8 reported at the first byte of the string instead of at its type code;
 * - TextDecoder used without `fatal`, so bad UTF-8 turns into U+FFFD instead of an error, or its
 *   TypeError escaping;
 * - no depth limit (ten thousand 0x05 bytes overflow the stack), or one off by one;
 * - pack accepting what it cannot encode faithfully: fractions and -0 as plain numbers, unsafe
 *   integers, lone surrogates, undefined, objects, bigints over 255 bytes.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { TupleDecodeError, TupleEncodeError } from '@ferris/15-tuple-layer/errors.ts';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { MAX_NESTING_DEPTH } from '@ferris/15-tuple-layer/type-codes.ts';
import { unpack } from '@ferris/15-tuple-layer/unpack.ts';
import { Double, Float32, type TupleElement, Uuid, Versionstamp } from '@ferris/15-tuple-layer/values.ts';
import { caught, decodeError, fromHex, hex, inLargerBuffer, integer, show, tuple } from './helpers.ts';

/** Elements whose encoding has a fixed size after the type code. */
const fixedSize = fc.oneof(
  integer.filter((v) => v !== 0),
  fc.double().map((v) => new Double(v)),
  fc.float().map((v) => new Float32(v)),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new Uuid(b)),
  fc
    .tuple(fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.integer({ min: 0, max: 0xffff }))
    .map(([v, u]) => new Versionstamp(v, u)),
);

function nestedArrays(depth: number): TupleElement {
  let value: TupleElement = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('truncated keys', () => {
  test.prop([tuple])(
    'every strict prefix of a key is refused with TupleDecodeError, or is exactly the key of what it unpacks to',
    (t) => {
      const key = pack(t);
      for (let n = 0; n < key.length; n++) {
        const prefix = inLargerBuffer(key.slice(0, n));
        let back: TupleElement[];
        try {
          back = unpack(prefix);
        } catch (error) {
          if (error instanceof TupleDecodeError) continue;
          throw error;
        }
        expect(
          hex(pack(back)),
          `the first ${n} bytes of ${hex(key)} unpacked to ${show(back)}, whose key is different: garbage`,
        ).toBe(hex(prefix));
      }
    },
  );

  test.prop([tuple, fixedSize])(
    'a key cut inside an integer, float, double, UUID or versionstamp is truncated, at that element',
    (head, value) => {
      const start = pack(head).length;
      const key = pack([...head, value]);
      for (let n = start + 1; n < key.length; n++) {
        const error = decodeError(
          () => unpack(key.subarray(0, n)),
          `${hex(key)} cut to ${n} bytes, inside ${show([value])}`,
        );
        expect(error.problem, `${hex(key)} cut to ${n} bytes`).toBe('truncated');
        expect(error.offset, 'the offset of the element that was cut (its type code)').toBe(start);
      }
    },
  );

  it('a byte string, a string or a nested tuple with no terminator is truncated', () => {
    for (const bytes of ['01 61 62', '02 61 00 ff', '05 01 61 00', '05 00 ff', '05', '01', '1d', '0b f6 fe']) {
      const error = decodeError(() => unpack(fromHex(bytes)), bytes);
      expect(error.problem, `${bytes} ends inside an element`).toBe('truncated');
      expect(error.offset, `${bytes}: the element starts at 0`).toBe(0);
    }
  });
});

describe('bytes that are not a tuple', () => {
  const known = new Set([
    0x00,
    0x01,
    0x02,
    0x05,
    ...Array.from({ length: 0x1d - 0x0b + 1 }, (_, i) => 0x0b + i),
    0x20,
    0x21,
    0x26,
    0x27,
    0x30,
    0x33,
  ]);
  const unknown = Array.from({ length: 256 }, (_, code) => code).filter((code) => !known.has(code));

  test.prop([tuple, fc.constantFrom(...unknown), fc.uint8Array({ maxLength: 20 })])(
    'an unknown type code is refused, with the offset where it stands',
    (head, code, rest) => {
      const packed = pack(head);
      // After a byte string, string or nested tuple, 0xff is no type code: 00 ff is an escaped zero
      // inside that element, so the element goes on. After a top-level null (also 00) it is one.
      const last = head[head.length - 1];
      fc.pre(!(code === 0xff && (last instanceof Uint8Array || typeof last === 'string' || Array.isArray(last))));
      const at = packed.length;
      const key = Uint8Array.from([...packed, code, ...rest]);
      const error = decodeError(() => unpack(key), `${hex(key)} (type code 0x${code.toString(16)} at byte ${at})`);
      expect(error.problem, `0x${code.toString(16)} is not a type code`).toBe('unknown-type-code');
      expect(error.offset, 'the offset of the unknown code').toBe(at);
      expect(error.message, 'the message gives the offset').toContain(String(at));
      expect(error.code, "FoundationDB's invalid_tuple_data_type").toBe(2250);
    },
  );

  it('an unknown type code inside a nested tuple is refused at its own offset', () => {
    const error = decodeError(
      () => unpack(fromHex('15 01 05 14 03 00')),
      'a nested tuple holding the deprecated code 0x03',
    );
    expect([error.problem, error.offset], 'problem and offset').toEqual(['unknown-type-code', 4]);
  });

  it('00 ff at the top level is a null followed by the unknown code ff, not an escaped null', () => {
    for (const [bytes, at] of [
      ['00 ff', 1],
      ['14 00 ff 14', 2],
      ['00 00 ff', 2],
    ] as const) {
      const error = decodeError(() => unpack(fromHex(bytes)), bytes);
      expect([error.problem, error.offset], `${bytes}: 00 ff means a null only inside a nested tuple`).toEqual([
        'unknown-type-code',
        at,
      ]);
    }
  });

  it('a string element whose bytes are not UTF-8 is refused as invalid-utf8, at the offset of its type code', () => {
    for (const [bytes, at] of [
      ['02 c3 28 00', 0],
      ['02 ed a0 80 00', 0],
      ['02 ff 00', 0],
      ['02 f0 9f 98 00', 0],
      ['14 02 80 00', 1],
      ['05 14 02 61 c3 00 00', 2],
    ] as const) {
      const error = decodeError(() => unpack(fromHex(bytes)), bytes);
      expect(error.problem, `${bytes} is not UTF-8`).toBe('invalid-utf8');
      expect(error.offset, `${bytes}: the offset of the string's type code`).toBe(at);
    }
  });

  test.prop([fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 0, max: 7 })])(
    'random bytes unpack to a tuple or throw TupleDecodeError, nothing else',
    (bytes, before) => {
      try {
        unpack(inLargerBuffer(bytes, before));
      } catch (error) {
        if (!(error instanceof TupleDecodeError)) throw error;
      }
    },
  );

  it(`nested tuples ${MAX_NESTING_DEPTH} deep unpack; one deeper is refused as too-deep, and so are ten thousand`, () => {
    expect(show(unpack(pack([nestedArrays(MAX_NESTING_DEPTH)]))), `${MAX_NESTING_DEPTH} nested tuples`).toBe(
      show([nestedArrays(MAX_NESTING_DEPTH)]),
    );
    const deeper = Uint8Array.from([
      ...new Array(MAX_NESTING_DEPTH + 1).fill(0x05),
      ...new Array(MAX_NESTING_DEPTH + 1).fill(0x00),
    ]);
    const error = decodeError(() => unpack(deeper), `${MAX_NESTING_DEPTH + 1} nested tuples`);
    expect([error.problem, error.offset], 'problem, and the offset of the tuple one too deep').toEqual([
      'too-deep',
      MAX_NESTING_DEPTH,
    ]);
    expect(
      decodeError(() => unpack(new Uint8Array(10_000).fill(0x05)), 'ten thousand 0x05 bytes').problem,
      'a hostile key',
    ).toBe('too-deep');
  });
});

describe('values pack refuses', () => {
  const refused: Array<[string, unknown]> = [
    ['1.5 (a fraction is a Double)', 1.5],
    ['-0 as a plain number', -0],
    ['NaN as a plain number', NaN],
    ['Infinity as a plain number', Infinity],
    ['2^53, an unsafe integer (use a bigint)', 2 ** 53],
    ['a lone surrogate', 'a\ud800b'],
    ['undefined', undefined],
    ['a plain object', { a: 1 }],
    ['a Date', new Date(0)],
    ['a bigint of 256 bytes', 1n << 2040n],
    ['a negative bigint of 256 bytes', -(1n << 2040n)],
  ];

  it('values with no faithful encoding are refused with TupleEncodeError, saying where they are', () => {
    for (const [what, value] of refused) {
      const error = caught(() => pack([1, [null, value as TupleElement]]), TupleEncodeError, `pack of ${what}`);
      expect(error.path, `${what}: the path to the value`).toEqual([1, 1]);
    }
  });

  it(`nested tuples ${MAX_NESTING_DEPTH} deep pack; one deeper is refused`, () => {
    expect(
      pack([nestedArrays(MAX_NESTING_DEPTH)]).length,
      `${MAX_NESTING_DEPTH} nested tuples: a code and a terminator each`,
    ).toBe(2 * MAX_NESTING_DEPTH);
    caught(
      () => pack([nestedArrays(MAX_NESTING_DEPTH + 1)]),
      TupleEncodeError,
      `pack of ${MAX_NESTING_DEPTH + 1} nested tuples`,
    );
  });
});
