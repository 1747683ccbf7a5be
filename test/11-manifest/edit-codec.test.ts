/**
 * Lesson 11, version edits as bytes (edit-codec.ts). What each property catches:
 *
 * - "an edit survives encoding and decoding": a u64 written as 32 bits (file sizes and sequence
 *   numbers past 4 GiB come back wrong), a key length off by one, a field forgotten.
 * - "the bytes are the layout of the README": a different tag, a big-endian number, a missing
 *   sequence number after a key.
 * - "bytes that are not an edit are a CorruptEditError": an unknown tag skipped (a table could
 *   silently drop out of the version), a read past the end.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CorruptEditError, decodeEdit, encodeEdit } from '@ferris/11-manifest/edit-codec.ts';
import type { VersionEdit } from '@ferris/10-lsm-engine/version.ts';
import { hexOf } from '../shared/bytes.ts';

const big = fc.oneof(
  fc.nat(1000),
  fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER),
  fc.maxSafeNat(),
);
const ikey = fc.record({ userKey: fc.uint8Array({ maxLength: 12 }), sequence: big });
const table = fc.record({ fileNumber: big, fileSize: big, entryCount: big, smallest: ikey, largest: ikey });
const edit: fc.Arbitrary<VersionEdit> = fc.record(
  {
    logNumber: big,
    nextFileNumber: big,
    lastSequence: big,
    removed: fc.array(fc.record({ level: fc.nat(6), fileNumber: big }), { minLength: 1, maxLength: 3 }),
    added: fc.array(fc.record({ level: fc.nat(6), table }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** An edit as plain data with keys in hex, for comparing. */
function plain(e: VersionEdit): unknown {
  return JSON.parse(JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? hexOf(v) : v)));
}

test.prop([edit])('an edit survives encoding and decoding, numbers up to 2^53 - 1 included', async (e) => {
  expect(plain(decodeEdit(encodeEdit(e))), 'decodeEdit(encodeEdit(edit)) must give the edit back').toEqual(plain(e));
});

test.prop([fc.constant(null)])('the bytes of an edit are the layout of the README', async () => {
  const bytes = encodeEdit({
    logNumber: 5,
    lastSequence: 2 ** 32 + 1,
    removed: [{ level: 0, fileNumber: 3 }],
    added: [
      {
        level: 1,
        table: {
          fileNumber: 7,
          fileSize: 300,
          entryCount: 2,
          smallest: { userKey: Uint8Array.of(0x61), sequence: 9 },
          largest: { userKey: Uint8Array.of(0x62), sequence: 1 },
        },
      },
    ],
  });
  const expected = [
    '01',
    '0500000000000000', // logNumber 5
    '03',
    '0100000001000000', // lastSequence 2^32 + 1: low half 1, high half 1
    '04',
    '00',
    '0300000000000000', // removed: level 0, table 3
    '05',
    '01',
    '0700000000000000',
    '2c01000000000000',
    '0200000000000000', // added: level 1, table 7, 300 bytes, 2 entries
    '01000000',
    '61',
    '0900000000000000', // smallest: length 1, "a", sequence 9
    '01000000',
    '62',
    '0100000000000000', // largest: length 1, "b", sequence 1
  ].join('');
  expect(hexOf(bytes), 'the encoded edit, field by field').toBe(expected);
});

test.prop([edit, fc.integer({ min: 6, max: 255 })])(
  'an unknown tag is a CorruptEditError, not a field to skip',
  async (e, tag) => {
    const bytes = encodeEdit(e);
    const withUnknown = new Uint8Array(bytes.length + 9);
    withUnknown.set(bytes);
    withUnknown[bytes.length] = tag;
    let error: unknown = null;
    try {
      decodeEdit(withUnknown);
    } catch (caught) {
      if (!(caught instanceof CorruptEditError)) throw caught;
      error = caught;
    }
    expect(error, `tag ${tag} after a valid edit must be refused`).toBeInstanceOf(CorruptEditError);
    expect((error as CorruptEditError).offset, 'the error says where the unknown tag is').toBe(bytes.length);
  },
);

test.prop([fc.uint8Array({ maxLength: 60 }), edit, fc.nat()])(
  'bytes that are not an edit give a CorruptEditError and nothing else',
  async (noise, e, cut) => {
    const bytes = encodeEdit(e);
    for (const input of [noise, bytes.subarray(0, cut % (bytes.length + 1))]) {
      try {
        decodeEdit(input);
      } catch (error) {
        expect(error, `decoding ${hexOf(input)} threw something other than a CorruptEditError`).toBeInstanceOf(
          CorruptEditError,
        );
      }
    }
  },
);
