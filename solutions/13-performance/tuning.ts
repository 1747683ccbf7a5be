/**
 * Lesson 13: everything of this lesson, put together for lesson 10's engine. Given code.
 *
 *   const { options, wrapFs } = performanceOptions();
 *   const db = await openDb(wrapFs(fs), 'db', { ...options, compaction: leveledCompaction() });
 *
 * - `wrapFs`: compressed tables (compression.ts) over buffered appends (buffered-appends.ts).
 * - `options.tableFileSystem`: the block cache (block-cache.ts) over what tables are read through.
 * - `options.commit`: group commit (group-commit.ts).
 */
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import type { FileSystem } from '@support/fs.ts';
import { BlockCache, cachedFileSystem, DEFAULT_CACHE_BYTES } from './block-cache.ts';
import { bufferedAppends, DEFAULT_BUFFER_BYTES } from './buffered-appends.ts';
import { compressedTables } from './compression.ts';
import { groupCommit } from './group-commit.ts';

export interface PerformanceSettings {
  /** Block cache capacity in bytes; 0 for none. Default 8 MiB. */
  readonly cacheBytes?: number;
  /** Compress tables with deflate. Default true. */
  readonly compression?: boolean;
  /** Buffer log appends up to this many bytes; 0 for none. Default 64 KiB. */
  readonly appendBufferBytes?: number;
  /** Group commit. Default true. */
  readonly groupCommit?: boolean;
}

export interface Performance {
  /** Options for openDb (merge with your own). */
  readonly options: DbOptions;
  /** Wraps the file system handed to openDb. */
  readonly wrapFs: (fs: FileSystem) => FileSystem;
  /** The cache, to read its hit counts (undefined without one). */
  readonly cache: BlockCache | undefined;
  /** What is on, in words. */
  readonly description: string;
}

export function performanceOptions(settings: PerformanceSettings = {}): Performance {
  const cacheBytes = settings.cacheBytes ?? DEFAULT_CACHE_BYTES;
  const compression = settings.compression ?? true;
  const bufferBytes = settings.appendBufferBytes ?? DEFAULT_BUFFER_BYTES;
  const grouped = settings.groupCommit ?? true;
  const cache = cacheBytes > 0 ? new BlockCache(cacheBytes) : undefined;
  const words: string[] = [];
  if (cache) words.push(`${Math.round(cacheBytes / 1024 / 1024)} MiB block cache`);
  if (compression) words.push('deflate tables');
  if (bufferBytes > 0) words.push(`${Math.round(bufferBytes / 1024)} KiB append buffer`);
  if (grouped) words.push('group commit');
  return {
    options: {
      ...(cache ? { tableFileSystem: (fs: FileSystem) => cachedFileSystem(fs, cache) } : {}),
      ...(grouped ? { commit: groupCommit() } : {}),
    },
    wrapFs: (fs) => {
      const buffered = bufferBytes > 0 ? bufferedAppends(fs, bufferBytes) : fs;
      return compression ? compressedTables(buffered) : buffered;
    },
    cache,
    description: words.join(', ') || 'nothing',
  };
}
