// Transactions (lessons 16 and 17) on the real disk: committed read-modify-write transactions per
// second and the share of attempts the resolver refused, at three contentions (many keys, a
// hundred, one hot key), and what one commit batch spends its time on. Each client runs
// `db.run(get a random key, set it to one more)` through lesson 17's retry loop with its real
// backoff, so a refused attempt costs what it costs a FoundationDB client: a wait and a retry.
//
// The split of a batch's time is measured from outside the reference: the methods the commit path
// calls (Resolver.resolveBatch, CommitLog.append and sync, VersionedStore.apply, and the database's
// own commitBatch around them) are wrapped with timers for the run and put back afterwards.
// "Other" is the rest of a batch: turning atomic operations into mutations, answering, watches,
// and making the store durable every 64 batches. A timer around an awaited call also counts any
// other client's code that ran before the call's continuation did: the figures are wall time.
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { CommitLog } from '@ferris/16-transactions/commit-log.ts';
import { Resolver } from '@ferris/16-transactions/resolver.ts';
import { Database, openDatabase } from '@ferris/17-retry-loop/database.ts';
import { randomInt, seededRandom } from '@support/random.ts';
import type { Benchmark, BenchRow } from './types.ts';

/** Concurrent clients, each running one transaction after another. */
const CLIENTS = 16;

interface Contention {
  readonly name: string;
  readonly keys: number;
}

const CONTENTIONS: readonly Contention[] = [
  { name: 'low (10,000 keys)', keys: 10_000 },
  { name: 'medium (100 keys)', keys: 100 },
  { name: 'high (1 hot key)', keys: 1 },
];

/** The parts of a commit batch, timed. */
const PARTS = ['batch', 'resolve', 'append', 'sync', 'apply'] as const;
type Part = (typeof PARTS)[number];

interface Timings {
  readonly ms: Record<Part, number>;
  readonly calls: Record<Part, number>;
}

/** A method on a prototype, and the part its time is counted under. */
interface Timed {
  readonly owner: object;
  readonly method: string;
  readonly part: Part;
}

const TIMED: readonly Timed[] = [
  { owner: Database.prototype, method: 'commitBatch', part: 'batch' },
  { owner: Resolver.prototype, method: 'resolveBatch', part: 'resolve' },
  { owner: CommitLog.prototype, method: 'append', part: 'append' },
  { owner: CommitLog.prototype, method: 'sync', part: 'sync' },
  { owner: VersionedStore.prototype, method: 'apply', part: 'apply' },
];

/** Runs `body` with the commit path's methods timed, and puts the originals back afterwards. */
async function timed<T>(body: () => Promise<T>): Promise<{ value: T; timings: Timings }> {
  const zero = () => Object.fromEntries(PARTS.map((p) => [p, 0])) as Record<Part, number>;
  const timings: Timings = { ms: zero(), calls: zero() };
  const originals = TIMED.map((t) => (t.owner as Record<string, unknown>)[t.method]);
  TIMED.forEach((t, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    (t.owner as Record<string, unknown>)[t.method] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      const count = () => {
        timings.ms[t.part] += performance.now() - started;
        timings.calls[t.part]++;
      };
      const result = original.apply(this, args);
      if (result instanceof Promise) return result.finally(count);
      count();
      return result;
    };
  });
  try {
    return { value: await body(), timings };
  } finally {
    TIMED.forEach((t, i) => {
      (t.owner as Record<string, unknown>)[t.method] = originals[i];
    });
  }
}

const encoder = new TextEncoder();

function keyOf(n: number): Uint8Array {
  return encoder.encode(`counter/${String(n).padStart(5, '0')}`);
}

/** A 4-byte little-endian counter (absent: 0). */
function readCount(value: Uint8Array | undefined): number {
  return value === undefined ? 0 : new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true);
}

function countBytes(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

interface Outcome {
  readonly commits: number;
  readonly attempts: number;
  readonly seconds: number;
  readonly timings: Timings;
}

/** CLIENTS clients, `perClient` committed increments each, on `keys` counters; checks the sum. */
async function runContention(dir: string, keys: number, perClient: number, seed: number): Promise<Outcome> {
  const db = await openDatabase(new NodeFileSystem(dir), 'db');
  const random = seededRandom(seed);
  let attempts = 0;
  try {
    const started = performance.now();
    const { timings } = await timed(() =>
      Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < perClient; i++) {
            const key = keyOf(randomInt(random, keys));
            await db.run(async (tr) => {
              attempts++;
              tr.set(key, countBytes(readCount(await tr.get(key)) + 1));
            });
          }
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const commits = CLIENTS * perClient;
    const total = await db.run(async (tr) => {
      let sum = 0;
      for (let n = 0; n < keys; n++) sum += readCount(await tr.get(keyOf(n), { snapshot: true }));
      return sum;
    });
    if (total !== commits) throw new Error(`the counters sum to ${total}, but ${commits} increments committed`);
    return { commits, attempts, seconds, timings };
  } finally {
    await db.close();
  }
}

function perBatch(o: Outcome, part: Part): string {
  return `${(o.timings.ms[part] / Math.max(1, o.timings.calls.batch)).toFixed(3)} ms`;
}

const benchmark: Benchmark = async ({ quick, tmpDir, log }) => {
  const perClient = quick ? 20 : 150;
  const rows: BenchRow[] = [];
  // Unmeasured, so that the first contention does not also pay for loading and compiling the code.
  await runContention(`${tmpDir}/warm-up`, 100, 5, 0);
  for (const [i, contention] of CONTENTIONS.entries()) {
    const o = await runContention(`${tmpDir}/run-${i}`, contention.keys, perClient, i + 1);
    const aborts = o.attempts - o.commits;
    const abortRate = aborts / o.attempts;
    const batches = o.timings.calls.batch;
    const t = o.timings.ms;
    const other = t.batch - t.resolve - t.append - t.sync - t.apply;
    log(
      `${contention.name}: ${o.commits} commits, ${aborts} conflicts in ${o.attempts} attempts, ${batches} batches, ${o.seconds.toFixed(2)} s`,
    );
    rows.push({
      name: `transactions, ${contention.name}: committed`,
      opsPerSec: o.commits / o.seconds,
      note: `${CLIENTS} clients; abort rate ${(100 * abortRate).toFixed(1)}% (${aborts} of ${o.attempts} attempts); ${(o.commits / batches).toFixed(1)} commits per batch`,
    });
    rows.push({
      name: `transactions, ${contention.name}: commit batches`,
      opsPerSec: batches / (t.batch / 1000),
      note: `${perBatch(o, 'batch')} a batch: resolve ${perBatch(o, 'resolve')}, log append ${perBatch(o, 'append')}, sync ${perBatch(o, 'sync')}, apply ${perBatch(o, 'apply')}, other ${(other / batches).toFixed(3)} ms`,
    });
  }
  return rows;
};

export default benchmark;
