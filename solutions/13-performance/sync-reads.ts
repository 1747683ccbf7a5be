/**
 * Lesson 13: positioned reads without the thread pool. Given code, except `ReadSlabs.take`
 * (README, "Your task", step 5).
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
 *
 * The bytes of each read are cut from a 64 KiB slab (`ReadSlabs`) instead of a new buffer per read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { FileNotFoundError, type FileSystem, type ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';
import { bind } from './compression.ts';

/** `fs` with reads made on the calling thread; any other file system is returned as it is. */
export function syncReads(fs: FileSystem): FileSystem {
  if (!(fs instanceof NodeFileSystem)) return fs;
  const slabs = new ReadSlabs();
  return { ...bind(fs), openRead: async (path) => SyncReadFile.open(fs, path, slabs) };
}

/** The size of one slab that read buffers are cut from. */
export const READ_SLAB_BYTES = 64 * 1024;

/**
 * Buffers for reads, cut one after another from a 64 KiB slab, as Node's Buffer pool cuts small
 * buffers from 8 KiB ones. A new ArrayBuffer per block read cost 13% of a scan here: each is an
 * allocation outside V8's heap that the collector must track. Cuts never overlap, so a caller
 * writing into one read's bytes changes no other. The price: a slab stays alive while any block
 * cut from it does, so a cache of blocks read at random can hold up to 16 times its budget.
 */
export class ReadSlabs {
  private slab = new ArrayBuffer(0);
  private used = 0;

  /** `length` bytes that no other cut shares. Not zero-filled: the read writes every one. */
  take(length: number): Uint8Array {
    // A read bigger than a quarter slab would waste the rest of it: it gets its own buffer.
    if (length > READ_SLAB_BYTES / 4) return plainView(Buffer.allocUnsafeSlow(length));
    if (this.used + length > this.slab.byteLength) {
      this.slab = Buffer.allocUnsafeSlow(READ_SLAB_BYTES).buffer;
      this.used = 0;
    }
    const out = new Uint8Array(this.slab, this.used, length);
    this.used += length;
    return out;
  }
}

/** A plain Uint8Array view of a Buffer's bytes: `slice()` on it copies, as callers expect. */
function plainView(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

class SyncReadFile implements ReadFile {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
    private readonly slabs: ReadSlabs,
  ) {}

  static open(fs: NodeFileSystem, path: string, slabs: ReadSlabs): SyncReadFile {
    let fd: number;
    try {
      fd = openSync(fs.resolve(path), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(path);
      throw error;
    }
    return new SyncReadFile(path, fd, fstatSync(fd).size, slabs);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkReadRange(this.path, offset, length, this.size);
    if (this.closed) throw new Error(`read(${this.path}): the file is closed.`);
    const out = this.slabs.take(length);
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
