/**
 * Lesson 01: keys and values that are views into a larger buffer. A network packet or a file
 * chunk is one big buffer, and a key is often a window into it (`subarray`, or
 * `new Uint8Array(buffer, offset, length)`). The property below catches:
 *
 * - copying the whole backing buffer (`new Uint8Array(bytes.buffer.slice(0))`): the entry gets
 *   the bytes around the key too;
 * - slicing the backing buffer with the wrong end (`buffer.slice(byteOffset, length)`);
 * - checking the limit against the backing buffer (`bytes.buffer.byteLength`) rather than the
 *   view's own length, which rejects a short key cut from a big buffer;
 * - keeping the view, so that the caller reusing the big buffer changes the logged write.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, MAX_KEY_BYTES, MAX_VALUE_BYTES, putEntry } from '@ferris/01-wal-entry/entry.ts';
import { scribble, viewInto } from '../shared/bytes.ts';

/** Where a view sits in its backing buffer: bytes before it, bytes after it. Some buffers are past both limits. */
const surroundings = fc.record({
  before: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.constant(0) }),
  after: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
    { weight: 1, arbitrary: fc.constant(MAX_VALUE_BYTES + 7) },
  ),
});

describe('keys and values that are views into a larger buffer', () => {
  test.prop(
    [
      fc.nat(1000),
      fc.oneof(fc.uint8Array({ maxLength: 32 }), fc.constant(new Uint8Array(MAX_KEY_BYTES).fill(7))),
      fc.uint8Array({ maxLength: 64 }),
      surroundings,
      surroundings,
    ],
    { numRuns: 60 },
  )(
    'an entry made from views into a larger buffer holds exactly the viewed bytes, and later changes to that buffer change nothing',
    (seq, key, value, keyAt, valueAt) => {
      const keyView = viewInto(key, keyAt);
      const valueView = viewInto(value, valueAt);
      const put = putEntry(seq, keyView, valueView);
      const del = deleteEntry(seq, keyView);
      expect(
        Array.from(put.key),
        "the put's key is not exactly the viewed bytes: copy bytes.length bytes from bytes.byteOffset",
      ).toEqual(Array.from(key));
      expect(Array.from(put.value ?? []), "the put's value is not exactly the viewed bytes").toEqual(Array.from(value));
      expect(Array.from(del.key), "the delete's key is not exactly the viewed bytes").toEqual(Array.from(key));
      scribble(keyView, 0x11);
      scribble(valueView, 0x22);
      expect(Array.from(put.key), "the put's key changed when the caller reused its buffer").toEqual(Array.from(key));
      expect(Array.from(put.value ?? []), "the put's value changed when the caller reused its buffer").toEqual(
        Array.from(value),
      );
      expect(Array.from(del.key), "the delete's key changed when the caller reused its buffer").toEqual(
        Array.from(key),
      );
    },
  );
});
