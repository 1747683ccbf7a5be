/**
 * Lesson 10, options and file names. Every option is checked at open: a bad one is refused there,
 * naming the option, the value and what is allowed, and the directory stays as it was. What it
 * catches:
 *
 * - an option that is not checked (a blockSize of 10 opens, then every flush fails in the
 *   background and the database can never be reopened), or checked with an off-by-one limit;
 * - an error that does not say which option is wrong (a bare RangeError from deep inside a flush);
 * - a leftover table being written (`NNNNNN.sst` + lesson 07's TEMP_SUFFIX) that open does not
 *   recognise, so it is never removed; or a name the engine does not own that open removes.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { InvalidOptionError, type DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { MAX_BLOCK_SIZE, MIN_BLOCK_SIZE, TEMP_SUFFIX } from '@ferris/07-sstable/format.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';

const KEY = new TextEncoder().encode('key');
const VALUE = new TextEncoder().encode('value');

/** Bad values of every option: each must be refused at open. */
const BAD_OPTIONS: readonly [keyof DbOptions, unknown][] = [
  ['blockSize', 10],
  ['blockSize', MIN_BLOCK_SIZE - 1],
  ['blockSize', MAX_BLOCK_SIZE + 1],
  ['blockSize', 100.5],
  ['blockSize', Number.NaN],
  ['memtableBytes', 63],
  ['memtableBytes', 1.5],
  ['maxImmutableMemtables', 0],
  ['maxImmutableMemtables', 2.5],
  ['sync', { kind: 'every-n' }],
  ['sync', { kind: 'every-n', appends: 0 }],
  ['sync', { kind: 'sometimes' }],
  ['filterPolicy', {}],
  ['catalog', {}],
  ['compaction', { name: 'none' }],
  ['commit', { name: 'serial' }],
  ['tableFileSystem', 'not a function'],
  ['blockCache', { get: () => undefined }],
  ['memtable', { apply: () => undefined }],
  ['writeTable', { write: () => undefined }],
];

/** A database with one key, written and closed with the default options. */
async function databaseWithOneKey(): Promise<SimulatedFileSystem> {
  const fs = new SimulatedFileSystem({ seed: 1 });
  const db = await openDb(fs, 'db');
  await db.put(KEY, VALUE);
  await db.close();
  return fs;
}

async function expectValueAfterReopen(fs: SimulatedFileSystem, options: DbOptions = {}): Promise<void> {
  const db = await openDb(fs, 'db', options);
  expect(await db.get(KEY), 'the key written before is still there').toEqual(VALUE);
  await db.close();
}

test.prop([fc.constantFrom(...BAD_OPTIONS)])(
  'every invalid option is refused at open, naming the option and the value',
  async ([option, value]) => {
    const fs = await databaseWithOneKey();
    const before = await fs.list('db');
    const error = await openDb(fs, 'db', { [option]: value } as DbOptions).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, `openDb with ${option} = ${String(value)} must throw InvalidOptionError`).toBeInstanceOf(
      InvalidOptionError,
    );
    const invalid = error as InvalidOptionError;
    expect(invalid.option, 'the error names the option').toBe(option);
    expect(invalid.message, 'the message names the option').toContain(option);
    if (typeof value === 'number') expect(invalid.message, 'the message shows the value').toContain(String(value));
    expect(await fs.list('db'), 'a refused open leaves the directory as it was').toEqual(before);
    await expectValueAfterReopen(fs);
  },
);

it('blockSize is accepted exactly from MIN_BLOCK_SIZE to MAX_BLOCK_SIZE, and the range is in the message', async () => {
  for (const blockSize of [
    MIN_BLOCK_SIZE - 1,
    MIN_BLOCK_SIZE,
    MIN_BLOCK_SIZE + 1,
    MAX_BLOCK_SIZE - 1,
    MAX_BLOCK_SIZE,
    MAX_BLOCK_SIZE + 1,
  ]) {
    const fs = await databaseWithOneKey();
    if (blockSize >= MIN_BLOCK_SIZE && blockSize <= MAX_BLOCK_SIZE) {
      const db = await openDb(fs, 'db', { blockSize });
      await db.put(KEY, VALUE);
      await db.flush();
      await db.close();
      await expectValueAfterReopen(fs, { blockSize });
    } else {
      const opening = openDb(fs, 'db', { blockSize });
      await expect(
        opening,
        `blockSize ${blockSize} is outside ${MIN_BLOCK_SIZE}..${MAX_BLOCK_SIZE}: refused, with the range`,
      ).rejects.toThrow(`from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`);
    }
  }
});

test.prop([fc.integer({ min: 1, max: 999_999 })], { numRuns: 10 })(
  'open removes a leftover table being written, and keeps names it does not own',
  async (number) => {
    const fs = await databaseWithOneKey();
    const name = String(number).padStart(6, '0');
    const leftover = `db/${name}.sst${TEMP_SUFFIX}`;
    const foreign = [`db/${name}.sst.temp`, `db/${name}.txt`, `db/notes${TEMP_SUFFIX}`];
    for (const path of [leftover, ...foreign]) {
      const file = await fs.openAppend(path);
      await file.append(VALUE);
      await file.close();
    }
    await expectValueAfterReopen(fs);
    expect(await fs.exists(leftover), `the half-written table ${leftover} is removed at open`).toBe(false);
    for (const path of foreign) expect(await fs.exists(path), `${path} is not the engine's: it stays`).toBe(true);
  },
);

it('the engine writes to memtables made by options.memtable, at open and at every freeze', async () => {
  const fs = new SimulatedFileSystem({ seed: 1 });
  let made = 0;
  const memtable = () => {
    made++;
    return new MemTable();
  };
  const db = await openDb(fs, 'db', { memtableBytes: 64, memtable });
  expect(made, 'open makes the first memtable with options.memtable').toBe(1);
  for (let i = 0; i < 5; i++) await db.put(Uint8Array.of(i), new Uint8Array(60));
  expect(made, 'five writes of 60-byte values into 64-byte memtables freeze four or five times').toBeGreaterThanOrEqual(
    5,
  );
  expect(await db.get(Uint8Array.of(4))).toEqual(new Uint8Array(60));
  await db.close();
});

it('the flush writes its tables with options.writeTable', async () => {
  const fs = new SimulatedFileSystem({ seed: 1 });
  const written: string[] = [];
  const db = await openDb(fs, 'db', {
    memtableBytes: 64,
    writeTable: (tableFs, path, entries, options) => {
      written.push(path);
      return writeTable(tableFs, path, entries, options);
    },
  });
  for (let i = 0; i < 5; i++) await db.put(Uint8Array.of(i), new Uint8Array(60));
  await db.close();
  const tables = (await fs.list('db')).filter((name) => name.endsWith('.sst'));
  expect(tables.length, 'five writes of 60-byte values into 64-byte memtables flush tables').toBeGreaterThan(0);
  expect(
    written.map((path) => path.split('/').pop()).sort(),
    'every table on disk was written through options.writeTable',
  ).toEqual(tables.sort());
  const reopened = await openDb(fs, 'db');
  expect(await reopened.get(Uint8Array.of(4)), 'the last value written is read back after reopening').toEqual(
    new Uint8Array(60),
  );
  await reopened.close();
});
