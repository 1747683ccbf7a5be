/**
 * A FileSystem that passes every call to another one. Extend it and override the one or two
 * calls you want to watch or change (count bytes written, record reads, pause a call), instead
 * of writing out all ten.
 */
import type { AppendFile, FileSystem, ReadFile } from './fs.ts';

export class ForwardingFileSystem implements FileSystem {
  constructor(protected readonly inner: FileSystem) {}
  openAppend(path: string): Promise<AppendFile> {
    return this.inner.openAppend(path);
  }
  openRead(path: string): Promise<ReadFile> {
    return this.inner.openRead(path);
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }
  truncate(path: string, length: number): Promise<void> {
    return this.inner.truncate(path, length);
  }
  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }
  remove(path: string): Promise<void> {
    return this.inner.remove(path);
  }
  list(dir: string): Promise<string[]> {
    return this.inner.list(dir);
  }
  mkdir(dir: string): Promise<void> {
    return this.inner.mkdir(dir);
  }
  syncDir(dir: string): Promise<void> {
    return this.inner.syncDir(dir);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
}
