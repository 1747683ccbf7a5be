/**
 * Lesson 13: a data block written without an object per entry (README, "Tables written without
 * an object per entry"). Your task: `add` and `finish`; the buffers and the helpers are given.
 * flat-table-writer.ts (given) writes a table's data blocks with it.
 *
 * Lesson 07's writer encodes each entry's internal key into a new array (encodeInternalKey), and
 * lesson 06's BlockBuilder keeps a copy of it as its last key and cuts a view of the key's
 * unshared part: three arrays per entry, garbage the moment the next entry comes. This writes the
 * same bytes (lesson 06's format: shared, unshared and value lengths as varints, the key's unshared
 * part, the value; restart offsets, their count, the checksum) through two key buffers it keeps
 * and swaps, into one output buffer it reuses for every block.
 */
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { checkRestartInterval } from '@ferris/06-block/format.ts';
import { encodeInternalKey, SEQUENCE_BYTES, TRAILER_BYTES, type ValueKind } from '@ferris/07-sstable/table-key.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** A byte array of at least `length` bytes holding `bytes`' first `used` bytes. */
function roomFor(bytes: Uint8Array, used: number, length: number): Uint8Array {
  if (length <= bytes.length) return bytes;
  const bigger = new Uint8Array(Math.max(length, bytes.length * 2));
  bigger.set(bytes.subarray(0, used));
  return bigger;
}

export class FlatDataBlock {
  private out: Uint8Array = new Uint8Array(8192);
  private used = 0;
  private restarts: number[] = [0];
  private sinceRestart = 0;
  private count = 0;
  /** The encoded key being added, and the one added before it (swapped after each add). */
  private key: Uint8Array = new Uint8Array(64);
  private last: Uint8Array = new Uint8Array(64);
  private lastLength = 0;

  /** Refuses an interval lesson 06's BlockBuilder refuses, with its error. */
  constructor(readonly restartInterval: number) {
    checkRestartInterval(restartInterval);
  }

  get entryCount(): number {
    return this.count;
  }

  /** A copy of the last encoded key added (the index's key for this block). */
  lastKey(): Uint8Array {
    return this.last.slice(0, this.lastLength);
  }

  /** Adds the entry (userKey, sequence, kind) -> value. The caller has checked the order. */
  add(userKey: Uint8Array, sequence: number, kind: ValueKind, value: Uint8Array): void {
    // TODO: encode the key into this.key (encodeKey). Every restartInterval entries, a restart:
    //       its offset in this.restarts, and no prefix shared with the last key (sharedWithLast).
    // TODO: make room (roomFor), then write the shared length, the unshared length and the value's
    //       length as varints, the key's unshared bytes and the value, as lesson 06's BlockBuilder does.
    // TODO: the key just added becomes the last key: swap this.key and this.last (no copy).
    throw new NotImplemented('13-performance', 'FlatDataBlock.add()');
  }

  /** lesson 06's BlockBuilder.estimatedSize: the block's size if it were finished now. */
  estimatedSize(): number {
    return this.used + 4 * this.restarts.length + 4 + 4;
  }

  /** The finished block (a new array), and the builder empty again. */
  finish(): Uint8Array {
    // TODO: the restart offsets and their count as little-endian uint32s (uint32), then the
    //       crc32c of everything before it; return a copy of the block's bytes.
    // TODO: empty again: no bytes, restarts [0], no entries, no last key.
    throw new NotImplemented('13-performance', 'FlatDataBlock.finish()');
  }

  /** Writes the encoded internal key into `this.key` (as encodeInternalKey would); returns its length. */
  private encodeKey(userKey: Uint8Array, sequence: number, kind: ValueKind): number {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence > MAX_SEQUENCE)
      encodeInternalKey(userKey, sequence, kind); // throws its RangeError
    const length = userKey.length + TRAILER_BYTES;
    if (length > this.key.length) this.key = new Uint8Array(length * 2);
    const key = this.key;
    key.set(userKey, 0);
    let rest = sequence;
    for (let i = userKey.length + SEQUENCE_BYTES - 1; i >= userKey.length; i--) {
      key[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    key[userKey.length + SEQUENCE_BYTES] = kind;
    return length;
  }

  private sharedWithLast(keyLength: number): number {
    const limit = Math.min(keyLength, this.lastLength);
    const key = this.key;
    const last = this.last;
    let i = 0;
    while (i < limit && key[i] === last[i]) i++;
    return i;
  }

  private varint(value: number): void {
    while (value >= 0x80) {
      this.out[this.used++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.out[this.used++] = value;
  }

  private uint32(value: number): void {
    const out = this.out;
    out[this.used++] = value & 0xff;
    out[this.used++] = (value >>> 8) & 0xff;
    out[this.used++] = (value >>> 16) & 0xff;
    out[this.used++] = (value >>> 24) & 0xff;
  }
}
