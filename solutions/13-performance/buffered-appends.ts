/**
 * Lesson 13: a write buffer for appends. Lesson 10's engine appends every entry of a batch to
 * its log with its own `append` call; on the real disk each one is a system call. This wrapper
 * keeps appended bytes in memory and writes them in one go when the buffer is full, at sync()
 * and at close(). LevelDB's POSIX file, under its log writer, does the same with a 64 KiB buffer.
 *
 * Durability does not change: bytes were never durable before sync() resolved, and sync()
 * writes the buffer out BEFORE it syncs the file. What changes is visibility: bytes still in the
 * buffer are not in the file yet, so another reader of the same file does not see them. The
 * engine reads its logs only when it opens, after they were closed, so this is safe for it.
 */
import type { AppendFile, FileSystem } from '@support/fs.ts';
import { bind } from './compression.ts';

/** The default buffer: 64 KiB, like LevelDB's. */
export const DEFAULT_BUFFER_BYTES = 64 * 1024;

/** Wraps `fs` so that every file opened for appending buffers up to `bufferBytes`. */
export function bufferedAppends(fs: FileSystem, bufferBytes: number = DEFAULT_BUFFER_BYTES): FileSystem {
  if (!Number.isInteger(bufferBytes) || bufferBytes < 1)
    throw new RangeError(`bufferBytes must be a whole number of at least 1, got ${bufferBytes}.`);
  return {
    ...bind(fs),
    openAppend: async (path) => new BufferedAppendFile(await fs.openAppend(path), bufferBytes),
  };
}

export class BufferedAppendFile implements AppendFile {
  private readonly buffer: Uint8Array;
  /** Bytes waiting in `buffer`. */
  private pending = 0;

  constructor(
    private readonly file: AppendFile,
    bufferBytes: number,
  ) {
    this.buffer = new Uint8Array(bufferBytes);
  }

  get path(): string {
    return this.file.path;
  }

  /** The file's size, counting the bytes still in the buffer. */
  get size(): number {
    return this.file.size + this.pending;
  }

  async append(bytes: Uint8Array): Promise<void> {
    if (this.pending + bytes.length > this.buffer.length) await this.flush();
    if (bytes.length >= this.buffer.length) {
      await this.file.append(bytes);
      return;
    }
    this.buffer.set(bytes, this.pending);
    this.pending += bytes.length;
  }

  /** Writes the buffer to the file (not durable yet). */
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const bytes = this.buffer.slice(0, this.pending);
    this.pending = 0;
    await this.file.append(bytes);
  }

  async sync(): Promise<void> {
    await this.flush();
    await this.file.sync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.file.close();
  }
}
