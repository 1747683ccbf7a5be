/**
 * Lesson 02, frames: length, CRC32C, body. Each property targets bugs learners really write:
 *
 * - "every entry comes back from its frame": a delete written as a put of an empty value, the
 *   sequence's high half written with `>>> 32` (which shifts by 0) or dropped, a big-endian
 *   field, a length that counts the header on one side only.
 * - "frames written one after another decode in order": `nextOffset` off by the header size,
 *   decoding that ignores `offset` (always from 0, or reading the length or checksum at 0), and a
 *   DataView over `bytes.buffer` that ignores `byteOffset` (the frames sit in a larger buffer), and
 *   encodeFrame writing every frame into one scratch array (all are made before any is read).
 * - "every strict prefix of a frame is truncated": a torn tail reported as corrupt, a missing
 *   header check (a RangeError from the DataView instead), a wrong `needed` (the length without
 *   the header).
 * - "every single-bit flip ... is corrupt": the CRC not checked, a checksum mismatch or a
 *   flipped length reported as truncated (the length is not compared with what the body
 *   says), the error's offset not the frame's start.
 * - "a length over MAX_FRAME_BYTES is corrupt at once": the length trusted (waited for, or
 *   allocated) before it is bounded, no bound at all, a bound that forgets the header (8 bytes
 *   too loose); "the biggest entry ... exactly MAX_FRAME_BYTES": a bound one too tight.
 * - "a length below the smallest entry": no lower bound.
 * - "FRAME_LAYOUT ... every byte" and "the README's worked example": the CRC over the body only
 *   (not the length field), the length counting the header, or any field moved or resized.
 * - "bodies that break the rules": no kind check, trailing bytes accepted, an entry that breaks
 *   lesson 01's rules accepted (not validated) or crashing (EntryValidationError escaping).
 * - "decoded entries do not share the input's bytes": key or value returned as views.
 * - "random bytes": any error other than the two typed ones (a RangeError from reading past the
 *   end of a body, an EntryValidationError), and a decoder that accepts more than one encoding.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  deleteEntry,
  MAX_KEY_BYTES,
  MAX_SEQUENCE,
  MAX_VALUE_BYTES,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import {
  CorruptFrameError,
  decodeFrame,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FRAME_LAYOUT,
  MAX_FRAME_BYTES,
  MIN_FRAME_BYTES,
  TruncatedFrameError,
} from '@ferris/02-serialization/frame.ts';
import {
  bodyOf,
  concat,
  corruption,
  entry,
  flipBit,
  frameAround,
  hex,
  inLargerBuffer,
  junk,
  rangeError,
  truncation,
  u32le,
} from './helpers.ts';

const MAX_BODY = MAX_FRAME_BYTES - FRAME_HEADER_BYTES;
const MIN_BODY = MIN_FRAME_BYTES - FRAME_HEADER_BYTES;

function expectSameEntry(actual: WalEntry, expected: WalEntry, what: string): void {
  expect(actual.sequence, `${what}: the sequence number changed`).toBe(expected.sequence);
  expect(actual.key, `${what}: the key changed`).toEqual(expected.key);
  if (expected.value === null) {
    expect(
      actual.value,
      `${what}: a delete came back as a put (a delete has value null, not an empty value)`,
    ).toBeNull();
  } else {
    expect(actual.value, `${what}: a put came back as a delete or with another value`).toEqual(expected.value);
  }
}

describe('round trip', () => {
  test.prop([entry])('every entry comes back from its frame unchanged, and nextOffset is just past the frame', (e) => {
    const frame = encodeFrame(e);
    const { entry: back, nextOffset } = decodeFrame(frame, 0);
    expectSameEntry(back, e, 'decodeFrame(encodeFrame(entry))');
    expect(nextOffset, 'nextOffset must be the frame length: header plus body').toBe(frame.length);
  });

  test.prop([fc.array(entry, { minLength: 1, maxLength: 8 }), junk, junk, fc.integer({ min: 1, max: 9 })])(
    'frames written one after another decode in order, from any starting offset, even inside a larger buffer',
    (entries, before, after, shift) => {
      const frames = entries.map(encodeFrame);
      const log = inLargerBuffer(concat(before, ...frames, after), shift);
      let offset = before.length;
      entries.forEach((expected, i) => {
        const { entry: back, nextOffset } = decodeFrame(log, offset);
        expectSameEntry(back, expected, `frame ${i} at offset ${offset}`);
        expect(nextOffset, `frame ${i}: nextOffset must be offset + ${frames[i]!.length} (header + body)`).toBe(
          offset + frames[i]!.length,
        );
        offset = nextOffset;
      });
    },
  );

  it('the biggest entry lesson 01 allows makes a frame of exactly MAX_FRAME_BYTES, and it decodes', () => {
    const key = new Uint8Array(MAX_KEY_BYTES).fill(7);
    const value = new Uint8Array(MAX_VALUE_BYTES).fill(9);
    const frame = encodeFrame(putEntry(MAX_SEQUENCE, key, value));
    expect(frame.length, 'header + kind + sequence + key length + key + value length + value').toBe(MAX_FRAME_BYTES);
    const back = decodeFrame(frame, 0).entry;
    expect(
      back.key.length === MAX_KEY_BYTES && back.value?.length === MAX_VALUE_BYTES,
      'the largest legal frame must decode: the length bound is one too tight',
    ).toBe(true);
  });

  test.prop([entry, fc.uint8Array({ minLength: 1, maxLength: 20 })])(
    "decoded entries do not share the input's bytes: overwriting the input later changes nothing",
    (e, filler) => {
      const frame = encodeFrame(e);
      const decoded = decodeFrame(frame, 0).entry;
      for (let i = 0; i < frame.length; i++) frame[i] = filler[i % filler.length]! ^ 0x5a;
      expectSameEntry(decoded, e, 'after the input buffer was overwritten (copy the key and value out of it)');
    },
  );
});

describe('the byte layout', () => {
  test.prop([entry])(
    'FRAME_LAYOUT describes every byte of a real frame, and the checksum covers the length field and the body',
    (e) => {
      const frame = encodeFrame(e);
      const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
      const fields = new Map<string, number | Uint8Array>();
      let at = 0;
      for (const field of FRAME_LAYOUT) {
        if (field.putOnly && e.value === null) continue;
        const size = field.bytes === 'variable' ? (fields.get(field.sizeFrom!) as number) : field.bytes;
        expect(
          at + size <= frame.length,
          `the frame ends before its ${field.name} field (at byte ${at}, ${size} bytes)`,
        ).toBe(true);
        const read =
          field.type === 'u8'
            ? view.getUint8(at)
            : field.type === 'u32le'
              ? view.getUint32(at, true)
              : field.type === 'u64le'
                ? view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true)
                : frame.slice(at, at + size);
        fields.set(field.name, read);
        at += size;
      }
      expect(at, 'the frame has bytes after its last field').toBe(frame.length);
      expect(fields.get('length'), 'the length field counts the body only, not the 8-byte header').toBe(
        frame.length - FRAME_HEADER_BYTES,
      );
      expect(fields.get('checksum'), 'the checksum is the CRC32C of the length field followed by the body').toBe(
        crc32c(concat(frame.subarray(0, 4), frame.subarray(FRAME_HEADER_BYTES))),
      );
      expect(fields.get('kind'), 'the kind byte is 1 for a put and 2 for a delete').toBe(e.value === null ? 2 : 1);
      expect(fields.get('sequence'), 'the sequence is a little-endian u64: low 32 bits, then high 32 bits').toBe(
        e.sequence,
      );
      expect(fields.get('keyLength'), 'the key length').toBe(e.key.length);
      expect(fields.get('key'), 'the key bytes').toEqual(e.key);
      if (e.value !== null) expect(fields.get('value'), 'the value bytes').toEqual(e.value);
    },
  );

  it("a put and a delete encode to the exact bytes of the README's worked example", () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    const put = encodeFrame(putEntry(7, ascii('cat'), ascii('meow')));
    const del = encodeFrame(deleteEntry(2 ** 32 + 8, ascii('cat')));
    expect(hex(put), 'put(7, "cat", "meow")').toBe(
      '18 00 00 00 0e 16 5a 70 01 07 00 00 00 00 00 00 00 03 00 00 00 63 61 74 04 00 00 00 6d 65 6f 77',
    );
    expect(hex(del), 'delete(2^32 + 8, "cat")').toBe(
      '10 00 00 00 af ef 3e d3 02 08 00 00 00 01 00 00 00 03 00 00 00 63 61 74',
    );
  });
});

describe('truncated frames', () => {
  test.prop([entry, junk])(
    'every strict prefix of a frame is truncated, with where it starts, what it needs and what it has',
    (e, before) => {
      const frame = encodeFrame(e);
      for (let n = 0; n < frame.length; n++) {
        const bytes = inLargerBuffer(concat(before, frame.subarray(0, n)));
        const error = truncation(
          () => decodeFrame(bytes, before.length),
          `the first ${n} of ${frame.length} bytes of a frame`,
        );
        expect(error.offset, 'offset: where the frame starts').toBe(before.length);
        expect(error.available, 'available: the bytes from offset to the end').toBe(n);
        const needed = n < FRAME_HEADER_BYTES ? FRAME_HEADER_BYTES : frame.length;
        expect(
          error.needed,
          `needed, with ${n} bytes: the header (${FRAME_HEADER_BYTES}) until the length is known, then the whole frame (header + length)`,
        ).toBe(needed);
      }
    },
  );

  test.prop([fc.integer({ min: MIN_BODY, max: MAX_BODY }), fc.uint8Array({ maxLength: 12 })])(
    'a header with a legal length and nothing after it (or a consistent start of a body) is truncated',
    (length, start) => {
      const header = concat(u32le(length), u32le(0));
      // A body start that agrees with any length: a put whose length fields are not all there yet.
      const body = concat(Uint8Array.of(1), start.subarray(0, 8));
      for (const bytes of [header, concat(header, body)]) {
        const error = truncation(
          () => decodeFrame(bytes, 0),
          `a header claiming ${length} body bytes, then ${bytes.length - 8} bytes`,
        );
        expect(error.needed, 'needed: header plus length').toBe(FRAME_HEADER_BYTES + length);
      }
    },
  );
});

describe('corrupt frames', () => {
  test.prop([entry, junk, fc.option(entry, { nil: undefined })], { numRuns: 60 })(
    'every single-bit flip in a frame is corrupt: never truncated, never a different entry',
    (e, before, next) => {
      const frame = encodeFrame(e);
      const after = next === undefined ? new Uint8Array(0) : encodeFrame(next);
      const log = concat(before, frame, after);
      for (let bit = 0; bit < frame.length * 8; bit++) {
        const bad = inLargerBuffer(flipBit(log, before.length * 8 + bit));
        const error = corruption(
          () => decodeFrame(bad, before.length),
          `a frame with bit ${bit} flipped (byte ${bit >> 3})`,
        );
        expect(error.offset, 'the error must give the offset where the bad frame starts').toBe(before.length);
        if (bit < 32)
          expect(
            ['length', 'checksum'],
            `a flipped length bit must fail the length or checksum check, not ${error.check}`,
          ).toContain(error.check);
      }
    },
  );

  test.prop([entry, fc.integer({ min: MIN_BODY, max: MAX_BODY }), fc.option(entry, { nil: undefined })])(
    'a length field changed to any other legal length is corrupt, never truncated',
    (e, length, next) => {
      const frame = encodeFrame(e);
      fc.pre(length !== frame.length - FRAME_HEADER_BYTES);
      const bad = concat(frame, next === undefined ? new Uint8Array(0) : encodeFrame(next));
      bad.set(u32le(length), 0);
      const error = corruption(() => decodeFrame(bad, 0), `a frame whose length field was changed to ${length}`);
      expect(
        ['length', 'checksum'],
        `the check that fails must be the length or the checksum, not ${error.check}`,
      ).toContain(error.check);
    },
  );

  test.prop([
    fc.oneof(fc.integer({ min: MAX_BODY + 1, max: 0xffffffff }), fc.constantFrom(MAX_BODY + 1, 2 ** 31, 0xffffffff)),
    fc.uint8Array({ maxLength: 40 }),
  ])('a length over MAX_FRAME_BYTES is corrupt "length" at once, however few bytes follow it', (length, rest) => {
    const bytes = concat(u32le(length), u32le(0), rest);
    const error = corruption(
      () => decodeFrame(bytes, 0),
      `a header claiming ${length} body bytes (the limit is ${MAX_BODY})`,
    );
    expect(error.check, 'bound the length field before waiting for (or allocating) that many bytes').toBe('length');
  });

  it('a length of exactly the largest body is legal, and one more is corrupt "length", even with every byte present', () => {
    const atLimit = concat(u32le(MAX_BODY), u32le(0));
    expect(
      truncation(() => decodeFrame(atLimit, 0), `a header claiming ${MAX_BODY} body bytes (the largest legal body)`)
        .needed,
    ).toBe(MAX_FRAME_BYTES);
    const overLimit = frameAround(new Uint8Array(MAX_BODY + 1), MAX_BODY + 1);
    const error = corruption(
      () => decodeFrame(overLimit, 0),
      `a whole frame of ${MAX_BODY + 1} body bytes, checksum correct`,
    );
    expect(error.check, 'the length bound is MAX_FRAME_BYTES minus the header, checked before the checksum').toBe(
      'length',
    );
  });

  test.prop([fc.integer({ min: 0, max: MIN_BODY - 1 })])(
    'a length below the smallest entry is corrupt "length", even with a correct checksum',
    (length) => {
      const frame = frameAround(new Uint8Array(length).fill(1));
      const error = corruption(
        () => decodeFrame(frame, 0),
        `a frame of ${length} body bytes (the smallest entry has ${MIN_BODY})`,
      );
      expect(error.check, `no entry is shorter than ${MIN_BODY} bytes, so the length field is wrong`).toBe('length');
    },
  );
});

describe('bodies that break the rules (with a correct checksum)', () => {
  const k = new TextEncoder().encode('key');
  const v = new TextEncoder().encode('value');

  it('a kind byte other than put (1) or delete (2) is corrupt "kind"', () => {
    for (const kind of [0, 3, 0x81, 0xff]) {
      const error = corruption(
        () => decodeFrame(frameAround(bodyOf(kind, 5, k, v)), 0),
        `a body with kind byte ${kind}`,
      );
      expect(error.check, `kind ${kind} is neither a put nor a delete`).toBe('kind');
    }
  });

  it('a body whose fields do not fill it exactly is corrupt "body"', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['a put with one byte after its value', concat(bodyOf(1, 5, k, v), Uint8Array.of(0))],
      ['a delete with a value after its key', bodyOf(2, 5, k, v)],
      [
        'a put whose key length runs past the body',
        concat(bodyOf(1, 5, k, v).subarray(0, 9), u32le(200), new Uint8Array(10)),
      ],
      ['a put whose value length runs past the body', concat(bodyOf(1, 5, k), u32le(50), v)],
      ['a put missing its value length', bodyOf(1, 5, k)],
    ];
    for (const [what, body] of cases) {
      const error = corruption(() => decodeFrame(frameAround(body), 0), what);
      expect(error.check, `${what}: the fields must fill the body exactly`).toBe('body');
    }
  });

  it('a body that breaks lesson 01\'s rules is corrupt "entry", for puts and deletes, and never crashes', () => {
    const longKey = new Uint8Array(MAX_KEY_BYTES + 1);
    const cases: Array<[string, Uint8Array]> = [
      ['a put with a key one byte over MAX_KEY_BYTES', bodyOf(1, 5, longKey, v)],
      ['a delete with a key one byte over MAX_KEY_BYTES', bodyOf(2, 5, longKey)],
      ['a put with the sequence number 2^53', bodyOf(1, 2 ** 53, k, v)],
      [
        'a delete with the sequence number 2^64 - 1',
        concat(Uint8Array.of(2), new Uint8Array(8).fill(0xff), u32le(k.length), k),
      ],
    ];
    for (const [what, body] of cases) {
      const error = corruption(() => decodeFrame(frameAround(body), 0), what);
      expect(error.check, `${what}: validate decoded entries with lesson 01 (putEntry/deleteEntry)`).toBe('entry');
    }
  });
});

describe('random bytes', () => {
  const plausibleHeader = fc
    .tuple(fc.integer({ min: MIN_BODY, max: 80 }), fc.uint8Array({ maxLength: 90 }))
    .map(([length, rest]) => concat(u32le(length), rest));

  test.prop([fc.oneof(fc.uint8Array({ maxLength: 100 }), plausibleHeader), fc.nat(110)])(
    'random bytes give only TruncatedFrameError or CorruptFrameError, at any offset',
    (bytes, at) => {
      const offset = at % (bytes.length + 1);
      try {
        decodeFrame(bytes, offset);
      } catch (error) {
        if (error instanceof TruncatedFrameError || error instanceof CorruptFrameError) return;
        throw error;
      }
    },
  );

  const randomBody = fc.oneof(
    fc
      .tuple(fc.constantFrom(1, 2), fc.uint8Array({ minLength: 12, maxLength: 60 }))
      .map(([kind, rest]) => concat(Uint8Array.of(kind), rest)),
    fc
      .tuple(
        fc.constantFrom(1, 2),
        fc.nat(),
        fc.uint8Array({ maxLength: 10 }),
        fc.uint8Array({ maxLength: 10 }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
      )
      .map(([kind, seq, k, v, dk, dv]) => {
        const body = bodyOf(kind, seq, k, v);
        const view = new DataView(body.buffer);
        view.setUint32(9, Math.max(0, k.length + dk), true);
        view.setUint32(13 + k.length, Math.max(0, v.length + dv), true);
        return body;
      }),
  );

  test.prop([randomBody])(
    'a random body behind a correct checksum is corrupt, or an entry that encodes back to exactly the same bytes',
    (body) => {
      const frame = frameAround(body);
      let decoded: ReturnType<typeof decodeFrame>;
      try {
        decoded = decodeFrame(frame, 0);
      } catch (error) {
        if (error instanceof CorruptFrameError) return;
        if (error instanceof TruncatedFrameError)
          expect.fail(`a complete frame (${frame.length} bytes) was reported as truncated`);
        throw error;
      }
      expect(decoded.nextOffset, 'nextOffset must be just past the frame').toBe(frame.length);
      expect(hex(encodeFrame(decoded.entry)), 'the decoder accepted a body the encoder would never write').toBe(
        hex(frame),
      );
    },
  );
});

describe('offsets', () => {
  it('an offset outside the bytes is a RangeError, not a frame error', () => {
    const frame = encodeFrame(putEntry(1, new Uint8Array(1), new Uint8Array(1)));
    for (const offset of [-1, frame.length + 1, 1.5, Number.NaN]) {
      rangeError(() => decodeFrame(frame, offset), `offset ${offset} in ${frame.length} bytes`);
    }
    const atEnd = truncation(() => decodeFrame(frame, frame.length), 'the offset just past the last byte');
    expect(atEnd.available, 'at the end of the bytes nothing is available').toBe(0);
  });
});
