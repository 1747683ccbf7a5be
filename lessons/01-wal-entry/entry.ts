/**
 * Lesson 01: the WAL entry, the record every other part of FerrisDB is built from.
 *
 * An entry is a sequence number, a key, and either a value (a put) or no value (a delete, also
 * called a tombstone). Entries are validated when they are made and are immutable afterwards.
 *
 * Your task: write the three functions marked TODO. The README explains each rule; the tests
 * check each one (npm run lesson -- 01).
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** The largest key, in bytes. FoundationDB's limit, for the same reason: keys are copied a lot. */
export const MAX_KEY_BYTES = 10_000;
/** The largest value, in bytes. FoundationDB's limit: big blobs belong in many keys. */
export const MAX_VALUE_BYTES = 100_000;
/** The largest sequence number: the largest integer a JavaScript number holds exactly. */
export const MAX_SEQUENCE = Number.MAX_SAFE_INTEGER;

/** One record of the write-ahead log. `value === null` means the key was deleted. */
export interface WalEntry {
  /** Orders every write; a later write has a larger sequence number. */
  readonly sequence: number;
  readonly key: Uint8Array;
  /** The new value, or `null` for a delete (a tombstone). */
  readonly value: Uint8Array | null;
}

/** The part of an entry that failed validation. */
export type EntryField = 'sequence' | 'key' | 'value';

/** An entry could not be made: the message says which field, what is wrong and the limit. */
export class EntryValidationError extends Error {
  override readonly name = 'EntryValidationError';
  constructor(
    readonly field: EntryField,
    message: string,
  ) {
    super(`Invalid WAL entry ${field}: ${message}`);
  }
}

/**
 * Makes a put: `key` now maps to `value`.
 *
 * Throws `EntryValidationError` naming the field when the sequence is not a whole number in
 * 0..MAX_SEQUENCE, the key is not a Uint8Array of at most MAX_KEY_BYTES, or the value is missing
 * or longer than MAX_VALUE_BYTES. The entry keeps copies of `key` and `value` and is frozen.
 */
export function putEntry(sequence: number, key: Uint8Array, value: Uint8Array): WalEntry {
  // TODO: validate the sequence number (whole, 0..MAX_SEQUENCE) and throw EntryValidationError('sequence', ...).
  // TODO: validate the key and value (Uint8Array, length limits) and COPY them.
  // TODO: return a frozen entry (Object.freeze).
  throw new NotImplemented('01-wal-entry', 'putEntry()');
}

/**
 * Makes a delete (a tombstone): `key` no longer maps to anything. Its value is `null`.
 * Validates and copies like `putEntry`, and is frozen like a put.
 */
export function deleteEntry(sequence: number, key: Uint8Array): WalEntry {
  // TODO: the same checks as putEntry for the sequence and key; the value is null.
  // TODO: return a frozen entry (Object.freeze), like putEntry.
  throw new NotImplemented('01-wal-entry', 'deleteEntry()');
}

/** Whether the entry is a delete. */
export function isTombstone(entry: WalEntry): boolean {
  // TODO: one line. Is an empty value a delete?
  throw new NotImplemented('01-wal-entry', 'isTombstone()');
}
