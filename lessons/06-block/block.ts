/**
 * Lesson 06: reading a block: checking it, then seeking and iterating inside it.
 *
 * `Block.decode` checks the checksum and the trailer once; after that a `BlockIterator` walks the
 * entries in order, and `seek` finds the first key at or after a target with a binary search over
 * the restart points (whose keys are stored whole) followed by a short linear scan.
 *
 * Your task: write Block.decode() and the iterator's seekToFirst(), seek() and next(). The rest
 * is given. README.md explains each rule; the tests check each one (npm run lesson -- 06).
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { readUint32, readVarint32 } from './bytes.ts';
import {
  CHECKSUM_BYTES,
  CorruptBlockError,
  EMPTY_BLOCK_BYTES,
  RESTART_BYTES,
  RESTART_COUNT_BYTES,
  compareBytesAt,
  type ByteComparator,
  type RangeComparator,
} from './format.ts';

export interface BlockOptions {
  /** The key order the block was built with. Default: compareBytes. */
  readonly compare?: ByteComparator;
  /**
   * The same order, comparing a key where it lies in an array (see RangeComparator). seek()
   * compares with it. Default: compareBytesAt for compareBytes; for any other `compare`, that
   * comparator on a view of the key (correct, but it makes a view per comparison).
   */
  readonly compareAt?: RangeComparator;
}

/** The range comparator a block seeks with, from its options. */
export function rangeComparator(options: BlockOptions): RangeComparator {
  const { compare, compareAt } = options;
  if (compareAt !== undefined) return compareAt;
  if (compare === undefined || compare === compareBytes) return compareBytesAt;
  return (bytes, start, end, target) => compare(bytes.subarray(start, end), target);
}

/** A checked block, ready to be read. Make one with `Block.decode`. */
export class Block {
  private constructor(
    /** The whole block, trailer included. */
    readonly bytes: Uint8Array,
    /** Where the entries end and the restart array begins. */
    readonly entriesEnd: number,
    /** The offset of each restart point, ascending, the first 0. */
    readonly restarts: readonly number[],
    /** The block's key order, comparing a key where it lies. */
    readonly compareAt: RangeComparator,
  ) {}

  /** The bytes the block holds in memory: what a cache of blocks charges for it (lesson 13). */
  get byteLength(): number {
    return this.bytes.byteLength;
  }

  /**
   * Checks a block and returns it. Throws CorruptBlockError if the bytes are too short, the
   * checksum does not match, or the restart array does not fit. The block keeps `bytes` (it does
   * not copy them): do not change them afterwards.
   */
  static decode(bytes: Uint8Array, options: BlockOptions = {}): Block {
    // TODO: fewer than EMPTY_BLOCK_BYTES bytes: CorruptBlockError(0, 'too-short', ...).
    // TODO: the last CHECKSUM_BYTES bytes must equal crc32c of every byte before them:
    //       otherwise CorruptBlockError(offset of the checksum, 'checksum', ...). Check this FIRST:
    //       until it passes, no number in the block can be trusted.
    // TODO: read the restart count (before the checksum) and the restart offsets (before the
    //       count). The count must be at least 1 and fit in the block; the offsets must start at 0,
    //       increase, and stay below the end of the entries. Otherwise 'restarts'.
    // TODO: return new Block(bytes, entriesEnd, restarts, rangeComparator(options)).
    throw new NotImplemented('06-block', 'Block.decode()');
  }

  /** A new iterator over the block; it starts invalid: call seekToFirst() or seek(). */
  iterator(): BlockIterator {
    return new BlockIterator(this);
  }

  /** Every entry, in order, as [key, value]. */
  *entries(): IterableIterator<[Uint8Array, Uint8Array]> {
    const it = this.iterator();
    for (it.seekToFirst(); it.valid; it.next()) yield [it.key(), it.value()];
  }
}

/** A position in a block. Invalid until seekToFirst() or seek(); invalid again past the last entry. */
export class BlockIterator {
  private isValid = false;
  /** The current key is keyBuffer[0, keyLength): one array, reused from entry to entry. */
  private keyBuffer = new Uint8Array(32);
  private keyLength = 0;
  /** The copy of the current key that key() handed out, or null: made at most once per entry. */
  private keyCopy: Uint8Array | null = null;
  private valueStart = 0;
  private valueEnd = 0;
  /** Where the entry after the current one starts; past the end when the iterator is invalid. */
  private nextOffset: number;

  constructor(private readonly block: Block) {
    this.nextOffset = block.entriesEnd;
  }

  /** Whether the iterator is on an entry. */
  get valid(): boolean {
    return this.isValid;
  }

  /**
   * The current entry's key. Throws RangeError if the iterator is not valid. The array is the
   * caller's (the same one until the iterator moves): the iterator never writes to it, and
   * changing it changes nothing the iterator reads.
   */
  key(): Uint8Array {
    this.mustBeValid('key');
    // A copy, made only when asked for: a seek passes a dozen keys and needs none of them.
    this.keyCopy ??= this.keyBuffer.slice(0, this.keyLength);
    return this.keyCopy;
  }

  /** The current entry's value (a view into the block). Throws RangeError if the iterator is not valid. */
  value(): Uint8Array {
    this.mustBeValid('value');
    return this.block.bytes.subarray(this.valueStart, this.valueEnd);
  }

  /** Moves to the first entry (invalid if the block is empty). */
  seekToFirst(): void {
    // TODO: decode the entry at restart 0. A private helper that decodes the entry at an offset
    //       and sets the fields above serves seekToFirst, seek and next. Use
    //       readVarint32(bytes, offset, entriesEnd) for the three lengths, and check every length
    //       against entriesEnd before using it (CorruptBlockError(offset, 'entry', ...)). At or past
    //       entriesEnd, the iterator becomes invalid.
    // TODO: the key goes into keyBuffer: its first `shared` bytes are already there (they are the
    //       front of the previous key), so copy only the `unshared` ones after them, growing the
    //       buffer (keeping those shared bytes) when the key does not fit. Set keyLength, and
    //       keyCopy = null so that key() copies the new key.
    throw new NotImplemented('06-block', 'BlockIterator.seekToFirst()');
  }

  /** Moves to the first entry whose key is at or after `target`; invalid if there is none. */
  seek(target: Uint8Array): void {
    // TODO: binary search the restart points for the LAST one whose key sorts before the target.
    //       A restart's key is stored whole, so compare it where it lies, with
    //       this.block.compareAt(bytes, keyStart, keyEnd, target): no array, no view. Its shared
    //       count must be 0 (otherwise CorruptBlockError(offset, 'entry', ...)), as when decoding.
    // TODO: from there, step forward while keyBuffer[0, keyLength) sorts before the target (again
    //       with compareAt). Do not skip the entry you land on: it may be the answer.
    throw new NotImplemented('06-block', 'BlockIterator.seek()');
  }

  /** Moves to the next entry; invalid after the last. Throws RangeError if not valid. */
  next(): void {
    this.mustBeValid('next');
    // TODO: decode the entry at this.nextOffset; the previous key is the current one.
    throw new NotImplemented('06-block', 'BlockIterator.next()');
  }

  private mustBeValid(what: string): void {
    if (!this.isValid)
      throw new RangeError(`BlockIterator.${what}(): the iterator is not on an entry; check valid first.`);
  }
}
