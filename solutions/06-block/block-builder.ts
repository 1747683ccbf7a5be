/**
 * Lesson 06: building a block, the unit a table is read in.
 *
 * Entries arrive in increasing key order. Each key is stored as the length of the prefix it
 * shares with the previous key plus the bytes that differ ("prefix compression"), except every
 * `restartInterval`-th entry, a restart point, which stores its whole key so that a reader can
 * start decoding there. format.ts has the byte layout.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { ByteSink } from './bytes.ts';
import {
  CHECKSUM_BYTES,
  DEFAULT_RESTART_INTERVAL,
  KeyOrderError,
  checkRestartInterval,
  RESTART_BYTES,
  RESTART_COUNT_BYTES,
  type ByteComparator,
} from './format.ts';

export interface BlockBuilderOptions {
  /** A restart point every this many entries (1..MAX_RESTART_INTERVAL). Default 16. */
  readonly restartInterval?: number;
  /** The key order. Default: compareBytes (unsigned lexicographic). */
  readonly compare?: ByteComparator;
}

const NO_KEY = new Uint8Array(0);

/** How many leading bytes `a` and `b` have in common. */
function sharedPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}

/** Builds one block from entries added in increasing key order. */
export class BlockBuilder {
  readonly restartInterval: number;
  readonly compare: ByteComparator;
  private readonly sink = new ByteSink();
  /** The offset of every restart point so far; the first entry (offset 0) is always one. */
  private restarts: number[] = [0];
  /** Entries added since the last restart point. */
  private sinceRestart = 0;
  private count = 0;
  private lastKey: Uint8Array = NO_KEY;

  constructor(options: BlockBuilderOptions = {}) {
    const interval = options.restartInterval ?? DEFAULT_RESTART_INTERVAL;
    checkRestartInterval(interval);
    this.restartInterval = interval;
    this.compare = options.compare ?? compareBytes;
  }

  /** How many entries were added since the builder was made or last finished. */
  get entryCount(): number {
    return this.count;
  }

  /** The last key added, or undefined if the block is empty. */
  get lastKeyAdded(): Uint8Array | undefined {
    return this.count === 0 ? undefined : this.lastKey;
  }

  /**
   * Adds an entry. `key` must sort strictly after the previous key (by `compare`), or this
   * throws KeyOrderError and the block is unchanged.
   */
  add(key: Uint8Array, value: Uint8Array): void {
    if (this.count > 0 && this.compare(key, this.lastKey) <= 0) {
      throw new KeyOrderError(Uint8Array.from(key), Uint8Array.from(this.lastKey), this.count);
    }
    const restart = this.sinceRestart === this.restartInterval;
    if (restart) {
      this.restarts.push(this.sink.length);
      this.sinceRestart = 0;
    }
    // At a restart point the whole key is stored, so a reader can start decoding there.
    const shared = restart ? 0 : sharedPrefixLength(this.lastKey, key);
    this.sink
      .varint32(shared)
      .varint32(key.length - shared)
      .varint32(value.length)
      .bytes(key.subarray(shared))
      .bytes(value);
    this.lastKey = Uint8Array.from(key);
    this.sinceRestart++;
    this.count++;
  }

  /** The exact size in bytes of the block `finish()` would return now. */
  estimatedSize(): number {
    return this.sink.length + RESTART_BYTES * this.restarts.length + RESTART_COUNT_BYTES + CHECKSUM_BYTES;
  }

  /** Appends the trailer (restarts, their count, the checksum), returns the block, and empties the builder. */
  finish(): Uint8Array {
    for (const offset of this.restarts) this.sink.uint32(offset);
    this.sink.uint32(this.restarts.length);
    this.sink.uint32(crc32c(this.sink.view()));
    const block = this.sink.toBytes();
    this.sink.clear();
    this.restarts = [0];
    this.sinceRestart = 0;
    this.count = 0;
    this.lastKey = NO_KEY;
    return block;
  }
}
