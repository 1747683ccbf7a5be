/**
 * Lesson 07, writing a table on a disk that can crash (support/sim-fs.ts). The writer's calls to
 * the file system are counted, and the machine crashes in place of call number k, for every k.
 * Each property targets a bug:
 *
 * - "a crash at any step leaves no table or a complete one": writing straight to the final name
 *   (a crash leaves half a table there), renaming before the bytes are synced (the name survives,
 *   the bytes do not), not syncing at all.
 * - "a table is durable once writeTable resolves": no directory sync after the rename (the new
 *   name is lost in a crash), no file sync (the bytes are lost).
 * - "after a crash, writing the same table again gives a complete table": a temporary file left
 *   by the crash opened for appending as it is, so the new table starts after the old half.
 * - "a reader that looks while writeTable runs finds no table, or the complete table after its
 *   bytes were synced": the same bugs seen by a reader instead of a crash: half a table under the
 *   final name, or a name that points at bytes no sync has covered yet (visible before durable).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import { crashTrial, type CrashSubject } from '../shared/crash-trial.ts';
import { freshDisk } from '../shared/disk.ts';
import { describeCall, type FsCall, SteppingFileSystem } from '../shared/stepping-fs.ts';
import { blockSize, show, tableEntries } from './helpers.ts';

const PATH = 'db/000004.sst';

async function readTable(fs: FileSystem): Promise<WalEntry[]> {
  const reader = await TableReader.open(fs, PATH);
  const out: WalEntry[] = [];
  for await (const e of reader.entries()) out.push(e);
  await reader.close();
  return out;
}

/**
 * The table writer as a store for crashTrial: one operation, writeTable; the state is the table
 * at PATH (null for none). Recovery would write the table again from the log, so after the
 * crash the same table is written again, and that must give a complete table whatever the crash
 * left behind. close() is a step too (a writer may close its file before the rename).
 */
function tableWriter(entries: WalEntry[], size: number): CrashSubject<FileSystem, WalEntry[], string[] | null> {
  return {
    prepare: (sim) => sim.mkdir('db'),
    open: async (fs) => fs,
    apply: async (fs, table) => void (await writeTable(fs, PATH, table, { blockSize: size })),
    read: async (fs) => ((await fs.exists(PATH)) ? show(await readTable(fs)) : null),
    close: async () => {},
    model: (ops) => (ops.length === 0 ? null : show(ops[ops.length - 1]!)),
    describeOp: (table) => `writeTable(${PATH}, ${table.length} entries, blocks of ${size} bytes)`,
    afterRecovery: async (fs, _sim, where) => {
      await writeTable(fs, PATH, entries, { blockSize: size });
      expect(
        show(await readTable(fs)),
        `${where}\nThen a second writeTable of the same entries: the table must be complete`,
      ).toEqual(show(entries));
    },
    noBackgroundWork: true,
    steps: { also: ['close'] },
  };
}

describe('atomic creation', () => {
  test.prop([tableEntries(40), blockSize, fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 20 })(
    'a crash at any step of writeTable leaves either no table or a complete one, and writing it again then works',
    async (entries, size, seed) => {
      const subject = tableWriter(entries, size);
      const { steps } = await crashTrial(subject, { ops: [entries], crashAt: 'end', seed: 0 });
      for (let crashAt = 0; crashAt < steps; crashAt++) {
        await crashTrial(subject, { ops: [entries], crashAt, seed: seed + crashAt });
      }
    },
  );

  test.prop([tableEntries(40), blockSize, fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 40 })(
    'a table is durable once writeTable resolves: a crash right after keeps all of it',
    async (entries, size, seed) => {
      await crashTrial(tableWriter(entries, size), { ops: [entries], crashAt: 'end', seed });
    },
  );

  test.prop([tableEntries(40), blockSize], { numRuns: 30 })(
    'a reader that looks while writeTable runs finds no table, or the complete table after its bytes were synced',
    async (entries, size) => {
      const sim = await freshDisk();
      let synced = false;
      const look = async (when: string): Promise<void> => {
        if (!(await sim.exists(PATH))) return;
        expect(synced, `${when}: a table is at ${PATH}, but its bytes were never synced (visible before durable)`).toBe(
          true,
        );
        expect(show(await readTable(sim)), `${when}: the table at ${PATH} must be complete`).toEqual(show(entries));
      };
      const hook = async (call: FsCall): Promise<void> => {
        await look(`just before ${describeCall(call)}`);
        if (call.op === 'sync') synced = true;
      };
      await writeTable(new SteppingFileSystem(sim, hook, { also: ['close'] }), PATH, entries, { blockSize: size });
      await look('once writeTable resolved');
    },
  );
});
