/**
 * Lesson 05, internal keys. Each property below targets a bug learners really write:
 *
 * - "compareBytes agrees with Node's Buffer.compare": comparing the lengths first (shorter keys
 *   first, "shortlex"), comparing decoded strings (TextDecoder turns invalid UTF-8 into U+FFFD,
 *   so different keys compare equal), comparing signed bytes (0x80 before 0x7f), or ignoring the
 *   bytes after the shorter key ends.
 * - "a key sorts before every longer key it is a prefix of": returning 0 for a prefix.
 * - "internal keys sort by user key, then by sequence number, newest first": ordering versions
 *   by sequence ascending (the oldest version first, so a read finds the oldest value), or
 *   comparing sequence numbers before user keys.
 * - "sequence numbers compare exactly up to MAX_SEQUENCE": squeezing the difference into 32 bits
 *   (`| 0`), which flips the order of large sequence numbers.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { byteOrder, show, userKey } from './helpers.ts';

const bytes = fc.oneof(userKey, fc.uint8Array({ maxLength: 12 }));
const sequence = fc.oneof(
  fc.nat({ max: 20 }),
  fc.integer({ min: 0, max: MAX_SEQUENCE }),
  fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 2 ** 32, MAX_SEQUENCE - 1, MAX_SEQUENCE),
);
const internalKey = fc.record({ userKey: bytes, sequence });

describe('compareBytes', () => {
  test.prop([bytes, bytes])("compareBytes agrees with Node's Buffer.compare (unsigned bytes, prefix first)", (a, b) => {
    expect(Math.sign(compareBytes(a, b)), `compareBytes(${show(a)}, ${show(b)}) has the wrong sign`).toBe(
      byteOrder(a, b),
    );
  });

  test.prop([bytes, fc.uint8Array({ minLength: 1, maxLength: 4 })])(
    'a key sorts before every longer key it is a prefix of, and equals itself',
    (prefix, more) => {
      const longer = Uint8Array.from([...prefix, ...more]);
      expect(compareBytes(prefix, longer), `${show(prefix)} must sort before ${show(longer)}`).toBeLessThan(0);
      expect(compareBytes(longer, prefix), `${show(longer)} must sort after ${show(prefix)}`).toBeGreaterThan(0);
      expect(compareBytes(prefix, Uint8Array.from(prefix)), 'a key must compare equal to a copy of itself').toBe(0);
    },
  );

  it('compares bytes as unsigned numbers, not as text', () => {
    const cases: Array<[number[], number[]]> = [
      [[0x7f], [0x80]],
      [[0x80], [0xff]],
      [[0xff], [0xff, 0x00]],
      [
        [0xc3, 0x28],
        [0xc3, 0x29],
      ], // invalid UTF-8: a string comparison sees two equal U+FFFD
      [[0x01, 0xff], [0x02]], // longer but smaller: the first byte decides
    ];
    for (const [a, b] of cases) {
      expect(
        compareBytes(Uint8Array.from(a), Uint8Array.from(b)),
        `${show(Uint8Array.from(a))} must sort before ${show(Uint8Array.from(b))}`,
      ).toBeLessThan(0);
    }
  });
});

describe('compareInternalKeys', () => {
  test.prop([internalKey, internalKey])(
    'internal keys sort by user key, then by sequence number, newest first',
    (a, b) => {
      const byKey = byteOrder(a.userKey, b.userKey);
      const expected = byKey !== 0 ? byKey : Math.sign(b.sequence - a.sequence);
      const what =
        byKey !== 0
          ? 'different user keys must be ordered by the user key alone'
          : `two versions of ${show(a.userKey)}: sequence ${Math.max(a.sequence, b.sequence)} (newer) must come before ${Math.min(a.sequence, b.sequence)}`;
      expect(Math.sign(compareInternalKeys(a, b)), what).toBe(expected);
    },
  );

  test.prop([fc.array(internalKey, { maxLength: 30 })])(
    'sorting with compareInternalKeys puts every version of a key together, newest first',
    (keys) => {
      const sorted = [...keys].sort(compareInternalKeys);
      for (let i = 1; i < sorted.length; i++) {
        const before = sorted[i - 1]!;
        const after = sorted[i]!;
        const byKey = byteOrder(before.userKey, after.userKey);
        expect(byKey, `${show(before.userKey)} was sorted after ${show(after.userKey)}`).toBeLessThanOrEqual(0);
        if (byKey === 0) {
          expect(
            before.sequence,
            `versions of ${show(after.userKey)} are out of order: ${before.sequence} came before ${after.sequence}`,
          ).toBeGreaterThanOrEqual(after.sequence);
        }
      }
    },
  );

  it('sequence numbers compare exactly up to MAX_SEQUENCE', () => {
    const key = Uint8Array.from([1]);
    const pairs: Array<[number, number]> = [
      [MAX_SEQUENCE, MAX_SEQUENCE - 1],
      [2 ** 32, 2 ** 32 - 1],
      [MAX_SEQUENCE, 0],
      [2 ** 32, 0],
      [2 ** 31, 0],
      [1, 0],
    ];
    for (const [newer, older] of pairs) {
      const a: InternalKey = { userKey: key, sequence: newer };
      const b: InternalKey = { userKey: key, sequence: older };
      expect(compareInternalKeys(a, b), `sequence ${newer} must sort before sequence ${older}`).toBeLessThan(0);
      expect(compareInternalKeys(b, a), `sequence ${older} must sort after sequence ${newer}`).toBeGreaterThan(0);
      expect(
        compareInternalKeys(a, { userKey: Uint8Array.from(key), sequence: newer }),
        'the same version must compare equal',
      ).toBe(0);
    }
  });
});
