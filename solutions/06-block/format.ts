/**
 * Lesson 06 (given code): the block format's constants, its errors, and its layout.
 *
 * A block is a run of sorted key/value entries, followed by a trailer. Every number in the
 * trailer is a little-endian unsigned 32-bit integer; the numbers inside entries are varints.
 *
 *   entry 0 | entry 1 | ... | entry n-1 | restart 0 | ... | restart r-1 | r | checksum
 *
 *   entry   = shared (varint32) | unshared (varint32) | value length (varint32)
 *             | the key's last `unshared` bytes | the value
 *   restart = the offset of an entry that stores its whole key (shared = 0), 4 bytes
 *   r       = the number of restarts, at least 1 (the first entry, at offset 0, is always one)
 *   checksum = CRC32C of every byte before it, 4 bytes
 *
 * An entry's key is the first `shared` bytes of the previous entry's key followed by its own
 * `unshared` bytes. Entry i is a restart point when i is a multiple of the restart interval.
 */
import { CorruptionError } from '@support/corruption-error.ts';

/** Compares two byte-string keys: negative if a sorts first, 0 if equal, positive if b does. */
export type ByteComparator = (a: Uint8Array, b: Uint8Array) => number;

/**
 * Compares the key that lies at bytes[start, end) with `target`, where it lies: the same answer
 * as a ByteComparator given bytes.subarray(start, end) and target, without making the view.
 * A seek compares a dozen keys; an array or a view for each one was a third of a random read.
 */
export type RangeComparator = (bytes: Uint8Array, start: number, end: number, target: Uint8Array) => number;

/** compareBytes (byte by byte, then the shorter first) as a RangeComparator. */
export function compareBytesAt(bytes: Uint8Array, start: number, end: number, target: Uint8Array): number {
  const length = end - start;
  const common = Math.min(length, target.length);
  for (let i = 0; i < common; i++) {
    const difference = bytes[start + i]! - target[i]!;
    if (difference !== 0) return difference;
  }
  return length - target.length;
}

/** One restart offset, and the restart count: unsigned 32-bit little-endian integers. */
export const RESTART_BYTES = 4;
/** The restart count at the end of the block, before the checksum. */
export const RESTART_COUNT_BYTES = 4;
/** The CRC32C at the very end of the block. */
export const CHECKSUM_BYTES = 4;
/** The smallest block: no entries, one restart (offset 0), the count, the checksum. */
export const EMPTY_BLOCK_BYTES = RESTART_BYTES + RESTART_COUNT_BYTES + CHECKSUM_BYTES;
/** LevelDB's default: a full key every 16 entries. */
export const DEFAULT_RESTART_INTERVAL = 16;
/** The largest restart interval a builder accepts. */
export const MAX_RESTART_INTERVAL = 1024;

/** Throws a RangeError unless `interval` is a restart interval a builder accepts: a whole number from 1 to MAX_RESTART_INTERVAL. */
export function checkRestartInterval(interval: number): void {
  if (!Number.isInteger(interval) || interval < 1 || interval > MAX_RESTART_INTERVAL) {
    throw new RangeError(
      `restartInterval must be a whole number from 1 to MAX_RESTART_INTERVAL = ${MAX_RESTART_INTERVAL}, got ${String(interval)}.`,
    );
  }
}

/** The check a corrupt block failed. */
export type BlockCheck = 'too-short' | 'checksum' | 'restarts' | 'entry';

/**
 * A block's bytes are not a valid block. `offset` is the byte in the block where the problem was
 * found (the checksum's own offset for a checksum mismatch).
 */
export class CorruptBlockError extends CorruptionError<BlockCheck> {
  override readonly name = 'CorruptBlockError';
  /** The byte offset, inside the block, where the check failed. */
  declare readonly offset: number;
  constructor(offset: number, check: BlockCheck, detail: string) {
    super(`Corrupt block (${check}) at byte ${offset}: ${detail}`, {
      offset,
      check,
      advice: 'Do not use this block: its bytes changed after they were written (restore the file that holds it).',
    });
  }
}

/** Shows up to 16 bytes of a key as hex, for error messages. */
export function showKey(key: Uint8Array): string {
  const hex = Array.from(key.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `[${hex}${key.length > 16 ? ` ... (${key.length} bytes)` : ''}]`;
}

/**
 * A key was added that does not sort after the previous one. Blocks (and the tables built from
 * them) hold strictly increasing keys: sort the entries first, and drop duplicates.
 */
export class KeyOrderError extends Error {
  override readonly name = 'KeyOrderError';
  constructor(
    /** The key that was refused. */
    readonly key: Uint8Array,
    /** The key before it. */
    readonly previous: Uint8Array,
    /** How many entries were accepted before the refused one. */
    readonly index: number,
  ) {
    super(
      `Keys must be added in strictly increasing order: entry ${index}, key ${showKey(key)}, ` +
        `does not sort after the previous key ${showKey(previous)}. Sort the entries and drop duplicates before adding them.`,
    );
  }
}

/** One field of the block format, for documentation and the website's pictures. */
export interface BlockField {
  readonly name: string;
  /** A fixed size in bytes, 'varint' (1 to 5 bytes), or 'variable'. */
  readonly bytes: number | 'varint' | 'variable';
  readonly meaning: string;
}

/** The block format, field by field, in the order the fields appear. */
export const BLOCK_LAYOUT: { readonly entry: readonly BlockField[]; readonly trailer: readonly BlockField[] } = {
  entry: [
    {
      name: 'shared',
      bytes: 'varint',
      meaning: 'how many leading bytes of the previous key this key shares (0 at a restart point)',
    },
    { name: 'unshared', bytes: 'varint', meaning: 'how many key bytes follow' },
    { name: 'value length', bytes: 'varint', meaning: 'how many value bytes follow the key bytes' },
    { name: 'key suffix', bytes: 'variable', meaning: 'the key without its shared prefix' },
    { name: 'value', bytes: 'variable', meaning: 'the value' },
  ],
  trailer: [
    {
      name: 'restarts',
      bytes: 'variable',
      meaning: 'the offset of each restart point, 4 bytes each, ascending; the first is 0',
    },
    { name: 'restart count', bytes: RESTART_COUNT_BYTES, meaning: 'how many restart offsets precede it (at least 1)' },
    { name: 'checksum', bytes: CHECKSUM_BYTES, meaning: 'CRC32C of every byte of the block before it' },
  ],
};
