/**
 * Lesson 15, round trips and who owns which bytes. Catches:
 *
 * - any type that does not come back as itself: -0 read back as +0, NaN lost, a Float32 read
 *   as a Double, a bigint at a width boundary (2^64 - 1, 2^64, -(2^64)) off by one, integers
 *   past 2^53 turned into inexact numbers, 2^53 - 1 returned as a bigint (an off-by-one at the
 *   safe-integer edge), the user version of a versionstamp mangled, a leading U+FEFF dropped by a
 *   TextDecoder without `ignoreBOM`;
 * - escaping written but not read (or the reverse): 00 and ff in bytes and strings, nulls in
 *   nested tuples, nested tuples inside nested tuples;
 * - unpack that ignores `byteOffset` (a DataView over `bytes.buffer`), or that reads past the end
 *   of a view into a bigger buffer;
 * - unpack that returns byte strings, UUIDs or versionstamps as views into the caller's buffer,
 *   so that reusing the buffer changes values already returned;
 * - pack that returns (or keeps) the caller's arrays instead of a new one.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { unpack } from '@ferris/15-tuple-layer/unpack.ts';
import { Uuid, Versionstamp } from '@ferris/15-tuple-layer/values.ts';
import { byteString, canonical, element, hex, inLargerBuffer, INTEGER_BOUNDARIES, show, tuple } from './helpers.ts';

describe('round trip', () => {
  test.prop([tuple])('every tuple comes back from its bytes as itself', (t) => {
    expect(show(unpack(pack(t))), `unpack(pack(${show(t)}))`).toBe(show(t));
  });

  it('every integer at a byte-width boundary (and one either side) comes back as itself', () => {
    for (const value of INTEGER_BOUNDARIES) {
      const t = [canonical(value)];
      expect(show(unpack(pack(t))), `the integer ${value} (packed as ${hex(pack(t)).slice(0, 40)}...)`).toBe(show(t));
      expect(
        typeof unpack(pack(t))[0],
        `the integer ${value} comes back as a number if it is a safe integer, else as a bigint`,
      ).toBe(typeof t[0]);
    }
  });

  test.prop([
    fc.array(element, { minLength: 1, maxLength: 5 }),
    fc.integer({ min: 0, max: 9 }),
    fc.constantFrom(0x00, 0x05, 0xff, 0x14),
  ])(
    'a tuple packed inside a bigger buffer unpacks from the view, ignoring the bytes around it',
    (t, before, filler) => {
      const view = inLargerBuffer(pack(t), before, filler);
      expect(
        show(unpack(view)),
        `unpack of a view at byteOffset ${before} into a buffer of ${filler.toString(16)} bytes`,
      ).toBe(show(t));
    },
  );

  test.prop([tuple, tuple])('unpack from a start offset reads only what follows it', (head, t) => {
    const key = Uint8Array.from([...pack(head), ...pack(t)]);
    expect(show(unpack(key, pack(head).length)), `unpack(key, ${pack(head).length})`).toBe(show(t));
  });
});

describe('ownership of bytes', () => {
  test.prop([fc.array(byteString, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 255 })])(
    'byte strings that unpack returns do not change when the caller reuses the packed buffer',
    (strings, filler) => {
      const packed = pack(strings);
      const decoded = unpack(packed);
      const before = show(decoded);
      packed.fill(filler);
      expect(
        show(decoded),
        'the returned byte strings changed when the input buffer was overwritten (copy them out)',
      ).toBe(before);
    },
  );

  it('UUIDs and versionstamps that unpack returns do not change when the caller reuses the buffer', () => {
    const packed = pack([new Uuid(new Uint8Array(16).fill(7)), new Versionstamp(new Uint8Array(10).fill(9), 3)]);
    const decoded = unpack(packed);
    const before = show(decoded);
    packed.fill(0);
    expect(show(decoded), 'a UUID or versionstamp that is a view into the input changes with it').toBe(before);
  });

  test.prop([fc.array(byteString, { minLength: 1, maxLength: 4 })])(
    'changing a byte string that unpack returned does not change what a later unpack of the same bytes returns',
    (strings) => {
      const packed = pack(strings);
      for (const value of unpack(packed)) (value as Uint8Array).fill(0xaa);
      expect(show(unpack(packed)), 'writing into a returned byte string changed the packed bytes').toBe(show(strings));
    },
  );

  test.prop([fc.array(byteString, { minLength: 1, maxLength: 4 })])(
    "pack's output shares nothing with its input: changing one leaves the other alone",
    (strings) => {
      const packed = pack(strings);
      const bytesBefore = hex(packed);
      for (const s of strings) s.fill(0x22);
      expect(hex(packed), 'changing the input byte strings after pack changed its output').toBe(bytesBefore);
      packed.fill(0x11);
      expect(
        strings.every((s) => s.every((b) => b === 0x22)),
        "writing into pack's output changed the input byte strings",
      ).toBe(true);
    },
  );

  it('pack returns a new array every time, even for a tuple of one empty byte string', () => {
    const input = new Uint8Array(0);
    const first = pack([input]);
    const second = pack([input]);
    first[0] = 0x77;
    expect(hex(second), 'two calls of pack returned the same array').toBe('01 00');
  });
});
