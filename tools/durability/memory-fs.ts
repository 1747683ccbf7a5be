/**
 * A plain in-memory FileSystem for the corruption sweep: files are byte arrays in a map, nothing
 * crashes and nothing is lost. Each sweep case puts one damaged copy of a file in a fresh one.
 * (The course's crash simulator, support/sim-fs.ts, models crashes; here there are none.)
 */
import { FileNotFoundError, type AppendFile, type FileSystem, type ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>(['', '/']);

  /** Puts `bytes` (copied) at `path`. */
  put(path: string, bytes: Uint8Array): void {
    this.files.set(path, Uint8Array.from(bytes));
  }

  /** The current bytes of `path` (not copied). */
  get(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  private bytes(path: string): Uint8Array {
    const bytes = this.files.get(path);
    if (bytes === undefined) throw new FileNotFoundError(path);
    return bytes;
  }

  async openAppend(path: string): Promise<AppendFile> {
    if (!this.files.has(path)) this.files.set(path, new Uint8Array(0));
    const fs = this;
    return {
      path,
      get size() {
        return fs.bytes(path).length;
      },
      async append(bytes: Uint8Array) {
        const old = fs.bytes(path);
        const grown = new Uint8Array(old.length + bytes.length);
        grown.set(old);
        grown.set(bytes, old.length);
        fs.files.set(path, grown);
      },
      async sync() {},
      async close() {},
    };
  }

  async openRead(path: string): Promise<ReadFile> {
    const bytes = this.bytes(path);
    return {
      path,
      size: bytes.length,
      async read(offset: number, length: number) {
        checkReadRange(path, offset, length, bytes.length);
        return bytes.slice(offset, offset + length);
      },
      async close() {},
    };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return Uint8Array.from(this.bytes(path));
  }

  async truncate(path: string, length: number): Promise<void> {
    const bytes = this.bytes(path);
    if (length > bytes.length) {
      const grown = new Uint8Array(length);
      grown.set(bytes);
      this.files.set(path, grown);
    } else {
      this.files.set(path, bytes.slice(0, length));
    }
  }

  async rename(from: string, to: string): Promise<void> {
    this.files.set(to, this.bytes(from));
    this.files.delete(from);
  }

  async remove(path: string): Promise<void> {
    this.bytes(path);
    this.files.delete(path);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir === '' ? '' : `${dir.replace(/\/$/, '')}/`;
    return [...this.files.keys()]
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length))
      .sort();
  }

  async mkdir(dir: string): Promise<void> {
    this.dirs.add(dir);
  }

  async syncDir(): Promise<void> {}

  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || this.dirs.has(path);
  }
}
