// Catches: does not check the checksum
//
// A reference review test (see cli/review-examples.ts): a flipped bit in a value leaves the
// frame's structure intact, so only the checksum can see it.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { CorruptFrameError, decodeFrame, encodeFrame } from '@ferris/02-serialization/frame.ts';

test.prop([fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.nat(), fc.nat(7)])(
  'a frame with one bit of its value flipped is reported as corrupt',
  (value, at, bit) => {
    const frame = encodeFrame(putEntry(1, new Uint8Array([7]), value));
    const index = frame.length - 1 - (at % value.length);
    frame[index]! ^= 1 << bit;
    expect(() => decodeFrame(frame, 0), 'a damaged value must not decode').toThrow(CorruptFrameError);
  },
);
