/**
 * Lesson 02, the entry body on its own (entry-codec.ts). The frame tests cover the same code
 * through decodeFrame; these name the body's own rules, so a failure points at the right file:
 *
 * - "every entry comes back from its body": a delete written as a put of an empty value, the
 *   high half of the sequence lost (`>>> 32` shifts by zero) or never read back.
 * - "entryLengthFromPrefix knows the length as soon as the length fields are there": a length
 *   that forgets the value-length field, reads the value length from the wrong place, or
 *   answers before the bytes it needs are present (reading past the prefix).
 * - "an unknown kind byte is reported from the first byte": a kind check done only after the
 *   whole body arrived, so a garbage byte looks like the start of a torn entry.
 * - "writeEntry writes the body at `at` and nothing else": a field placed as if `at` were 0, a
 *   DataView over `out.buffer` that ignores `out.byteOffset`, a length off by a field (bytes past
 *   the body written, or left unwritten).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  decodeEntry,
  encodedEntryLength,
  encodeEntry,
  entryLengthFromPrefix,
  EntryFormatError,
  KEY_AT,
  WAL_KIND_DELETE,
  WAL_KIND_PUT,
  writeEntry,
} from '@ferris/02-serialization/entry-codec.ts';
import { entry, hex } from './helpers.ts';

describe('the entry body', () => {
  test.prop([entry])('every entry comes back from its body, with the kind byte first', (e) => {
    const body = encodeEntry(e);
    expect(body[0], 'the first byte is the kind: 1 for a put, 2 for a delete').toBe(
      e.value === null ? WAL_KIND_DELETE : WAL_KIND_PUT,
    );
    const back = decodeEntry(body);
    expect(back.sequence, 'the sequence number changed (is the high half written and read?)').toBe(e.sequence);
    expect(back.key, 'the key changed').toEqual(e.key);
    expect(
      back.value,
      e.value === null ? 'a delete came back as a put' : 'the value changed, or a put came back as a delete',
    ).toEqual(e.value);
  });

  test.prop([entry, fc.nat(40), fc.nat(40), fc.nat(20), fc.integer({ min: 0, max: 255 })])(
    "writeEntry writes encodeEntry's bytes at `at` of a window into a bigger buffer, and no other byte",
    (e, before, after, at, fill) => {
      const body = encodeEntry(e);
      expect(encodedEntryLength(e), 'encodedEntryLength is the length of the body encodeEntry makes').toBe(body.length);
      const size = at + body.length + after;
      const buffer = new Uint8Array(before + size).fill(fill);
      const out = buffer.subarray(before, before + size);
      writeEntry(e, out, at);
      const expected = new Uint8Array(before + size).fill(fill);
      expected.set(body, before + at);
      expect(
        hex(buffer),
        `the whole buffer after writeEntry at ${at} of a window starting at byte ${before} (filled with ${fill})`,
      ).toBe(hex(expected));
    },
  );

  test.prop([entry])(
    'entryLengthFromPrefix gives the body length as soon as the length fields are there, and undefined before',
    (e) => {
      const body = encodeEntry(e);
      // A delete's last length field is the key length; a put's is the value length, after the key.
      const knownFrom = e.value === null ? KEY_AT : KEY_AT + e.key.length + 4;
      for (let n = 0; n <= body.length; n++) {
        const length = entryLengthFromPrefix(body.slice(0, n));
        if (n < knownFrom) expect(length, `with ${n} bytes the length fields are not all there yet`).toBeUndefined();
        else expect(length, `with ${n} bytes the length fields are all there`).toBe(body.length);
      }
    },
  );

  test.prop([
    fc.integer({ min: 0, max: 255 }).filter((k) => k !== WAL_KIND_PUT && k !== WAL_KIND_DELETE),
    fc.uint8Array({ maxLength: 30 }),
  ])('an unknown kind byte is reported from the first byte on, as EntryFormatError "kind"', (kind, rest) => {
    const prefix = Uint8Array.of(kind, ...rest);
    let error: unknown;
    try {
      entryLengthFromPrefix(prefix);
    } catch (e) {
      error = e;
    }
    if (error !== undefined && !(error instanceof EntryFormatError)) throw error;
    expect(error, `kind byte ${kind} with ${rest.length} bytes after it was accepted`).toBeInstanceOf(EntryFormatError);
    expect((error as EntryFormatError).check, 'the check is "kind"').toBe('kind');
  });
});
