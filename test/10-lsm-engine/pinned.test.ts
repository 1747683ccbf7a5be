/**
 * Lesson 10, reads that overlap a version change. A get pins the version it starts with; while it
 * waits for one table's block, a compaction (any strategy plugged into the `compaction` option)
 * may replace the tables it has not asked yet. What this catches:
 *
 * - a get that looks the next table up in the engine's map of open tables (`this.tables`) after
 *   an await, instead of using the readers it pinned (`snapshot.tables`): the compaction has
 *   removed that table from the map by then, and the get throws or misses the key.
 * - a scan that lets go of its snapshot (`unpin`) once it has made its sources, before it has
 *   read them: the compaction closes the tables it still reads.
 */
import { expect, it } from 'vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { compareEntries } from '@ferris/09-merge-iterator/source.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf, utf8 } from '../shared/bytes.ts';
import { PauseGate } from '../shared/pausing-fs.ts';
import { SteppingFileSystem } from '../shared/stepping-fs.ts';

/** A tiny strategy for the test: once level 0 holds 3 tables, merge them all into one level-1 table. */
const squashLevel0: CompactionStrategy = {
  name: 'squash level 0',
  async compact(host) {
    const level0 = host.version.levels[0]!;
    if (level0.length < 3 || host.version.levels[1]!.length > 0) return;
    const entries: WalEntry[] = [];
    for (const t of level0) {
      const it = (await host.openTable(t.fileNumber)).iterator();
      for (await it.seek(); it.valid; await it.next()) entries.push(it.current());
    }
    entries.sort(compareEntries);
    const fileNumber = host.newFileNumber();
    const info = await writeTable(host.fs, host.tablePath(fileNumber), entries, { blockSize: host.options.blockSize });
    await host.applyEdit({
      added: [
        {
          level: 1,
          table: {
            fileNumber,
            fileSize: info.fileSize,
            entryCount: info.entryCount,
            smallest: info.smallest!,
            largest: info.largest!,
          },
        },
      ],
      removed: level0.map((t) => ({ level: 0, fileNumber: t.fileNumber })),
    });
  },
};

/** A database whose table reads can be paused, with the squashing compaction above. */
async function openPausable(seed: number) {
  const pause = new PauseGate();
  const db = await openDb(new SimulatedFileSystem({ seed }), 'db', {
    memtableBytes: 1 << 20,
    filterPolicy: null,
    compaction: squashLevel0,
    tableFileSystem: (fs) => new SteppingFileSystem(fs, pause.hook, { also: ['read'] }),
  });
  return { db, pause };
}

/** What a get resolved to, in words: its value as text, 'no value', or the error it threw. */
async function outcome(reading: Promise<Uint8Array | undefined>): Promise<string> {
  try {
    const value = await reading;
    return value === undefined ? 'no value' : new TextDecoder().decode(value);
  } catch (error) {
    return `an error: ${(error as Error).message}`;
  }
}

it('a get under way keeps reading the tables it pinned, even when a compaction replaces them meanwhile', async () => {
  const { db, pause } = await openPausable(10);
  await db.put(utf8('b'), utf8('old table'));
  await db.flush(); // table 1: [b]
  await db.put(utf8('a'), utf8('x'));
  await db.put(utf8('c'), utf8('y'));
  await db.flush(); // table 2: [a, c], newer, so asked first; its range holds b but it does not have b

  pause.arm((call) => call.op === 'read');
  const reading = db.get(utf8('b')); // stops at table 2's block read
  await pause.reached;
  await db.put(utf8('d'), utf8('z'));
  await db.flush(); // a third level-0 table: the compaction replaces all three with one level-1 table
  expect(
    db.version.levels[0]!.length,
    'the test itself: the compaction ran while the get was waiting (level 0 is empty again)',
  ).toBe(0);
  pause.release();

  const got = await outcome(reading);
  expect(
    got,
    `get(${hexOf(utf8('b'))}) started before the compaction: after table 2, it must ask table 1 through the reader it pinned (snapshot.tables), not look table 1 up again in the engine's open tables, where the compaction already removed it`,
  ).toBe('old table');
  await db.close();
});

it('a version stays pinned for the reads still to come after one read finished: its tables outlive a compaction under a later get', async () => {
  const { db, pause } = await openPausable(11);
  await db.put(utf8('b'), utf8('old table'));
  await db.flush();
  await db.put(utf8('a'), utf8('x'));
  await db.put(utf8('c'), utf8('y'));
  await db.flush();
  // A first read pins this version and lets go of it; the version is still the current one.
  expect(new TextDecoder().decode((await db.get(utf8('a')))!), 'the first get').toBe('x');

  pause.arm((call) => call.op === 'read');
  const reading = db.get(utf8('b'));
  await pause.reached;
  await db.put(utf8('d'), utf8('z'));
  await db.flush();
  expect(db.version.levels[0]!.length, 'the test itself: the compaction ran while the get was waiting').toBe(0);
  pause.release();

  const got = await outcome(reading);
  expect(
    got,
    "the get pinned the version a finished read had pinned before; the version was still current, so its tables must stay open until this get is done (a view's own hold on its tables lasts while it is current, not only while a read holds it)",
  ).toBe('old table');
  await db.close();
});

it('a scan under way keeps reading the tables it pinned, even when a compaction replaces them meanwhile', async () => {
  const db = await openDb(new SimulatedFileSystem({ seed: 12 }), 'db', {
    memtableBytes: 1 << 20,
    blockSize: 64,
    filterPolicy: null,
    compaction: squashLevel0,
  });
  const want: string[] = [];
  for (const table of ['a', 'b']) {
    for (let i = 0; i < 20; i++) {
      const key = utf8(`${table}${String(i).padStart(2, '0')}`);
      await db.put(key, utf8(`value of ${table}${i}`));
      want.push(`${hexOf(key)}=${hexOf(utf8(`value of ${table}${i}`))}`);
    }
    await db.flush(); // two level-0 tables of many small blocks
  }
  const scanning = db.scan()[Symbol.asyncIterator]();
  const got: string[] = [];
  const first = await scanning.next();
  if (!first.done) got.push(`${hexOf(first.value[0])}=${hexOf(first.value[1])}`);
  await db.put(utf8('c'), utf8('z'));
  await db.flush(); // a third level-0 table: the compaction replaces all three with one level-1 table
  expect(db.version.levels[0]!.length, 'the test itself: the compaction ran while the scan was under way').toBe(0);
  let error: unknown = null;
  try {
    for (let step = await scanning.next(); !step.done; step = await scanning.next())
      got.push(`${hexOf(step.value[0])}=${hexOf(step.value[1])}`);
  } catch (e) {
    error = e;
  }
  expect(
    error === null ? 'no error' : String(error),
    'the scan pinned its tables when it started: they stay open until it ends, whatever a compaction does meanwhile',
  ).toBe('no error');
  expect(got, 'the scan gives the database as it was when it started').toEqual(want);
  await db.close();
});
