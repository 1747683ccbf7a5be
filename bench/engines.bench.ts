// FerrisDB against two real embedded engines on the same machine and the same workload:
// classic-level (LevelDB) and lmdb. The workloads are db_bench's (LevelDB's own benchmark):
//
//   fillseq     N keys written in key order, in batches of 1,000, into an empty database
//   fillrandom  the same N keys in a random order, into another empty database
//   readrandom  gets of keys from fillrandom's database (closed and opened again), random order
//   readrandom2 as many gets again, other keys, on the same open database: db_bench's default list
//               runs readrandom twice too. The first run pays for bringing the tables into memory;
//               the second measures a get whose blocks are already there
//   readseq     one scan of that whole database, in key order
//
// N is 1,000,000 (50,000 with --quick); `--keys 100000,1000000,4000000` runs every size in turn
// and prints how each engine's ops/s change as the data grows.
//
// Keys are 16 bytes ("0000000000001234"); values 100 bytes, half random and half repeated (so a
// compressor can halve them, as in db_bench). Each key is made when its batch (or its batch of
// 1,000 gets) is, inside the timed loop, for every engine alike. Batches are not synced one by
// one; each fill ends with every write durable, and that wait is timed.
// bench/engines/adapters.ts states each engine's settings. ferrisdb is the tree being measured
// (solutions/ unless --impl DIR), with lessons 12 and 13 when that tree has them.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, randomInt } from '@support/random.ts';
import type { Benchmark, BenchContext, BenchRow } from './types.ts';
import { classicLevel, ferrisdb, lmdb, type EngineUnderTest, type OpenEngine } from './engines/adapters.ts';
import { bestSetup } from './engines/ferris-setup.ts';

export const KEY_BYTES = 16;
export const VALUE_BYTES = 100;
export const BATCH = 1_000;
export const WORKLOADS = ['fillseq', 'fillrandom', 'readrandom', 'readrandom2', 'readseq'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** One row of this benchmark: also what `--json FILE` writes for it. */
export interface EngineRow extends BenchRow {
  readonly workload: Workload;
  readonly engine: string;
  readonly opsPerSec: number;
  readonly keys: number;
}

/**
 * The data of one size, made as db_bench makes it: key i is formatted when it is written or read
 * (`0000000000000042`), and value i is a view into one shared buffer (db_bench's RandomGenerator
 * hands out slices of one 1 MiB buffer). Nothing per key is kept between batches: a million
 * Buffers held for the whole run would be a heap that every collection of a JavaScript engine
 * walks (in this process, about half of ferrisdb's random fill went to the collector), which is
 * the harness's cost, not the engine's. The peers keep their data outside V8's heap.
 */
interface Dataset {
  key(i: number): Buffer;
  value(i: number): Buffer;
}

function makeData(count: number): Dataset {
  const random = seededRandom(13);
  const all = Buffer.alloc(count * VALUE_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * VALUE_BYTES;
    for (let j = 0; j < VALUE_BYTES / 2; j++) all[at + j] = randomInt(random, 256);
    all.fill(all[at]!, at + VALUE_BYTES / 2, at + VALUE_BYTES);
  }
  return {
    key: (i) => Buffer.from(String(i).padStart(KEY_BYTES, '0')),
    value: (i) => all.subarray(i * VALUE_BYTES, (i + 1) * VALUE_BYTES),
  };
}

/** 0 .. count - 1 in order, as numbers, not objects. */
function indices(count: number): Uint32Array {
  return Uint32Array.from({ length: count }, (_, i) => i);
}

/** 0 .. count - 1 in a seeded random order (Fisher-Yates). */
function shuffledIndices(count: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const out = indices(count);
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** The keys (and values) of `order[from..to)`, made now: one batch's worth. */
function batchOf(data: Dataset, order: Uint32Array, from: number, to: number) {
  const keys: Buffer[] = [];
  const values: Buffer[] = [];
  for (let i = from; i < to; i++) {
    keys.push(data.key(order[i]!));
    values.push(data.value(order[i]!));
  }
  return { keys, values };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Gets of every key in `order`, in batches; the seconds they took. Throws if a key is missing. */
async function readAll(engine: EngineUnderTest, db: OpenEngine, data: Dataset, order: Uint32Array): Promise<number> {
  let found = 0;
  const seconds = await timed(async () => {
    for (let i = 0; i < order.length; i += BATCH)
      found += await db.readRandom(batchOf(data, order, i, Math.min(order.length, i + BATCH)).keys);
  });
  if (found !== order.length)
    throw new Error(`${engine.name} found ${found} of ${order.length} keys it was given: the engine lost writes.`);
  return seconds;
}

/** One run of every workload on every engine, with `count` keys; rows named with the size when asked. */
async function runAtSize(
  context: BenchContext,
  engines: readonly EngineUnderTest[],
  count: number,
  named: boolean,
): Promise<EngineRow[]> {
  const reads = context.quick ? Math.min(20_000, count) : Math.min(200_000, count);
  const data = makeData(count);
  const inOrder = indices(count);
  const randomOrder = shuffledIndices(count, 7);
  const readOrder = shuffledIndices(count, 11).subarray(0, reads);
  const rereadOrder = shuffledIndices(count, 12).subarray(0, reads);
  const size = named ? ` @${count.toLocaleString('en-US')}` : '';
  const rows: EngineRow[] = [];
  const add = (workload: Workload, engine: EngineUnderTest, ops: number, seconds: number, note: string) => {
    const opsPerSec = ops / seconds;
    rows.push({
      name: `${workload}${size}: ${engine.name}`,
      workload,
      engine: engine.name,
      keys: count,
      opsPerSec,
      note,
    });
    context.log(
      `${workload.padEnd(11)}${size} ${engine.name.padEnd(13)} ${Math.round(opsPerSec).toLocaleString('en-US').padStart(11)} ops/s`,
    );
  };

  for (const engine of engines) {
    context.log(`${engine.name}: ${engine.settings}`);
    const base = path.join(context.tmpDir, `${engine.name}-${count}`);
    const fill = async (dir: string, order: Uint32Array) => {
      mkdirSync(dir, { recursive: true });
      const db = await engine.open(dir);
      const seconds = await timed(async () => {
        for (let i = 0; i < count; i += BATCH) {
          const { keys, values } = batchOf(data, order, i, Math.min(count, i + BATCH));
          await db.writeBatch(keys, values, 0, keys.length, i + BATCH >= count);
        }
      });
      await db.close();
      return seconds;
    };
    const puts = `${count.toLocaleString('en-US')} puts, batches of ${BATCH}`;
    add('fillseq', engine, count, await fill(path.join(base, 'seq'), inOrder), puts);
    add('fillrandom', engine, count, await fill(path.join(base, 'random'), randomOrder), puts);

    const db = await engine.open(path.join(base, 'random'));
    const gets = `${reads.toLocaleString('en-US')} gets, every key present`;
    add('readrandom', engine, reads, await readAll(engine, db, data, readOrder), gets);
    add('readrandom2', engine, reads, await readAll(engine, db, data, rereadOrder), `${gets}, again, other keys`);
    let seen = 0;
    const scanSeconds = await timed(async () => {
      seen = await db.scanAll();
    });
    if (seen !== count) throw new Error(`${engine.name} scanned ${seen} pairs, expected ${count}.`);
    add('readseq', engine, count, scanSeconds, `one scan of ${count.toLocaleString('en-US')} pairs`);
    await db.close();
    rmSync(base, { recursive: true, force: true });
  }
  return rows;
}

/** Ours over each peer, per workload, in the rows of one size: above 1.00x means FerrisDB is faster. */
function withRatios(rows: EngineRow[], ours: string, peers: readonly string[], log: (m: string) => void): EngineRow[] {
  const rate = (workload: Workload, engine: string) =>
    rows.find((r) => r.workload === workload && r.engine === engine)!.opsPerSec;
  const ratios = (workload: Workload, opsPerSec: number) =>
    peers.map((peer) => `${(opsPerSec / rate(workload, peer)).toFixed(2)}x ${peer}`).join(', ');
  for (const workload of WORKLOADS) log(`${workload.padEnd(11)} ours/peer: ${ratios(workload, rate(workload, ours))}`);
  return rows.map((row) =>
    row.engine === ours ? { ...row, note: `${row.note}; ours/peer ${ratios(row.workload, row.opsPerSec)}` } : row,
  );
}

const benchmark: Benchmark = async (context) => {
  const sizes = context.keys ?? [context.quick ? 50_000 : 1_000_000];
  const ours = ferrisdb('ferrisdb', await bestSetup(context.log));
  const engines: EngineUnderTest[] = [ours, classicLevel, lmdb];
  const rows: EngineRow[] = [];
  for (const count of sizes) {
    const sized = await runAtSize(context, engines, count, sizes.length > 1);
    rows.push(
      ...withRatios(
        sized,
        ours.name,
        engines.slice(1).map((e) => e.name),
        context.log,
      ),
    );
  }
  // How each engine's cost grows with the data: ops/s at each size, side by side.
  if (sizes.length > 1) {
    for (const workload of WORKLOADS)
      for (const engine of engines) {
        const line = sizes
          .map((n) => rows.find((r) => r.workload === workload && r.engine === engine.name && r.keys === n)!)
          .map((r) => Math.round(r.opsPerSec).toLocaleString('en-US'))
          .join(' -> ');
        context.log(`${workload.padEnd(11)} ${engine.name.padEnd(13)} ${line} ops/s at ${sizes.join(', ')} keys`);
      }
  }
  return rows;
};

export default benchmark;
