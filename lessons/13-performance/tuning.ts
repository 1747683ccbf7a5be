/**
 * Lesson 13: everything of this lesson, put together for lesson 10's engine. Given code.
 *
 *   const { options, wrapFs } = performanceOptions();
 *   const db = await openDb(wrapFs(fs), 'db', { ...options, compaction: leveledCompaction() });
 *
 * - `wrapFs`: buffered appends (buffered-appends.ts) over reads on the calling thread
 *   (sync-reads.ts); with `compression: true`, compressed tables (compression.ts) on top.
 * - `options.blockCache`: the block cache (block-cache.ts) of decoded blocks, asked by lesson 07's
 *   reader before it reads; with pages on, behind PageBlocks (page-blocks.ts), which keeps the
 *   blocks over held pages beside them instead. Or, with `cache: 'bytes'`, a cache of bytes under
 *   the reader (`options.tableFileSystem`), to measure the difference.
 * - `options.commit`: group commit (group-commit.ts).
 * - `options.tableFileSystem`: tables held in memory page by page (table-pages.ts), within a budget.
 * - `options.memtable`: lesson 05's memtable with its versions in typed arrays (arena-skip-list.ts).
 * - `options.writeTable`: tables written without an object per entry (flat-table-writer.ts).
 * - `workerCompaction(root)`: lesson 12's compaction on a worker thread (worker-compaction.ts), for
 *   real files; not in `options`, because it needs the folder the engine's files are under.
 */
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import type { Block } from '@ferris/06-block/block.ts';
import type { FileSystem } from '@support/fs.ts';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { DEFAULT_RESTART_INTERVAL } from '@ferris/06-block/format.ts';
import { TABLE_KIND_PUT } from '@ferris/07-sstable/table-key.ts';
import { ArenaSkipList } from './arena-skip-list.ts';
import { BlockCache, cachedFileSystem, DEFAULT_CACHE_BYTES } from './block-cache.ts';
import { bufferedAppends, DEFAULT_BUFFER_BYTES } from './buffered-appends.ts';
import { compressedTables } from './compression.ts';
import { groupCommit } from './group-commit.ts';
import { PageBlocks } from './page-blocks.ts';
import { syncReads } from './sync-reads.ts';
import { FlatDataBlock } from './flat-data-block.ts';
import { writeFlatTable } from './flat-table-writer.ts';
import { DEFAULT_PAGED_BYTES, PageBudget, tablePages } from './table-pages.ts';
import { workerCompaction, type WorkerCompaction, type WorkerCompactionOptions } from './worker-compaction.ts';

export interface PerformanceSettings {
  /** Block cache capacity in bytes; 0 for none. Default 8 MiB. */
  readonly cacheBytes?: number;
  /** What the cache holds: decoded blocks (lesson 07's hook, the default) or the bytes read. */
  readonly cache?: 'decoded' | 'bytes';
  /**
   * Compress tables with deflate. Default false: measured, it made every workload slower here (the
   * README's table). Turn it on when disk space, or a disk slower than the CPU, matters more.
   */
  readonly compression?: boolean;
  /** Buffer log appends up to this many bytes; 0 for none. Default 64 KiB. */
  readonly appendBufferBytes?: number;
  /** Group commit. Default true. */
  readonly groupCommit?: boolean;
  /** Read tables with pread on the calling thread (sync-reads.ts; lesson 03's NodeFileSystem only). Default true. */
  readonly syncReads?: boolean;
  /** Hold table files in memory, in 64 KiB pages, up to this many bytes in all; 0 for none. Default 256 MiB. */
  readonly pagedBytes?: number;
  /** Memtables keep their versions in typed arrays (arena-skip-list.ts) instead of lesson 04's skip list. Default true. */
  readonly arenaMemtable?: boolean;
  /** Flushes and compactions write tables with writeFlatTable (flat-table-writer.ts) instead of lesson 07's writeTable. Default true. */
  readonly flatTables?: boolean;
}

export interface Performance {
  /** Options for openDb (merge with your own). */
  readonly options: DbOptions;
  /** Wraps the file system handed to openDb. */
  readonly wrapFs: (fs: FileSystem) => FileSystem;
  /** The cache, to read its hit counts (undefined without one). */
  readonly cache: BlockCache<Block> | BlockCache<Uint8Array> | undefined;
  /** What is on, in words. */
  readonly description: string;
  /**
   * Compaction on a worker thread (worker-compaction.ts) for an engine on these settings, whose
   * NodeFileSystem is rooted at `root`: the worker reads and writes tables as the engine does.
   */
  readonly workerCompaction: (
    root: string,
    options?: Omit<WorkerCompactionOptions, 'root' | 'performance'>,
  ) => WorkerCompaction;
}

/**
 * One set on a new ArenaSkipList: an unwritten one fails here, when the options are made, as the
 * other pieces' constructors do, instead of at the engine's first write.
 */
function tryArenaSkipList(): void {
  const key = { userKey: new Uint8Array(0), sequence: 0 };
  new ArenaSkipList({ initialNodes: 1, initialKeyBytes: 1 }).set(key, putEntry(0, key.userKey, key.userKey));
}

/** One block through a new FlatDataBlock: an unwritten one fails here, as tryArenaSkipList's does. */
function tryFlatDataBlock(): void {
  const block = new FlatDataBlock(DEFAULT_RESTART_INTERVAL);
  block.add(new Uint8Array(0), 0, TABLE_KIND_PUT, new Uint8Array(0));
  block.finish();
}

export function performanceOptions(settings: PerformanceSettings = {}): Performance {
  const cacheBytes = settings.cacheBytes ?? DEFAULT_CACHE_BYTES;
  const compression = settings.compression ?? false;
  const bufferBytes = settings.appendBufferBytes ?? DEFAULT_BUFFER_BYTES;
  const grouped = settings.groupCommit ?? true;
  const direct = settings.syncReads ?? true;
  const pagedBytes = settings.pagedBytes ?? DEFAULT_PAGED_BYTES;
  const decoded = (settings.cache ?? 'decoded') === 'decoded';
  const arena = settings.arenaMemtable ?? true;
  if (arena) tryArenaSkipList();
  const flat = settings.flatTables ?? true;
  if (flat) tryFlatDataBlock();
  const blocks = cacheBytes > 0 && decoded ? new BlockCache<Block>(cacheBytes) : undefined;
  const bytes = cacheBytes > 0 && !decoded ? new BlockCache<Uint8Array>(cacheBytes) : undefined;
  const words: string[] = [];
  if (cacheBytes > 0)
    words.push(`${Math.round(cacheBytes / 1024 / 1024)} MiB block cache (${decoded ? 'decoded blocks' : 'bytes'})`);
  if (compression) words.push('deflate tables');
  if (bufferBytes > 0) words.push(`${Math.round(bufferBytes / 1024)} KiB append buffer`);
  if (grouped) words.push('group commit');
  if (direct) words.push('reads on the calling thread');
  if (pagedBytes > 0) words.push(`tables held in memory up to ${Math.round(pagedBytes / 1024 / 1024)} MiB`);
  if (arena) words.push('memtables in typed arrays');
  if (flat) words.push('tables written without an object per entry');
  const pages = pagedBytes > 0 ? new PageBudget(pagedBytes) : undefined;
  // Bytes cached (cache: 'bytes') above the pages: a hit in that cache copies nothing.
  const tableFileSystem = (fs: FileSystem): FileSystem => {
    const paged = pages ? tablePages(fs, pages) : fs;
    return bytes ? cachedFileSystem(paged, bytes) : paged;
  };
  // Decoded blocks over held pages are kept beside their page, outside the LRU's byte budget.
  const blockCache = blocks && pages ? new PageBlocks(blocks, pages) : blocks;
  return {
    options: {
      ...(blockCache ? { blockCache } : {}),
      ...(bytes || pages ? { tableFileSystem } : {}),
      ...(grouped ? { commit: groupCommit() } : {}),
      ...(arena ? { memtable: () => new MemTable({ versions: new ArenaSkipList() }) } : {}),
      ...(flat ? { writeTable: writeFlatTable } : {}),
    },
    wrapFs: (fs) => {
      const reads = direct ? syncReads(fs) : fs;
      const buffered = bufferBytes > 0 ? bufferedAppends(reads, bufferBytes) : reads;
      return compression ? compressedTables(buffered) : buffered;
    },
    cache: blocks ?? bytes,
    description: words.join(', ') || 'nothing',
    workerCompaction: (root, options = {}) => workerCompaction({ ...options, root, performance: settings }),
  };
}
