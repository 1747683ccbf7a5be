/**
 * Lesson 03, the fast scan after damage: `screenFrame` (the quick look at an offset) and
 * `nextIntactFrame` (the scan), against a slow model that decodes a frame at every offset with
 * lesson 02's decoder and catches its errors, which is what recovery did before the quick look.
 * Speed is measured by `npm run bench -- --only recovery-scan`, never here. The plausible wrong
 * solutions each property catches:
 *
 * - "after damage, the fast scan finds the same next intact frame ...": a quick look that rules
 *   out a valid frame (deletes, the smallest body, a frame that ends exactly at the end of the
 *   file), a loop that stops one offset early, a scan that trusts the quick look without decoding
 *   (a checksummed frame whose body is bad) or that accepts a frame whose checksum failed, and a
 *   scan that reads the buffer behind a view (`bytes.buffer`, its byteLength).
 * - "recovery of a damaged log reaches the same verdict as the slow model ...": any of those
 *   seen through recoverWal, in every mode: other entries, another cut, another error.
 * - "the quick look never rules out an offset where a frame decodes": a check stricter than
 *   lesson 02's (an off-by-one at either end of the length bound, a kind check that forgets
 *   deletes, a checksum over the body alone).
 * - "each quick check answers with its own name ...": a quick look that skips a check (so every
 *   header-shaped offset costs a decode and an exception), checks in another order, or reads a
 *   view's buffer instead of the view.
 * - the two examples: zeros ruled out by the length field; the largest and smallest frames found
 *   right up to the end of the file.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry, deleteEntry, MAX_KEY_BYTES, MAX_VALUE_BYTES } from '@ferris/01-wal-entry/entry.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { MAX_ENTRY_BYTES, MIN_ENTRY_BYTES } from '@ferris/02-serialization/entry-codec.ts';
import {
  CorruptFrameError,
  decodeFrame,
  encodeFrame,
  FRAME_HEADER_BYTES,
  TruncatedFrameError,
} from '@ferris/02-serialization/frame.ts';
import {
  nextIntactFrame,
  recoverWal,
  RECOVERY_MODES,
  screenFrame,
  WalCorruptionError,
  type RecoveryMode,
  type WalCheck,
} from '@ferris/03-recovery/recovery.ts';
import { concat, hexOf, u32le, viewBetween } from '../shared/bytes.ts';
import { freshDisk, writeDurably } from '../shared/disk.ts';
import { entryBody, numbered } from './helpers.ts';

const LOG = 'db/wal.log';

// ---- the slow model: lesson 02's decoder at every offset --------------------------------------

/** What lesson 02's decoder says at `offset`: the decoded frame, or the check that failed. */
function decodeAt(bytes: Uint8Array, offset: number): { entry: WalEntry; nextOffset: number } | WalCheck {
  try {
    return decodeFrame(bytes, offset);
  } catch (error) {
    if (error instanceof TruncatedFrameError) return 'truncated';
    if (error instanceof CorruptFrameError) return error.check;
    throw error;
  }
}

function slowNextIntactFrame(bytes: Uint8Array, from: number): number {
  for (let offset = from; offset < bytes.length; offset++) {
    if (typeof decodeAt(bytes, offset) !== 'string') return offset;
  }
  return -1;
}

/** An outcome of recovery as plain data, so two of them compare with one `toEqual`. */
type Outcome = { refused: [number, WalCheck, boolean] } | { entries: string[]; validBytes: number; damage: unknown[] };

const describeEntry = (e: WalEntry) =>
  `#${e.sequence} ${hexOf(e.key)}=${e.value === null ? 'deleted' : hexOf(e.value)}`;

/** Recovery as the README's flowchart says, with the slow scan. */
function modelRecovery(bytes: Uint8Array, mode: RecoveryMode): Outcome {
  const entries: string[] = [];
  const damage: unknown[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const at = decodeAt(bytes, offset);
    if (typeof at !== 'string') {
      entries.push(describeEntry(at.entry));
      offset = at.nextOffset;
      continue;
    }
    const next = slowNextIntactFrame(bytes, offset + 1);
    const refuse = mode === 'absolute-consistency' || (next >= 0 && mode === 'tolerate-corrupted-tail');
    if (refuse) return { refused: [offset, at, next >= 0] };
    const skip = next >= 0 && mode === 'skip-any-corrupted';
    damage.push([offset, (skip ? next : bytes.length) - offset, at, skip ? 'skipped' : 'truncated']);
    if (!skip) return { entries, validBytes: offset, damage };
    offset = next;
  }
  return { entries, validBytes: offset, damage };
}

async function recoveryOutcome(bytes: Uint8Array, mode: RecoveryMode): Promise<{ outcome: Outcome; file: string }> {
  const fs = await freshDisk();
  await writeDurably(fs, LOG, bytes);
  let outcome: Outcome;
  try {
    const result = await recoverWal(fs, LOG, { mode });
    outcome = {
      entries: result.entries.map(describeEntry),
      validBytes: result.validBytes,
      damage: result.damage.map((d) => [d.offset, d.length, d.check, d.action]),
    };
  } catch (error) {
    if (!(error instanceof WalCorruptionError)) throw error;
    outcome = { refused: [error.offset, error.check, error.intactFramesFollow] };
  }
  return { outcome, file: hexOf(await fs.readFile(LOG)) };
}

// ---- damaged logs -------------------------------------------------------------------------------

/** Entry contents biased toward the edges: deletes of the empty key make the smallest frame. */
const edgyBody = fc.oneof(
  { weight: 3, arbitrary: entryBody },
  { weight: 1, arbitrary: fc.constant({ key: new Uint8Array(0), value: null }) },
  { weight: 1, arbitrary: fc.record({ key: fc.uint8Array({ maxLength: 3 }), value: fc.constant(new Uint8Array(0)) }) },
);

const kindByte = fc.constantFrom(1, 2);

/** A header that passes every quick check but the checksum: length in bounds, a kind byte, a wrong CRC. */
const headerShaped = fc
  .tuple(
    fc.integer({ min: MIN_ENTRY_BYTES, max: 48 }),
    fc.nat({ max: 0xffffffff }),
    kindByte,
    fc.uint8Array({ maxLength: 47 }),
  )
  .map(([length, checksum, kind, rest]) => {
    const body = new Uint8Array(length);
    body[0] = kind;
    body.set(rest.subarray(0, length - 1), 1);
    return concat(u32le(length), u32le(checksum), body);
  });

/** A frame whose checksum is right over a body that is not an entry: only decoding tells. */
const checksummedJunk = fc
  .tuple(fc.integer({ min: MIN_ENTRY_BYTES, max: 48 }), kindByte, fc.uint8Array({ minLength: 47, maxLength: 47 }))
  .map(([length, kind, rest]) => {
    const body = concat(Uint8Array.of(kind), rest.subarray(0, length - 1));
    return concat(u32le(length), u32le(crc32c(body, crc32c(u32le(length)))), body);
  });

/** One stretch of a log: a frame, or one of the kinds of damage a disk or a bug leaves. */
const piece: fc.Arbitrary<() => Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: edgyBody.map((b) => () => encodeFrame(numbered([b])[0]!)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => () => new Uint8Array(n)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => () => b) },
  { weight: 1, arbitrary: headerShaped.map((b) => () => b) },
  { weight: 1, arbitrary: checksummedJunk.map((b) => () => b) },
  {
    weight: 1,
    arbitrary: fc.tuple(edgyBody, fc.nat()).map(([b, cut]) => () => {
      const frame = encodeFrame(numbered([b])[0]!);
      return frame.subarray(0, 1 + (cut % (frame.length - 1))); // a torn frame
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(edgyBody, fc.nat()).map(([b, bit]) => () => {
      const frame = encodeFrame(numbered([b])[0]!);
      const at = bit % (frame.length * 8);
      frame[at >> 3]! ^= 1 << (at & 7); // one flipped bit
      return frame;
    }),
  },
);

/** A log of damage and frames, often ending in an intact frame (the hardest place to find one). */
const damagedLog = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 10 }), fc.option(edgyBody, { nil: undefined }))
  .map(([pieces, last]) => {
    const parts = pieces.map((make) => make());
    if (last !== undefined) parts.push(encodeFrame(numbered([last])[0]!));
    return concat(...parts);
  });

/** Bytes around a view: junk before it, and after it an intact frame a scan must not see. */
const surroundings = fc.tuple(fc.uint8Array({ maxLength: 9 }), edgyBody);
function inView(bytes: Uint8Array, [before, after]: [Uint8Array, { key: Uint8Array; value: Uint8Array | null }]) {
  return viewBetween(before, bytes, encodeFrame(numbered([after])[0]!));
}

// ---- the properties -----------------------------------------------------------------------------

describe('the fast scan reaches the same verdicts as decoding at every offset', () => {
  test.prop([damagedLog, fc.nat(), surroundings])(
    'after damage, the fast scan finds the same next intact frame as decoding at every offset, also in a view of a bigger buffer',
    (bytes, pick, around) => {
      const from = pick % (bytes.length + 1);
      const expected = slowNextIntactFrame(bytes, from);
      expect(
        nextIntactFrame(inView(bytes, around), from),
        `nextIntactFrame from byte ${from} of a ${bytes.length}-byte log (${hexOf(bytes)}): decoding at every offset finds ${expected}`,
      ).toBe(expected);
    },
  );

  test.prop([damagedLog, fc.constantFrom(...RECOVERY_MODES)])(
    'recovery of a damaged log reaches the same verdict as the slow model, in every mode: the same entries, cut, damage list and error',
    async (bytes, mode) => {
      const { outcome, file } = await recoveryOutcome(bytes, mode);
      const expected = modelRecovery(bytes, mode);
      expect(outcome, `recovering ${hexOf(bytes)} in mode '${mode}'`).toEqual(expected);
      const kept = 'refused' in expected ? bytes.length : expected.validBytes;
      expect(file, `the log after recovering it in mode '${mode}'`).toBe(hexOf(bytes.subarray(0, kept)));
    },
  );

  test.prop([damagedLog, surroundings])(
    'the quick look never rules out an offset where a frame decodes',
    (bytes, around) => {
      const view = inView(bytes, around);
      for (let offset = 0; offset < bytes.length; offset++) {
        if (typeof decodeAt(bytes, offset) === 'string') continue;
        expect(
          screenFrame(view, offset),
          `screenFrame at byte ${offset} of ${hexOf(bytes)}, where lesson 02 decodes an intact frame`,
        ).toBe('candidate');
      }
    },
  );
});

describe('the quick look', () => {
  const damages = ['header', 'length', 'end', 'kind', 'checksum', 'none'] as const;

  /** A frame with one kind of damage, and the verdict the quick look must give it. */
  function damaged(frame: Uint8Array, how: (typeof damages)[number], pick: number): Uint8Array {
    const copy = Uint8Array.from(frame);
    const view = new DataView(copy.buffer);
    switch (how) {
      case 'header':
        return copy.subarray(0, pick % FRAME_HEADER_BYTES);
      case 'length': {
        const lengths = [0, MIN_ENTRY_BYTES - 1, MAX_ENTRY_BYTES + 1, 0xffffffff, pick % MIN_ENTRY_BYTES];
        view.setUint32(0, lengths[pick % lengths.length]!, true);
        return copy;
      }
      case 'end': {
        // Cut inside the body, often right after the header; a frame that does not fit is 'end'
        // whatever its kind byte says, so the kind byte is sometimes spoiled too.
        const cut =
          pick % 3 === 0 ? FRAME_HEADER_BYTES : FRAME_HEADER_BYTES + (pick % (copy.length - FRAME_HEADER_BYTES));
        if (cut > FRAME_HEADER_BYTES && pick % 2 === 0) copy[FRAME_HEADER_BYTES] = 0;
        return copy.subarray(0, cut);
      }
      case 'kind':
        copy[FRAME_HEADER_BYTES] = [0, 3, 0xff, 3 + (pick % 253)][pick % 4]!;
        return copy;
      case 'checksum': {
        // A bit of the checksum field, or of the body after its kind byte.
        const bits = [...Array(32).keys()].map((b) => 32 + b);
        for (let b = (FRAME_HEADER_BYTES + 1) * 8; b < copy.length * 8; b++) bits.push(b);
        const bit = bits[pick % bits.length]!;
        copy[bit >> 3]! ^= 1 << (bit & 7);
        return copy;
      }
      case 'none':
        return copy;
    }
  }

  test.prop([edgyBody, fc.constantFrom(...damages), fc.nat(), surroundings])(
    'each quick check answers with its own name, in the order the doc comment gives, and an intact frame is a candidate',
    (body, how, pick, around) => {
      const bytes = damaged(encodeFrame(numbered([body])[0]!), how, pick);
      const expected = how === 'none' ? 'candidate' : how;
      expect(
        screenFrame(inView(bytes, around), 0),
        `screenFrame of a frame with ${how === 'none' ? 'no damage' : `a bad ${how}`}: ${hexOf(bytes)}`,
      ).toBe(expected);
    },
  );

  it('every offset of a zero-filled tail is ruled out by its length field, and the scan finds nothing', () => {
    const zeros = new Uint8Array(4096);
    for (let offset = 0; offset < zeros.length; offset++) {
      const expected = zeros.length - offset < FRAME_HEADER_BYTES ? 'header' : 'length';
      expect(screenFrame(zeros, offset), `screenFrame at byte ${offset} of 4096 zero bytes`).toBe(expected);
    }
    expect(nextIntactFrame(zeros, 0), 'nextIntactFrame in 4096 zero bytes').toBe(-1);
  });

  it('the scan finds the largest and the smallest frames after damage, right up to the end of the file', () => {
    const largest = encodeFrame(putEntry(1, new Uint8Array(MAX_KEY_BYTES).fill(7), new Uint8Array(MAX_VALUE_BYTES)));
    const smallest = encodeFrame(deleteEntry(2, new Uint8Array(0)));
    const junk = Uint8Array.of(0, 0, 0, 9, 2, 0, 0);
    expect(nextIntactFrame(concat(junk, largest), 1), 'the largest frame, after 7 bytes of junk').toBe(junk.length);
    expect(nextIntactFrame(concat(junk, smallest), 1), 'the smallest frame, after 7 bytes of junk').toBe(junk.length);
    expect(
      nextIntactFrame(concat(junk, smallest).subarray(0, junk.length + smallest.length - 1), 1),
      'a smallest frame missing its last byte',
    ).toBe(-1);
  });
});
