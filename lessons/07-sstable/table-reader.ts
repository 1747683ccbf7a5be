/**
 * Lesson 07: reading a sorted table, one block at a time.
 *
 * `open` reads the footer, then the index and meta blocks, and keeps them in memory. `get` and
 * the iterator then read data blocks only when they need them: the index says which block can
 * hold a key, and the filter (if the table has one for the reader's policy) can say that no block
 * does. Every block is checked (lesson 06) before it is used, and every handle is checked against
 * the region its block must lie in, so a damaged table gives a CorruptTableError naming the file
 * and the bytes, and the reader never reads outside the file.
 *
 * Your task: write TableReader.open(), TableReader.get(), dataBlockHandle(), and the iterator's
 * seek() and next() (add the private helpers you need). The rest is given. README.md explains
 * each rule; the tests check each one (npm run lesson -- 07).
 */
import { MAX_SEQUENCE, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { Lookup } from '@ferris/05-memtable/memtable.ts';
import { Block, type BlockIterator, type BlockOptions } from '@ferris/06-block/block.ts';
import { CorruptBlockError, EMPTY_BLOCK_BYTES } from '@ferris/06-block/format.ts';
import type { FileSystem, ReadFile } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';
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
    // TODO: open the file for reading (fs.openRead). If anything below throws, close it and rethrow.
    // TODO: a file smaller than FOOTER_BYTES: CorruptTableError(path, 0, size, 'too-short', ...).
    // TODO: read the last FOOTER_BYTES bytes and decodeFooter them.
    // TODO: read the index block (encodedKeyOrder) and the meta block ({ compare: compareBytes })
    //       with readBlock. Read the meta block even without a policy: damage must be found.
    // TODO: with a filter policy, look up FILTER_KEY_PREFIX + policy.name in the meta block; keep a
    //       copy of its value as the filter only if the key is exactly that name.
    // TODO: the data blocks end where the meta and index blocks begin (the smaller offset).
    // TODO: return new TableReader({ path, file, fileSize, index, indexHandle, dataEnd, filter,
    //       blocks: cachedBlocks(options) }).
    throw new NotImplemented('07-sstable', 'TableReader.open()');
  }

  /**
   * The newest version of `userKey` with a sequence number at or below `atSequence` (default:
   * the newest of all), like MemTable.get. Reads at most one data block, and none when the filter
   * says the key is not in the table.
   */
  async get(userKey: Uint8Array, atSequence: number = MAX_SEQUENCE): Promise<Lookup> {
    // TODO: check atSequence (a whole number, 0..MAX_SEQUENCE; RangeError otherwise).
    // TODO: if the table has a filter and it says the key is not there: missing, no block read.
    // TODO: the target is encodeInternalKey(userKey, atSequence, TABLE_KIND_PUT): it sorts just before
    //       every version visible at atSequence. Seek the index to it; no index entry: missing.
    // TODO: read that ONE data block (dataBlockHandle, then readDataBlock: it uses the cache) and seek in it.
    // TODO: the entry found is the answer only if its user key is userKey: a delete gives
    //       { kind: 'deleted', sequence }, a put { kind: 'value', value: a copy, sequence }.
    throw new NotImplemented('07-sstable', 'TableReader.get()');
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
  // TODO: decode the handle (decodeBlockHandle). It must be exactly BLOCK_HANDLE_BYTES, at least
  //       EMPTY_BLOCK_BYTES long, and end at or before table.dataEnd. Otherwise throw
  //       CorruptTableError(table.path, table.indexHandle.offset, table.indexHandle.size, 'handle', ...).
  throw new NotImplemented('07-sstable', 'dataBlockHandle()');
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
    // TODO: position the index iterator (seekToFirst, or seek to the encoded target with TABLE_KIND_PUT),
    //       read the data block it is on with readDataBlock (none past the last), and position inside it.
    // TODO: if that block has no entry at or after the target, go on to the next block (a helper
    //       that skips used-up blocks serves next() too). Then take the current entry: decode its
    //       key (decodeKey) and make a frozen WalEntry; a delete's value is null.
    throw new NotImplemented('07-sstable', 'TableIterator.seek()');
  }

  async next(): Promise<void> {
    // TODO: RangeError if not valid; otherwise move the block iterator on, into the next data
    //       block when this one is used up (read it only then).
    throw new NotImplemented('07-sstable', 'TableIterator.next()');
  }
}
