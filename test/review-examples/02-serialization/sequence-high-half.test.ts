// Catches: writes the sequence's high half with >>> 32 (a shift by 0 in JavaScript)
//
// A reference review test (see cli/review-examples.ts): every sequence number up to
// MAX_SEQUENCE survives a frame's round trip, also those past 2^32.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_SEQUENCE, putEntry } from '@ferris/01-wal-entry/entry.ts';
import { decodeFrame, encodeFrame } from '@ferris/02-serialization/frame.ts';

test.prop([fc.integer({ min: 2 ** 32, max: MAX_SEQUENCE })])(
  'a sequence number past 2^32 comes back from its frame unchanged',
  (sequence) => {
    const { entry } = decodeFrame(encodeFrame(putEntry(sequence, new Uint8Array([1]), new Uint8Array(0))), 0);
    expect(entry.sequence, 'the decoded sequence number').toBe(sequence);
  },
);
