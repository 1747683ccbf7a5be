/**
 * Lesson 02: frames, the unit the write-ahead log is made of.
 *
 * A frame is a header (the body's length, then a CRC32C) followed by the body (one encoded
 * entry). Every number is little-endian:
 *
 *   length 4 bytes | checksum 4 bytes | body: `length` bytes (see entry-codec.ts)
 *
 * `length` counts the body only, not the header. The checksum is the CRC32C of the length field
 * followed by the body: everything in the frame except the checksum itself.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { SlabCopies } from '@support/copy.ts';
import { CorruptionError } from '@support/corruption-error.ts';
import { viewOf } from './bytes.ts';
import { crc32c } from './crc32c.ts';
import {
  decodeEntry,
  encodedEntryLength,
  entryLengthFromPrefix,
  EntryFormatError,
  type EntryFormatCheck,
  MAX_ENTRY_BYTES,
  MIN_ENTRY_BYTES,
  writeEntry,
} from './entry-codec.ts';

/** The length field: the number of body bytes, an unsigned 32-bit integer. */
export const LENGTH_BYTES = 4;
/** The checksum field: CRC32C of the length field and the body, an unsigned 32-bit integer. */
export const CHECKSUM_BYTES = 4;
/** Length, then checksum. */
export const FRAME_HEADER_BYTES = LENGTH_BYTES + CHECKSUM_BYTES;
/** The smallest legal frame: a delete of the empty key. */
export const MIN_FRAME_BYTES = FRAME_HEADER_BYTES + MIN_ENTRY_BYTES;
/** The largest legal frame, from lesson 01's limits. A length field past it is corrupt, whatever follows. */
export const MAX_FRAME_BYTES = FRAME_HEADER_BYTES + MAX_ENTRY_BYTES;

/** The check a corrupt frame failed. */
export type FrameCheck = 'length' | 'checksum' | EntryFormatCheck;

/**
 * The bytes end inside a frame: more bytes are needed before it can be decoded. At the end of a
 * log this is a torn tail, a write the machine did not finish; elsewhere, read more and retry.
 */
export class TruncatedFrameError extends Error {
  override readonly name = 'TruncatedFrameError';
  constructor(
    /** Where the frame starts. */
    readonly offset: number,
    /** How many bytes, counted from `offset`, the frame needs: the header, or the whole frame once its length is known. */
    readonly needed: number,
    /** How many bytes there were from `offset` to the end. */
    readonly available: number,
  ) {
    super(
      `Truncated frame at byte ${offset}: it needs ${needed} bytes from there and only ${available} are there. ` +
        'Read more bytes and decode again; at the end of a log, this is a write that a crash cut short.',
    );
  }
}

/**
 * The bytes of a frame are wrong: no bytes appended after them can make it valid. `check` says
 * which check failed: 'length' (out of bounds, or not what the body says), 'checksum', 'kind',
 * 'body' (the fields do not fill the body), 'entry' (lesson 01's rules).
 */
export class CorruptFrameError extends CorruptionError<FrameCheck> {
  override readonly name = 'CorruptFrameError';
  /** Where the frame starts. */
  declare readonly offset: number;
  constructor(offset: number, check: FrameCheck, detail: string) {
    super(`Corrupt frame at byte ${offset}: the ${check} check failed: ${detail}.`, {
      offset,
      check,
      advice: 'These bytes changed after they were written (or were never a frame); do not trust this frame.',
    });
  }
}

/** A decoded frame: its entry, and where the next frame starts. */
export interface DecodedFrame {
  readonly entry: WalEntry;
  readonly nextOffset: number;
}

/** The name of a field of a frame, as the README's byte-layout table names it. */
export type FrameFieldName =
  | 'length'
  | 'checksum'
  | 'kind'
  | 'sequence'
  | 'keyLength'
  | 'key'
  | 'valueLength'
  | 'value';

/** One field of a frame, for tools that label the bytes of a real frame (the website's inspector). */
export interface FrameField {
  readonly name: FrameFieldName;
  readonly part: 'header' | 'body';
  /** The field's size in bytes, or 'variable' when another field (`sizeFrom`) holds its size. */
  readonly bytes: number | 'variable';
  /** How to read it: an unsigned integer of 1, 4 or 8 bytes (little-endian), or raw bytes. */
  readonly type: 'u8' | 'u32le' | 'u64le' | 'bytes';
  /** For a variable field, the field that holds its size in bytes. */
  readonly sizeFrom?: 'keyLength' | 'valueLength';
  /** Whether only puts have this field (a delete ends after its key). */
  readonly putOnly: boolean;
  readonly meaning: string;
}

/** Every field of a frame, in order. Given code: the README's byte-layout table as data. */
export const FRAME_LAYOUT: readonly FrameField[] = Object.freeze(
  [
    {
      name: 'length',
      part: 'header',
      bytes: 4,
      type: 'u32le',
      putOnly: false,
      meaning: `The number of body bytes (not counting this ${FRAME_HEADER_BYTES}-byte header); checked against ${MIN_ENTRY_BYTES}..${MAX_ENTRY_BYTES} before anything else.`,
    },
    {
      name: 'checksum',
      part: 'header',
      bytes: 4,
      type: 'u32le',
      putOnly: false,
      meaning: 'CRC32C of the length field followed by the body: every byte of the frame but these four.',
    },
    {
      name: 'kind',
      part: 'body',
      bytes: 1,
      type: 'u8',
      putOnly: false,
      meaning: '1 for a put, 2 for a delete. Any other value is corrupt.',
    },
    {
      name: 'sequence',
      part: 'body',
      bytes: 8,
      type: 'u64le',
      putOnly: false,
      meaning: 'The sequence number, unsigned 64-bit: the low 32 bits, then the high 32 bits. At most 2^53 - 1.',
    },
    { name: 'keyLength', part: 'body', bytes: 4, type: 'u32le', putOnly: false, meaning: 'The number of key bytes.' },
    {
      name: 'key',
      part: 'body',
      bytes: 'variable',
      type: 'bytes',
      sizeFrom: 'keyLength',
      putOnly: false,
      meaning: 'The key.',
    },
    {
      name: 'valueLength',
      part: 'body',
      bytes: 4,
      type: 'u32le',
      putOnly: true,
      meaning: 'The number of value bytes (puts only: a delete ends after its key).',
    },
    {
      name: 'value',
      part: 'body',
      bytes: 'variable',
      type: 'bytes',
      sizeFrom: 'valueLength',
      putOnly: true,
      meaning: 'The value (puts only). An empty value is a put of zero bytes, not a delete.',
    },
  ].map((field) => Object.freeze(field as FrameField)),
);

/** The checksum a frame stores: the CRC32C of its length field, continued over its body. */
function frameChecksum(lengthField: Uint8Array, body: Uint8Array): number {
  return crc32c(body, crc32c(lengthField));
}

/**
 * Frames are cut from 8 KiB slabs (support/copy.ts), as Node cuts small Buffers from its pool:
 * an array of its own per frame costs more than its bytes (the README's "Why one array per
 * frame"). Given.
 */
const frames = new SlabCopies();

/**
 * The frame of `entry`: header (length, checksum) then body, in one new array. The array is a
 * window into a slab that holds other frames: it is the caller's, but its `.buffer` is not.
 */
export function encodeFrame(entry: WalEntry): Uint8Array<ArrayBuffer> {
  const length = encodedEntryLength(entry);
  const frame = frames.allocate(FRAME_HEADER_BYTES + length);
  writeEntry(entry, frame, FRAME_HEADER_BYTES);
  const view = viewOf(frame);
  view.setUint32(0, length, true);
  view.setUint32(
    LENGTH_BYTES,
    frameChecksum(frame.subarray(0, LENGTH_BYTES), frame.subarray(FRAME_HEADER_BYTES)),
    true,
  );
  return frame;
}

/**
 * Decodes the frame that starts at `offset` in `bytes`. Returns its entry and `nextOffset`, the
 * offset just past it, where the next frame starts.
 *
 * Throws `TruncatedFrameError` when the bytes end inside the frame and what is there agrees with
 * itself; `CorruptFrameError` when the frame is wrong (the length out of bounds or not what the
 * body says, a checksum mismatch, a bad body). Never reads outside `bytes`, and never trusts the
 * length field before bounding it. A `RangeError` means `offset` is not in 0..bytes.length.
 */
export function decodeFrame(bytes: Uint8Array, offset: number): DecodedFrame {
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new RangeError(`decodeFrame: offset ${offset} is not a whole number in 0..${bytes.length}`);
  }
  const available = bytes.length - offset;
  if (available < FRAME_HEADER_BYTES) throw new TruncatedFrameError(offset, FRAME_HEADER_BYTES, available);

  const view = viewOf(bytes);
  const length = view.getUint32(offset, true);
  // Bound the length before it is used for anything: a flipped high bit must not make us wait
  // for (or allocate) four gigabytes.
  if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {
    throw new CorruptFrameError(
      offset,
      'length',
      `${length} body bytes is outside ${MIN_ENTRY_BYTES}..${MAX_ENTRY_BYTES}`,
    );
  }
  const frameBytes = FRAME_HEADER_BYTES + length;
  const bodyStart = offset + FRAME_HEADER_BYTES;

  if (available < frameBytes) {
    // The bytes end inside this frame. A torn tail is a prefix of a good frame, so its body
    // agrees with its length field; when the body present says otherwise, the length is wrong.
    const implied = entryLength(bytes.subarray(bodyStart), offset);
    if (implied !== undefined && implied !== length) {
      throw new CorruptFrameError(
        offset,
        'length',
        `the length field says ${length} body bytes and the body's own fields say ${implied}`,
      );
    }
    throw new TruncatedFrameError(offset, frameBytes, available);
  }

  const body = bytes.subarray(bodyStart, offset + frameBytes);
  const stored = view.getUint32(offset + LENGTH_BYTES, true);
  const computed = frameChecksum(bytes.subarray(offset, offset + LENGTH_BYTES), body);
  if (stored !== computed) {
    throw new CorruptFrameError(offset, 'checksum', `stored 0x${hex(stored)}, computed 0x${hex(computed)}`);
  }
  try {
    return { entry: decodeEntry(body), nextOffset: offset + frameBytes };
  } catch (error) {
    if (error instanceof EntryFormatError) throw new CorruptFrameError(offset, error.check, error.message);
    throw error;
  }
}

/** `entryLengthFromPrefix`, with its error turned into a `CorruptFrameError` at `offset`. */
function entryLength(prefix: Uint8Array, offset: number): number | undefined {
  try {
    return entryLengthFromPrefix(prefix);
  } catch (error) {
    if (error instanceof EntryFormatError) throw new CorruptFrameError(offset, error.check, error.message);
    throw error;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
