/**
 * A simulated file system that can crash, deterministically from a seed.
 *
 * It implements the same `FileSystem` interface as the real disk (support/fs.ts), keeps every
 * file in memory, and remembers, for every file and every directory, what is durable and what
 * is not yet. `crash()` then does what a power cut does to a real machine:
 *
 * - Every byte a file had when `sync()` (or `truncate()`) last resolved survives.
 * - Of the bytes appended after that, a crash keeps a prefix: none, all, up to a write boundary,
 *   or up to a point inside a write (a torn write). Unsynced writes reach the "disk" in the order
 *   they were made, so only the LAST write a crash keeps can be torn, and only that write can
 *   come back damaged (a byte of it flipped). This is the disk model that LevelDB and RocksDB
 *   assume for their logs; `flipBit` injects any other damage on purpose.
 * - Every create, rename and remove in a directory survives once `syncDir()` of that directory
 *   has resolved. Of the changes made after that, a crash keeps a prefix, in order (a journaled
 *   file system commits metadata in order). A file whose name is lost is gone, even if its bytes
 *   were synced: that is why a new file needs `syncDir` of its parent.
 * - Handles opened before the crash stop working: using one throws `StaleHandleError`.
 *
 * Simplifications, on purpose: directories made by `mkdir` are durable at once; there is one
 * crash model for every file; nothing is slow. The same seed and the same calls give the same
 * outcome, so a failing test replays exactly.
 */
import { FileNotFoundError, parentDir } from './fs.ts';
import type { AppendFile, FileSystem, ReadFile } from './fs.ts';
import { randomInt, seededRandom } from './random.ts';
import type { RandomSource } from './random.ts';
import { checkReadRange } from './read-range.ts';

/** What a crash does to data and names that were not made durable. */
export interface CrashModel {
  /**
   * How many unsynced bytes of each file survive.
   * - 'random' (default): per file, one of the four below, each with chance 1/4.
   * - 'none': every unsynced byte is lost.
   * - 'all': every unsynced byte survives (as if the disk had written it all just in time).
   * - 'boundary': a random number of whole unsynced writes survive.
   * - 'torn': a random number of whole writes, then part of the next one (a torn write).
   */
  readonly unsyncedBytes?: 'random' | 'none' | 'all' | 'boundary' | 'torn';
  /**
   * The chance, per file that keeps some unsynced bytes, that the last write it keeps comes back
   * with one byte changed. Default 0.25. 0 turns damage off.
   */
  readonly damageProbability?: number;
  /**
   * What happens to directory changes (create, rename, remove) not yet made durable by
   * `syncDir`. 'random' (default) keeps a random prefix of them per directory; 'none' loses them
   * all; 'all' keeps them all.
   */
  readonly unsyncedNames?: 'random' | 'none' | 'all';
}

export interface SimulatedFileSystemOptions {
  /** The seed of every random choice a crash makes. Same seed, same calls: same outcome. */
  readonly seed: number;
  /** The default crash model; `crash(model)` may override it for one crash. */
  readonly crash?: CrashModel;
}

/** What one crash did to one file, for failure messages and for tests of the simulator. */
export interface FileCrashReport {
  readonly path: string;
  /** Bytes that were durable before the crash (all kept). */
  readonly durableBytes: number;
  /** Unsynced bytes before the crash. */
  readonly unsyncedBytes: number;
  /** Unsynced bytes the crash kept. */
  readonly keptBytes: number;
  /** Whether the crash cut a write in the middle. */
  readonly torn: boolean;
  /** The offset of the byte the crash damaged, if it damaged one. */
  readonly damagedOffset: number | null;
}

export interface CrashReport {
  /** Every file that exists after the crash, in path order. */
  readonly files: FileCrashReport[];
  /** Paths that existed before the crash and do not after (an unsynced create was lost). */
  readonly lostPaths: string[];
  /** Paths that exist after the crash and did not before (an unsynced remove or rename was lost). */
  readonly revivedPaths: string[];
}

/** A handle was used after a crash (or after close). Open the file again. */
export class StaleHandleError extends Error {
  override readonly name = 'StaleHandleError';
  constructor(
    readonly path: string,
    why: 'crash' | 'closed',
  ) {
    super(
      why === 'crash'
        ? `The handle of ${path} was opened before a simulated crash; a crash ends every open file. Open the file again after recovery.`
        : `The handle of ${path} is closed; open the file again to use it.`,
    );
  }
}

/** A directory the call needs does not exist. Create it with `mkdir` first. */
export class DirectoryNotFoundError extends FileNotFoundError {
  constructor(
    readonly dir: string,
    forPath: string,
  ) {
    super(forPath);
    this.message = `Directory not found: ${dir === '' ? '(root)' : dir}, needed for ${forPath}. Create it with mkdir first.`;
  }
}

/** One file's bytes: the first `durableLength` are durable, the rest are not yet. */
class Inode {
  buffer = new Uint8Array(64);
  length = 0;
  durableLength = 0;
  /** Lengths of the appends made since the last sync, in order; they sum to length - durableLength. */
  pendingWrites: number[] = [];

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const needed = this.length + bytes.length;
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.bytes());
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length = needed;
    this.pendingWrites.push(bytes.length);
  }

  sync(): void {
    this.durableLength = this.length;
    this.pendingWrites = [];
  }

  cut(length: number): void {
    this.buffer.fill(0, length, this.length);
    this.length = length;
  }
}

/** A change of one directory made by one call: each pair binds a name (null removes it). */
type NameChange = ReadonlyArray<readonly [string, Inode | null]>;

class Directory {
  current = new Map<string, Inode>();
  durable = new Map<string, Inode>();
  pending: NameChange[] = [];

  change(change: NameChange): void {
    for (const [name, inode] of change) {
      if (inode) this.current.set(name, inode);
      else this.current.delete(name);
    }
    this.pending.push(change);
  }

  sync(): void {
    this.durable = new Map(this.current);
    this.pending = [];
  }
}

/** Splits a POSIX-style path into its directory and name, dropping empty and "." parts. */
function normalize(path: string): string {
  if (typeof path !== 'string') throw new TypeError(`A path must be a string, got ${typeof path}`);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new RangeError(`The simulated file system does not follow "..": ${path}`);
  return parts.join('/');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The simulated disk. See the file comment for what a crash does. */
export class SimulatedFileSystem implements FileSystem {
  private readonly random: RandomSource;
  private readonly model: CrashModel;
  private readonly dirs = new Map<string, Directory>([['', new Directory()]]);
  /** Bumped by every crash; a handle from an older generation is stale. */
  private generation = 0;

  /** How many times `sync()` resolved on any file. */
  syncCount = 0;
  /** How many times `syncDir()` resolved. */
  dirSyncCount = 0;
  /** How many times `append()` resolved on any file. */
  appendCount = 0;
  /** How many bytes were appended to any file. */
  appendedBytes = 0;
  /** How many times `truncate()` resolved. */
  truncateCount = 0;
  /** How many crashes happened. */
  crashCount = 0;

  constructor(options: SimulatedFileSystemOptions) {
    if (!options || !Number.isInteger(options.seed)) {
      throw new RangeError('new SimulatedFileSystem({ seed }) needs an integer seed, so that crashes replay.');
    }
    this.random = seededRandom(options.seed);
    this.model = options.crash ?? {};
    const p = this.model.damageProbability;
    if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError(`damageProbability must be in [0, 1], got ${p}`);
  }

  // ---- the FileSystem interface -------------------------------------------------------------

  async openAppend(path: string): Promise<AppendFile> {
    const p = normalize(path);
    const dir = this.dirOf(p);
    let inode = dir.current.get(baseName(p));
    if (!inode) {
      if (this.dirs.has(p)) throw new RangeError(`${p} is a directory, not a file`);
      inode = new Inode();
      dir.change([[baseName(p), inode]]);
    }
    return new SimAppendFile(this, p, inode, this.generation);
  }

  async openRead(path: string): Promise<ReadFile> {
    const p = normalize(path);
    return new SimReadFile(this, p, this.inodeOf(p), this.generation);
  }

  async readFile(path: string): Promise<Uint8Array> {
    return Uint8Array.from(this.inodeOf(normalize(path)).bytes());
  }

  async truncate(path: string, length: number): Promise<void> {
    const p = normalize(path);
    const inode = this.inodeOf(p);
    if (!Number.isInteger(length) || length < 0 || length > inode.length) {
      throw new RangeError(
        `truncate(${p}, ${length}): the length must be a whole number from 0 to the file's size (${inode.length}); truncate only shortens.`,
      );
    }
    inode.cut(length);
    inode.sync();
    this.truncateCount++;
  }

  async rename(from: string, to: string): Promise<void> {
    const f = normalize(from);
    const t = normalize(to);
    const inode = this.inodeOf(f);
    if (f === t) return;
    if (this.dirs.has(t)) throw new RangeError(`rename(${f}, ${t}): ${t} is a directory`);
    const fromDir = this.dirOf(f);
    const toDir = this.dirOf(t);
    if (fromDir === toDir) {
      // One directory: the rename is one atomic change, durable or lost as a whole.
      fromDir.change([
        [baseName(f), null],
        [baseName(t), inode],
      ]);
    } else {
      // Two directories: each must be synced; a crash may keep either change without the other.
      toDir.change([[baseName(t), inode]]);
      fromDir.change([[baseName(f), null]]);
    }
  }

  async remove(path: string): Promise<void> {
    const p = normalize(path);
    this.inodeOf(p);
    this.dirOf(p).change([[baseName(p), null]]);
  }

  async list(dir: string): Promise<string[]> {
    const d = normalize(dir);
    const directory = this.dirs.get(d);
    if (!directory) return [];
    const names = new Set(directory.current.keys());
    const prefix = d === '' ? '' : `${d}/`;
    for (const sub of this.dirs.keys()) {
      if (sub !== d && sub.startsWith(prefix) && !sub.slice(prefix.length).includes('/')) {
        names.add(sub.slice(prefix.length));
      }
    }
    return [...names].sort();
  }

  async mkdir(dir: string): Promise<void> {
    const d = normalize(dir);
    const parts = d === '' ? [] : d.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (this.dirs.has(sub)) continue;
      if (this.dirs.get(parentDir(sub))?.current.has(baseName(sub))) {
        throw new RangeError(`mkdir(${d}): ${sub} is a file`);
      }
      this.dirs.set(sub, new Directory());
    }
  }

  async syncDir(dir: string): Promise<void> {
    const d = normalize(dir);
    const directory = this.dirs.get(d);
    if (!directory) throw new DirectoryNotFoundError(d, d);
    directory.sync();
    this.dirSyncCount++;
  }

  async exists(path: string): Promise<boolean> {
    const p = normalize(path);
    if (this.dirs.has(p)) return true;
    return this.dirs.get(parentDir(p))?.current.has(baseName(p)) ?? false;
  }

  // ---- crashes ------------------------------------------------------------------------------

  /**
   * A power cut: applies the crash model (see the file comment) to every file and directory,
   * makes what survived durable, and ends every open handle. Returns what happened to each file.
   */
  crash(model: CrashModel = {}): CrashReport {
    const m: Required<CrashModel> = {
      unsyncedBytes: model.unsyncedBytes ?? this.model.unsyncedBytes ?? 'random',
      damageProbability: model.damageProbability ?? this.model.damageProbability ?? 0.25,
      unsyncedNames: model.unsyncedNames ?? this.model.unsyncedNames ?? 'random',
    };
    const before = new Set(this.filePaths());

    // Names first: which files still exist after the crash.
    for (const directory of this.dirs.values()) {
      const pending = directory.pending;
      const keep =
        m.unsyncedNames === 'all'
          ? pending.length
          : m.unsyncedNames === 'none'
            ? 0
            : randomInt(this.random, pending.length + 1);
      const survived = new Map(directory.durable);
      for (const change of pending.slice(0, keep)) {
        for (const [name, inode] of change) {
          if (inode) survived.set(name, inode);
          else survived.delete(name);
        }
      }
      directory.current = survived;
      directory.sync();
    }

    // Then bytes, once per file (a file may have two names after a half-kept rename).
    const files: FileCrashReport[] = [];
    const done = new Set<Inode>();
    for (const path of this.filePaths()) {
      const inode = this.inodeOf(path);
      if (done.has(inode)) continue;
      done.add(inode);
      files.push(this.crashFile(path, inode, m));
    }

    this.generation++;
    this.crashCount++;
    const after = new Set(this.filePaths());
    return {
      files,
      lostPaths: [...before].filter((p) => !after.has(p)),
      revivedPaths: [...after].filter((p) => !before.has(p)),
    };
  }

  private crashFile(path: string, inode: Inode, m: Required<CrashModel>): FileCrashReport {
    const durableBytes = inode.durableLength;
    const unsyncedBytes = inode.length - durableBytes;
    const writes = inode.pendingWrites;
    let kind = m.unsyncedBytes;
    if (kind === 'random') kind = (['none', 'all', 'boundary', 'torn'] as const)[randomInt(this.random, 4)]!;

    // Which writes survive whole, and how much of the next one.
    let whole = 0;
    let partial = 0;
    if (kind === 'all') whole = writes.length;
    else if (kind === 'boundary') whole = randomInt(this.random, writes.length + 1);
    else if (kind === 'torn' && writes.length > 0) {
      whole = randomInt(this.random, writes.length);
      const next = writes[whole]!;
      partial = next > 1 ? 1 + randomInt(this.random, next - 1) : 0;
    }
    let kept = 0;
    for (let i = 0; i < whole; i++) kept += writes[i]!;
    // The last write that (partly) survives: only it may be damaged.
    const lastStart = partial > 0 ? kept : whole > 0 ? kept - writes[whole - 1]! : kept;
    kept += partial;

    let damagedOffset: number | null = null;
    if (kept > 0 && this.random() < m.damageProbability) {
      damagedOffset = durableBytes + lastStart + randomInt(this.random, kept - lastStart);
      inode.buffer[damagedOffset]! ^= 1 + randomInt(this.random, 255);
    }
    inode.cut(durableBytes + kept);
    inode.sync();
    return { path, durableBytes, unsyncedBytes, keptBytes: kept, torn: partial > 0, damagedOffset };
  }

  // ---- fault injection and inspection, for tests ----------------------------------------------

  /**
   * Flips one bit of a file, durable or not: bit `bitIndex % 8` of byte `floor(bitIndex / 8)`.
   * This is damage no crash causes (a bad sector, a bug elsewhere): recovery must report it.
   */
  flipBit(path: string, bitIndex: number): void {
    const p = normalize(path);
    const inode = this.inodeOf(p);
    if (!Number.isInteger(bitIndex) || bitIndex < 0 || bitIndex >= inode.length * 8) {
      throw new RangeError(`flipBit(${p}, ${bitIndex}): the file has ${inode.length * 8} bits`);
    }
    inode.buffer[bitIndex >>> 3]! ^= 1 << (bitIndex & 7);
  }

  /** How many bytes of the file are durable: they survive any crash (if its name does). */
  durableSize(path: string): number {
    return this.inodeOf(normalize(path)).durableLength;
  }

  /** The file's current size, durable or not. */
  size(path: string): number {
    return this.inodeOf(normalize(path)).length;
  }

  /** Whether the file's name is durable in its directory (it survives a crash). */
  isNameDurable(path: string): boolean {
    const p = normalize(path);
    const directory = this.dirs.get(parentDir(p));
    const inode = directory?.current.get(baseName(p));
    return inode !== undefined && directory!.durable.get(baseName(p)) === inode;
  }

  /** Every file path, sorted. */
  filePaths(): string[] {
    const paths: string[] = [];
    for (const [d, directory] of this.dirs) {
      for (const name of directory.current.keys()) paths.push(d === '' ? name : `${d}/${name}`);
    }
    return paths.sort();
  }

  // ---- internals shared with the handles ----------------------------------------------------

  /** @internal */
  checkHandle(path: string, generation: number, closed: boolean): void {
    if (generation !== this.generation) throw new StaleHandleError(path, 'crash');
    if (closed) throw new StaleHandleError(path, 'closed');
  }

  /** @internal */
  countAppend(bytes: number): void {
    this.appendCount++;
    this.appendedBytes += bytes;
  }

  /** @internal */
  countSync(): void {
    this.syncCount++;
  }

  private dirOf(path: string): Directory {
    const d = parentDir(path);
    const directory = this.dirs.get(d);
    if (!directory) throw new DirectoryNotFoundError(d, path);
    return directory;
  }

  private inodeOf(path: string): Inode {
    const inode = this.dirs.get(parentDir(path))?.current.get(baseName(path));
    if (!inode) throw new FileNotFoundError(path);
    return inode;
  }
}

class SimAppendFile implements AppendFile {
  private closed = false;

  constructor(
    private readonly fs: SimulatedFileSystem,
    readonly path: string,
    private readonly inode: Inode,
    private readonly generation: number,
  ) {}

  get size(): number {
    this.fs.checkHandle(this.path, this.generation, this.closed);
    return this.inode.length;
  }

  async append(bytes: Uint8Array): Promise<void> {
    this.fs.checkHandle(this.path, this.generation, this.closed);
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`append(${this.path}): expected a Uint8Array`);
    this.inode.append(bytes);
    this.fs.countAppend(bytes.length);
  }

  async sync(): Promise<void> {
    this.fs.checkHandle(this.path, this.generation, this.closed);
    this.inode.sync();
    this.fs.countSync();
  }

  /** Closing twice, or closing a handle a crash ended, is allowed and does nothing. */
  async close(): Promise<void> {
    this.closed = true;
  }
}

class SimReadFile implements ReadFile {
  private closed = false;
  /** Fixed at open, like fstat on a real file descriptor (see ReadFile in fs.ts). */
  private readonly sizeAtOpen: number;

  constructor(
    private readonly fs: SimulatedFileSystem,
    readonly path: string,
    private readonly inode: Inode,
    private readonly generation: number,
  ) {
    this.sizeAtOpen = inode.length;
  }

  get size(): number {
    this.fs.checkHandle(this.path, this.generation, this.closed);
    return this.sizeAtOpen;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.fs.checkHandle(this.path, this.generation, this.closed);
    checkReadRange(this.path, offset, length, this.sizeAtOpen);
    // A file truncated since the open has fewer bytes: the real disk's read() ends early too.
    if (offset + length > this.inode.length) {
      throw new RangeError(
        `read(${this.path}): the file ended at ${this.inode.length} bytes (it was truncated after it was opened)`,
      );
    }
    return Uint8Array.from(this.inode.buffer.subarray(offset, offset + length));
  }

  /** Closing twice, or closing a handle a crash ended, is allowed and does nothing. */
  async close(): Promise<void> {
    this.closed = true;
  }
}
