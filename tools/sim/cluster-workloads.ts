// The workloads of the simulated cluster (lessons 20 to 22): lesson 17's counter with atomic
// adds, and a read-modify-write workload whose every committed write names its transaction, so
// that the order of the writes can be replayed; chaos among logs and storage servers. The checks
// follow lesson 16's serial replay: every value a committed transaction read is what the
// transactions before it in the serial order left there. Lesson 22's tests, `npm run sim` and
// the website's simulation replay all run these; pure TypeScript with no Node imports.
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import type { RunResult, Simulator } from '@ferris/18-simulator/simulator.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { SimCluster } from '@ferris/22-storage-servers/cluster.ts';
import { isFdbError } from '@support/fdb-error.ts';
import { randomInt } from '@support/random.ts';
import { TINY_ENGINE } from '@ferris/22-storage-servers/engine.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b);

/** When the chaos stops; the workloads must then finish. */
export const CHAOS_UNTIL = 2 * SECOND;
/** A run that has not finished by now is stuck. */
export const TIME_LIMIT = 30 * SECOND;

/** Kills and reboots logs and storage servers, cuts clients from the commit proxy, cuts and clogs the network, until CHAOS_UNTIL. */
export function spawnClusterChaos(cluster: SimCluster): void {
  const { world, layout } = cluster;
  world.addProcess('chaos', (p) => {
    const random = p.random.bind(p);
    const storage = layout.storage.map((s) => s.address);
    p.spawn('chaos', async () => {
      while (p.now < CHAOS_UNTIL) {
        await p.sleep(100 * MS + randomInt(random, 400 * MS));
        const pick = randomInt(random, 6);
        if (pick === 0) cluster.rebootLog(randomInt(random, layout.logs.length));
        else if (pick === 1) {
          const i = randomInt(random, storage.length);
          cluster.killStorage(i);
          const down = randomInt(random, 300 * MS);
          p.spawn('reboot', async () => {
            await p.sleep(down);
            cluster.rebootStorage(i);
          });
        } else if (pick <= 3) {
          const a = [...storage, ...cluster.clients][randomInt(random, storage.length + cluster.clients.length)]!;
          const b = [...layout.logs, ...storage][randomInt(random, layout.logs.length + storage.length)]!;
          if (a === b) continue;
          cluster.partition(a, b);
          const heal = randomInt(random, 200 * MS);
          p.spawn('heal', async () => {
            await p.sleep(heal);
            cluster.heal(a, b);
          });
        } else if (pick === 4) {
          // A client cut from its commit proxy: a commit in flight ends in commit_unknown_result.
          const client = cluster.clients[randomInt(random, cluster.clients.length)]!;
          const proxy = layout.commitProxies[0]!;
          cluster.partition(client, proxy);
          p.spawn('heal', async () => {
            await p.sleep(randomInt(random, 50 * MS));
            cluster.heal(client, proxy);
          });
        } else {
          const log = layout.logs[randomInt(random, layout.logs.length)]!;
          cluster.clog(layout.commitProxies[0]!, log, randomInt(random, 50 * MS));
        }
      }
    });
  });
}

/** How big a run is: clients, transactions per client, and whether to keep the trace (pictures). */
export interface WorkloadShape {
  readonly clients?: number;
  readonly adds?: number;
  readonly keepTrace?: boolean;
  /** The longest pause between a client's transactions, in microseconds (default MAX_PAUSE). */
  readonly maxPause?: number;
}

export interface Outcome {
  readonly result: RunResult;
  /** The run's simulator (its trace, when kept). */
  readonly sim: Simulator;
  /** Whether every client finished its work before TIME_LIMIT. */
  readonly finished: boolean;
}

/** Runs the cluster until `done()` (checked every 10 ms of virtual time) or TIME_LIMIT. */
export async function runUntil(cluster: SimCluster, done: () => boolean): Promise<Outcome> {
  cluster.world.addProcess('watcher', (p) => {
    p.spawn('watch', async () => {
      while (!done()) await p.sleep(10 * MS);
      cluster.sim.stop();
    });
  });
  const result = await cluster.run({ until: TIME_LIMIT });
  return { result, sim: cluster.sim, finished: done() };
}

/** The longest pause of a client between transactions, so that its work spreads over the chaos. */
export const MAX_PAUSE = 300 * MS;

/** A client's pause between transactions: 0 to `max` microseconds (none when max is 0). */
function pause(p: SimProcess, max: number): Promise<void> {
  return max > 0 ? p.sleep(randomInt(p.random.bind(p), max)) : Promise.resolve();
}

// ---- the counter -----------------------------------------------------------------------------

export const COUNTER = utf8('counter');

export interface CounterRun extends Outcome {
  readonly acknowledged: number;
  readonly attempted: number;
  readonly final: bigint;
  /** When the last add was acknowledged, in virtual microseconds. */
  readonly lastAcknowledgedAt: number;
}

/** Little-endian unsigned bytes as a number. */
export function littleEndian(bytes: Uint8Array | undefined): bigint {
  let n = 0n;
  for (let i = (bytes?.length ?? 0) - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes![i]!);
  return n;
}

/** `clients` clients each add 1 to the counter `adds` times through run(); then one reads it. */
export async function counterWorkload(
  seed: number,
  faults: boolean,
  { clients = 2, adds = 8, keepTrace = false, maxPause = MAX_PAUSE }: WorkloadShape = {},
): Promise<CounterRun> {
  const cluster = new SimCluster({ seed, clients, keepTrace, storageEngine: TINY_ENGINE });
  let acknowledged = 0;
  let attempted = 0;
  let lastAcknowledgedAt = 0;
  let finished = 0;
  let final = -1n;
  for (let c = 0; c < clients; c++) {
    cluster.spawnClient(c, 'adds', async (db) => {
      for (let i = 0; i < adds; i++) {
        await pause(db.process, maxPause);
        await db.run(async (tr) => {
          attempted++;
          tr.atomicOp('add', COUNTER, Uint8Array.of(1, 0, 0, 0));
        });
        acknowledged++;
        lastAcknowledgedAt = db.process.now;
      }
      if (++finished < clients) return;
      while (db.process.now < CHAOS_UNTIL) await db.process.sleep(50 * MS);
      final = littleEndian(await db.run((tr) => tr.get(COUNTER)));
    });
  }
  if (faults) spawnClusterChaos(cluster);
  const outcome = await runUntil(cluster, () => final >= 0n);
  return { ...outcome, acknowledged, attempted, final, lastAcknowledgedAt };
}

// ---- read-modify-write -------------------------------------------------------------------------

export const RMW_KEYS = ['x', 'y', 'z'];

/** One attempt of a read-modify-write transaction: what it read, what it wrote, how it ended. */
export interface Attempt {
  readonly id: string;
  readonly key: string;
  /** The value of `key` it read: the id of the transaction that wrote it, or undefined. */
  read: string | undefined;
  /** 'committed' (acknowledged at `version`), 'unknown' (commit_unknown_result) or 'refused'. */
  outcome: 'pending' | 'committed' | 'unknown' | 'refused';
  version: number;
}

/** A read-only transaction that read every key at one read version. */
export interface Snapshot {
  readonly readVersion: number;
  readonly values: Map<string, string | undefined>;
}

export interface RmwRun extends Outcome {
  readonly attempts: Attempt[];
  readonly snapshots: Snapshot[];
  /** Each key's value at the end, read after the chaos. */
  readonly finalValues: Map<string, string | undefined>;
}

/** Each client runs `count` transactions that read a key and write their own id into it. */
export async function rmwWorkload(
  seed: number,
  faults: boolean,
  { clients = 2, count = 8, keepTrace = false, maxPause = MAX_PAUSE }: WorkloadShape & { readonly count?: number } = {},
): Promise<RmwRun> {
  const cluster = new SimCluster({ seed, clients, keepTrace, storageEngine: TINY_ENGINE });
  const attempts: Attempt[] = [];
  const snapshots: Snapshot[] = [];
  const finalValues = new Map<string, string | undefined>();
  let finished = 0;
  let read = false;
  for (let c = 0; c < clients; c++) {
    cluster.spawnClient(c, 'rmw', async (db) => {
      for (let i = 0; i < count; i++) {
        await pause(db.process, maxPause);
        const key = RMW_KEYS[randomInt(db.process.random.bind(db.process), RMW_KEYS.length)]!;
        let n = 0;
        await db.run(async (tr) => {
          const attempt: Attempt = { id: `c${c}t${i}a${n++}`, key, read: undefined, outcome: 'pending', version: -1 };
          attempts.push(attempt);
          attempt.read = text(await tr.get(utf8(key)));
          tr.set(utf8(key), utf8(attempt.id));
          // run() commits after this function returns: watch how that commit ends.
          const commit = tr.commit.bind(tr);
          tr.commit = async () => {
            try {
              await commit();
              attempt.outcome = 'committed';
              attempt.version = tr.getCommittedVersion();
            } catch (error) {
              attempt.outcome = isFdbError(error, 'commit_unknown_result') ? 'unknown' : 'refused';
              throw error;
            }
          };
        });
        const snapshot = await db.run(async (tr) => {
          const values = new Map<string, string | undefined>();
          for (const k of RMW_KEYS) values.set(k, text(await tr.get(utf8(k))));
          return { readVersion: await tr.getReadVersion(), values };
        });
        snapshots.push(snapshot);
      }
      if (++finished < clients) return;
      while (db.process.now < CHAOS_UNTIL) await db.process.sleep(50 * MS);
      await db.run(async (tr) => {
        for (const key of RMW_KEYS) finalValues.set(key, text(await tr.get(utf8(key))));
      });
      read = true;
    });
  }
  if (faults) spawnClusterChaos(cluster);
  const outcome = await runUntil(cluster, () => read);
  return { ...outcome, attempts, snapshots, finalValues };
}

/**
 * The serial replay of the read-modify-write run, key by key. Every transaction read its key
 * and wrote its own id there, so the committed writes of a key form one chain, each link
 * reading the id of the one before: a committed transaction read exactly what the transaction
 * before it in the serial order wrote. Acknowledged commits take their place by commit
 * version; a commit whose result was unknown took part if, and only if, someone saw its id.
 * Returns what is wrong, in words (empty: serializable).
 */
export function replayRmw(run: RmwRun): string[] {
  const problems: string[] = [];
  const byId = new Map(run.attempts.map((a) => [a.id, a]));
  for (const key of RMW_KEYS) {
    const seen = new Set<string>();
    for (const a of run.attempts) if (a.key === key && a.read !== undefined) seen.add(a.read);
    const final = run.finalValues.get(key);
    if (final !== undefined) seen.add(final);
    const writers = run.attempts.filter(
      (a) => a.key === key && (a.outcome === 'committed' || (a.outcome === 'unknown' && seen.has(a.id))),
    );
    for (const id of seen) {
      const writer = byId.get(id);
      if (writer === undefined || writer.key !== key || writer.outcome === 'refused' || writer.outcome === 'pending')
        problems.push(`${key} was seen holding ${id}, which no committed transaction wrote there`);
    }
    // Walk the chain back from the final value: it must visit every committed writer once.
    const chain: Attempt[] = [];
    for (let at = final; at !== undefined; ) {
      const writer = byId.get(at);
      if (writer === undefined || chain.includes(writer)) break;
      chain.unshift(writer);
      at = writer.read;
    }
    if (chain.length !== writers.length || (chain[0] !== undefined && chain[0].read !== undefined)) {
      const lost = writers.filter((w) => !chain.includes(w)).map((w) => `${w.id} (read ${w.read ?? 'nothing'})`);
      problems.push(
        `${key}: the committed writes do not form one chain from nothing to the final value ${final ?? '(none)'}: chain ${chain.map((w) => w.id).join(' <- ') || '(empty)'}; left out: ${lost.join(', ') || 'none'} (an update was lost, or a read saw a state no serial order has)`,
      );
    }
    for (const snapshot of run.snapshots) problems.push(...snapshotProblems(key, chain, snapshot));
    const acknowledged = chain.filter((w) => w.outcome === 'committed');
    for (let i = 1; i < acknowledged.length; i++) {
      if (acknowledged[i]!.version <= acknowledged[i - 1]!.version)
        problems.push(
          `${key}: ${acknowledged[i]!.id} read what ${acknowledged[i - 1]!.id} wrote, yet committed at ${acknowledged[i]!.version}, not after ${acknowledged[i - 1]!.version}`,
        );
    }
  }
  return problems;
}

/**
 * A read-only transaction takes its place in the serial order at its read version: the value it
 * read of `key` is the last write in the key's chain at or below that version. So every
 * acknowledged write up to the one it saw committed at or below the read version, and every one
 * after it above.
 */
function snapshotProblems(key: string, chain: readonly Attempt[], snapshot: Snapshot): string[] {
  const seen = snapshot.values.get(key);
  const at = seen === undefined ? -1 : chain.findIndex((w) => w.id === seen);
  const where = `a read-only transaction at read version ${snapshot.readVersion} read ${key} = ${seen ?? '(none)'}`;
  if (seen !== undefined && at < 0) return [`${where}, which is not in the key's chain of committed writes`];
  const problems: string[] = [];
  chain.forEach((w, i) => {
    if (w.outcome !== 'committed') return;
    if (i <= at && w.version > snapshot.readVersion)
      problems.push(
        `${where}, but ${w.id} (at or before it in the chain) committed later, at ${w.version}: it read the future`,
      );
    if (i > at && w.version <= snapshot.readVersion)
      problems.push(
        `${where}, but ${w.id} wrote ${key} at ${w.version}, at or below the read version: it read the past`,
      );
  });
  return problems;
}

// ---- one named run, judged, for `npm run sim` and the website ---------------------------------

export const CLUSTER_WORKLOADS = ['cluster-counter', 'cluster-rmw'] as const;
export type ClusterWorkloadName = (typeof CLUSTER_WORKLOADS)[number];

/** A cluster run as `npm run sim` reports it: what failed (null: nothing) and a few lines. */
export interface JudgedRun {
  readonly result: RunResult;
  readonly sim: Simulator;
  readonly failure: string | null;
  readonly summary: string[];
}

/** Runs one cluster workload from its seed and judges it with the checks lesson 22's tests use. */
export async function runClusterWorkload(
  name: ClusterWorkloadName,
  options: { readonly seed: number; readonly faults: boolean; readonly keepTrace?: boolean },
): Promise<JudgedRun> {
  const shape = { keepTrace: options.keepTrace ?? false };
  const summary: string[] = [];
  let failure: string | null = null;
  let outcome: Outcome;
  if (name === 'cluster-counter') {
    const run = await counterWorkload(options.seed, options.faults, shape);
    summary.push(
      `cluster-counter: ${run.attempted} attempted adds, ${run.acknowledged} acknowledged, the counter holds ${run.final}`,
    );
    if (run.final < BigInt(run.acknowledged))
      failure = `the counter lost acknowledged adds (${run.final} < ${run.acknowledged})`;
    else if (run.final > BigInt(run.attempted))
      failure = `the counter holds adds nobody attempted (${run.final} > ${run.attempted})`;
    outcome = run;
  } else {
    const run = await rmwWorkload(options.seed, options.faults, shape);
    const committed = run.attempts.filter((a) => a.outcome === 'committed').length;
    summary.push(
      `cluster-rmw: ${run.attempts.length} attempts, ${committed} committed, ${run.snapshots.length} snapshots`,
    );
    const problems = replayRmw(run);
    if (problems.length > 0) failure = `not serializable: ${problems[0]}`;
    outcome = run;
  }
  if (!outcome.finished) failure = `the clients did not finish within ${TIME_LIMIT / SECOND} s of virtual time`;
  summary.push(`${outcome.result.events} events, ${(outcome.result.now / SECOND).toFixed(3)} s of virtual time`);
  return { result: outcome.result, sim: outcome.sim, failure, summary };
}
