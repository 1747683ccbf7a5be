/**
 * Lesson 02: the body of a frame, a WAL entry as bytes.
 *
 * Layout (every number little-endian):
 *
 *   kind 1 byte | sequence 8 bytes | key length 4 | key | value length 4 | value
 *
 * A delete (kind 2) stops after the key: it has no value length and no value, so "deleted" and
 * "set to the empty value" can never be confused. The sequence is an unsigned 64-bit integer
 * written as two 32-bit halves, low half first; FerrisDB's sequences stop at 2^53 - 1, the
 * largest integer a JavaScript number holds exactly, so a high half over 2^21 - 1 never decodes.
 *
 * Your task: write encodedEntryLength(), writeEntry(), encodeEntry(), entryLengthFromPrefix() and
 * decodeEntry(). The constants, the
 * error class and viewOf() (in bytes.ts) are given.
 */
import {
  deleteEntry,
  EntryValidationError,
  MAX_KEY_BYTES,
  MAX_VALUE_BYTES,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { viewOf } from './bytes.ts';

/** The kind byte of a put. */
export const WAL_KIND_PUT = 1;
/** The kind byte of a delete. Zero is no kind, so a zeroed disk block never reads as an entry. */
export const WAL_KIND_DELETE = 2;

/** Where each fixed field starts, counted from the start of the body. */
export const KIND_AT = 0;
export const SEQUENCE_AT = 1;
export const KEY_LENGTH_AT = 9;
export const KEY_AT = 13;
/** The size of a length field (key length, value length). */
export const LENGTH_FIELD_BYTES = 4;

/** The smallest body: a delete of the empty key (kind, sequence, key length). */
export const MIN_ENTRY_BYTES = KEY_AT;
/** The largest body: a put with the longest key and the longest value lesson 01 allows. */
export const MAX_ENTRY_BYTES = KEY_AT + MAX_KEY_BYTES + LENGTH_FIELD_BYTES + MAX_VALUE_BYTES;

/** Which rule a body broke: an unknown kind byte, fields that do not fill the body, or lesson 01's rules. */
export type EntryFormatCheck = 'kind' | 'body' | 'entry';

/** A body is not a valid encoded entry. `decodeFrame` turns this into a `CorruptFrameError`. */
export class EntryFormatError extends Error {
  override readonly name = 'EntryFormatError';
  constructor(
    readonly check: EntryFormatCheck,
    message: string,
  ) {
    super(message);
  }
}

/** How many bytes the body of `entry` takes: a delete has no value length and no value. */
export function encodedEntryLength(entry: WalEntry): number {
  // TODO: KEY_AT bytes of fixed fields, then the key; a put adds the value length and the value.
  throw new NotImplemented('02-serialization', 'encodedEntryLength()');
}

/**
 * Writes the body of `entry` into `out`, starting at `at`: its kind, sequence, key and (for a put)
 * value, as laid out above. Touches only those encodedEntryLength(entry) bytes of `out`, which may
 * be a window into a bigger buffer (encodeFrame writes the body straight into the frame).
 */
export function writeEntry(entry: WalEntry, out: Uint8Array, at: number): void {
  // TODO: every position below is counted from `at`, and the DataView is viewOf(out), which
  //       respects out's byteOffset.
  // TODO: write the kind byte: WAL_KIND_DELETE when entry.value is null, else WAL_KIND_PUT.
  // TODO: write the sequence as two little-endian u32 halves at SEQUENCE_AT: the low half
  //       (sequence % 2 ** 32), then the high half. Careful: `x >>> 32` is NOT x / 2^32 in JavaScript.
  // TODO: write the key length and the key; for a put, the value length and the value.
  throw new NotImplemented('02-serialization', 'writeEntry()');
}

/** The body of `entry`, in a new array of its own. */
export function encodeEntry(entry: WalEntry): Uint8Array<ArrayBuffer> {
  // TODO: allocate encodedEntryLength(entry) bytes, write the entry at 0, return them.
  throw new NotImplemented('02-serialization', 'encodeEntry()');
}

/**
 * The length of the whole body, read from the first bytes of one: the kind, the key length and,
 * for a put, the value length. Returns `undefined` while `prefix` is too short to hold them all.
 * Throws `EntryFormatError('kind')` as soon as the kind byte is neither put nor delete.
 *
 * `decodeFrame` uses it to tell a frame that was cut short (its body agrees with its length
 * field) from a frame whose length field is wrong (its body says otherwise).
 */
export function entryLengthFromPrefix(prefix: Uint8Array): number | undefined {
  // TODO: no bytes yet: undefined. Otherwise check the kind byte first.
  // TODO: a delete's length is known once the key length is there (KEY_AT bytes).
  // TODO: a put's length is known once its value length is there, which comes after the key.
  //       Never read a byte at or past prefix.length.
  throw new NotImplemented('02-serialization', 'entryLengthFromPrefix()');
}

/**
 * The entry a body holds. The body must be exactly one encoded entry: fields that run past its
 * end or stop before it are `EntryFormatError('body')`, and an entry that breaks lesson 01's
 * rules (a key over MAX_KEY_BYTES, a sequence over MAX_SEQUENCE) is `EntryFormatError('entry')`.
 * The entry owns copies of its key and value, never views into `body`.
 */
export function decodeEntry(body: Uint8Array): WalEntry {
  // TODO: the fields must fill the body exactly (entryLengthFromPrefix helps), else 'body'.
  // TODO: read the sequence (high half * 2 ** 32 + low half), the key and, for a put, the value.
  // TODO: make the entry with putEntry or deleteEntry (lesson 01 validates and copies), and turn
  //       an EntryValidationError into EntryFormatError('entry'): bad bytes are corrupt, not a crash.
  throw new NotImplemented('02-serialization', 'decodeEntry()');
}
