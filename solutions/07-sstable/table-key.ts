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
 */
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
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
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`sequence must be a whole number from 0 to MAX_SEQUENCE (${MAX_SEQUENCE}), got ${sequence}.`);
  }
  if (kind !== TABLE_KIND_DELETE && kind !== TABLE_KIND_PUT)
    throw new RangeError(`kind must be TABLE_KIND_DELETE (0) or TABLE_KIND_PUT (1), got ${String(kind)}.`);
  const out = new Uint8Array(userKey.length + TRAILER_BYTES);
  out.set(userKey, 0);
  // Seven bytes of sequence, most significant first. Division, not >>>: the number has 53 bits.
  let rest = sequence;
  for (let i = SEQUENCE_BYTES - 1; i >= 0; i--) {
    out[userKey.length + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[userKey.length + SEQUENCE_BYTES] = kind;
  return out;
}

/** Splits an encoded internal key. Throws CorruptKeyError if the bytes cannot be one. */
export function decodeInternalKey(encoded: Uint8Array): DecodedKey {
  if (encoded.length < TRAILER_BYTES) {
    throw new CorruptKeyError('length', `${encoded.length} bytes is shorter than the ${TRAILER_BYTES}-byte trailer.`);
  }
  const split = encoded.length - TRAILER_BYTES;
  let sequence = 0;
  for (let i = 0; i < SEQUENCE_BYTES; i++) sequence = sequence * 256 + encoded[split + i]!;
  if (sequence > MAX_SEQUENCE) {
    throw new CorruptKeyError('sequence', `the sequence number ${sequence} is past MAX_SEQUENCE (${MAX_SEQUENCE}).`);
  }
  const kind = encoded[split + SEQUENCE_BYTES]!;
  if (kind !== TABLE_KIND_DELETE && kind !== TABLE_KIND_PUT) {
    throw new CorruptKeyError(
      'kind',
      `the kind byte is ${kind}; it must be ${TABLE_KIND_DELETE} (delete) or ${TABLE_KIND_PUT} (put).`,
    );
  }
  return { userKey: encoded.slice(0, split), sequence, kind };
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
  const split = Math.max(start, end - TRAILER_BYTES);
  const targetSplit = Math.max(0, target.length - TRAILER_BYTES);
  const byUserKey = compareRanges(bytes, start, split, target, 0, targetSplit);
  if (byUserKey !== 0) return byUserKey;
  return compareRanges(target, targetSplit, target.length, bytes, split, end);
}

/** How blocks of encoded internal keys are read (lesson 06): in this order, compared where they lie. */
export const encodedKeyOrder: BlockOptions = { compare: compareEncodedKeys, compareAt: compareEncodedKeyAt };

/**
 * compareBytes(a.subarray(aStart, aEnd), b.subarray(bStart, bEnd)), without making the views:
 * every seek compares a dozen keys, and two views per comparison were a tenth of a read's time.
 */
function compareRanges(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = Math.min(aLength, bLength);
  for (let i = 0; i < common; i++) {
    const difference = a[aStart + i]! - b[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}
