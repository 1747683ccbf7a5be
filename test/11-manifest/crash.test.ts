/**
 * Lesson 11, the whole engine on the manifest, crashing. A random workload (puts, deletes,
 * batches, flushes) runs on the simulated disk with every write synced, a tiny memtable and a
 * tiny manifest, so that flushes and manifest rewrites happen all the time; the machine crashes
 * in place of a random file-system call (in a write, a flush, an edit, a rewrite), and the
 * database is opened again. What each check catches:
 *
 * - "every acknowledged write is there, and nothing never written": CURRENT switched before the
 *   new manifest is synced (it names an empty manifest), the old manifest deleted before CURRENT
 *   names the new one, an edit appended but not synced before the flush deletes the logs, edits
 *   not replayed (the tables of the last flushes deleted as orphans).
 * - "obsolete files are deleted, and never a live one": after the reopen the directory holds
 *   exactly the version's tables, the logs from its log number on, CURRENT and one manifest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { parseFileName } from '@ferris/10-lsm-engine/files.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import type { FileSystem } from '@support/fs.ts';
import { hexOf, utf8 } from '../shared/bytes.ts';
import { crashTrial } from '../shared/crash-trial.ts';
import { engineStore, step } from '../10-lsm-engine/helpers.ts';

/** The files a database directory may hold after open: live ones only. Returns what is wrong. */
async function strayFiles(fs: FileSystem, db: Db): Promise<string[]> {
  const tables = new Set(db.version.levels.flat().map((t) => t.fileNumber));
  const stray: string[] = [];
  let manifests = 0;
  for (const name of await fs.list('db')) {
    const file = parseFileName(name);
    if (name === 'CURRENT') continue;
    if (name.startsWith('MANIFEST-') && !name.endsWith('.tmp')) {
      manifests++;
      continue;
    }
    if (file?.kind === 'table' && tables.has(file.number)) continue;
    if (file?.kind === 'log' && file.number >= db.version.logNumber) continue;
    stray.push(name);
  }
  if (manifests !== 1) stray.push(`${manifests} manifests`);
  for (const n of tables)
    if (!(await fs.exists(`db/${String(n).padStart(6, '0')}.sst`))) stray.push(`live table ${n} is missing`);
  return stray;
}

test.prop(
  [
    fc.array(step(4), { minLength: 1, maxLength: 30 }),
    fc.integer({ min: 64, max: 300 }),
    fc.integer({ min: 1, max: 400 }),
    fc.nat(700),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  { numRuns: 100 },
)(
  'after a crash at any point of a write, a flush or a manifest rewrite, every acknowledged write is there and only live files are kept',
  async (steps, memtableBytes, maxManifestBytes, crashAt, seed) => {
    const options = { memtableBytes, blockSize: 128, catalog: manifestCatalog({ maxManifestBytes }) };
    const engine = engineStore(options);
    await crashTrial(
      {
        ...engine,
        afterRecovery: async (db, sim, where) => {
          expect(
            await strayFiles(sim, db),
            `${where}\nAfter reopening, the directory holds only live files (${(await sim.list('db')).join(', ')})`,
          ).toEqual([]);
          // And it keeps working: one more write survives another reopen.
          await db.put(utf8('after'), utf8('crash'));
          await db.close();
          const again = await openDb(sim, 'db', options);
          expect(
            hexOf((await again.get(utf8('after')))!),
            `${where}\nA write after the recovery survives a reopen`,
          ).toBe(hexOf(utf8('crash')));
          await again.close();
        },
        close: async () => {}, // closed above, before the second reopen
      },
      { ops: steps, crashAt, seed },
    );
  },
);

it('the engine on the manifest works on the real disk, through flushes and manifest rewrites', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferris-11-'));
  try {
    const fs = new NodeFileSystem(root);
    const options = { memtableBytes: 256, catalog: manifestCatalog({ maxManifestBytes: 200 }) };
    let db = await openDb(fs, 'db', options);
    for (let i = 0; i < 80; i++) await db.put(utf8(`k${i % 30}`), utf8(`v${i}`));
    await db.flush();
    await db.close();
    db = await openDb(fs, 'db', options);
    for (let i = 50; i < 80; i++) {
      expect(hexOf((await db.get(utf8(`k${i % 30}`)))!), `k${i % 30} holds its last value after a reopen`).toBe(
        hexOf(utf8(`v${i}`)),
      );
    }
    expect(await strayFiles(fs, db), 'only live files on the real disk').toEqual([]);
    expect(db.version.levels[0]!.length, 'the flushes made tables, recorded in the manifest').toBeGreaterThan(1);
    await db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
