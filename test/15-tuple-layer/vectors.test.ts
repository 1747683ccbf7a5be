/**
 * Lesson 15, FoundationDB's published byte vectors (design/tuple.md and the bindings' tests),
 * plus one worked example of every type code. Each is checked both ways: pack gives exactly these
 * bytes, and unpack gives the tuple back. Catches:
 *
 * - a 00 inside a byte string not escaped as `00 ff` (or not unescaped when reading);
 * - a null inside a nested tuple written as a bare 00 (which ends the nested tuple);
 * - negative integers in two's complement (-1 as `13 ff`) instead of one's complement (`13 fe`);
 * - integer width off by one at a boundary (255 in 2 bytes, 256 in 1), the negative codes
 *   counted the wrong way (0x14 + n for a negative number);
 * - a bigint's length byte missing, or not flipped for a negative bigint; 2^64 - 1 sent to the
 *   bigint code (Python's quirk) instead of 8 bytes under 0x1c, as Java and Go write it;
 * - a double with only its sign bit flipped when negative, a float written as a double;
 * - true and false swapped, a versionstamp's user version little-endian, a UUID reordered.
 */
import { describe, expect, it } from 'vitest';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { unpack } from '@ferris/15-tuple-layer/unpack.ts';
import { Double, Float32, type Tuple, Uuid, Versionstamp } from '@ferris/15-tuple-layer/values.ts';
import { fromHex, hex, show } from './helpers.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function expectVector(tuple: Tuple, expected: string, what: string): void {
  expect(hex(pack(tuple)), `pack of ${what}`).toBe(expected);
  expect(show(unpack(fromHex(expected))), `unpack of ${expected} (${what})`).toBe(show(tuple));
}

describe("FoundationDB's published vectors", () => {
  it('a byte string with a 00 inside: the 00 is written 00 ff', () => {
    expectVector([bytes('foo\x00bar')], '01 66 6f 6f 00 ff 62 61 72 00', '(b"foo\\x00bar",)');
  });

  it('a unicode string is its UTF-8, escaped the same way', () => {
    expectVector(['F\u00d4O\u0000bar'], '02 46 c3 94 4f 00 ff 62 61 72 00', '(u"F\\u00d4O\\u0000bar",)');
  });

  it('integers: -5551212, 0, -1, 256, -256', () => {
    expectVector([-5551212], '11 ab 4b 93', '-5551212');
    expectVector([0], '14', '0');
    expectVector([-1], '13 fe', "-1 (one's complement of 1 in one byte)");
    expectVector([256], '16 01 00', '256');
    expectVector([-256], '12 fe ff', '-256');
  });

  it('the double 1.5 and the float -42', () => {
    expectVector([new Double(1.5)], '21 bf f8 00 00 00 00 00 00', 'double 1.5 (sign bit flipped)');
    expectVector([new Float32(-42)], '20 3d d7 ff ff', 'float -42 (every bit flipped)');
  });

  it('("a", 1, None) is three elements one after another', () => {
    expectVector(['a', 1, null], '02 61 00 15 01 00', '("a", 1, None)');
  });

  it('a nested tuple with a byte string, a null and an empty tuple', () => {
    expectVector(
      [[bytes('foo\x00bar'), null, []]],
      '05 01 66 6f 6f 00 ff 62 61 72 00 00 ff 05 00 00',
      '((b"foo\\x00bar", None, ()),)',
    );
  });

  it('the empty nested tuple and the nested tuple holding only null', () => {
    expectVector([[]], '05 00', '((),)');
    expectVector([[null]], '05 00 ff 00', '((None,),)');
  });
});

describe('every type code, one example each', () => {
  it('null, bytes, booleans', () => {
    expectVector([null], '00', 'None at the top level');
    expectVector([new Uint8Array(0)], '01 00', 'the empty byte string');
    expectVector([new Uint8Array([0xff, 0x00])], '01 ff 00 ff 00', 'b"\\xff\\x00" (only 00 is escaped)');
    expectVector([false, true], '26 27', 'False, True');
  });

  it('integers at every width boundary, both signs', () => {
    expectVector([255], '15 ff', '255 (1 byte)');
    expectVector([-255], '13 00', '-255 (1 byte, all bits of 0xff flipped)');
    expectVector([65535], '16 ff ff', '65535');
    expectVector([65536], '17 01 00 00', '65536');
    expectVector([-65536], '11 fe ff ff', '-65536');
    expectVector([Number.MAX_SAFE_INTEGER], '1b 1f ff ff ff ff ff ff', '2^53 - 1 (7 bytes)');
    expectVector([2n ** 63n], '1c 80 00 00 00 00 00 00 00', '2^63');
    expectVector(
      [2n ** 64n - 1n],
      '1c ff ff ff ff ff ff ff ff',
      '2^64 - 1 (8 bytes, code 0x1c, as Java and Go write it)',
    );
    expectVector([-(2n ** 64n) + 1n], '0c 00 00 00 00 00 00 00 00', '-(2^64 - 1)');
  });

  it('bigints: a length byte, flipped for negative numbers', () => {
    expectVector([2n ** 64n], '1d 09 01 00 00 00 00 00 00 00 00', '2^64 (9 bytes)');
    expectVector(
      [-(2n ** 64n)],
      '0b f6 fe ff ff ff ff ff ff ff ff',
      "-(2^64): length 9 flipped is f6, then one's complement",
    );
    expectVector([2n ** 72n], '1d 0a 01 00 00 00 00 00 00 00 00 00', '2^72 (10 bytes)');
  });

  it('a double and a float around zero: -0 and +0 differ', () => {
    expectVector([new Double(0)], '21 80 00 00 00 00 00 00 00', 'double +0');
    expectVector([new Double(-0)], '21 7f ff ff ff ff ff ff ff', 'double -0');
    expectVector([new Double(-Infinity)], '21 00 0f ff ff ff ff ff ff', 'double -Infinity');
    expectVector([new Float32(0)], '20 80 00 00 00', 'float +0');
    expectVector([new Float32(1)], '20 bf 80 00 00', 'float 1');
  });

  it('a UUID is its 16 bytes, a versionstamp its 10 + 2', () => {
    const id = fromHex('12 3e 45 67 e8 9b 12 d3 a4 56 42 66 14 17 40 00');
    expectVector([new Uuid(id)], `30 ${hex(id)}`, 'UUID 123e4567-e89b-12d3-a456-426614174000');
    const version = fromHex('00 00 00 00 00 00 01 02 00 03');
    expectVector(
      [new Versionstamp(version, 0x0405)],
      '33 00 00 00 00 00 00 01 02 00 03 04 05',
      'versionstamp, user version 0x0405 big-endian',
    );
  });

  it('unpack reads what Python writes for 2^64 - 1 and 0 as a bigint (length 8 and 0 under 0x1d)', () => {
    expect(show(unpack(fromHex('1d 08 ff ff ff ff ff ff ff ff'))), "Python's encoding of 2^64 - 1").toBe(
      show([2n ** 64n - 1n]),
    );
    expect(show(unpack(fromHex('0b f7 00 00 00 00 00 00 00 00'))), "Python's encoding of -(2^64 - 1)").toBe(
      show([-(2n ** 64n) + 1n]),
    );
  });

  it('pack takes a bigint in the safe range like the number, and unpack returns it as a number', () => {
    expect(hex(pack([5n, -300n])), '5n and -300n').toBe(hex(pack([5, -300])));
    expect(show(unpack(pack([5n]))), 'unpack of 5n').toBe('(int 5)');
    expect(typeof unpack(pack([5n]))[0], 'a safe integer comes back as a number').toBe('number');
    expect(typeof unpack(pack([2n ** 53n]))[0], '2^53 is not a safe integer: it comes back as a bigint').toBe('bigint');
  });
});
