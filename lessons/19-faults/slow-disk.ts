/**
 * Lesson 19, given: a process's disk, where every operation takes simulated time.
 *
 * It forwards to the process's `SimulatedFileSystem` (support/sim-fs.ts) after waiting, through
 * the process, for the disk's latency: 200 µs per operation plus whatever `slowDisk` added. The
 * wait goes through the process, so a process killed in the middle of a disk operation never
 * sees it finish. Appends and syncs through an open handle wait too.
 */
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import type { AppendFile, FileSystem } from '@support/fs.ts';

/** What the disk needs from its process: a way to wait that stops when the process dies. */
export interface DiskClock {
  /** Waits for one disk operation's latency. */
  diskWait(): Promise<void>;
}

export class SlowDisk extends ForwardingFileSystem {
  constructor(
    inner: FileSystem,
    private readonly clock: DiskClock,
  ) {
    super(inner);
  }

  override async openAppend(path: string): Promise<AppendFile> {
    await this.clock.diskWait();
    return new SlowAppendFile(await super.openAppend(path), this.clock);
  }
  override async openRead(path: string) {
    await this.clock.diskWait();
    return super.openRead(path);
  }
  override async readFile(path: string) {
    await this.clock.diskWait();
    return super.readFile(path);
  }
  override async truncate(path: string, length: number) {
    await this.clock.diskWait();
    return super.truncate(path, length);
  }
  override async rename(from: string, to: string) {
    await this.clock.diskWait();
    return super.rename(from, to);
  }
  override async remove(path: string) {
    await this.clock.diskWait();
    return super.remove(path);
  }
  override async syncDir(dir: string) {
    await this.clock.diskWait();
    return super.syncDir(dir);
  }
}

class SlowAppendFile implements AppendFile {
  constructor(
    private readonly inner: AppendFile,
    private readonly clock: DiskClock,
  ) {}
  get path(): string {
    return this.inner.path;
  }
  get size(): number {
    return this.inner.size;
  }
  async append(bytes: Uint8Array): Promise<void> {
    await this.clock.diskWait();
    return this.inner.append(bytes);
  }
  async sync(): Promise<void> {
    await this.clock.diskWait();
    return this.inner.sync();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
