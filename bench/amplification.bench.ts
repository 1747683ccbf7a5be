// Lesson 12: write and space amplification of leveled compaction, measured on the real disk
// (NodeFileSystem in a temporary directory), with lesson 11's manifest as the catalog.
//
//   write amplification = bytes written to disk (logs + tables + manifest) / user bytes written
//   space amplification = bytes on disk at the end / bytes of the live data
//
// User bytes are key + value bytes of the measured puts (16 + 100 each). Live data is the number
// of distinct keys at the end times 116. Every byte the engine appends is counted by the tests'
// SteppingFileSystem (test/shared/) around the file system, per kind of file: logs, tables
// (flushes are the table bytes that the compaction's own `stats.bytesWritten` does not account
// for) and the manifest. A small
// memtable and small level budgets make several levels form from a few megabytes. Workloads:
//
//   overwrite             N/2 keys loaded first (not counted), then N puts of keys drawn at
//                         random from them: a database of steady size taking updates
//   insert                N puts of N distinct keys, in a random order, into an empty database
//   insert, in key order  the same keys in key order
//   ..., sizeRatio 4      the same with levels 4x (not 10x) apart
//
// Puts go in unsynced batches of 100 (one sync at the end); each phase ends with db.flush(),
// which waits for every compaction, so the tables at the end are what the engine settles on.
// The time is that of the measured puts, flush and compactions included.
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import { leveledCompaction, type LeveledOptions } from '@ferris/12-compaction/leveled.ts';
import type { FileSystem } from '@support/fs.ts';
import { seededRandom, randomInt } from '@support/random.ts';
import { SteppingFileSystem } from '../test/shared/stepping-fs.ts';
import type { Benchmark, BenchRow } from './types.ts';

const KEY_BYTES = 16;
const VALUE_BYTES = 100;
const ENTRY_BYTES = KEY_BYTES + VALUE_BYTES;
const BATCH = 100;
const MEMTABLE_BYTES = 256 * 1024;
const LEVELS: LeveledOptions = {
  level0Tables: 4,
  level1Bytes: 1024 * 1024,
  sizeRatio: 10,
  targetTableBytes: 256 * 1024,
};

type FileKind = 'wal' | 'table' | 'catalog';
const kindOf = (path: string): FileKind =>
  path.endsWith('.log') ? 'wal' : path.includes('.sst') ? 'table' : 'catalog';

/** The file system, counting every byte appended, per kind of file (temporary tables included). */
function countingFileSystem(inner: FileSystem): { fs: FileSystem; appended: Record<FileKind, number> } {
  const appended: Record<FileKind, number> = { wal: 0, table: 0, catalog: 0 };
  const fs = new SteppingFileSystem(inner, (call) => {
    if (call.op === 'append') appended[kindOf(call.path)] += call.bytes.length;
  });
  return { fs, appended };
}

interface Workload {
  readonly name: string;
  /** Distinct keys written before the measured part (in a random order, not counted), if any. */
  readonly preload: (count: number) => number;
  /** The key index of each measured put. */
  readonly keys: (count: number) => Uint32Array;
  readonly levels: LeveledOptions;
}

function shuffledIndexes(count: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function randomIndexes(count: number, space: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  return Uint32Array.from({ length: count }, () => randomInt(random, space));
}

const none = () => 0;
const half = (n: number) => Math.floor(n / 2);
const WORKLOADS: readonly Workload[] = [
  { name: 'overwrite', preload: half, keys: (n) => randomIndexes(n, half(n), 21), levels: LEVELS },
  { name: 'insert', preload: none, keys: (n) => shuffledIndexes(n, 22), levels: LEVELS },
  {
    name: 'insert, in key order',
    preload: none,
    keys: (n) => Uint32Array.from({ length: n }, (_, i) => i),
    levels: LEVELS,
  },
  {
    name: 'overwrite, sizeRatio 4',
    preload: half,
    keys: (n) => randomIndexes(n, half(n), 21),
    levels: { ...LEVELS, sizeRatio: 4 },
  },
  {
    name: 'insert, sizeRatio 4',
    preload: none,
    keys: (n) => shuffledIndexes(n, 22),
    levels: { ...LEVELS, sizeRatio: 4 },
  },
];

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const times = (x: number) => `${x.toFixed(2)}x`;

const benchmark: Benchmark = async (context) => {
  const count = context.quick ? 40_000 : 300_000;
  const text = new TextEncoder();
  const random = seededRandom(23);
  // One value per put would cost memory for nothing: 1,024 random values, used in turn.
  const values = Array.from({ length: 1024 }, () =>
    Uint8Array.from({ length: VALUE_BYTES }, () => randomInt(random, 256)),
  );
  const key = (i: number) => text.encode(String(i).padStart(KEY_BYTES, '0'));
  const rows: BenchRow[] = [];
  context.log(
    `${count.toLocaleString('en-US')} puts of ${KEY_BYTES} + ${VALUE_BYTES} B; memtable ${MEMTABLE_BYTES / 1024} KiB, level 0 ` +
      `${LEVELS.level0Tables} tables, level 1 ${mib(LEVELS.level1Bytes!)}, tables ${LEVELS.targetTableBytes! / 1024} KiB`,
  );

  for (const [w, workload] of WORKLOADS.entries()) {
    const { fs, appended } = countingFileSystem(new NodeFileSystem(context.tmpDir));
    const dir = `db-${w}`;
    const compaction = leveledCompaction(workload.levels);
    const db = await openDb(fs, dir, {
      memtableBytes: MEMTABLE_BYTES,
      sync: { kind: 'manual' },
      catalog: manifestCatalog(),
      compaction,
    });
    const live = new Set<number>();
    const putAll = async (indexes: Uint32Array) => {
      for (let i = 0; i < indexes.length; i += BATCH) {
        const batch = new WriteBatch();
        for (let j = i; j < Math.min(indexes.length, i + BATCH); j++) {
          batch.put(key(indexes[j]!), values[j % values.length]!);
          live.add(indexes[j]!);
        }
        await db.write(batch);
      }
      await db.sync();
      await db.flush(); // waits for the flush and every compaction it starts
    };
    const preload = workload.preload(count);
    if (preload > 0) await putAll(shuffledIndexes(preload, 20));
    const before = { ...appended, compaction: compaction.stats.bytesWritten };
    const started = performance.now();
    await putAll(workload.keys(count));
    const seconds = (performance.now() - started) / 1000;
    const perLevel = db.version.levels.map((tables) => tables.length);
    await db.close();

    let onDisk = 0;
    for (const name of await fs.list(dir)) {
      const file = await fs.openRead(`${dir}/${name}`);
      onDisk += file.size;
      await file.close();
    }
    const userBytes = count * ENTRY_BYTES;
    const liveBytes = live.size * ENTRY_BYTES;
    const wal = appended.wal - before.wal;
    const catalog = appended.catalog - before.catalog;
    const compacted = compaction.stats.bytesWritten - before.compaction;
    const flushed = appended.table - before.table - compacted;
    const written = wal + flushed + compacted + catalog;
    const deepest = perLevel.reduce((last, n, level) => (n > 0 ? level : last), 0);
    const levels = perLevel.slice(0, Math.max(deepest + 2, 3)).join('/');
    const writeAmp = written / userBytes;
    const spaceAmp = onDisk / liveBytes;
    context.log(
      `${workload.name}: wrote ${mib(written)} for ${mib(userBytes)} of puts (log ${mib(wal)}, flush ${mib(flushed)}, ` +
        `compaction ${mib(compacted)}, manifest ${mib(catalog)}); ` +
        `${mib(onDisk)} on disk for ${mib(liveBytes)} live; tables per level ${levels}; ${seconds.toFixed(1)} s`,
    );
    rows.push({
      name: `amplification, ${workload.name}`,
      opsPerSec: count / seconds,
      note:
        `write amp ${times(writeAmp)} (log ${times(wal / userBytes)}, flush ${times(flushed / userBytes)}, ` +
        `compaction ${times(compacted / userBytes)}), space amp ${times(spaceAmp)}, levels ${levels}`,
    });
  }
  return rows;
};

export default benchmark;
