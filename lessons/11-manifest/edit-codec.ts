/**
 * Lesson 11: a version edit as bytes, the payload of one manifest record.
 *
 * An edit is a row of tagged fields, each a tag byte followed by that tag's payload; a field may
 * appear once (the counters) or many times (tables added and removed). Every number is
 * little-endian; a u64 is two u32 halves, low half first (lesson 02's sequence numbers), and must
 * stay at or below 2^53 - 1. A key is a u32 length, the bytes, then a u64 sequence number.
 *
 *   tag 1 logNumber       u64
 *   tag 2 nextFileNumber  u64
 *   tag 3 lastSequence    u64
 *   tag 4 removed table   level u8 | fileNumber u64
 *   tag 5 added table     level u8 | fileNumber u64 | fileSize u64 | entryCount u64 | smallest key | largest key
 *
 * Fields are written in that order: the three counters (those present), the removed tables, the
 * added tables. A reader accepts any order; an unknown tag is corruption, not something to skip,
 * because skipping it could drop a table from the version.
 *
 * Your task: encodeEdit and decodeEdit. EditWriter, EditReader and the key helpers are given.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { MAX_KEY_BYTES } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { TableMeta, VersionEdit } from '@ferris/10-lsm-engine/version.ts';
import { CorruptionError } from '@support/corruption-error.ts';

export const TAG_LOG_NUMBER = 1;
export const TAG_NEXT_FILE_NUMBER = 2;
export const TAG_LAST_SEQUENCE = 3;
export const TAG_REMOVED = 4;
export const TAG_ADDED = 5;

/** The check the bytes of an edit failed. */
export type EditCheck = 'tag' | 'truncated' | 'number' | 'key' | 'repeated';

/** The bytes of an edit are not an edit. `offset` is where in the payload the reader gave up. */
export class CorruptEditError extends CorruptionError<EditCheck> {
  override readonly name = 'CorruptEditError';
  declare readonly offset: number;
  constructor(offset: number, check: EditCheck, detail: string) {
    super(`Corrupt version edit at byte ${offset} of its payload (${check}): ${detail}`, {
      offset,
      check,
      advice: 'Do not apply this edit: the record that holds it is damaged or was not written by encodeEdit.',
    });
  }
}

/** Appends little-endian numbers and bytes to a growing array. Given. */
export class EditWriter {
  private bytes = new Uint8Array(64);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  u8(n: number): this {
    this.room(1);
    this.bytes[this.length++] = n;
    return this;
  }
  u32(n: number): this {
    this.room(4);
    new DataView(this.bytes.buffer).setUint32(this.length, n, true);
    this.length += 4;
    return this;
  }
  u64(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`A u64 field must be a whole number from 0 to 2^53 - 1, got ${n}.`);
    return this.u32(n % 2 ** 32).u32(Math.floor(n / 2 ** 32));
  }
  raw(bytes: Uint8Array): this {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Reads what EditWriter writes, never past the end: a short read is a CorruptEditError('truncated'). Given. */
export class EditReader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
  private need(n: number): number {
    if (this.offset + n > this.bytes.length) {
      throw new CorruptEditError(
        this.offset,
        'truncated',
        `${n} more bytes needed, ${this.bytes.length - this.offset} left.`,
      );
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }
  u8(): number {
    return this.bytes[this.need(1)]!;
  }
  u32(): number {
    const at = this.need(4);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).getUint32(at, true);
  }
  u64(): number {
    const at = this.offset;
    const low = this.u32();
    const high = this.u32();
    if (high >= 2 ** 21) throw new CorruptEditError(at, 'number', `the number is over 2^53 - 1 (high half ${high}).`);
    return high * 2 ** 32 + low;
  }
  raw(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.slice(at, at + n);
  }
}

function writeKey(w: EditWriter, key: InternalKey): void {
  w.u32(key.userKey.length).raw(key.userKey).u64(key.sequence);
}

function readKey(r: EditReader): InternalKey {
  const at = r.offset;
  const length = r.u32();
  if (length > MAX_KEY_BYTES)
    throw new CorruptEditError(at, 'key', `a key of ${length} bytes is over MAX_KEY_BYTES (${MAX_KEY_BYTES}).`);
  const userKey = r.raw(length);
  return { userKey, sequence: r.u64() };
}

/** The bytes of `edit`, laid out as in the file comment. */
export function encodeEdit(edit: VersionEdit): Uint8Array {
  // TODO: a new EditWriter; then, for each counter the edit has, its tag and the number as a u64,
  //       in the order logNumber, nextFileNumber, lastSequence;
  // TODO: then each removed table (TAG_REMOVED, level u8, fileNumber u64), then each added table
  //       (TAG_ADDED, level, fileNumber, fileSize, entryCount, then both keys with writeKey).
  // TODO: w.finish().
  throw new NotImplemented('11-manifest', 'encodeEdit()');
}

/**
 * The edit in `bytes`. Throws CorruptEditError for an unknown tag, a field cut short, a number
 * over 2^53 - 1, a key over MAX_KEY_BYTES, or a counter given twice.
 */
export function decodeEdit(bytes: Uint8Array): VersionEdit {
  // TODO: a new EditReader; read tag after tag until it is done, and the payload each tag has.
  // TODO: a counter seen twice is CorruptEditError(at, 'repeated'); an unknown tag is
  //       CorruptEditError(at, 'tag'), where `at` is the offset of the tag byte.
  // TODO: return the counters that were there, and removed / added only if not empty.
  throw new NotImplemented('11-manifest', 'decodeEdit()');
}
