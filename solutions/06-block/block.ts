/**
 * Lesson 06: reading a block: checking it, then seeking and iterating inside it.
 *
 * `Block.decode` checks the checksum and the trailer once; after that a `BlockIterator` walks the
 * entries in order, and `seek` finds the first key at or after a target with a binary search over
 * the restart points (whose keys are stored whole) followed by a short linear scan.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
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
    if (bytes.length < EMPTY_BLOCK_BYTES) {
      throw new CorruptBlockError(
        0,
        'too-short',
        `${bytes.length} bytes, but the smallest block has ${EMPTY_BLOCK_BYTES}.`,
      );
    }
    const checksumAt = bytes.length - CHECKSUM_BYTES;
    const stored = readUint32(bytes, checksumAt);
    const actual = crc32c(bytes.subarray(0, checksumAt));
    if (stored !== actual) {
      throw new CorruptBlockError(
        checksumAt,
        'checksum',
        `the stored CRC32C is ${hex(stored)} but the bytes before it give ${hex(actual)}: the block was damaged.`,
      );
    }
    // From here on the bytes are what the writer wrote; the checks below catch a buggy writer.
    const countAt = checksumAt - RESTART_COUNT_BYTES;
    const count = readUint32(bytes, countAt);
    const maxCount = countAt / RESTART_BYTES;
    if (count < 1 || count > maxCount) {
      throw new CorruptBlockError(
        countAt,
        'restarts',
        `the restart count is ${count}; it must be from 1 to ${maxCount} for this block's size.`,
      );
    }
    const entriesEnd = countAt - count * RESTART_BYTES;
    const restarts: number[] = [];
    for (let i = 0; i < count; i++) {
      const offset = readUint32(bytes, entriesEnd + i * RESTART_BYTES);
      const previous = restarts[i - 1];
      const ok = i === 0 ? offset === 0 : previous !== undefined && offset > previous && offset < entriesEnd;
      if (!ok) {
        throw new CorruptBlockError(
          entriesEnd + i * RESTART_BYTES,
          'restarts',
          `restart ${i} is at offset ${offset}; restarts must start at 0 and increase, inside the ${entriesEnd} bytes of entries.`,
        );
      }
      restarts.push(offset);
    }
    return new Block(bytes, entriesEnd, restarts, rangeComparator(options));
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

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** The previous key's length at a restart point, where nothing can be shared. */
const AT_RESTART = -1;

/** The three lengths at the front of an entry, as offsets in the block. */
interface EntryHeader {
  shared: number;
  unshared: number;
  keyStart: number;
  valueEnd: number;
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
  /** The entry header readHeader() read last. */
  private readonly header: EntryHeader = { shared: 0, unshared: 0, keyStart: 0, valueEnd: 0 };

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
    this.moveToRestart(0);
  }

  /** Moves to the first entry whose key is at or after `target`; invalid if there is none. */
  seek(target: Uint8Array): void {
    const { restarts, compareAt } = this.block;
    // Binary search for the last restart point whose key is before the target. Every key of
    // the runs before it is smaller still, so the answer is in its run or the next one.
    let lo = 0;
    let hi = restarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.restartKeyBefore(mid, target)) lo = mid;
      else hi = mid - 1;
    }
    this.moveToRestart(lo);
    while (this.isValid && compareAt(this.keyBuffer, 0, this.keyLength, target) < 0) this.next();
  }

  /** Moves to the next entry; invalid after the last. Throws RangeError if not valid. */
  next(): void {
    this.mustBeValid('next');
    this.parseEntry(this.nextOffset, this.keyLength);
  }

  /** Whether restart `index`'s key sorts before `target`, compared where it lies: it is stored whole. */
  private restartKeyBefore(index: number, target: Uint8Array): boolean {
    const offset = this.block.restarts[index]!;
    const header = this.readHeader(offset);
    this.checkShared(offset, AT_RESTART);
    const keyEnd = header.keyStart + header.unshared;
    return this.block.compareAt(this.block.bytes, header.keyStart, keyEnd, target) < 0;
  }

  private moveToRestart(index: number): void {
    this.parseEntry(this.block.restarts[index]!, AT_RESTART);
  }

  /**
   * Decodes the entry at `offset` and makes it current. `previousLength` is the length of the
   * key before it, still at the front of keyBuffer (AT_RESTART at a restart point).
   */
  private parseEntry(offset: number, previousLength: number): void {
    if (offset >= this.block.entriesEnd) {
      this.isValid = false;
      this.keyLength = 0;
      this.keyCopy = null;
      this.nextOffset = this.block.entriesEnd;
      return;
    }
    const { shared, unshared, keyStart, valueEnd } = this.readHeader(offset);
    this.checkShared(offset, previousLength);
    const length = shared + unshared;
    if (length > this.keyBuffer.length) {
      // Grow, keeping the shared prefix: it is the front of the previous key.
      const grown = new Uint8Array(Math.max(length, 2 * this.keyBuffer.length));
      grown.set(this.keyBuffer.subarray(0, shared));
      this.keyBuffer = grown;
    }
    // A byte loop, not set(subarray): keys are short, and a view per entry costs more than the copy.
    const { bytes } = this.block;
    const key = this.keyBuffer;
    for (let i = 0; i < unshared; i++) key[shared + i] = bytes[keyStart + i]!;
    this.isValid = true;
    this.keyLength = length;
    this.keyCopy = null;
    this.valueStart = keyStart + unshared;
    this.valueEnd = valueEnd;
    this.nextOffset = valueEnd;
  }

  /** Reads and checks the three lengths of the entry at `offset` (before entriesEnd) into `header`. */
  private readHeader(offset: number): EntryHeader {
    const { bytes, entriesEnd } = this.block;
    const header = this.header;
    // The three varints are nearly always one byte each (keys and values under 128 bytes): read
    // those directly. A seek reads a dozen headers, so no arrays are made per entry.
    if (offset + 3 <= entriesEnd && (bytes[offset]! | bytes[offset + 1]! | bytes[offset + 2]!) < 0x80) {
      header.shared = bytes[offset]!;
      header.unshared = bytes[offset + 1]!;
      header.keyStart = offset + 3;
      header.valueEnd = header.keyStart + header.unshared + bytes[offset + 2]!;
    } else {
      const a = readVarint32(bytes, offset, entriesEnd);
      const b = a && readVarint32(bytes, a[1], entriesEnd);
      const c = b && readVarint32(bytes, b[1], entriesEnd);
      if (!a || !b || !c) {
        throw new CorruptBlockError(offset, 'entry', 'the entry header (three varints) is cut short or malformed.');
      }
      [header.shared, header.unshared, header.keyStart] = [a[0], b[0], c[1]];
      header.valueEnd = header.keyStart + header.unshared + c[0];
    }
    if (header.valueEnd > entriesEnd) {
      throw new CorruptBlockError(
        offset,
        'entry',
        `the entry needs bytes up to ${header.valueEnd}, past the end of the entries at ${entriesEnd}.`,
      );
    }
    return header;
  }

  /** Refuses a header that shares more bytes than the previous key has. */
  private checkShared(offset: number, previousLength: number): void {
    const { shared } = this.header;
    if (shared > Math.max(0, previousLength)) {
      throw new CorruptBlockError(
        offset,
        'entry',
        `the entry shares ${shared} bytes with a previous key of ${Math.max(0, previousLength)} bytes` +
          (previousLength === AT_RESTART ? ' (at a restart point nothing can be shared).' : '.'),
      );
    }
  }

  private mustBeValid(what: string): void {
    if (!this.isValid)
      throw new RangeError(`BlockIterator.${what}(): the iterator is not on an entry; check valid first.`);
  }
}
