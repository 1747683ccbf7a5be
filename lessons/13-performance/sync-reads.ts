/**
 * Lesson 13: positioned reads without the thread pool. Given code.
 *
 * `FileHandle.read` sends every read to libuv's thread pool and resolves a promise when a worker
 * thread is done: tens of microseconds of hand-over for a 4 KiB read that the kernel answers from
 * its page cache in one or two. `syncReads` opens the files it reads with `fs.openSync` and reads
 * them with `fs.readSync` (pread): the read runs on the calling thread, and the promise `read()`
 * returns is already settled. LevelDB reads its tables the same way, with pread on the thread that
 * called Get.
 *
 * The price: while a read waits for a real disk, nothing else in the process runs. On a page
 * cache hit that is shorter than the hand-over it replaces; on a cold disk it is a stall of the
 * event loop. Only reads change: appends, syncs and renames still go through `fs`.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { FileNotFoundError, type FileSystem, type ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';
import { bind } from './compression.ts';

/** `fs` with reads made on the calling thread; any other file system is returned as it is. */
export function syncReads(fs: FileSystem): FileSystem {
  if (!(fs instanceof NodeFileSystem)) return fs;
  return { ...bind(fs), openRead: async (path) => SyncReadFile.open(fs, path) };
}

class SyncReadFile implements ReadFile {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
  ) {}

  static open(fs: NodeFileSystem, path: string): SyncReadFile {
    let fd: number;
    try {
      fd = openSync(fs.resolve(path), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(path);
      throw error;
    }
    return new SyncReadFile(path, fd, fstatSync(fd).size);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkReadRange(this.path, offset, length, this.size);
    if (this.closed) throw new Error(`read(${this.path}): the file is closed.`);
    // No zero-filling: every byte is read over below, and a miss is worth a few microseconds less.
    // A plain Uint8Array view (not the Buffer) keeps `slice()` a copy, as callers expect.
    const pooled = Buffer.allocUnsafe(length);
    const out = new Uint8Array(pooled.buffer, pooled.byteOffset, length);
    // pread may return fewer bytes than asked: loop until the range is filled.
    for (let done = 0; done < length; ) {
      const got = readSync(this.fd, out, done, length - done, offset + done);
      if (got === 0) throw new RangeError(`read(${this.path}): the file ended at ${offset + done} bytes`);
      done += got;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
