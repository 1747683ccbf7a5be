/**
 * Lesson 13: lesson 07's writeTable, without an object per entry (README, "Tables written
 * without an object per entry"). Given code.
 *
 *   const db = await openDb(fs, 'db', { ...options, writeTable: writeFlatTable });
 *
 * The same table, byte for byte, from the same entries, with the same errors and the same
 * durability (a temporary file, synced, renamed, the folder synced). What changes is the work per
 * entry: the order check compares the entry with the one before it where they lie, and the data
 * block is written by FlatDataBlock (flat-data-block.ts), which makes no array per entry. A flush
 * and every compaction write each entry this way, about four times per entry in a random fill.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { DEFAULT_RESTART_INTERVAL } from '@ferris/06-block/format.ts';
import {
  DEFAULT_BLOCK_SIZE,
  encodeBlockHandle,
  encodeFooter,
  FILTER_KEY_PREFIX,
  MAX_BLOCK_SIZE,
  MIN_BLOCK_SIZE,
  TableOrderError,
  TEMP_SUFFIX,
  type BlockHandle,
} from '@ferris/07-sstable/format.ts';
import { compareEncodedKeys, TABLE_KIND_DELETE, TABLE_KIND_PUT } from '@ferris/07-sstable/table-key.ts';
import { cleanUp, type TableInfo, type TableWriterOptions } from '@ferris/07-sstable/table-writer.ts';
import { parentDir, type FileSystem } from '@support/fs.ts';
import { FlatDataBlock } from './flat-data-block.ts';

const EMPTY = new Uint8Array(0);

/** What the entries loop hands on to the end of the table. */
interface DataWritten {
  count: number;
  dataBlockCount: number;
  first: WalEntry | null;
  last: WalEntry | null;
  userKeys: Uint8Array[];
}

export async function writeFlatTable(
  fs: FileSystem,
  path: string,
  entries: Iterable<WalEntry>,
  options: TableWriterOptions = {},
): Promise<TableInfo> {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw new RangeError(
      `blockSize must be a whole number from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}, got ${String(blockSize)}.`,
    );
  }
  const block = new FlatDataBlock(options.restartInterval ?? DEFAULT_RESTART_INTERVAL);
  const index = new BlockBuilder({ restartInterval: 1, compare: compareEncodedKeys });
  const temp = path + TEMP_SUFFIX;
  // A temporary file left by a crash holds part of an earlier attempt: start afresh.
  if (await fs.exists(temp)) await fs.remove(temp);
  const file = await fs.openAppend(temp);
  let closed = false;
  try {
    let offset = 0;
    const append = async (block: Uint8Array): Promise<BlockHandle> => {
      await file.append(block);
      const handle = { offset, size: block.length };
      offset += block.length;
      return handle;
    };
    const data = await writeDataBlocks(entries, blockSize, block, append, index);
    const meta = new BlockBuilder({ restartInterval: 1 });
    const policy = options.filterPolicy;
    if (policy) meta.add(new TextEncoder().encode(FILTER_KEY_PREFIX + policy.name), policy.createFilter(data.userKeys));
    const metaHandle = await append(meta.finish());
    const indexHandle = await append(index.finish());
    await append(encodeFooter({ meta: metaHandle, index: indexHandle }));
    // Durable bytes first, then the name: a crash between the two leaves only the temporary file.
    await file.sync();
    await file.close();
    closed = true;
    await fs.rename(temp, path);
    await fs.syncDir(parentDir(path));
    return {
      path,
      fileSize: offset,
      entryCount: data.count,
      dataBlockCount: data.dataBlockCount,
      smallest: internalKeyOf(data.first),
      largest: internalKeyOf(data.last),
    };
  } catch (error) {
    await cleanUp(fs, file, closed, temp);
    throw error;
  }
}

/** Cuts the entries into data blocks, appends each and indexes it under its last key. */
async function writeDataBlocks(
  entries: Iterable<WalEntry>,
  blockSize: number,
  block: FlatDataBlock,
  append: (block: Uint8Array) => Promise<BlockHandle>,
  index: BlockBuilder,
): Promise<DataWritten> {
  const written: DataWritten = { count: 0, dataBlockCount: 0, first: null, last: null, userKeys: [] };
  const finishBlock = async (): Promise<void> => {
    const lastKey = block.lastKey();
    const handle = await append(block.finish());
    index.add(lastKey, encodeBlockHandle(handle).toBytes());
    written.dataBlockCount++;
  };
  let previous: WalEntry | null = null;
  for (const entry of entries) {
    const byKey = previous === null ? 1 : compareBytes(entry.key, previous.key);
    if (previous !== null && (byKey < 0 || (byKey === 0 && entry.sequence >= previous.sequence)))
      throw new TableOrderError(entry, previous, written.count);
    if (byKey !== 0) written.userKeys.push(entry.key);
    block.add(
      entry.key,
      entry.sequence,
      entry.value === null ? TABLE_KIND_DELETE : TABLE_KIND_PUT,
      entry.value ?? EMPTY,
    );
    written.first ??= entry;
    previous = entry;
    written.count++;
    if (block.estimatedSize() >= blockSize) await finishBlock();
  }
  if (block.entryCount > 0) await finishBlock();
  written.last = previous;
  return written;
}

function internalKeyOf(entry: WalEntry | null): InternalKey | null {
  return entry === null ? null : { userKey: entry.key, sequence: entry.sequence };
}
