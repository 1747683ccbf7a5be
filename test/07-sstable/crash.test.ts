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
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { blockSize, CrashingFileSystem, show, SimulatedCrash, tableEntries } from './helpers.ts';

const PATH = 'db/000004.sst';

async function readTable(fs: FileSystem): Promise<WalEntry[]> {
  const reader = await TableReader.open(fs, PATH);
  const out: WalEntry[] = [];
  for await (const e of reader.entries()) out.push(e);
  await reader.close();
  return out;
}

/** How many file-system calls a whole write makes, counted on a disk that does not crash. */
async function stepsOfAWrite(entries: WalEntry[], size: number): Promise<number> {
  const sim = new SimulatedFileSystem({ seed: 0 });
  await sim.mkdir('db');
  const counting = new CrashingFileSystem(sim);
  await writeTable(counting, PATH, entries, { blockSize: size });
  return counting.steps;
}

describe('atomic creation', () => {
  test.prop([tableEntries(40), blockSize, fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 20 })(
    'a crash at any step of writeTable leaves either no table or a complete one, and writing it again then works',
    async (entries, size, seed) => {
      const steps = await stepsOfAWrite(entries, size);
      for (let crashAt = 0; crashAt < steps; crashAt++) {
        const sim = new SimulatedFileSystem({ seed: seed + crashAt });
        await sim.mkdir('db');
        const crashing = new CrashingFileSystem(sim, crashAt);
        let finished = false;
        try {
          await writeTable(crashing, PATH, entries, { blockSize: size });
          finished = true;
        } catch (error) {
          if (!(error instanceof SimulatedCrash)) throw error;
        }
        const where = `after a crash before step ${crashAt} of ${steps} (the steps done: ${crashing.log.join(', ')})`;
        expect(finished, `${where}: writeTable must not carry on after a crash`).toBe(false);
        if (await sim.exists(PATH)) {
          expect(show(await readTable(sim)), `${where}: a table at ${PATH} must be complete`).toEqual(show(entries));
        }
        // Recovery would write the table again from the log: that must give a complete table,
        // whatever the crash left behind.
        await writeTable(sim, PATH, entries, { blockSize: size });
        expect(show(await readTable(sim)), `${where}, then a second writeTable: the table must be complete`).toEqual(show(entries));
      }
    },
  );

  test.prop([tableEntries(40), blockSize, fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 40 })(
    'a table is durable once writeTable resolves: a crash right after keeps all of it',
    async (entries, size, seed) => {
      const sim = new SimulatedFileSystem({ seed });
      await sim.mkdir('db');
      await writeTable(sim, PATH, entries, { blockSize: size });
      const report = sim.crash();
      expect(await sim.exists(PATH), `the table's name was lost in a crash after writeTable resolved (lost: ${report.lostPaths.join(', ')})`).toBe(true);
      expect(show(await readTable(sim)), 'the table was damaged by a crash after writeTable resolved').toEqual(show(entries));
    },
  );
});
