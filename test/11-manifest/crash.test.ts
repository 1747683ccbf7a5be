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
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { parseFileName } from '@ferris/10-lsm-engine/files.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, CrashingFileSystem, dbScan, describeOps, hexOf, modelScan, op, SimulatedCrash, utf8, type Model, type Op } from '../10-lsm-engine/helpers.ts';

type Step = { readonly kind: 'write'; readonly ops: readonly Op[] } | { readonly kind: 'flush' };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => ({ kind: 'write' as const, ops })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);
const describeStep = (s: Step): string => (s.kind === 'flush' ? 'flush' : `write [${describeOps(s.ops)}]`);

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
  for (const n of tables) if (!(await fs.exists(`db/${String(n).padStart(6, '0')}.sst`))) stray.push(`live table ${n} is missing`);
  return stray;
}

test.prop(
  [fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer({ min: 64, max: 300 }), fc.integer({ min: 1, max: 400 }), fc.nat(700), fc.integer({ min: 1, max: 2 ** 30 })],
  { numRuns: 100 },
)(
  'after a crash at any point of a write, a flush or a manifest rewrite, every acknowledged write is there and only live files are kept',
  async (steps, memtableBytes, maxManifestBytes, crashAt, seed) => {
    const sim = new SimulatedFileSystem({ seed });
    const crashing = new CrashingFileSystem(sim, crashAt);
    const options = { memtableBytes, blockSize: 128, catalog: manifestCatalog({ maxManifestBytes }) };
    const acknowledged: Model = new Map();
    let inFlight: readonly Op[] = [];
    const done: string[] = [];
    try {
      const db = await openDb(crashing, 'db', options);
      for (const s of steps) {
        inFlight = s.kind === 'write' ? s.ops : [];
        if (s.kind === 'flush') await db.flush();
        else {
          const batch = new WriteBatch();
          for (const o of s.ops) o.kind === 'put' ? batch.put(o.key, o.value) : batch.delete(o.key);
          await db.write(batch);
          applyOps(acknowledged, s.ops);
        }
        inFlight = [];
        done.push(describeStep(s));
      }
      await db.flush();
    } catch (error) {
      if (!(error instanceof SimulatedCrash) && !(error instanceof Error && error.name === 'DbClosedError')) throw error;
    }
    if (!crashing.crashed) sim.crash();
    const where =
      `after a crash at file-system step ${crashAt} (${crashing.log.slice(-4).join(', ')}), ` +
      `with the acknowledged steps [${done.join('; ')}] and in flight [${describeOps(inFlight)}]`;
    const db = await openDb(sim, 'db', options);
    const got = await dbScan(db);
    const without = modelScan(acknowledged);
    if (!(got.length === without.length && got.every((g, i) => g === without[i]))) {
      const withBatch = new Map(acknowledged);
      applyOps(withBatch, inFlight);
      expect(got, `${where}: the database must hold every acknowledged write, plus the write in flight whole or not at all`).toEqual(modelScan(withBatch));
    }
    expect(await strayFiles(sim, db), `${where}: after reopening, the directory holds only live files (${(await sim.list('db')).join(', ')})`).toEqual([]);
    // And it keeps working: one more write survives another reopen.
    await db.put(utf8('after'), utf8('crash'));
    await db.close();
    const again = await openDb(sim, 'db', options);
    expect(hexOf((await again.get(utf8('after')))!), `${where}: a write after the recovery survives a reopen`).toBe(hexOf(utf8('crash')));
    await again.close();
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
      expect(hexOf((await db.get(utf8(`k${i % 30}`)))!), `k${i % 30} holds its last value after a reopen`).toBe(hexOf(utf8(`v${i}`)));
    }
    expect(await strayFiles(fs, db), 'only live files on the real disk').toEqual([]);
    expect(db.version.levels[0]!.length, 'the flushes made tables, recorded in the manifest').toBeGreaterThan(1);
    await db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
