/**
 * Lesson 02, CRC32C. The checksum must agree with the world, not only with itself: a frame
 * written by FerrisDB is checked by FerrisDB, but the same CRC32C guards iSCSI, ext4 and LevelDB,
 * and their published values are the test. Each property targets a bug learners really write:
 *
 * - "the published check value" and "the RFC 3720 vectors": the wrong polynomial (CRC-32's
 *   0xEDB88320 instead of Castagnoli's 0x82F63B78, or the unreflected 0x1EDC6F41), a table
 *   built with 7 shifts instead of 8, a missing initial or final inversion, a signed shift
 *   (`>>` instead of `>>>`), and a signed result (`crc | 0` instead of `crc >>> 0`).
 * - "a checksum is an unsigned 32-bit integer": the signed result again, for any input.
 * - "a running checksum ...": a `previous` argument that is ignored, or used without the
 *   inversion the first call applied, so a checksum over two arrays differs from one over both.
 * - "every single-bit change ...": a table lookup that drops bits (a CRC finds every 1-bit error).
 * - "... agrees with the definition ...": any shortcut (a table, eight bytes per step) against the
 *   CRC computed bit by bit, at every length around a multiple of eight and from inside a bigger
 *   buffer, so a fast path that is wrong only for some lengths or offsets shows.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { flipBit } from './helpers.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex32 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

describe('CRC32C agrees with the published values', () => {
  it('the CRC32C of the ASCII bytes "123456789" is the published check value 0xE3069283', () => {
    const crc = crc32c(ascii('123456789'));
    expect(
      hex32(crc),
      'wrong check value: compare the polynomial (0x82F63B78), the initial and final inversion, and >>> vs >>',
    ).toBe('0xE3069283');
    expect(crc, 'the checksum must be the unsigned number 0xE3069283 (use >>> 0, not | 0)').toBe(0xe3069283);
  });

  it('the RFC 3720 (iSCSI) test vectors give their published checksums', () => {
    const vectors: Array<[string, Uint8Array, number]> = [
      ['32 bytes of zeros', new Uint8Array(32), 0x8a9136aa],
      ['32 bytes of 0xFF', new Uint8Array(32).fill(0xff), 0x62a8ab43],
      ['the bytes 0, 1, ..., 31', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
      ['the bytes 31, 30, ..., 0', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
    ];
    for (const [what, bytes, expected] of vectors) {
      expect(hex32(crc32c(bytes)), `the CRC32C of ${what} (RFC 3720, appendix B.4)`).toBe(hex32(expected));
      expect(crc32c(bytes), `the CRC32C of ${what} must be an unsigned number`).toBe(expected);
    }
  });

  it('the CRC32C of no bytes is 0, and of "The quick brown fox jumps over the lazy dog" is 0x22620404', () => {
    expect(crc32c(new Uint8Array(0)), 'the checksum of nothing: ~(~0) is 0').toBe(0);
    expect(
      hex32(crc32c(ascii('The quick brown fox jumps over the lazy dog'))),
      'a longer, widely published value',
    ).toBe('0x22620404');
  });
});

describe('CRC32C as a function', () => {
  test.prop([fc.uint8Array({ maxLength: 200 })])('a checksum is an unsigned 32-bit integer', (bytes) => {
    const crc = crc32c(bytes);
    expect(
      Number.isInteger(crc) && crc >= 0 && crc <= 0xffffffff,
      `crc32c returned ${crc}, not an integer in 0..0xFFFFFFFF`,
    ).toBe(true);
  });

  test.prop([fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 })])(
    'a running checksum continued over the rest of the bytes equals the checksum of all of them',
    (first, rest) => {
      const whole = new Uint8Array(first.length + rest.length);
      whole.set(first);
      whole.set(rest, first.length);
      expect(crc32c(rest, crc32c(first)), 'crc32c(rest, crc32c(first)) must equal crc32c(first then rest)').toBe(
        crc32c(whole),
      );
    },
  );

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 48 })])(
    'every single-bit change of the input changes the checksum',
    (bytes) => {
      const original = crc32c(bytes);
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        expect(crc32c(flipBit(bytes, bit)), `flipping bit ${bit} did not change the checksum`).not.toBe(original);
      }
    },
  );

  test.prop([
    fc.uint8Array({ maxLength: 80 }),
    fc.nat({ max: 7 }),
    fc.oneof(fc.constant(0), fc.constant(0xffffffff), fc.nat({ max: 0xffffffff })),
  ])(
    'the checksum agrees with the definition, computed bit by bit, for any bytes and any running checksum',
    (content, offset, previous) => {
      // The bytes sit inside a bigger buffer, `offset` bytes in, as a block read from a file does.
      const outer = new Uint8Array(offset + content.length + 3).fill(0xa5);
      outer.set(content, offset);
      const bytes = outer.subarray(offset, offset + content.length);
      expect(
        hex32(crc32c(bytes, previous)),
        `crc32c of ${content.length} byte(s) continuing from ${hex32(previous)}: every table entry and every step must do what eight shifts per byte do`,
      ).toBe(hex32(bitwiseCrc32c(content, previous)));
    },
  );
});

/** CRC32C by its definition: one shift per bit, no tables. Slow, and obviously right. */
function bitwiseCrc32c(bytes: Uint8Array, previous: number): number {
  let crc = ~previous >>> 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}
