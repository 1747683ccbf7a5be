/**
 * Lesson 07: reading a sorted table, one block at a time.
 *
 * `open` reads the footer, then the index and meta blocks, and keeps them in memory. `get` and
 * the iterator then read data blocks only when they need them: the index says which block can
 * hold a key, and the filter (if the table has one for the reader's policy) can say that no block
 * does. Every block is checked (lesson 06) before it is used, and every handle is checked against
 * the region its block must lie in, so a damaged table gives a CorruptTableError naming the file
 * and the bytes, and the reader never reads outside the file.
 */
import { MAX_SEQUENCE, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { Lookup } from '@ferris/05-memtable/memtable.ts';
import { Block, type BlockIterator, type BlockOptions } from '@ferris/06-block/block.ts';
import { CorruptBlockError, EMPTY_BLOCK_BYTES } from '@ferris/06-block/format.ts';
import type { FileSystem, ReadFile } from '@support/fs.ts';
import type { EntryIterator } from './entry-iterator.ts';
import {
  BLOCK_HANDLE_BYTES,
  CorruptTableError,
  decodeBlockHandle,
  decodeFooter,
  FILTER_KEY_PREFIX,
  FOOTER_BYTES,
  type BlockHandle,
  type FilterPolicy,
} from './format.ts';
import {
  encodedKeyOrder,
  CorruptKeyError,
  decodeInternalKey,
  encodeInternalKey,
  TABLE_KIND_DELETE,
  TABLE_KIND_PUT,
  type DecodedKey,
} from './table-key.ts';
import { SlabCopies } from '@support/copy.ts';

/** Values `get` hands to its caller, and values the iterators carry: never the same slabs (support/copy.ts). */
const returnedValues = new SlabCopies();
const iteratedValues = new SlabCopies();

export type { Lookup };

export interface TableReaderOptions {
  /** The policy the table's filter was made with. Without one (or with another name) the filter is not used. */
  readonly filterPolicy?: FilterPolicy;
  /** Where checked data blocks are kept for the next read (lesson 13 supplies one). Default: none. */
  readonly blockCache?: DecodedBlockCache;
}

/**
 * A cache of decoded, checked data blocks, shared by many readers. A block found here is used as
 * it is: no read, no checksum, no decode. Keys are made by the reader (see `readDataBlock`).
 */
export interface DecodedBlockCache {
  get(key: string): Block | undefined;
  set(key: string, block: Block): void;
}

const MISSING: Lookup = Object.freeze({ kind: 'missing' });

/** What a reader and its iterators share: the open file and what `open` read from it. */
interface OpenTable {
  readonly path: string;
  readonly file: ReadFile;
  readonly fileSize: number;
  /** The index block: the last key of each data block -> the block's handle. */
  readonly index: Block;
  readonly indexHandle: BlockHandle;
  /** Data blocks lie in bytes [0, dataEnd): the meta and index blocks start there. */
  readonly dataEnd: number;
  /** The filter stored for the reader's policy, if the table has one. */
  readonly filter: { readonly policy: FilterPolicy; readonly bytes: Uint8Array } | null;
  /** The block cache and this reader's own prefix for its keys (`cachedBlocks`); null without one. */
  readonly blocks: CachedBlocks | null;
}

/** An open table. Make one with `TableReader.open`; close it when done. */
export class TableReader {
  private constructor(private readonly table: OpenTable) {}

  get path(): string {
    return this.table.path;
  }

  /** The table's size in bytes. */
  get fileSize(): number {
    return this.table.fileSize;
  }

  /**
   * Opens the table at `path`: reads and checks the footer, the index block and the meta block,
   * and no data block. Throws CorruptTableError if any of them fails its checks.
   */
  static async open(fs: FileSystem, path: string, options: TableReaderOptions = {}): Promise<TableReader> {
    const file = await fs.openRead(path);
    try {
      const fileSize = file.size;
      if (fileSize < FOOTER_BYTES) {
        throw new CorruptTableError(
          path,
          0,
          fileSize,
          'too-short',
          `the file has ${fileSize} bytes; a table has at least its ${FOOTER_BYTES}-byte footer.`,
        );
      }
      const footer = decodeFooter(await file.read(fileSize - FOOTER_BYTES, FOOTER_BYTES), path, fileSize);
      const index = await readBlock(file, path, footer.index, 'index', encodedKeyOrder);
      const meta = await readBlock(file, path, footer.meta, 'meta', { compare: compareBytes });
      let filter: OpenTable['filter'] = null;
      const policy = options.filterPolicy;
      if (policy) {
        const name = new TextEncoder().encode(FILTER_KEY_PREFIX + policy.name);
        const it = meta.iterator();
        it.seek(name);
        if (it.valid && compareBytes(it.key(), name) === 0) filter = { policy, bytes: Uint8Array.from(it.value()) };
      }
      const dataEnd = Math.min(footer.meta.offset, footer.index.offset);
      const blocks = cachedBlocks(options);
      return new TableReader({ path, file, fileSize, index, indexHandle: footer.index, dataEnd, filter, blocks });
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /**
   * The newest version of `userKey` with a sequence number at or below `atSequence` (default:
   * the newest of all), like MemTable.get. Reads at most one data block, and none when the filter
   * says the key is not in the table.
   */
  async get(userKey: Uint8Array, atSequence: number = MAX_SEQUENCE): Promise<Lookup> {
    if (!Number.isInteger(atSequence) || atSequence < 0 || atSequence > MAX_SEQUENCE) {
      throw new RangeError(
        `atSequence must be a whole number from 0 to MAX_SEQUENCE (${MAX_SEQUENCE}), got ${atSequence}.`,
      );
    }
    const { filter } = this.table;
    if (filter && !filter.policy.mayContain(filter.bytes, userKey)) return MISSING;
    // (userKey, atSequence, put) sorts before every version of userKey visible at atSequence and
    // after every newer one: the first entry at or after it is the answer, if it is userKey.
    const target = encodeInternalKey(userKey, atSequence, TABLE_KIND_PUT);
    const indexIt = this.table.index.iterator();
    indexIt.seek(target);
    if (!indexIt.valid) return MISSING;
    const handle = dataBlockHandle(this.table, indexIt.value());
    const it = (await readDataBlock(this.table, handle)).iterator();
    it.seek(target);
    if (!it.valid) return MISSING;
    const found = decodeKey(this.table, it.key(), handle);
    if (compareBytes(found.userKey, userKey) !== 0) return MISSING;
    if (found.kind === TABLE_KIND_DELETE) return { kind: 'deleted', sequence: found.sequence };
    return { kind: 'value', value: returnedValues.copy(it.value()), sequence: found.sequence };
  }

  /** A new iterator over every entry, in internal-key order. It starts invalid: call seek(). */
  iterator(): TableIterator {
    return new TableIterator(this.table);
  }

  /** Every entry, in internal-key order, tombstones included. */
  async *entries(): AsyncIterableIterator<WalEntry> {
    const it = this.iterator();
    for (await it.seek(); it.valid; await it.next()) yield it.current();
  }

  /** Closes the file. The reader and its iterators cannot be used afterwards. */
  async close(): Promise<void> {
    await this.table.file.close();
  }
}

/**
 * Reads the block at `handle` and checks it (lesson 06). A CorruptBlockError becomes a
 * CorruptTableError naming the file and the block's bytes in it.
 */
async function readBlock(
  file: ReadFile,
  path: string,
  handle: BlockHandle,
  what: string,
  order: BlockOptions,
): Promise<Block> {
  const bytes = await file.read(handle.offset, handle.size);
  try {
    return Block.decode(bytes, order);
  } catch (error) {
    if (error instanceof CorruptBlockError) {
      throw new CorruptTableError(path, handle.offset, handle.size, 'block', `the ${what} block: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A reader's view of the block cache: the cache, and a key prefix no other open reader has. */
interface CachedBlocks {
  readonly cache: DecodedBlockCache;
  readonly prefix: string;
}

/** Every reader opened with a cache gets its own number, so two tables never share a key. */
let nextReaderId = 0;

/** The `blocks` field of a new OpenTable: null without a cache. */
function cachedBlocks(options: TableReaderOptions): CachedBlocks | null {
  return options.blockCache ? { cache: options.blockCache, prefix: `${nextReaderId++}:` } : null;
}

/**
 * The data block at `handle`, checked: from the table's block cache if it is there, otherwise read
 * and decoded (readBlock), then kept in the cache. Only checked blocks are ever cached.
 */
async function readDataBlock(table: OpenTable, handle: BlockHandle): Promise<Block> {
  const { blocks } = table;
  if (blocks === null) return readBlock(table.file, table.path, handle, 'data', encodedKeyOrder);
  const key = blocks.prefix + handle.offset;
  const cached = blocks.cache.get(key);
  if (cached !== undefined) return cached;
  const block = await readBlock(table.file, table.path, handle, 'data', encodedKeyOrder);
  blocks.cache.set(key, block);
  return block;
}

/**
 * The data block handle stored in an index entry's value, checked: exactly BLOCK_HANDLE_BYTES,
 * and the block inside the data region [0, dataEnd). Otherwise a CorruptTableError ('handle')
 * naming the index block, so that no read ever goes outside the data blocks.
 */
function dataBlockHandle(table: OpenTable, indexValue: Uint8Array): BlockHandle {
  const handle = indexValue.length === BLOCK_HANDLE_BYTES ? decodeBlockHandle(indexValue) : null;
  if (handle === null || handle.size < EMPTY_BLOCK_BYTES || handle.offset + handle.size > table.dataEnd) {
    throw new CorruptTableError(
      table.path,
      table.indexHandle.offset,
      table.indexHandle.size,
      'handle',
      `the index block points at ${handle ? `bytes ${handle.offset}..${handle.offset + handle.size - 1}` : 'an unreadable handle'}, ` +
        `which is not a block inside the data blocks (bytes 0..${table.dataEnd - 1}).`,
    );
  }
  return handle;
}

/** Decodes a data block's key; a key that is not an encoded internal key names the block. */
function decodeKey(table: OpenTable, key: Uint8Array, handle: BlockHandle): DecodedKey {
  try {
    return decodeInternalKey(key);
  } catch (error) {
    if (error instanceof CorruptKeyError) {
      throw new CorruptTableError(table.path, handle.offset, handle.size, 'key', error.message, { cause: error });
    }
    throw error;
  }
}

/** Walks a table's entries in order, reading each data block when it gets there. */
export class TableIterator implements EntryIterator {
  private readonly indexIt: BlockIterator;
  /** The data block the iterator is in, and where it is in the file; null past the end. */
  private block: BlockIterator | null = null;
  private handle: BlockHandle | null = null;
  private entry: WalEntry | null = null;

  constructor(private readonly table: OpenTable) {
    this.indexIt = table.index.iterator();
  }

  get valid(): boolean {
    return this.entry !== null;
  }

  current(): WalEntry {
    if (this.entry === null)
      throw new RangeError('TableIterator.current(): the iterator is not on an entry; check valid first.');
    return this.entry;
  }

  async seek(target?: InternalKey): Promise<void> {
    const key = target === undefined ? undefined : encodeInternalKey(target.userKey, target.sequence, TABLE_KIND_PUT);
    if (key === undefined) this.indexIt.seekToFirst();
    else this.indexIt.seek(key);
    await this.loadBlock();
    if (this.block !== null) {
      if (key === undefined) this.block.seekToFirst();
      else this.block.seek(key);
    }
    await this.settle();
  }

  async next(): Promise<void> {
    if (this.block === null || this.entry === null)
      throw new RangeError('TableIterator.next(): the iterator is not on an entry; check valid first.');
    this.block.next();
    await this.settle();
  }

  /** Reads the data block the index iterator is on (none past the last). */
  private async loadBlock(): Promise<void> {
    if (!this.indexIt.valid) {
      this.block = null;
      this.handle = null;
      return;
    }
    this.handle = dataBlockHandle(this.table, this.indexIt.value());
    this.block = (await readDataBlock(this.table, this.handle)).iterator();
  }

  /** Moves from the end of a block into the next one, then takes the entry the iterator is on. */
  private async settle(): Promise<void> {
    while (this.block !== null && !this.block.valid) {
      this.indexIt.next();
      await this.loadBlock();
      this.block?.seekToFirst();
    }
    if (this.block === null || this.handle === null) {
      this.entry = null;
      return;
    }
    const key = decodeKey(this.table, this.block.key(), this.handle);
    const value = key.kind === TABLE_KIND_DELETE ? null : iteratedValues.copy(this.block.value());
    this.entry = Object.freeze({ sequence: key.sequence, key: key.userKey, value });
  }
}
