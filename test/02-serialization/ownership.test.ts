/**
 * Lesson 02: the bytes encodeFrame and encodeEntry return belong to the caller. Entries are
 * frozen, so caching each entry's encoding looks safe; but a caller may change the bytes it got
 * (a test flipping a bit, a writer reusing an output buffer), and then a cached frame serves the
 * changed bytes to the next caller. This catches:
 *
 * - encodeFrame or encodeEntry returning a cached (or shared scratch) array: the second encoding
 *   of an entry is whatever the first caller left in it.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { encodeEntry } from '@ferris/02-serialization/entry-codec.ts';
import { decodeFrame, encodeFrame } from '@ferris/02-serialization/frame.ts';
import { entry, hex } from './helpers.ts';

describe('encoded bytes belong to the caller', () => {
  test.prop([entry, fc.integer({ min: 1, max: 255 })])(
    'changing the bytes encodeFrame or encodeEntry returned never changes a later encoding of the same entry',
    (e, mask) => {
      const frame = encodeFrame(e);
      const body = encodeEntry(e);
      const frameBefore = hex(frame);
      const bodyBefore = hex(body);
      frame.forEach((b, i) => (frame[i] = b ^ mask));
      body.forEach((b, i) => (body[i] = b ^ mask));
      const again = encodeFrame(e);
      expect(
        hex(again),
        'encodeFrame gave other bytes after the caller changed an earlier result: return a new array every time',
      ).toBe(frameBefore);
      expect(
        hex(encodeEntry(e)),
        'encodeEntry gave other bytes after the caller changed an earlier result: return a new array every time',
      ).toBe(bodyBefore);
      const { entry: back } = decodeFrame(again, 0);
      expect(
        [back.sequence, hex(back.key), back.value === null ? null : hex(back.value)],
        'the entry decoded from a fresh encoding',
      ).toEqual([e.sequence, hex(e.key), e.value === null ? null : hex(e.value)]);
    },
  );
});
