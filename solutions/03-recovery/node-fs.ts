/**
 * Lesson 03: the real disk, behind the course's `FileSystem` interface (support/fs.ts).
 *
 * Every durability promise of the interface is kept with a real fsync: `AppendFile.sync()` is
 * `FileHandle.sync()`, `truncate()` syncs the shortened file, and `syncDir()` opens the
 * directory itself and syncs it, which is what makes a new, renamed or removed name survive a
 * power cut on Linux.
 */
import { open, readdir, readFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import nodePath from 'node:path';
import { FileNotFoundError } from '@support/fs.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';

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
    let handle: FileHandle;
    try {
      handle = await open(this.resolve(path), 'a');
    } catch (error) {
      // Opening for append creates the file, so ENOENT means its directory is missing.
      if (isNotFound(error)) throw new FileNotFoundError(path);
      throw error;
    }
    const { size } = await handle.stat();
    return new NodeAppendFile(path, handle, size);
  }

  /** Opens an existing file for reads; `FileNotFoundError` if it is missing. */
  async openRead(path: string): Promise<ReadFile> {
    let handle: FileHandle;
    try {
      handle = await open(this.resolve(path), 'r');
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(path);
      throw error;
    }
    const { size } = await handle.stat();
    return new NodeReadFile(path, handle, size);
  }

  /** The whole file as a plain Uint8Array; `FileNotFoundError` if it is missing. */
  async readFile(path: string): Promise<Uint8Array> {
    try {
      return plain(await readFile(this.resolve(path)));
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(path);
      throw error;
    }
  }

  /**
   * Shortens the file to `length` bytes and makes the new length durable. Throws RangeError if
   * `length` is not a whole number from 0 to the file's size (truncate never lengthens).
   */
  async truncate(path: string, length: number): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.resolve(path), 'r+');
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(path);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (!Number.isInteger(length) || length < 0 || length > size) {
        throw new RangeError(
          `truncate(${path}, ${length}): the length must be a whole number from 0 to the file's size (${size}); truncate only shortens.`,
        );
      }
      await handle.truncate(length);
      // The new length is durable only once the file is synced.
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Atomically renames `from` to `to`, replacing `to`; `FileNotFoundError` if `from` is missing. */
  async rename(from: string, to: string): Promise<void> {
    try {
      await rename(this.resolve(from), this.resolve(to));
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(from);
      throw error;
    }
  }

  /** Removes a file (unlink); `FileNotFoundError` if it is missing. */
  async remove(path: string): Promise<void> {
    try {
      await unlink(this.resolve(path));
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(path);
      throw error;
    }
  }

  /** The names in `dir`, sorted; an empty list if `dir` is missing. */
  async list(dir: string): Promise<string[]> {
    try {
      return (await readdir(this.resolve(dir))).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** Creates `dir` and its parents if missing. */
  async mkdir(dir: string): Promise<void> {
    await mkdir(this.resolve(dir), { recursive: true });
  }

  /** fsync of the directory itself: makes creates, renames and removes in it durable. */
  async syncDir(dir: string): Promise<void> {
    // Windows cannot open a directory as a file; its file system orders metadata itself.
    if (process.platform === 'win32') return;
    const handle = await open(this.resolve(dir), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Whether a file or directory exists at `path`. */
  async exists(path: string): Promise<boolean> {
    try {
      await stat(this.resolve(path));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
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
    let written = 0;
    // write() may write fewer bytes than asked; loop until all of them are in the file.
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    this.currentSize += bytes.length;
  }

  /** fsync: every byte appended so far survives a power cut once this resolves. */
  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
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
    checkReadRange(this.path, offset, length, this.size);
    const out = new Uint8Array(length);
    let done = 0;
    // read() may return fewer bytes than asked; loop until the range is filled.
    while (done < length) {
      const { bytesRead } = await this.handle.read(out, done, length - done, offset + done);
      if (bytesRead === 0) throw new RangeError(`read(${this.path}): the file ended at ${offset + done} bytes`);
      done += bytesRead;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
