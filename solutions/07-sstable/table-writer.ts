/**
 * Lesson 07: writing a sorted table, atomically.
 *
 * The entries (a memtable's `entries()`, in internal-key order, tombstones included) are cut into
 * data blocks; then come the meta block (the filter), the index block, and the footer. The file is
 * written under a temporary name, synced, renamed into place, and the directory synced: after a
 * crash there is either no table at `path` or a complete one. format.ts has the layout.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { DEFAULT_RESTART_INTERVAL } from '@ferris/06-block/format.ts';
import { parentDir, type AppendFile, type FileSystem } from '@support/fs.ts';
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
  type FilterPolicy,
} from './format.ts';
import { compareEncodedKeys, encodeInternalKey, TABLE_KIND_DELETE, TABLE_KIND_PUT } from './table-key.ts';

export interface TableWriterOptions {
  /** Data blocks are finished once they reach this many bytes (MIN_BLOCK_SIZE..MAX_BLOCK_SIZE). Default 4096. */
  readonly blockSize?: number;
  /** The data blocks' restart interval (lesson 06). Default 16. */
  readonly restartInterval?: number;
  /** If given, a filter over the user keys is stored in the meta block. */
  readonly filterPolicy?: FilterPolicy;
}

/** What writeTable wrote. */
export interface TableInfo {
  readonly path: string;
  /** The table's size in bytes. */
  readonly fileSize: number;
  /** How many entries (versions, tombstones included) it holds. */
  readonly entryCount: number;
  readonly dataBlockCount: number;
  /** The first and last internal keys, or null for a table with no entries. */
  readonly smallest: InternalKey | null;
  readonly largest: InternalKey | null;
}

const EMPTY = new Uint8Array(0);

/**
 * Writes `entries` as a table at `path`. They must be in internal-key order, each version once,
 * or this throws TableOrderError (and leaves no file behind). Writes `<path>.tmp` first (removing
 * one left by an earlier crash), syncs it, renames it to `path` and syncs the directory, so the
 * table is durable when the promise resolves, and a crash before then leaves no table at `path`.
 */
export async function writeTable(
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
  const data = new BlockBuilder({
    restartInterval: options.restartInterval ?? DEFAULT_RESTART_INTERVAL,
    compare: compareEncodedKeys,
  });
  const index = new BlockBuilder({ restartInterval: 1, compare: compareEncodedKeys });
  const policy = options.filterPolicy;

  const temp = path + TEMP_SUFFIX;
  // A temporary file left by a crash holds part of an earlier attempt; appending to it would
  // put that garbage in front of this table.
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
    let dataBlockCount = 0;
    const finishDataBlock = async (): Promise<void> => {
      // The index key is the block's LAST key: every key in the block is <= it, every key
      // after the block is > it, so a seek for any target finds its block in the index.
      const lastKey = data.lastKeyAdded!;
      const handle = await append(data.finish());
      index.add(lastKey, encodeBlockHandle(handle).toBytes());
      dataBlockCount++;
    };

    let previous: WalEntry | null = null;
    let count = 0;
    const userKeys: Uint8Array[] = [];
    let smallest: InternalKey | null = null;
    for (const entry of entries) {
      if (previous !== null) {
        const order = compareInternalKeys(
          { userKey: entry.key, sequence: entry.sequence },
          { userKey: previous.key, sequence: previous.sequence },
        );
        if (order <= 0) throw new TableOrderError(entry, previous, count);
      }
      if (previous === null || compareBytes(entry.key, previous.key) !== 0) userKeys.push(entry.key);
      const kind = entry.value === null ? TABLE_KIND_DELETE : TABLE_KIND_PUT;
      data.add(encodeInternalKey(entry.key, entry.sequence, kind), entry.value ?? EMPTY);
      smallest ??= { userKey: entry.key, sequence: entry.sequence };
      previous = entry;
      count++;
      if (data.estimatedSize() >= blockSize) await finishDataBlock();
    }
    if (data.entryCount > 0) await finishDataBlock();

    const meta = new BlockBuilder({ restartInterval: 1 });
    if (policy) meta.add(new TextEncoder().encode(FILTER_KEY_PREFIX + policy.name), policy.createFilter(userKeys));
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
      entryCount: count,
      dataBlockCount,
      smallest,
      largest: previous === null ? null : { userKey: previous.key, sequence: previous.sequence },
    };
  } catch (error) {
    await cleanUp(fs, file, closed, temp);
    throw error;
  }
}

/** After a failure: close and remove the temporary file, without hiding the original error. */
export async function cleanUp(fs: FileSystem, file: AppendFile, closed: boolean, temp: string): Promise<void> {
  try {
    if (!closed) await file.close();
    if (await fs.exists(temp)) await fs.remove(temp);
  } catch {
    // The original error says what went wrong; a failed clean-up (after a crash, say) must not replace it.
  }
}
