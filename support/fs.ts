/**
 * The file-system interface every piece of FerrisDB that touches disk is written against.
 *
 * Two implementations exist: one over Node's `fs/promises` (the real disk) and a simulated one
 * that can crash, deterministically from a seed. Code written against this interface runs on
 * both, so the same test can check it against a crash and against the real thing.
 *
 * Durability rules (the same for both implementations, and the same as POSIX with fsync):
 * - Bytes appended to a file survive a crash only after `sync()` on that file has resolved.
 * - A new name in a directory (a created, renamed or removed file) survives a crash only after
 *   `syncDir()` on that directory has resolved.
 * - `truncate()` and `writeFileAtomic`-style sequences are built from these; nothing else is
 *   durable by accident.
 *
 * Paths are POSIX-style strings ("db/000001.log"); directories are created with `mkdir`.
 */
export interface FileSystem {
  /** Opens `path` for appending, creating an empty file if it does not exist. */
  openAppend(path: string): Promise<AppendFile>;
  /** Opens an existing file for random reads. Throws `FileNotFoundError` if it is missing. */
  openRead(path: string): Promise<ReadFile>;
  /** Reads a whole file. Throws `FileNotFoundError` if it is missing. */
  readFile(path: string): Promise<Uint8Array>;
  /** Cuts the file to `length` bytes and makes the new length durable (ftruncate + fsync). */
  truncate(path: string, length: number): Promise<void>;
  /** Atomically renames `from` to `to`, replacing `to`. Durable after `syncDir` of the parent. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file. Durable after `syncDir` of the parent. */
  remove(path: string): Promise<void>;
  /** The names (not paths) of the files in `dir`, sorted. An empty list if `dir` is missing. */
  list(dir: string): Promise<string[]>;
  /** Creates `dir` and its parents if missing. */
  mkdir(dir: string): Promise<void>;
  /** fsync of a directory: makes every create, rename and remove in it durable. */
  syncDir(dir: string): Promise<void>;
  /** Whether a file exists at `path`. */
  exists(path: string): Promise<boolean>;
}

/** A file opened for appending. */
export interface AppendFile {
  readonly path: string;
  /** The file's size in bytes, including what was there before it was opened. */
  readonly size: number;
  /** Appends bytes at the end. They are not durable until `sync()` resolves. */
  append(bytes: Uint8Array): Promise<void>;
  /** fsync: every byte appended so far survives a crash once this resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A file opened for random reads. */
export interface ReadFile {
  readonly path: string;
  /**
   * The file's size when it was opened, fixed from then on (as POSIX fstat at open time):
   * bytes appended later by another handle are not part of this reader's file.
   */
  readonly size: number;
  /**
   * Reads exactly `length` bytes at `offset`. Throws `RangeError` (checkReadRange's
   * `ReadOutOfRangeError`) if the range is not inside `size`: a reader must never read outside
   * the file it was given.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A file that was expected to exist does not. */
export class FileNotFoundError extends Error {
  override readonly name = 'FileNotFoundError';
  constructor(readonly path: string) {
    super(`File not found: ${path}. Check the path, or create the file before reading it.`);
  }
}

/** The parent directory of a POSIX-style path ("" for a bare name). */
export function parentDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
