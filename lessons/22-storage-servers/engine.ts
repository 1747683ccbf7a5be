/**
 * Lesson 22, given: the storage server's engine, lesson 10's Db with lesson 11's manifest and
 * lesson 12's leveled compaction, on the process's crashable disk.
 *
 * The engine flushes and compacts in the background, at the same time as the writes that
 * started it. A simulated task waits for one thing at a time (lesson 18), so the engine cannot
 * use `p.disk`, whose every operation is a wait of its process's running task. It uses the
 * crashable disk underneath (`p.simDisk`) directly: every operation is instant, and a kill
 * crashes it as it crashes `p.disk`. Work the engine left running when its process was killed
 * may not touch the disk of the rebooted process: every operation checks that the incarnation
 * that opened the engine is still the one alive.
 */
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';

/** The engine's folder on the storage server's disk. */
export const STORAGE_DIR = 'storage';

/** Work of a killed incarnation tried to use the disk its rebooted process now owns. */
export class DeadIncarnationError extends Error {
  override readonly name = 'DeadIncarnationError';
  constructor(
    readonly address: string,
    readonly incarnation: number,
  ) {
    super(
      `${address}: incarnation ${incarnation} was killed, and its leftover work tried to use the disk. ` +
        'Nothing of a killed process may run on; the rebooted process opens the engine afresh.',
    );
  }
}

/** The crashable disk of `p`, for the incarnation that is alive now. */
export function engineDisk(p: SimProcess): FileSystem {
  return new IncarnationDisk(p.simDisk, p, p.incarnation);
}

/**
 * Tiny engine budgets for short simulations: with them, a few simulated seconds of commits
 * already flush memtables, rewrite the manifest and compact levels, so every run exercises the
 * whole engine under kills.
 */
export const TINY_ENGINE: DbOptions = {
  memtableBytes: 256,
  blockSize: 64,
  catalog: manifestCatalog({ maxManifestBytes: 2048 }),
  compaction: leveledCompaction({ level0Tables: 2, level1Bytes: 400, sizeRatio: 2, targetTableBytes: 160 }),
};

/** Opens the storage engine on `p`'s disk (lessons 10 to 12); `options` override the defaults. */
export function openStorageEngine(p: SimProcess, options: DbOptions = {}): Promise<Db> {
  return openDb(engineDisk(p), STORAGE_DIR, {
    catalog: manifestCatalog(),
    compaction: leveledCompaction(),
    ...options,
  });
}

class IncarnationDisk extends ForwardingFileSystem {
  constructor(
    inner: FileSystem,
    private readonly process: SimProcess,
    private readonly incarnation: number,
  ) {
    super(inner);
  }

  private check(): void {
    if (!this.process.alive || this.process.incarnation !== this.incarnation) {
      throw new DeadIncarnationError(this.process.address, this.incarnation);
    }
  }

  override async openAppend(path: string): Promise<AppendFile> {
    this.check();
    return super.openAppend(path);
  }
  override async openRead(path: string): Promise<ReadFile> {
    this.check();
    return super.openRead(path);
  }
  override async readFile(path: string): Promise<Uint8Array> {
    this.check();
    return super.readFile(path);
  }
  override async truncate(path: string, length: number): Promise<void> {
    this.check();
    return super.truncate(path, length);
  }
  override async rename(from: string, to: string): Promise<void> {
    this.check();
    return super.rename(from, to);
  }
  override async remove(path: string): Promise<void> {
    this.check();
    return super.remove(path);
  }
  override async list(dir: string): Promise<string[]> {
    this.check();
    return super.list(dir);
  }
  override async mkdir(dir: string): Promise<void> {
    this.check();
    return super.mkdir(dir);
  }
  override async syncDir(dir: string): Promise<void> {
    this.check();
    return super.syncDir(dir);
  }
  override async exists(path: string): Promise<boolean> {
    this.check();
    return super.exists(path);
  }
}
