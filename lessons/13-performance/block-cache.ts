/**
 * Lesson 13: a block cache. Table blocks are kept in memory, up to a capacity in BYTES, and the
 * least recently used block is evicted first when a new one needs the room.
 *
 * It plugs into lesson 10's engine in two places:
 * - the `blockCache` option: a BlockCache<Block> of decoded, checked blocks, which lesson 07's
 *   reader asks before it reads (its `readDataBlock` hook). A hit costs a Map lookup.
 * - the `tableFileSystem` option: `cachedFileSystem` wraps the file system tables are read through,
 *   so every `read(offset, length)` first asks a BlockCache of bytes. A hit saves the read, but the
 *   reader still checksums and decodes the block.
 */
import type { FileSystem } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** The default capacity: 8 MiB, like LevelDB's default block cache. */
export const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;

/** What a cache can hold: anything that knows its size in bytes (a Uint8Array, lesson 06's Block). */
export interface Sized {
  readonly byteLength: number;
}

/** A map from key to block with a byte budget; least recently used goes first. */
export class BlockCache<V extends Sized = Uint8Array> {
  /** Insertion order of a Map is the recency order: the first key is the least recently used. */
  // TODO: choose how to keep the blocks in recency order, and count their bytes.
  // (A Map remembers insertion order: delete and set again moves a key to the end.)
  /** How many `get` calls found their block, and how many did not. */
  hits = 0;
  misses = 0;

  constructor(readonly capacityBytes: number = DEFAULT_CACHE_BYTES) {
    if (!Number.isSafeInteger(capacityBytes) || capacityBytes < 0) {
      throw new RangeError(
        `A block cache's capacity must be a whole number of bytes, at least 0; got ${capacityBytes}.`,
      );
    }
  }

  /** The bytes of every block held now: never more than `capacityBytes`. */
  get usedBytes(): number {
    // TODO: the sum of the blocks' byteLength (a Uint8Array's, or a decoded Block's).
    throw new NotImplemented('13-performance', 'BlockCache.usedBytes');
  }

  /** How many blocks are held. */
  get size(): number {
    // TODO: the number of blocks held.
    throw new NotImplemented('13-performance', 'BlockCache.size');
  }

  /** The block stored under `key`, which becomes the most recently used; undefined if absent. */
  get(key: string): V | undefined {
    // TODO: count a hit or a miss; on a hit, make the block the most recently used.
    throw new NotImplemented('13-performance', 'BlockCache.get()');
  }

  /**
   * Stores `block` under `key` as the most recently used, evicting the least recently used
   * blocks until it fits. A block larger than the whole capacity is not stored.
   */
  set(key: string, block: V): void {
    // TODO: replace an old block under the same key (its bytes no longer count).
    // TODO: a block larger than the whole capacity is not stored.
    // TODO: evict least recently used blocks until the new one fits, then store it.
    throw new NotImplemented('13-performance', 'BlockCache.set()');
  }

  /** Drops the block stored under `key`, if any, and its bytes; says whether there was one. */
  delete(key: string): boolean {
    // TODO: remove the block and take its byteLength off the bytes held; false if there was none.
    throw new NotImplemented('13-performance', 'BlockCache.delete()');
  }

  /** The keys held, least recently used first (does not change the order). */
  keys(): string[] {
    // TODO: the keys, least recently used first, without changing the order.
    throw new NotImplemented('13-performance', 'BlockCache.keys()');
  }
}

/**
 * Wraps `fs` so that reads of opened files go through `cache`: a read of (offset, length) in a
 * file is served from the cache if the same read of the same open file was made before. The
 * key names the open file (a number given when it was opened), the offset and the length.
 * Everything else passes through. Blocks are handed out shared: callers must not change them
 * (lesson 07's reader copies what it returns).
 */
export function cachedFileSystem(fs: FileSystem, cache: BlockCache<Uint8Array>): FileSystem {
  // TODO: pass every method through to `fs`, except openRead: wrap the file it opens so that
  // read(offset, length) asks the cache first, and stores what it reads from the file.
  // TODO: the key must tell apart every open file, every offset and every length.
  throw new NotImplemented('13-performance', 'cachedFileSystem()');
}
