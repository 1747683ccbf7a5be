// Catches: the sequence number is cut to 32 bits (>>> on a 53-bit number)
//
// A reference review test (see cli/review-examples.ts): every sequence number up to
// MAX_SEQUENCE survives an internal key's round trip.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { decodeInternalKey, encodeInternalKey, TABLE_KIND_PUT } from '@ferris/07-sstable/table-key.ts';

test.prop([fc.uint8Array({ maxLength: 8 }), fc.integer({ min: 2 ** 32, max: MAX_SEQUENCE })])(
  'a sequence number past 2^32 comes back from an encoded internal key unchanged',
  (userKey, sequence) => {
    const decoded = decodeInternalKey(encodeInternalKey(userKey, sequence, TABLE_KIND_PUT));
    expect(decoded.sequence, 'the decoded sequence number').toBe(sequence);
  },
);
