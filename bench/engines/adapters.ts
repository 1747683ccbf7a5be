// The three engines of `bench/engines.bench.ts` behind one small interface, each with its
// durability settings stated. Every engine gets the same keys, values and batches.
//
// Durability, the same promise for all three: batches are written without waiting for the disk,
// and the last batch of a fill makes every write before it durable (fsync'd) before it resolves.
// That last wait is inside the timed run. Nothing is durable by accident of close().
// - ferrisdb: sync policy 'manual' (no fsync per write), then db.sync() after the last batch.
//   Logs of frozen memtables were synced when they were frozen; tables are synced when written.
// - classic-level (LevelDB inside): db.batch(ops, { sync: false }), the last one { sync: true },
//   which fsyncs LevelDB's log (its tables are synced when written, like ours).
// - lmdb: one transactionSync per batch, committed without waiting for the flush
//   (NO_SYNC_FLUSH), then `await db.flushed`, which resolves once every commit is on disk.
// Reads: ferrisdb and classic-level through their async get (classic-level also has getSync,
// which skips the thread-pool hop); lmdb through its synchronous get (memory-mapped, its only
// way). Scans: each engine's own iterator over the whole key range.
import { ClassicLevel } from 'classic-level';
import { open as openLmdb, TransactionFlags } from 'lmdb';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import type { FileSystem } from '@support/fs.ts';

export interface OpenEngine {
  /** Writes pairs [from, to) as one batch; if `durable`, every write so far is on disk when it resolves. */
  writeBatch(
    keys: readonly Uint8Array[],
    values: readonly Uint8Array[],
    from: number,
    to: number,
    durable: boolean,
  ): Promise<void>;
  /** Gets every key in `keys` (in that order); returns how many were found. */
  readRandom(keys: readonly Uint8Array[]): Promise<number>;
  /** Scans the whole database in key order; returns how many pairs it saw. */
  scanAll(): Promise<number>;
  close(): Promise<void>;
}

export interface EngineUnderTest {
  readonly name: string;
  /** What this run of the engine was configured with, for the printed notes. */
  readonly settings: string;
  open(dir: string): Promise<OpenEngine>;
}

/** How our engine is built: the options it opens with and the file system under it. */
export interface FerrisSetup {
  readonly settings: string;
  readonly options: DbOptions;
  /** Options that depend on the database's directory (lesson 13's compaction on a worker thread). */
  readonly optionsFor?: (root: string) => DbOptions;
  /** Wraps the real file system (lesson 13's buffered log writes); default as it is. */
  readonly wrapFs?: (fs: FileSystem) => FileSystem;
}

export function ferrisdb(name: string, setup: FerrisSetup): EngineUnderTest {
  return {
    name,
    settings: setup.settings,
    async open(dir) {
      const base = new NodeFileSystem(dir);
      const db: Db = await openDb(setup.wrapFs ? setup.wrapFs(base) : base, 'db', {
        sync: { kind: 'manual' },
        ...setup.options,
        ...setup.optionsFor?.(base.root),
      });
      return {
        async writeBatch(keys, values, from, to, durable) {
          const batch = new WriteBatch();
          for (let i = from; i < to; i++) batch.put(keys[i]!, values[i]!);
          await db.write(batch);
          if (durable) await db.sync();
        },
        async readRandom(keys) {
          let found = 0;
          for (const key of keys) if ((await db.get(key)) !== undefined) found++;
          return found;
        },
        async scanAll() {
          let count = 0;
          for await (const _ of db.scan()) count++;
          return count;
        },
        close: () => db.close(),
      };
    },
  };
}

export const classicLevel: EngineUnderTest = {
  name: 'classic-level',
  settings: 'LevelDB defaults (4 MiB write buffer, 8 MiB block cache, snappy), sync on the last batch, async get',
  async open(dir) {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    return {
      async writeBatch(keys, values, from, to, durable) {
        const ops = [];
        for (let i = from; i < to; i++) ops.push({ type: 'put' as const, key: keys[i]!, value: values[i]! });
        await db.batch(ops, { sync: durable });
      },
      async readRandom(keys) {
        let found = 0;
        for (const key of keys) if ((await db.get(key)) !== undefined) found++;
        return found;
      },
      async scanAll() {
        let count = 0;
        for await (const _ of db.iterator()) count++;
        return count;
      },
      close: () => db.close(),
    };
  },
};

export const lmdb: EngineUnderTest = {
  name: 'lmdb',
  settings: 'binary keys and values, no compression, a transactionSync per batch, await flushed at the end, sync get',
  async open(dir) {
    const db = openLmdb<Buffer, Buffer>({
      path: `${dir}/data.mdb`,
      keyEncoding: 'binary',
      encoding: 'binary',
      compression: false,
    });
    return {
      async writeBatch(keys, values, from, to, durable) {
        db.transactionSync(
          () => {
            for (let i = from; i < to; i++) db.putSync(keys[i]! as Buffer, values[i]! as Buffer);
          },
          TransactionFlags.ABORTABLE | TransactionFlags.SYNCHRONOUS_COMMIT | TransactionFlags.NO_SYNC_FLUSH,
        );
        if (durable) await db.flushed;
      },
      async readRandom(keys) {
        let found = 0;
        for (const key of keys) if (db.get(key as Buffer) !== undefined) found++;
        return found;
      },
      async scanAll() {
        let count = 0;
        for (const _ of db.getRange()) count++;
        return count;
      },
      close: () => db.close(),
    };
  },
};
