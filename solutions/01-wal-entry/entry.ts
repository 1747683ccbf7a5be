/**
 * Lesson 01: the WAL entry, the record every other part of FerrisDB is built from.
 *
 * An entry is a sequence number, a key, and either a value (a put) or no value (a delete, also
 * called a tombstone). Entries are validated when they are made and are immutable afterwards.
 */
import { SlabCopies } from '@support/copy.ts';

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

function checkSequence(sequence: number): void {
  if (typeof sequence !== 'number' || !Number.isInteger(sequence)) {
    throw new EntryValidationError(
      'sequence',
      `${String(sequence)} is not a whole number; sequence numbers count writes, so use an integer.`,
    );
  }
  if (sequence < 0 || sequence > MAX_SEQUENCE) {
    throw new EntryValidationError('sequence', `${sequence} is outside 0..MAX_SEQUENCE (${MAX_SEQUENCE}).`);
  }
}

/** Where entries' keys and values are copied to: slabs only entries use. */
const entryBytes = new SlabCopies();

function copyBytes(field: 'key' | 'value', bytes: Uint8Array, limit: number): Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new EntryValidationError(field, `expected a Uint8Array, got ${typeof bytes}.`);
  }
  if (bytes.length > limit) {
    const name = field === 'key' ? 'MAX_KEY_BYTES' : 'MAX_VALUE_BYTES';
    throw new EntryValidationError(field, `${bytes.length} bytes is over the limit of ${name} = ${limit} bytes.`);
  }
  // A copy, so that the caller reusing their buffer cannot change a logged write. Cut from a
  // slab (support/copy.ts): four copies per put, and lesson 13 measures what they cost.
  return entryBytes.copy(bytes);
}

/**
 * Makes a put: `key` now maps to `value`.
 *
 * Throws `EntryValidationError` naming the field when the sequence is not a whole number in
 * 0..MAX_SEQUENCE, the key is not a Uint8Array of at most MAX_KEY_BYTES, or the value is missing
 * or longer than MAX_VALUE_BYTES. The entry keeps copies of `key` and `value` and is frozen.
 */
export function putEntry(sequence: number, key: Uint8Array, value: Uint8Array): WalEntry {
  checkSequence(sequence);
  const keyCopy = copyBytes('key', key, MAX_KEY_BYTES);
  if (value === null || value === undefined) {
    throw new EntryValidationError('value', 'a put needs a value; to remove a key use deleteEntry().');
  }
  const valueCopy = copyBytes('value', value, MAX_VALUE_BYTES);
  return Object.freeze({ sequence, key: keyCopy, value: valueCopy });
}

/**
 * Makes a delete (a tombstone): `key` no longer maps to anything. Its value is `null`.
 * Validates and copies like `putEntry`, and is frozen like a put.
 */
export function deleteEntry(sequence: number, key: Uint8Array): WalEntry {
  checkSequence(sequence);
  const keyCopy = copyBytes('key', key, MAX_KEY_BYTES);
  return Object.freeze({ sequence, key: keyCopy, value: null });
}

/** Whether the entry is a delete. */
export function isTombstone(entry: WalEntry): boolean {
  return entry.value === null;
}
