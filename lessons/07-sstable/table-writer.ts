/**
 * Lesson 07: writing a sorted table, atomically.
 *
 * The entries (a memtable's `entries()`, in internal-key order, tombstones included) are cut into
 * data blocks; then come the meta block (the filter), the index block, and the footer. The file is
 * written under a temporary name, synced, renamed into place, and the directory synced: after a
 * crash there is either no table at `path` or a complete one. format.ts has the layout.
 *
 * Your task: write writeTable(). cleanUp() is given. README.md explains each rule; the tests
 * check each one (npm run lesson -- 07).
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { DEFAULT_RESTART_INTERVAL } from '@ferris/06-block/format.ts';
import { parentDir, type AppendFile, type FileSystem } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';
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
  // TODO: check blockSize (options.blockSize ?? DEFAULT_BLOCK_SIZE): a whole number from
  //       MIN_BLOCK_SIZE to MAX_BLOCK_SIZE, or a RangeError.
  // TODO: two BlockBuilders (lesson 06), both ordered by compareEncodedKeys: the data block
  //       (restartInterval from the options) and the index block (restart interval 1).
  // TODO: the temporary file is path + TEMP_SUFFIX. If one exists (a crash left it), remove it
  //       first: openAppend would append to it. Then open it for appending.
  // TODO: for each entry: refuse it with TableOrderError unless it sorts strictly after the
  //       previous one by compareInternalKeys (across blocks too); remember each user key once
  //       (for the filter); add encodeInternalKey(key, sequence, TABLE_KIND_PUT or TABLE_KIND_DELETE) with the
  //       value (an empty array for a delete); once data.estimatedSize() reaches blockSize, finish
  //       the block: append it, and add (its LAST key -> its handle) to the index block.
  // TODO: finish the last data block if it has entries; then append the meta block (with the
  //       filter under FILTER_KEY_PREFIX + policy.name if there is a policy), the index block,
  //       and encodeFooter({ meta, index }). Keep track of each block's offset and size.
  // TODO: make it durable and visible, in this order: sync the file, close it, rename it to
  //       path, syncDir(parentDir(path)).
  // TODO: if anything throws, call cleanUp(fs, file, closed, temp) and rethrow.
  // TODO: return the TableInfo.
  throw new NotImplemented('07-sstable', 'writeTable()');
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
