// Catches: treats an empty value as a delete
//
// A reference review test (see cli/review-examples.ts): a put of zero bytes is a value, not a
// tombstone.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { isTombstone, putEntry } from '@ferris/01-wal-entry/entry.ts';

test.prop([fc.nat(), fc.uint8Array({ maxLength: 16 })])(
  'a put of an empty value is not a tombstone',
  (sequence, key) => {
    expect(isTombstone(putEntry(sequence, key, new Uint8Array(0))), 'an empty value is still a put').toBe(false);
  },
);
