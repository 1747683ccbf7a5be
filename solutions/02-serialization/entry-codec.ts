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
 */
import {
  deleteEntry,
  EntryValidationError,
  MAX_KEY_BYTES,
  MAX_VALUE_BYTES,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
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
  const keyEnd = KEY_AT + entry.key.length;
  return entry.value === null ? keyEnd : keyEnd + LENGTH_FIELD_BYTES + entry.value.length;
}

/**
 * Writes the body of `entry` into `out`, starting at `at`: its kind, sequence, key and (for a put)
 * value, as laid out above. Touches only those encodedEntryLength(entry) bytes of `out`, which may
 * be a window into a bigger buffer (encodeFrame writes the body straight into the frame).
 */
export function writeEntry(entry: WalEntry, out: Uint8Array, at: number): void {
  const { key, value } = entry;
  const view = viewOf(out);
  view.setUint8(at + KIND_AT, value === null ? WAL_KIND_DELETE : WAL_KIND_PUT);
  // Two halves, because DataView has no setUint64 for numbers (only setBigUint64 for BigInts).
  view.setUint32(at + SEQUENCE_AT, entry.sequence % 2 ** 32, true);
  view.setUint32(at + SEQUENCE_AT + 4, Math.floor(entry.sequence / 2 ** 32), true);
  view.setUint32(at + KEY_LENGTH_AT, key.length, true);
  out.set(key, at + KEY_AT);
  if (value !== null) {
    const valueLengthAt = at + KEY_AT + key.length;
    view.setUint32(valueLengthAt, value.length, true);
    out.set(value, valueLengthAt + LENGTH_FIELD_BYTES);
  }
}

/** The body of `entry`, in a new array of its own. */
export function encodeEntry(entry: WalEntry): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(encodedEntryLength(entry));
  writeEntry(entry, body, 0);
  return body;
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
  if (prefix.length <= KIND_AT) return undefined;
  const kind = prefix[KIND_AT]!;
  if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) {
    throw new EntryFormatError(
      'kind',
      `kind byte ${kind} is neither put (${WAL_KIND_PUT}) nor delete (${WAL_KIND_DELETE})`,
    );
  }
  if (prefix.length < KEY_AT) return undefined;
  const view = viewOf(prefix);
  const keyLength = view.getUint32(KEY_LENGTH_AT, true);
  if (kind === WAL_KIND_DELETE) return KEY_AT + keyLength;
  const valueLengthAt = KEY_AT + keyLength;
  if (prefix.length < valueLengthAt + LENGTH_FIELD_BYTES) return undefined;
  return valueLengthAt + LENGTH_FIELD_BYTES + view.getUint32(valueLengthAt, true);
}

/**
 * The entry a body holds. The body must be exactly one encoded entry: fields that run past its
 * end or stop before it are `EntryFormatError('body')`, and an entry that breaks lesson 01's
 * rules (a key over MAX_KEY_BYTES, a sequence over MAX_SEQUENCE) is `EntryFormatError('entry')`.
 * The entry owns copies of its key and value, never views into `body`.
 */
export function decodeEntry(body: Uint8Array): WalEntry {
  const length = entryLengthFromPrefix(body);
  if (length !== body.length) {
    const fields = length === undefined ? 'its length fields do not fit' : `its fields take ${length} bytes`;
    throw new EntryFormatError('body', `the body has ${body.length} bytes but ${fields}`);
  }
  const view = viewOf(body);
  const sequence = view.getUint32(SEQUENCE_AT + 4, true) * 2 ** 32 + view.getUint32(SEQUENCE_AT, true);
  const keyEnd = KEY_AT + view.getUint32(KEY_LENGTH_AT, true);
  const key = body.subarray(KEY_AT, keyEnd);
  try {
    // putEntry and deleteEntry validate (lesson 01) and copy, so the entry never aliases `body`.
    if (body[KIND_AT] === WAL_KIND_DELETE) return deleteEntry(sequence, key);
    return putEntry(sequence, key, body.subarray(keyEnd + LENGTH_FIELD_BYTES));
  } catch (error) {
    if (error instanceof EntryValidationError) throw new EntryFormatError('entry', error.message);
    throw error;
  }
}
