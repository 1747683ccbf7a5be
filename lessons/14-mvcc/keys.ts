/**
 * Lesson 14: the key space of the versioned store, and how a version is written down. Given code.
 *
 * User keys live below 0xff, as in FoundationDB, where keys starting with 0xff are the system key
 * space. The store keeps its own metadata there: the durable version, under DURABLE_VERSION_KEY,
 * in the same engine and the same write batch as the data it describes. A user key starting with
 * 0xff could overwrite it, so every user key is checked before it goes anywhere.
 */
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { FdbError } from '@support/fdb-error.ts';

/** The first byte of the system key space: no user key may start with it. */
export const SYSTEM_KEY_PREFIX = 0xff;
/** The end of the user key space: a range may end here (exclusive), and no further. */
export const USER_KEYS_END = Uint8Array.of(SYSTEM_KEY_PREFIX);
/** Where the engine keeps the durable version: 0xff then "/durableVersion". */
export const DURABLE_VERSION_KEY = Uint8Array.of(SYSTEM_KEY_PREFIX, ...new TextEncoder().encode('/durableVersion'));
/** A version on disk: an unsigned 64-bit big-endian integer. */
export const VERSION_BYTES = 8;

/** The engine holds a durable version that is not one: damage, or a file that is not ours. */
export class CorruptVersionError extends Error {
  override readonly name = 'CorruptVersionError';
  constructor(readonly bytes: Uint8Array) {
    super(
      `The durable version stored under 0xff/durableVersion is ${bytes.length} bytes (${hexOf(bytes)}), not a ${VERSION_BYTES}-byte ` +
        'version up to 2^53 - 1. The engine is damaged or belongs to something else: restore it from a backup.',
    );
  }
}

/** The bytes in hex, for messages. */
export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws unless `key` is a Uint8Array of at most MAX_KEY_BYTES outside the system key space. */
export function checkUserKey(key: Uint8Array, where: string): void {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${where}: a key must be a Uint8Array, got ${typeof key}.`);
  if (key.length > MAX_KEY_BYTES)
    throw new RangeError(`${where}: the key has ${key.length} bytes, over MAX_KEY_BYTES = ${MAX_KEY_BYTES}.`);
  if (key[0] === SYSTEM_KEY_PREFIX)
    throw new FdbError(
      'key_outside_legal_range',
      `${where}: key ${hexOf(key)} starts with 0xff, the store's own key space`,
    );
}

/** Throws unless `value` is a Uint8Array of at most MAX_VALUE_BYTES. */
export function checkValue(value: Uint8Array, where: string): void {
  if (!(value instanceof Uint8Array))
    throw new TypeError(`${where}: a value must be a Uint8Array, got ${typeof value}.`);
  if (value.length > MAX_VALUE_BYTES)
    throw new RangeError(`${where}: the value has ${value.length} bytes, over MAX_VALUE_BYTES = ${MAX_VALUE_BYTES}.`);
}

/**
 * Throws unless [begin, end) is a range of user keys: begin a user key, end a user key or exactly
 * USER_KEYS_END, and begin <= end (FoundationDB's inverted_range otherwise). begin == end is empty.
 */
export function checkRange(begin: Uint8Array, end: Uint8Array, where: string): void {
  checkUserKey(begin, `${where} (begin)`);
  if (!(end instanceof Uint8Array && compareBytes(end, USER_KEYS_END) === 0)) checkUserKey(end, `${where} (end)`);
  if (compareBytes(begin, end) > 0)
    throw new FdbError('inverted_range', `${where}: begin ${hexOf(begin)} is after end ${hexOf(end)}`);
}

/** A version as 8 bytes, big-endian. */
export function encodeVersion(version: number): Uint8Array {
  const out = new Uint8Array(VERSION_BYTES);
  new DataView(out.buffer).setBigUint64(0, BigInt(version), false);
  return out;
}

/** The version `bytes` hold; throws CorruptVersionError unless they are 8 bytes of a safe integer. */
export function decodeVersion(bytes: Uint8Array): number {
  if (bytes.length !== VERSION_BYTES) throw new CorruptVersionError(bytes);
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, false);
  if (version > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptVersionError(bytes);
  return Number(version);
}
