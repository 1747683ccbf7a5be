/**
 * Lesson 13: compressed tables, as a file-system layer.
 *
 * Lesson 07's writer and reader have no place for a compression flag, and this course never
 * asks you to rewrite an earlier lesson's file. So compression goes one layer down: a wrapper of
 * the file system stores every table file (`*.sst` and `*.sst.tmp`) as independently compressed
 * chunks, and gives readers the uncompressed bytes back. The table code above it sees the same
 * bytes as before; only the disk sees fewer.
 *
 * A compressed table file, on disk:
 *
 *   chunk 0 .. chunk n-1   each: 1 flag byte (0 stored, 1 deflate-raw), then its bytes
 *   chunk index            n times: offset u32 LE, stored length u32 LE (flag byte included)
 *   trailer (16 bytes)     uncompressed size u32, chunk size u32, chunk count u32, magic "FZC1"
 *
 * Chunk i holds uncompressed bytes [i * chunkSize, (i + 1) * chunkSize). A chunk that does not
 * shrink is stored as it is (flag 0), so random data costs one byte a chunk, not more.
 *
 * The file is written once: appends are kept in memory and the compressed file is written by
 * the first sync() (or close). The table writer appends, syncs once and renames, so it fits.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';
import { CorruptionError } from '@support/corruption-error.ts';
import { NotImplemented } from '@support/not-implemented.ts';

export const CHUNK_STORED = 0;
export const CHUNK_DEFLATE = 1;
export const DEFAULT_CHUNK_BYTES = 16 * 1024;
export const TRAILER_BYTES = 16;
export const INDEX_ENTRY_BYTES = 8;
/** "FZC1": FerrisDB compressed, version 1. */
export const COMPRESSED_MAGIC = 0x31435a46;

export interface CompressionOptions {
  /** Uncompressed bytes per chunk (a read decompresses whole chunks). Default 16 KiB. */
  readonly chunkBytes?: number;
  /** zlib level, 1 (fast) to 9 (small). Default 1. */
  readonly level?: number;
}

/** The check a compressed file failed. */
export type CompressedCheck = 'too-short' | 'magic' | 'trailer' | 'flag' | 'inflate' | 'chunk-length';

/** A compressed file could not be read back: names the file, the place and the check. */
export class CorruptCompressedFileError extends CorruptionError<CompressedCheck> {
  override readonly name = 'CorruptCompressedFileError';
  declare readonly file: string;
  declare readonly offset: number;
  constructor(
    /** The compressed file (the same as `file`). */
    readonly path: string,
    offset: number,
    check: CompressedCheck,
    detail: string,
  ) {
    super(`Corrupt compressed table ${path} at byte ${offset} (${check}): ${detail}`, {
      file: path,
      offset,
      check,
      advice: 'The table must be rebuilt from a backup.',
    });
  }
}

/** Whether the wrapper compresses `path`: table files only. */
export function isTablePath(path: string): boolean {
  return path.endsWith('.sst') || path.endsWith('.sst.tmp');
}

/** Compresses one chunk: the flag byte, then deflate-raw bytes, or the bytes as they are if that is not smaller. */
export function encodeChunk(chunk: Uint8Array, level: number): Uint8Array {
  // TODO: deflateRawSync(chunk, { level }); keep it only if it is smaller than the chunk.
  // TODO: the flag byte first (CHUNK_DEFLATE or CHUNK_STORED), then the bytes.
  throw new NotImplemented('13-performance', 'encodeChunk()');
}

/** The uncompressed bytes of one stored chunk (flag byte first). */
export function decodeChunk(stored: Uint8Array, path: string, offset: number): Uint8Array {
  // TODO: read the flag byte: stored bytes as they are, deflated ones through inflateRawSync.
  // TODO: an inflate failure ('inflate') or an unknown flag ('flag') is a CorruptCompressedFileError.
  throw new NotImplemented('13-performance', 'decodeChunk()');
}

/** The whole compressed file for `data`. */
export function encodeCompressedFile(data: Uint8Array, chunkBytes: number, level: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += chunkBytes)
    chunks.push(encodeChunk(data.subarray(at, at + chunkBytes), level));
  const body = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(body + chunks.length * INDEX_ENTRY_BYTES + TRAILER_BYTES);
  const view = new DataView(out.buffer);
  let at = 0;
  let indexAt = body;
  for (const chunk of chunks) {
    out.set(chunk, at);
    view.setUint32(indexAt, at, true);
    view.setUint32(indexAt + 4, chunk.length, true);
    at += chunk.length;
    indexAt += INDEX_ENTRY_BYTES;
  }
  view.setUint32(indexAt, data.length, true);
  view.setUint32(indexAt + 4, chunkBytes, true);
  view.setUint32(indexAt + 8, chunks.length, true);
  view.setUint32(indexAt + 12, COMPRESSED_MAGIC, true);
  return out;
}

/** Wraps `fs` so that table files are stored compressed; every other file passes through. */
export function compressedTables(fs: FileSystem, options: CompressionOptions = {}): FileSystem {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const level = options.level ?? 1;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 64)
    throw new RangeError(`chunkBytes must be a whole number of at least 64, got ${chunkBytes}.`);
  return {
    ...bind(fs),
    async openAppend(path) {
      if (!isTablePath(path)) return fs.openAppend(path);
      return new CompressingAppendFile(await fs.openAppend(path), chunkBytes, level);
    },
    async openRead(path) {
      if (!isTablePath(path)) return fs.openRead(path);
      return CompressedReadFile.open(await fs.openRead(path));
    },
    async readFile(path) {
      if (!isTablePath(path)) return fs.readFile(path);
      const file = await this.openRead(path);
      try {
        return await file.read(0, file.size);
      } finally {
        await file.close();
      }
    },
  };
}

/** Every method of `fs`, bound to it (so that a wrapper can override some). */
export function bind(fs: FileSystem): FileSystem {
  return {
    openAppend: (path) => fs.openAppend(path),
    openRead: (path) => fs.openRead(path),
    readFile: (path) => fs.readFile(path),
    truncate: (path, length) => fs.truncate(path, length),
    rename: (from, to) => fs.rename(from, to),
    remove: (path) => fs.remove(path),
    list: (dir) => fs.list(dir),
    mkdir: (dir) => fs.mkdir(dir),
    syncDir: (dir) => fs.syncDir(dir),
    exists: (path) => fs.exists(path),
  };
}

class CompressingAppendFile implements AppendFile {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  private written = false;

  constructor(
    private readonly file: AppendFile,
    private readonly chunkBytes: number,
    private readonly level: number,
  ) {
    if (file.size !== 0)
      throw new Error(
        `${file.path} already has ${file.size} bytes; a compressed table is written once, into a new file.`,
      );
  }

  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.length;
  }

  async append(bytes: Uint8Array): Promise<void> {
    if (this.written)
      throw new Error(`${this.path}: a compressed table is written once; append after sync() is not supported.`);
    this.parts.push(Uint8Array.from(bytes));
    this.length += bytes.length;
  }

  async sync(): Promise<void> {
    if (!this.written) {
      const data = new Uint8Array(this.length);
      let at = 0;
      for (const part of this.parts) {
        data.set(part, at);
        at += part.length;
      }
      this.parts.length = 0;
      this.written = true;
      await this.file.append(encodeCompressedFile(data, this.chunkBytes, this.level));
    }
    await this.file.sync();
  }

  async close(): Promise<void> {
    if (!this.written) await this.sync();
    await this.file.close();
  }
}

class CompressedReadFile implements ReadFile {
  private constructor(
    private readonly file: ReadFile,
    readonly size: number,
    private readonly chunkBytes: number,
    private readonly index: DataView,
  ) {}

  get path(): string {
    return this.file.path;
  }

  static async open(file: ReadFile): Promise<CompressedReadFile> {
    const path = file.path;
    if (file.size < TRAILER_BYTES)
      throw new CorruptCompressedFileError(
        path,
        0,
        'too-short',
        `the file has ${file.size} bytes, less than its ${TRAILER_BYTES}-byte trailer.`,
      );
    const trailerAt = file.size - TRAILER_BYTES;
    const trailer = new DataView((await file.read(trailerAt, TRAILER_BYTES)).slice().buffer);
    if (trailer.getUint32(12, true) !== COMPRESSED_MAGIC)
      throw new CorruptCompressedFileError(
        path,
        trailerAt + 12,
        'magic',
        'the magic number is wrong: not a compressed table.',
      );
    const size = trailer.getUint32(0, true);
    const chunkBytes = trailer.getUint32(4, true);
    const count = trailer.getUint32(8, true);
    const indexBytes = count * INDEX_ENTRY_BYTES;
    if (chunkBytes === 0 || count !== Math.ceil(size / chunkBytes) || indexBytes > trailerAt) {
      throw new CorruptCompressedFileError(
        path,
        trailerAt,
        'trailer',
        `the trailer (size ${size}, chunk ${chunkBytes}, ${count} chunks) does not fit the file.`,
      );
    }
    const index = new DataView((await file.read(trailerAt - indexBytes, indexBytes)).slice().buffer);
    return new CompressedReadFile(file, size, chunkBytes, index);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    // TODO: checkReadRange(this.path, offset, length, this.size): the range must be inside the uncompressed size.
    // TODO: for each chunk the range touches: its index entry, read the stored bytes,
    // decodeChunk, check its length, and copy the part of it the range wants.
    throw new NotImplemented('13-performance', 'CompressedReadFile.read()');
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
