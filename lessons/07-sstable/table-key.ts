/**
 * Lesson 07: internal keys as bytes, the keys a table's blocks are sorted by.
 *
 * A table holds every version of every key, tombstones included, in internal-key order (user key
 * ascending, then sequence number descending: lesson 05). Blocks (lesson 06) sort byte strings,
 * so each version's internal key is encoded as one byte string, the way LevelDB does it:
 *
 *   user key (any length) | trailer: 8 bytes
 *   trailer = sequence number (7 bytes, big-endian) | kind (1 byte: 0 delete, 1 put)
 *
 * The trailer is the big-endian 64-bit number `sequence * 256 + kind`; big-endian so that
 * comparing trailers as bytes compares them as numbers. `compareEncodedKeys` puts the user key
 * first, ascending, and the trailer second, DEScending: the newest version of a key comes first.
 *
 * Your task: write the three functions marked TODO (start here: the rest of the lesson sorts by
 * them). README.md explains each rule; the tests check each one (npm run lesson -- 07).
 */
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { compareBytes, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { CorruptionError } from '@support/corruption-error.ts';
import type { BlockOptions } from '@ferris/06-block/block.ts';

/** The kind byte of a delete (a tombstone). */
export const TABLE_KIND_DELETE = 0;
/** The kind byte of a put. Larger than TABLE_KIND_DELETE, so at one sequence number a put sorts first. */
export const TABLE_KIND_PUT = 1;
export type ValueKind = typeof TABLE_KIND_DELETE | typeof TABLE_KIND_PUT;

/** The bytes after the user key: 7 of sequence number, 1 of kind. */
export const TRAILER_BYTES = 8;
/** The bytes of the sequence number in the trailer; 2^56 > MAX_SEQUENCE. */
export const SEQUENCE_BYTES = 7;

/** An internal key with the kind of write it names, as decoded from a table. */
export interface DecodedKey extends InternalKey {
  readonly kind: ValueKind;
}

/** The check an encoded internal key failed. */
export type KeyCheck = 'length' | 'kind' | 'sequence';

/** Bytes that cannot be an encoded internal key. `check` says what is wrong with them. */
export class CorruptKeyError extends CorruptionError<KeyCheck> {
  override readonly name = 'CorruptKeyError';
  constructor(check: KeyCheck, detail: string) {
    super(`Not an encoded internal key (${check}): ${detail}`, {
      check,
      advice: 'The block that holds it is damaged or was not written by writeTable: do not trust the table.',
    });
  }
}

/** The user key, then the 8-byte trailer: sequence (7 bytes, big-endian), then kind. */
export function encodeInternalKey(userKey: Uint8Array, sequence: number, kind: ValueKind): Uint8Array {
  // TODO: check the sequence (a whole number, 0..MAX_SEQUENCE) and the kind (TABLE_KIND_DELETE or
  //       TABLE_KIND_PUT); throw a RangeError otherwise.
  // TODO: a new array of userKey.length + TRAILER_BYTES bytes: the user key, then the sequence in
  //       SEQUENCE_BYTES bytes, most significant first, then the kind. The sequence has up to 53
  //       bits: take bytes with % 256 and Math.floor(x / 256), not with >>> or & (32 bits only).
  throw new NotImplemented('07-sstable', 'encodeInternalKey()');
}

/** Splits an encoded internal key. Throws CorruptKeyError if the bytes cannot be one. */
export function decodeInternalKey(encoded: Uint8Array): DecodedKey {
  // TODO: fewer than TRAILER_BYTES bytes: CorruptKeyError('length', ...).
  // TODO: read the sequence back (big-endian); past MAX_SEQUENCE: CorruptKeyError('sequence', ...).
  // TODO: the kind byte must be TABLE_KIND_DELETE or TABLE_KIND_PUT: otherwise CorruptKeyError('kind', ...).
  // TODO: return { userKey: a copy of the bytes before the trailer, sequence, kind }.
  throw new NotImplemented('07-sstable', 'decodeInternalKey()');
}

/**
 * The order of encoded internal keys: user keys ascending (compareBytes), then trailers
 * descending, so newer versions (and, at one sequence number, a put before a delete) come first.
 * Bytes shorter than a trailer sort as if their whole length were trailer.
 */
export function compareEncodedKeys(a: Uint8Array, b: Uint8Array): number {
  return compareEncodedKeyAt(a, 0, a.length, b);
}

/**
 * compareEncodedKeys(bytes.subarray(start, end), target), comparing the key where it lies (a
 * RangeComparator, lesson 06): a block's seek compares its keys inside the block this way.
 */
export function compareEncodedKeyAt(bytes: Uint8Array, start: number, end: number, target: Uint8Array): number {
  // TODO: the key is bytes[start, end): everything before its last TRAILER_BYTES is its user key
  //       (none of it when it is shorter). Compare the two user keys byte by byte (compareBytes'
  //       order) where they lie: no subarray, no copy. If they differ, that is the answer. Do not
  //       compare the whole keys: "a" + trailer against "ab" + trailer would compare a trailer
  //       byte with "b".
  // TODO: otherwise compare the trailers as bytes, the other way round (descending).
  throw new NotImplemented('07-sstable', 'compareEncodedKeyAt()');
}

/** How blocks of encoded internal keys are read (lesson 06): in this order, compared where they lie. */
export const encodedKeyOrder: BlockOptions = { compare: compareEncodedKeys, compareAt: compareEncodedKeyAt };
