/**
 * Lesson 07, internal keys as bytes. Each property targets a bug:
 *
 * - "encoding then decoding gives back the user key, sequence number and kind": a sequence
 *   number cut to 32 bits (`>>>` or `<<` on a 53-bit number), the kind dropped.
 * - "encoded keys sort like internal keys": the sequence number written little-endian (then 256
 *   sorts before 1), the trailer compared ascending (oldest version first), whole encoded keys
 *   compared as bytes ("a" + trailer against "ab" + trailer compares a trailer byte with "b").
 * - "at one sequence number a put sorts before a delete": the kinds swapped, so a seek target
 *   built with TABLE_KIND_PUT would land after a delete at exactly that sequence number.
 * - "compareEncodedKeyAt compares a key where it lies ...": a range comparator that reads the key
 *   from the start of the array instead of `start`, to the end of the array instead of `end`, that
 *   lets a key shorter than a trailer split before its start, or reads through `.buffer`.
 * - "the key of "ab" at 0x0102030405, put, is exactly these bytes": any other layout.
 * - "decoding refuses ...": a key shorter than its trailer, a kind byte other than 0 or 1, or a
 *   sequence number past MAX_SEQUENCE accepted.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { compareInternalKeys } from '@ferris/05-memtable/internal-key.ts';
import {
  compareEncodedKeyAt,
  compareEncodedKeys,
  CorruptKeyError,
  decodeInternalKey,
  encodeInternalKey,
  TABLE_KIND_DELETE,
  TABLE_KIND_PUT,
  type ValueKind,
} from '@ferris/07-sstable/table-key.ts';
import { compareBytes, concat, hexOf, viewInto } from '../shared/bytes.ts';
import { thrown } from '../shared/errors.ts';
import { sequence, userKey } from './helpers.ts';

const kind = fc.constantFrom<ValueKind>(TABLE_KIND_DELETE, TABLE_KIND_PUT);
const sign = (n: number): number => Math.sign(n);

describe('encoding', () => {
  test.prop([userKey, sequence, kind])(
    'encoding then decoding gives back the user key, sequence number and kind',
    (k, s, kd) => {
      const encoded = encodeInternalKey(k, s, kd);
      expect(encoded.length, 'an encoded key is the user key plus 8 bytes').toBe(k.length + 8);
      const decoded = decodeInternalKey(encoded);
      expect(hexOf(decoded.userKey), 'the user key').toBe(hexOf(k));
      expect(decoded.sequence, 'the sequence number').toBe(s);
      expect(decoded.kind, 'the kind').toBe(kd);
    },
  );

  test.prop([userKey, sequence, kind, userKey, sequence, kind])(
    'encoded keys sort like internal keys: user key ascending, then sequence number descending',
    (k1, s1, kd1, k2, s2, kd2) => {
      const a = { userKey: k1, sequence: s1 };
      const b = { userKey: k2, sequence: s2 };
      const expected = sign(compareInternalKeys(a, b));
      if (expected === 0) return; // the same version: see the next property
      expect(
        sign(compareEncodedKeys(encodeInternalKey(k1, s1, kd1), encodeInternalKey(k2, s2, kd2))),
        `${hexOf(k1)}@${s1} against ${hexOf(k2)}@${s2}`,
      ).toBe(expected);
    },
  );

  test.prop([userKey, sequence])(
    'at one sequence number a put sorts before a delete, and a key equals itself',
    (k, s) => {
      const put = encodeInternalKey(k, s, TABLE_KIND_PUT);
      const del = encodeInternalKey(k, s, TABLE_KIND_DELETE);
      expect(
        sign(compareEncodedKeys(put, del)),
        `put ${hexOf(k)}@${s} must sort before the delete at the same sequence`,
      ).toBe(-1);
      expect(compareEncodedKeys(put, Uint8Array.from(put)), 'an encoded key compares equal to a copy of itself').toBe(
        0,
      );
    },
  );

  /** An encoded key, or a few raw bytes (shorter than a trailer too), as a table's blocks may hold. */
  const someKey = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(userKey, sequence, kind).map(([k, s, kd]) => encodeInternalKey(k, s, kd)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 10 }) },
  );
  /** README.md's rule, on copies: user keys (all but the last 8 bytes) ascending, then trailers descending. */
  const modelOrder = (a: Uint8Array, b: Uint8Array): number => {
    const aSplit = Math.max(0, a.length - 8);
    const bSplit = Math.max(0, b.length - 8);
    const byUserKey = compareBytes(a.subarray(0, aSplit), b.subarray(0, bSplit));
    return sign(byUserKey !== 0 ? byUserKey : compareBytes(b.subarray(bSplit), a.subarray(aSplit)));
  };

  test.prop([
    someKey,
    someKey,
    fc.uint8Array({ maxLength: 12 }),
    fc.uint8Array({ maxLength: 12 }),
    fc.nat(16),
    fc.nat(16),
  ])(
    'compareEncodedKeyAt compares a key where it lies in a bigger array exactly as the order compares a copy',
    (key, target, before, after, shift, targetShift) => {
      // The array around the key is itself a view into a bigger buffer, and so is the target.
      const bytes = viewInto(concat(before, key, after), { before: shift, after: 3 });
      const start = before.length;
      const end = start + key.length;
      const targetView = viewInto(target, { before: targetShift, after: 5 });
      expect(
        sign(compareEncodedKeyAt(bytes, start, end, targetView)),
        `the key ${hexOf(key)} at [${start}, ${end}) of ${bytes.length} bytes against ${hexOf(target)}: compare only bytes[start, end), through the view`,
      ).toBe(modelOrder(key, target));
    },
  );

  it('the key of "ab" at sequence 0x0102030405, a put, is exactly these bytes', () => {
    const encoded = encodeInternalKey(Uint8Array.of(0x61, 0x62), 0x01_02_03_04_05, TABLE_KIND_PUT);
    expect(hexOf(encoded), 'user key, then 7 bytes of sequence (big-endian), then the kind').toBe(
      '6162' + '00000102030405' + '01',
    );
    expect(
      hexOf(encodeInternalKey(new Uint8Array(0), MAX_SEQUENCE, TABLE_KIND_DELETE)),
      'MAX_SEQUENCE = 2^53 - 1, a delete',
    ).toBe('1fffffffffffff00');
  });
});

describe('decoding refuses what cannot be a key', () => {
  test.prop([fc.uint8Array({ maxLength: 7 })])(
    'a key shorter than its 8-byte trailer is refused (check "length")',
    (bytes) => {
      expect(
        thrown(CorruptKeyError, () => decodeInternalKey(bytes), `${bytes.length} bytes were decoded`).check,
        'the failed check',
      ).toBe('length');
    },
  );

  test.prop([userKey, sequence, fc.integer({ min: 2, max: 255 })])(
    'a kind byte other than 0 or 1 is refused (check "kind")',
    (k, s, bad) => {
      const encoded = encodeInternalKey(k, s, TABLE_KIND_PUT);
      encoded[encoded.length - 1] = bad;
      expect(
        thrown(CorruptKeyError, () => decodeInternalKey(encoded), `kind ${bad} was decoded`).check,
        'the failed check',
      ).toBe('kind');
    },
  );

  test.prop([userKey, fc.integer({ min: 0x20, max: 0xff })])(
    'a sequence number past MAX_SEQUENCE is refused (check "sequence")',
    (k, top) => {
      const encoded = encodeInternalKey(k, 0, TABLE_KIND_PUT);
      encoded[k.length] = top; // the first byte of the 7 holds bits 48 to 55: 0x20 or more is 2^53 or more
      expect(
        thrown(CorruptKeyError, () => decodeInternalKey(encoded), 'a sequence number of 2^53 or more was decoded')
          .check,
        'the failed check',
      ).toBe('sequence');
    },
  );
});
