/**
 * Lesson 06: building a block, the unit a table is read in.
 *
 * Entries arrive in increasing key order. Each key is stored as the length of the prefix it
 * shares with the previous key plus the bytes that differ ("prefix compression"), except every
 * `restartInterval`-th entry, a restart point, which stores its whole key so that a reader can
 * start decoding there. format.ts has the byte layout.
 *
 * Your task: write add(), estimatedSize() and finish(). The constructor and the two getters are
 * given; add the private fields you need. README.md explains each rule; the tests check each one
 * (npm run lesson -- 06).
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { NotImplemented } from '@support/not-implemented.ts';
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

/** Builds one block from entries added in increasing key order. */
export class BlockBuilder {
  readonly restartInterval: number;
  readonly compare: ByteComparator;
  /** The entries so far, encoded (ByteSink from bytes.ts grows as you append). */
  private readonly sink = new ByteSink();
  /** The offset of every restart point so far; the first entry (offset 0) is always one. */
  private restarts: number[] = [0];
  private count = 0;
  private lastKey: Uint8Array = new Uint8Array(0);

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
    // TODO: refuse a key that does not sort strictly after the last one: throw
    //       new KeyOrderError(copy of key, copy of the last key, this.count). Check before changing anything.
    // TODO: every restartInterval-th entry (entries 0, n, 2n, ...) is a restart point: record its
    //       offset (this.sink.length) in this.restarts (offset 0 is already there) and share nothing.
    // TODO: otherwise share the longest common prefix with the previous key.
    // TODO: append shared, unshared and value length as varints, then the key's unshared bytes,
    //       then the value (this.sink.varint32(...).bytes(...)).
    // TODO: keep a COPY of the key as the last key (the caller may reuse their buffer), count it.
    throw new NotImplemented('06-block', 'BlockBuilder.add()');
  }

  /** The exact size in bytes of the block `finish()` would return now. */
  estimatedSize(): number {
    // TODO: the entries so far, plus the trailer finish() would add (see format.ts).
    throw new NotImplemented('06-block', 'BlockBuilder.estimatedSize()');
  }

  /** Appends the trailer (restarts, their count, the checksum), returns the block, and empties the builder. */
  finish(): Uint8Array {
    // TODO: append each restart offset and then their count as uint32; then the CRC32C of every
    //       byte so far (crc32c(this.sink.view())), also as uint32.
    // TODO: take the bytes (this.sink.toBytes()), then reset every field, so the builder can make the next block.
    throw new NotImplemented('06-block', 'BlockBuilder.finish()');
  }
}
