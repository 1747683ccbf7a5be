/**
 * What a crash trial writes through, and how the parent reads it back.
 *
 * A target has a child side (open a writer in a directory, make batches of writes durable) and a
 * parent side (recover what is on disk after the kill, and check that the recovered store still
 * takes writes). Lesson code is imported lazily, through `@ferris/...`, so that the tree map
 * decides whose code runs (the reference by default, any tree with --impl).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { treeOf } from './launch.ts';
import type { Write } from './workload.ts';

/** How the child makes writes durable before it acknowledges them. */
export type WriteMode = 'every-append' | 'batch-manual' | 'batch-every-n';
export const WRITE_MODES: readonly WriteMode[] = ['every-append', 'batch-manual', 'batch-every-n'];

export interface RecoveredEntry {
  readonly sequence: number;
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

export interface Recovery {
  readonly entries: readonly RecoveredEntry[];
  /** Bytes of a torn tail that recovery cut off (0 when the log ended cleanly). */
  readonly tornBytes: number;
}

export interface TargetWriter {
  /** Writes the batch; resolves only once every write in it is durable (then the child acks). */
  writeDurably(batch: readonly Write[]): Promise<void>;
}

export interface CrashTarget {
  readonly name: string;
  /** Child side: opens the store in `dir`. */
  openWriter(dir: string, mode: WriteMode): Promise<TargetWriter>;
  /** Parent side: what is in the store after the crash, in write order. */
  recover(dir: string): Promise<Recovery>;
  /** Parent side: reopens the store after recovery, makes one more write durable, closes it. */
  writeAfterRecovery(dir: string, write: Write): Promise<void>;
}

/** Whether the tree in FERRIS_MAP has `file` for `lesson`. */
export function lessonFileExists(lesson: string, file: string): boolean {
  return existsSync(path.join(treeOf(lesson), lesson, file));
}

async function walModules() {
  const [entry, nodeFs, writer, recovery] = await Promise.all([
    import('@ferris/01-wal-entry/entry.ts'),
    import('@ferris/03-recovery/node-fs.ts'),
    import('@ferris/03-recovery/wal-writer.ts'),
    import('@ferris/03-recovery/recovery.ts'),
  ]);
  return { entry, nodeFs, writer, recovery };
}

const WAL_FILE = 'wal.log';

/** The write-ahead log of lesson 03, written and recovered on the real file system. */
export const walTarget: CrashTarget = {
  name: 'wal',

  async openWriter(dir, mode) {
    const { entry, nodeFs, writer } = await walModules();
    const fs = new nodeFs.NodeFileSystem();
    const sync =
      mode === 'every-append'
        ? ({ kind: 'every-append' } as const)
        : mode === 'batch-manual'
          ? ({ kind: 'manual' } as const)
          : ({ kind: 'every-n', appends: 3 } as const);
    const wal = await writer.WalWriter.open(fs, path.join(dir, WAL_FILE), { sync });
    return {
      async writeDurably(batch) {
        for (const w of batch) {
          await wal.append(w.value === null ? entry.deleteEntry(w.sequence, w.key) : entry.putEntry(w.sequence, w.key, w.value));
        }
        // With 'every-append' each append was durable when it resolved; the batch modes ask for
        // it explicitly, as a group commit would.
        if (mode !== 'every-append') await wal.sync();
      },
    };
  },

  async recover(dir) {
    const { nodeFs, recovery } = await walModules();
    const result = await recovery.recoverWal(new nodeFs.NodeFileSystem(), path.join(dir, WAL_FILE));
    return { entries: result.entries, tornBytes: result.truncatedBytes };
  },

  async writeAfterRecovery(dir, w) {
    const { entry, nodeFs, writer } = await walModules();
    const wal = await writer.WalWriter.open(new nodeFs.NodeFileSystem(), path.join(dir, WAL_FILE), {
      sync: { kind: 'every-append' },
    });
    await wal.append(w.value === null ? entry.deleteEntry(w.sequence, w.key) : entry.putEntry(w.sequence, w.key, w.value));
    await wal.close();
  },
};

/** The targets a run can use, and why the others are not there yet. */
export function availableTargets(): { targets: CrashTarget[]; notices: string[] } {
  const notices: string[] = [];
  const targets: CrashTarget[] = [];
  const walFiles = ['node-fs.ts', 'wal-writer.ts', 'recovery.ts'];
  if (walFiles.every((f) => lessonFileExists('03-recovery', f))) targets.push(walTarget);
  else notices.push(`lesson 03-recovery is not in ${treeOf('03-recovery')} yet: no WAL trials`);
  if (!lessonFileExists('11-manifest', '')) {
    notices.push('lesson 11-manifest is not written yet: whole-engine trials will join once it exists');
  }
  return { targets, notices };
}
