/**
 * Lesson 03: the real disk, behind the course's `FileSystem` interface (support/fs.ts).
 *
 * Every durability promise of the interface is kept with a real fsync: `AppendFile.sync()` is
 * `FileHandle.sync()`, `truncate()` syncs the shortened file, and `syncDir()` opens the
 * directory itself and syncs it, which is what makes a new, renamed or removed name survive a
 * power cut on Linux.
 *
 * Your task: the methods marked TODO. Use the functions imported below from node:fs/promises
 * (the tests watch FileHandle.sync() and datasync() on handles from its `open`).
 */
import { open, readdir, readFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import nodePath from 'node:path';
import { FileNotFoundError } from '@support/fs.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** Whether a Node error means "no such file or directory". */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** A Uint8Array that is not a Buffer, so that results compare equal to plain arrays. */
export function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `FileSystem` over `node:fs/promises`, with every path taken relative to `root`. */
export class NodeFileSystem implements FileSystem {
  /** The directory every path is relative to (an absolute path is used as it is). */
  readonly root: string;

  constructor(root: string = process.cwd()) {
    this.root = nodePath.resolve(root);
  }

  /** The absolute path of a course path. Given. */
  resolve(path: string): string {
    return nodePath.resolve(this.root, path);
  }

  /**
   * Opens `path` with flag 'a' (every write lands at the end; the file is created if missing)
   * and returns a `NodeAppendFile` that knows the file's current size.
   * A missing directory (ENOENT) is a `FileNotFoundError`.
   */
  async openAppend(path: string): Promise<AppendFile> {
    // TODO: open(this.resolve(path), 'a'); turn ENOENT into FileNotFoundError(path).
    // TODO: the size the file already has: (await handle.stat()).size.
    // TODO: return new NodeAppendFile(path, handle, size).
    throw new NotImplemented('03-recovery', 'NodeFileSystem.openAppend()');
  }

  /** Opens an existing file for reads; `FileNotFoundError` if it is missing. */
  async openRead(path: string): Promise<ReadFile> {
    // TODO: open with flag 'r', turn ENOENT into FileNotFoundError, return a NodeReadFile.
    throw new NotImplemented('03-recovery', 'NodeFileSystem.openRead()');
  }

  /** The whole file as a plain Uint8Array; `FileNotFoundError` if it is missing. */
  async readFile(path: string): Promise<Uint8Array> {
    // TODO: readFile gives a Buffer: return plain(buffer).
    throw new NotImplemented('03-recovery', 'NodeFileSystem.readFile()');
  }

  /**
   * Shortens the file to `length` bytes and makes the new length durable. Throws RangeError if
   * `length` is not a whole number from 0 to the file's size (truncate never lengthens).
   */
  async truncate(path: string, length: number): Promise<void> {
    // TODO: open with 'r+' (FileNotFoundError if missing), check length against the size,
    // TODO: handle.truncate(length), then handle.sync(): the cut is not durable without it.
    // TODO: close the handle in a finally block.
    throw new NotImplemented('03-recovery', 'NodeFileSystem.truncate()');
  }

  /** Atomically renames `from` to `to`, replacing `to`; `FileNotFoundError` if `from` is missing. */
  async rename(from: string, to: string): Promise<void> {
    // TODO
    throw new NotImplemented('03-recovery', 'NodeFileSystem.rename()');
  }

  /** Removes a file (unlink); `FileNotFoundError` if it is missing. */
  async remove(path: string): Promise<void> {
    // TODO
    throw new NotImplemented('03-recovery', 'NodeFileSystem.remove()');
  }

  /** The names in `dir`, sorted; an empty list if `dir` is missing. */
  async list(dir: string): Promise<string[]> {
    // TODO: readdir, sorted. Do not rely on the order the OS gives.
    throw new NotImplemented('03-recovery', 'NodeFileSystem.list()');
  }

  /** Creates `dir` and its parents if missing. */
  async mkdir(dir: string): Promise<void> {
    // TODO: mkdir with { recursive: true }.
    throw new NotImplemented('03-recovery', 'NodeFileSystem.mkdir()');
  }

  /** fsync of the directory itself: makes creates, renames and removes in it durable. */
  async syncDir(dir: string): Promise<void> {
    // TODO: on Windows (process.platform === 'win32') a directory cannot be opened: return.
    // TODO: open the directory with flag 'r', handle.sync(), close it (in a finally block).
    throw new NotImplemented('03-recovery', 'NodeFileSystem.syncDir()');
  }

  /** Whether a file or directory exists at `path`. */
  async exists(path: string): Promise<boolean> {
    // TODO: stat; ENOENT means false; any other error is rethrown.
    throw new NotImplemented('03-recovery', 'NodeFileSystem.exists()');
  }
}

/** A file opened with flag 'a': every write lands at the end, whatever the position. */
export class NodeAppendFile implements AppendFile {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private currentSize: number,
  ) {}

  get size(): number {
    return this.currentSize;
  }

  /** Writes every byte (write() may write fewer than asked: loop), then counts them in size. */
  async append(bytes: Uint8Array): Promise<void> {
    // TODO: loop on this.handle.write(bytes, offset, length) until every byte is written.
    // TODO: this.currentSize += bytes.length.
    throw new NotImplemented('03-recovery', 'NodeAppendFile.append()');
  }

  /** fsync: every byte appended so far survives a power cut once this resolves. */
  async sync(): Promise<void> {
    // TODO: one line. Which FileHandle method asks the OS to put the bytes on the disk?
    throw new NotImplemented('03-recovery', 'NodeAppendFile.sync()');
  }

  async close(): Promise<void> {
    // TODO
    throw new NotImplemented('03-recovery', 'NodeAppendFile.close()');
  }
}

/** A file opened for random reads. */
export class NodeReadFile implements ReadFile {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /**
   * Exactly `length` bytes at `offset`. RangeError if the range is not inside the file.
   * read() may return fewer bytes than asked: loop until the range is filled.
   */
  async read(offset: number, length: number): Promise<Uint8Array> {
    // TODO: checkReadRange(this.path, offset, length, this.size) refuses a range outside the file; then loop on
    // TODO: this.handle.read(buffer, done, length - done, offset + done).
    throw new NotImplemented('03-recovery', 'NodeReadFile.read()');
  }

  async close(): Promise<void> {
    // TODO
    throw new NotImplemented('03-recovery', 'NodeReadFile.close()');
  }
}
