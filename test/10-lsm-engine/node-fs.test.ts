/**
 * Lesson 10 on the real disk (lesson 03's NodeFileSystem, in a temporary directory): the same
 * engine, real fsyncs. Catches what the simulated disk cannot: a path the real file system does
 * not accept, a file left open that blocks a rename or a removal.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { hexOf, utf8 } from '../shared/bytes.ts';
import { dbScan } from './helpers.ts';

it('the engine works on the real disk: writes, flushes, a batch, a reopen', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferris-10-'));
  try {
    const fs = new NodeFileSystem(root);
    const options = { memtableBytes: 512 };
    let db = await openDb(fs, 'db', options);
    for (let i = 0; i < 100; i++) await db.put(utf8(`key${String(i).padStart(3, '0')}`), utf8(`value ${i}`));
    for (let i = 0; i < 100; i += 3) await db.delete(utf8(`key${String(i).padStart(3, '0')}`));
    await db.write(new WriteBatch().put(utf8('a'), utf8('1')).put(utf8('b'), utf8('2')).delete(utf8('key001')));
    await db.flush();
    await db.put(utf8('key002'), utf8('newer'));
    await db.close();
    const files = await readdir(path.join(root, 'db'));
    expect(
      files.filter((f) => f.endsWith('.sst')).length,
      `the flushes made tables on disk (files: ${files.join(', ')})`,
    ).toBeGreaterThan(1);

    db = await openDb(fs, 'db', options);
    expect(
      db.lastSequence,
      'after a reopen, lastSequence counts every write: 100 puts, 34 deletes, a batch of 3, 1 put',
    ).toBe(138);
    expect(
      hexOf((await db.get(utf8('key002')))!),
      'the newest value of key002 (in the log) wins over the one in a table',
    ).toBe(hexOf(utf8('newer')));
    expect(await db.get(utf8('key003')), 'key003 was deleted').toBeUndefined();
    expect(await db.get(utf8('key001')), 'key001 was deleted by the batch').toBeUndefined();
    expect(hexOf((await db.get(utf8('b')))!), 'b was written by the batch').toBe(hexOf(utf8('2')));
    const all = await dbScan(db);
    expect(all.length, 'the live keys: 100 - 34 deleted - key001 + a and b').toBe(100 - 34 - 1 + 2);
    await db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
