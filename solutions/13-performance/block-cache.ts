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
import type { FileSystem, ReadFile } from '@support/fs.ts';

/** The default capacity: 8 MiB, like LevelDB's default block cache. */
export const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;

/** What a cache can hold: anything that knows its size in bytes (a Uint8Array, lesson 06's Block). */
export interface Sized {
  readonly byteLength: number;
}

/** A map from key to block with a byte budget; least recently used goes first. */
export class BlockCache<V extends Sized = Uint8Array> {
  /** Insertion order of a Map is the recency order: the first key is the least recently used. */
  private readonly blocks = new Map<string, V>();
  private used = 0;
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
    return this.used;
  }

  /** How many blocks are held. */
  get size(): number {
    return this.blocks.size;
  }

  /** The block stored under `key`, which becomes the most recently used; undefined if absent. */
  get(key: string): V | undefined {
    const block = this.blocks.get(key);
    if (block === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.blocks.delete(key);
    this.blocks.set(key, block);
    return block;
  }

  /**
   * Stores `block` under `key` as the most recently used, evicting the least recently used
   * blocks until it fits. A block larger than the whole capacity is not stored.
   */
  set(key: string, block: V): void {
    const old = this.blocks.get(key);
    if (old !== undefined) {
      this.blocks.delete(key);
      this.used -= old.byteLength;
    }
    if (block.byteLength > this.capacityBytes) return;
    while (this.used + block.byteLength > this.capacityBytes) {
      const [oldestKey, oldest] = this.blocks.entries().next().value as [string, V];
      this.blocks.delete(oldestKey);
      this.used -= oldest.byteLength;
    }
    this.blocks.set(key, block);
    this.used += block.byteLength;
  }

  /** Drops the block stored under `key`, if any, and its bytes; says whether there was one. */
  delete(key: string): boolean {
    const block = this.blocks.get(key);
    if (block === undefined) return false;
    this.blocks.delete(key);
    this.used -= block.byteLength;
    return true;
  }

  /** The keys held, least recently used first (does not change the order). */
  keys(): string[] {
    return [...this.blocks.keys()];
  }
}

/** Every file opened through one cachedFileSystem gets its own number, so keys never collide. */
let nextFileId = 0;

/**
 * Wraps `fs` so that reads of opened files go through `cache`: a read of (offset, length) in a
 * file is served from the cache if the same read of the same open file was made before. The
 * key names the open file (a number given when it was opened), the offset and the length.
 * Everything else passes through. Blocks are handed out shared: callers must not change them
 * (lesson 07's reader copies what it returns).
 */
export function cachedFileSystem(fs: FileSystem, cache: BlockCache<Uint8Array>): FileSystem {
  return {
    openAppend: (path) => fs.openAppend(path),
    readFile: (path) => fs.readFile(path),
    truncate: (path, length) => fs.truncate(path, length),
    rename: (from, to) => fs.rename(from, to),
    remove: (path) => fs.remove(path),
    list: (dir) => fs.list(dir),
    mkdir: (dir) => fs.mkdir(dir),
    syncDir: (dir) => fs.syncDir(dir),
    exists: (path) => fs.exists(path),
    async openRead(path): Promise<ReadFile> {
      const file = await fs.openRead(path);
      const id = nextFileId++;
      return {
        path: file.path,
        size: file.size,
        async read(offset, length) {
          const key = `${id}:${offset}:${length}`;
          const cached = cache.get(key);
          if (cached !== undefined) return cached;
          const block = await file.read(offset, length);
          cache.set(key, block);
          return block;
        },
        close: () => file.close(),
      };
    },
  };
}
