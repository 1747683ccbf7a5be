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
  type ByteComparator,
} from './format.ts';

export interface BlockOptions {
  /** The key order the block was built with. Default: compareBytes. */
  readonly compare?: ByteComparator;
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
    readonly compare: ByteComparator,
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
    return new Block(bytes, entriesEnd, restarts, options.compare ?? compareBytes);
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

const NO_KEY = new Uint8Array(0);

/** A position in a block. Invalid until seekToFirst() or seek(); invalid again past the last entry. */
export class BlockIterator {
  private isValid = false;
  private currentKey: Uint8Array = NO_KEY;
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

  /** The current entry's key. Throws RangeError if the iterator is not valid. */
  key(): Uint8Array {
    this.mustBeValid('key');
    return this.currentKey;
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
    const { restarts, compare } = this.block;
    // Binary search for the last restart point whose key is before the target. Every key of
    // the runs before it is smaller still, so the answer is in its run or the next one.
    let lo = 0;
    let hi = restarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      this.moveToRestart(mid);
      if (compare(this.currentKey, target) < 0) lo = mid;
      else hi = mid - 1;
    }
    this.moveToRestart(lo);
    while (this.valid && compare(this.currentKey, target) < 0) this.next();
  }

  /** Moves to the next entry; invalid after the last. Throws RangeError if not valid. */
  next(): void {
    this.mustBeValid('next');
    this.parseEntry(this.nextOffset, this.currentKey);
  }

  private moveToRestart(index: number): void {
    this.parseEntry(this.block.restarts[index]!, NO_KEY);
  }

  /** Decodes the entry at `offset`, whose previous key is `previous`, and makes it current. */
  private parseEntry(offset: number, previous: Uint8Array): void {
    const { bytes, entriesEnd } = this.block;
    if (offset >= entriesEnd) {
      this.isValid = false;
      this.currentKey = NO_KEY;
      this.nextOffset = entriesEnd;
      return;
    }
    // The header is three varints, nearly always one byte each (keys and values under 128 bytes):
    // read those directly. A seek parses a dozen entries, so no arrays are made per entry.
    let shared: number;
    let unshared: number;
    let valueLength: number;
    let keyStart: number;
    if (offset + 3 <= entriesEnd && (bytes[offset]! | bytes[offset + 1]! | bytes[offset + 2]!) < 0x80) {
      shared = bytes[offset]!;
      unshared = bytes[offset + 1]!;
      valueLength = bytes[offset + 2]!;
      keyStart = offset + 3;
    } else {
      const a = readVarint32(bytes, offset, entriesEnd);
      const b = a && readVarint32(bytes, a[1], entriesEnd);
      const c = b && readVarint32(bytes, b[1], entriesEnd);
      if (!a || !b || !c) {
        throw new CorruptBlockError(offset, 'entry', 'the entry header (three varints) is cut short or malformed.');
      }
      [shared, unshared, valueLength, keyStart] = [a[0], b[0], c[0], c[1]];
    }
    if (shared > previous.length) {
      throw new CorruptBlockError(
        offset,
        'entry',
        `the entry shares ${shared} bytes with a previous key of ${previous.length} bytes` +
          (previous === NO_KEY ? ' (at a restart point nothing can be shared).' : '.'),
      );
    }
    const valueStart = keyStart + unshared;
    const valueEnd = valueStart + valueLength;
    if (valueEnd > entriesEnd) {
      throw new CorruptBlockError(
        offset,
        'entry',
        `the entry needs bytes up to ${valueEnd}, past the end of the entries at ${entriesEnd}.`,
      );
    }
    // Byte loops, not set(subarray): keys are short, and two views per entry cost more than the copy.
    const key = new Uint8Array(shared + unshared);
    for (let i = 0; i < shared; i++) key[i] = previous[i]!;
    for (let i = 0; i < unshared; i++) key[shared + i] = bytes[keyStart + i]!;
    this.isValid = true;
    this.currentKey = key;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.nextOffset = valueEnd;
  }

  private mustBeValid(what: string): void {
    if (!this.valid)
      throw new RangeError(`BlockIterator.${what}(): the iterator is not on an entry; check valid first.`);
  }
}
