// Shared pieces of lesson 20's tests (not a test file): a small cluster in a SimWorld (the
// lesson's roles, test-double logs that record pushes and can hold their replies, a client that
// calls the proxies directly), a recorder that numbers everything it sees in one order, and
// models of the resolver and of what the logs must receive.
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import type { RunResult } from '@ferris/18-simulator/simulator.ts';
import type { KeyRange } from '@ferris/16-transactions/keys.ts';
import type { ResolverOptions } from '@ferris/16-transactions/resolver.ts';
import type { AtomicOp } from '@ferris/17-retry-loop/atomic.ts';
import type { WriteOp } from '@ferris/17-retry-loop/write-ops.ts';
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import type { SimWorld } from '@ferris/19-faults/world.ts';
import { commitProxy, type CommitProxyOptions } from '@ferris/20-sequencer/commit-proxy.ts';
import { grvProxy } from '@ferris/20-sequencer/grv-proxy.ts';
import {
  ENDPOINTS,
  type ClusterCommitRequest,
  type ClusterLayout,
  type CommitReply,
  type CommitVersionReply,
  type GetCommitVersionRequest,
  type LogOp,
  type LogPushRequest,
  type ResolveRequest,
  type VersionReply,
} from '@ferris/20-sequencer/protocol.ts';
import { resolverRole } from '@ferris/20-sequencer/resolver-role.ts';
import { sequencer } from '@ferris/20-sequencer/sequencer.ts';
import { Deferred, NotifiedVersion } from '@ferris/20-sequencer/waiting.ts';
import { fc } from '@fast-check/vitest';
import { rethrowNotImplemented } from '../18-simulator/helpers.ts';
import { compareBytes, hexOf } from '../shared/bytes.ts';
import { newWorld, runUntil } from '../19-faults/helpers.ts';

export { newWorld, runUntil };

/** How long the test logs take to "fsync" a version before they acknowledge it. */
export const LOG_FSYNC_MICROS = 200;
/** The most virtual time a cluster run may take before it counts as stuck. */
export const RUN_LIMIT = 20 * SECOND;

// ---- the recorder -------------------------------------------------------------------------------

export interface SeenVersion extends CommitVersionReply {
  readonly proxy: string;
  readonly requestNum: number;
  readonly at: number;
  readonly seq: number;
}
export interface SeenResolve {
  readonly version: number;
  readonly prevVersion: number;
  /** The transactions' ids (from their id write range), in the batch's order. */
  readonly ids: readonly number[];
  readonly seq: number;
}

/** Everything the taps and the doubles saw, each numbered in one order (`seq`). */
export class Recorder {
  private counter = 0;
  /** Every reply of the sequencer's getCommitVersion (resends included). */
  readonly versions: SeenVersion[] = [];
  /** Every reportCommitted the sequencer received, when it ran. */
  readonly reports: Array<{ version: number; seq: number }> = [];
  /** Every resolve request the resolver received. */
  readonly resolves: SeenResolve[] = [];
  /** Every acknowledgement a test log sent. */
  readonly logAcks: Array<{ log: string; version: number; seq: number }> = [];
  /** Every commit that reached a commit proxy: id, proxy, virtual time. */
  readonly arrivals: Array<{ id: number; proxy: string; at: number; seq: number }> = [];

  next(): number {
    return this.counter++;
  }
}

// ---- transactions -------------------------------------------------------------------------------

/** One generated transaction, as the client runs it. */
export interface TxnSpec {
  /** When it asks for its read version, in microseconds from the start. */
  readonly start: number;
  /** Microseconds between its read version and its commit. */
  readonly think: number;
  /** Which GRV proxy and commit proxy it uses (taken modulo their counts). */
  readonly grv: number;
  readonly proxy: number;
  /** Read conflict ranges. */
  readonly reads: readonly KeyRange[];
  /** Writes, in order. */
  readonly writes: readonly WriteOp[];
  /** Versions subtracted from the read version it got (a stale reader, for transaction_too_old). */
  readonly lag: number;
}

const ALPHABET = 'abcdef';
export const keyArb: fc.Arbitrary<Uint8Array> = fc.constantFrom(...ALPHABET).map((c) => Uint8Array.of(c.charCodeAt(0)));
export const rangeArb: fc.Arbitrary<KeyRange> = fc.oneof(
  { weight: 3, arbitrary: keyArb.map((k) => ({ begin: k, end: Uint8Array.of(k[0]!, 0) })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(keyArb, keyArb)
      .map(([a, b]) => (compareBytes(a, b) <= 0 ? { begin: a, end: b } : { begin: b, end: a })),
  },
);
const valueArb = fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 1, maxLength: 3 }));
const atomicArb = fc.constantFrom<AtomicOp>('add', 'max', 'bitOr', 'appendIfFits');

/** A versionstamped parameter: `before` bytes, 10 placeholder bytes, `after` bytes, then the offset. */
function stampedParam(before: number, after: number): Uint8Array {
  const body = new Uint8Array(before + 10 + after).fill(0x2e);
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setInt32(body.length, before, true);
  return out;
}

export const writeArb: fc.Arbitrary<WriteOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key: keyArb, value: valueArb }) },
  { weight: 1, arbitrary: rangeArb.map((r) => ({ kind: 'clear' as const, begin: r.begin, end: r.end })) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('atomic' as const), op: atomicArb, key: keyArb, param: valueArb }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat(2), fc.nat(2), valueArb)
      .map(([b, a, value]) => ({ kind: 'versionstampedKey' as const, key: stampedParam(b, a), value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(keyArb, fc.nat(2), fc.nat(2))
      .map(([key, b, a]) => ({ kind: 'versionstampedValue' as const, key, value: stampedParam(b, a) })),
  },
);

export const txnArb: fc.Arbitrary<TxnSpec> = fc.record({
  start: fc.oneof(fc.integer({ min: 0, max: 3 * MS }), fc.integer({ min: 0, max: 30 * MS })),
  think: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * MS })),
  grv: fc.nat(7),
  proxy: fc.nat(7),
  reads: fc.array(rangeArb, { maxLength: 2 }),
  writes: fc.array(writeArb, { maxLength: 3 }),
  lag: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 * MS }) },
  ),
});

/** The id write range that names transaction `id` in what the resolver receives (no read meets it). */
export function idRange(id: number): KeyRange {
  return { begin: Uint8Array.of(0xfe, id >> 8, id & 0xff), end: Uint8Array.of(0xfe, id >> 8, id & 0xff, 0) };
}

/** The id a transaction carries as its first write range. */
export function idOf(writeRanges: readonly KeyRange[]): number {
  const first = writeRanges[0];
  if (!first || first.begin.length !== 3 || first.begin[0] !== 0xfe) return -1;
  return (first.begin[1]! << 8) | first.begin[2]!;
}

/** The write conflict ranges of `writes` (a versionstamped key: its parameter's own key). */
export function writeRangesOf(writes: readonly WriteOp[]): KeyRange[] {
  return writes.map((w) =>
    w.kind === 'clear' ? { begin: w.begin, end: w.end } : { begin: w.key, end: Uint8Array.of(...w.key, 0) },
  );
}

/** A deep copy of anything made of plain objects, arrays and Uint8Arrays. */
export function deepCopy<T>(value: T): T {
  if (value instanceof Uint8Array) return value.slice() as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  }
  return value;
}

/** Overwrites every byte array inside `value` with 0x00 (a client reusing its buffers). */
export function scribble(value: unknown): void {
  if (value instanceof Uint8Array) value.fill(0);
  else if (Array.isArray(value)) value.forEach(scribble);
  else if (value && typeof value === 'object') Object.values(value).forEach(scribble);
}

/** What one transaction ended with, as the client saw it. */
export interface Outcome {
  readonly id: number;
  readonly spec: TxnSpec;
  /** The request as it was sent (a copy taken before sending). */
  request: ClusterCommitRequest | null;
  readVersion: number;
  grvAskedSeq: number;
  grvSeq: number;
  sentSeq: number;
  replySeq: number;
  reply: CommitReply | null;
  /** The error's class name, when the commit was refused. */
  error: string | null;
  proxy: string;
}

// ---- the test-double log ----------------------------------------------------------------------------

/**
 * A transaction log double: takes versions in prevVersion order, records each the first time,
 * acknowledges after LOG_FSYNC_MICROS (again for a version it has), and can hold its replies.
 * Its records live outside the process, like a disk that survives kills.
 */
export class TestLog {
  /** The versions it took, in order (copies of the pushes). */
  readonly accepted: LogPushRequest[] = [];
  /** Problems it saw (a push that does not follow the chain). */
  readonly problems: string[] = [];
  private readonly chain: NotifiedVersion;
  private held: Deferred<void> | null = null;

  constructor(
    readonly address: string,
    private readonly rec: Recorder,
  ) {
    this.chain = new NotifiedVersion(`${address}'s last version`);
  }

  get lastVersion(): number {
    return this.chain.get();
  }

  /** From now on, replies wait until release(). */
  hold(): void {
    this.held ??= new Deferred(`release of ${this.address}`);
  }

  release(): void {
    this.held?.resolve();
    this.held = null;
  }

  boot(): Boot {
    return (p) => p.handle(ENDPOINTS.push, (payload) => this.push(p, payload as LogPushRequest));
  }

  private async push(p: SimProcess, request: LogPushRequest): Promise<void> {
    await this.chain.whenAtLeast(p, request.prevVersion);
    if (request.version > this.chain.get()) {
      if (this.chain.get() !== request.prevVersion || request.version <= request.prevVersion) {
        this.problems.push(
          `${this.address} got version ${request.version} after ${request.prevVersion} while its last version is ${this.chain.get()}`,
        );
        return;
      }
      this.accepted.push(deepCopy(request));
      this.chain.set(request.version);
    }
    await p.sleep(LOG_FSYNC_MICROS);
    const held = this.held;
    if (held) await held.wait(p);
    this.rec.logAcks.push({ log: this.address, version: request.version, seq: this.rec.next() });
  }
}

// ---- taps: watch a role's endpoint without changing it -------------------------------------------------

/** `boot`, then `endpoint`'s handler wrapped: `before` sees each request, `after` each reply. */
export function tapped(
  boot: Boot,
  endpoint: string,
  before: (payload: unknown, p: SimProcess) => void,
  after: (payload: unknown, reply: unknown, p: SimProcess) => void = () => {},
): Boot {
  return async (p) => {
    await boot(p);
    const inner = p.handlers.get(endpoint);
    if (!inner) throw new Error(`the role did not register a handler for ${endpoint}`);
    p.handle(endpoint, async (payload, from) => {
      before(payload, p);
      const reply = await inner(payload, from);
      after(payload, reply, p);
      return reply;
    });
  };
}

// ---- the cluster ------------------------------------------------------------------------------------------

export interface ClusterShape {
  readonly commitProxies: number;
  readonly grvProxies: number;
  readonly logs: number;
  readonly tags: readonly number[];
  readonly proxy?: CommitProxyOptions;
  readonly resolver?: ResolverOptions;
  readonly buggify?: boolean;
}

export interface TestCluster {
  readonly world: SimWorld;
  readonly layout: ClusterLayout;
  readonly rec: Recorder;
  readonly logs: readonly TestLog[];
  run(until?: number): Promise<RunResult>;
}

/** A world with a sequencer, GRV and commit proxies, a resolver and test logs, every role tapped. */
export function buildCluster(seed: number, shape: ClusterShape): TestCluster {
  const { sim, world } = newWorld(seed, { buggify: shape.buggify ?? false });
  const rec = new Recorder();
  const layout: ClusterLayout = {
    sequencer: 'sequencer',
    grvProxies: Array.from({ length: shape.grvProxies }, (_, i) => `grv-${i}`),
    commitProxies: Array.from({ length: shape.commitProxies }, (_, i) => `proxy-${i}`),
    resolver: 'resolver',
    logs: Array.from({ length: shape.logs }, (_, i) => `log-${i}`),
    storage: shape.tags.map((tag, i) => ({ address: `storage-${i}`, tag })),
  };
  let boot = tapped(
    sequencer(),
    ENDPOINTS.getCommitVersion,
    () => {},
    (payload, reply, p) => {
      const request = payload as GetCommitVersionRequest;
      const versions = reply as CommitVersionReply;
      rec.versions.push({ ...request, ...versions, at: p.now, seq: rec.next() });
    },
  );
  boot = tapped(boot, ENDPOINTS.reportCommitted, (payload) =>
    rec.reports.push({ version: (payload as { version: number }).version, seq: rec.next() }),
  );
  world.addProcess(layout.sequencer, boot);
  world.addProcess(
    layout.resolver,
    tapped(resolverRole(shape.resolver), ENDPOINTS.resolve, (payload) => {
      const request = payload as ResolveRequest;
      const ids = request.transactions.map((t) => idOf(t.writeRanges));
      rec.resolves.push({ version: request.version, prevVersion: request.prevVersion, ids, seq: rec.next() });
    }),
  );
  for (const address of layout.grvProxies) world.addProcess(address, grvProxy(layout));
  for (const address of layout.commitProxies) {
    world.addProcess(
      address,
      tapped(commitProxy(layout, shape.proxy), ENDPOINTS.commit, (payload, p) =>
        rec.arrivals.push({
          id: idOf((payload as ClusterCommitRequest).writeRanges),
          proxy: p.address,
          at: p.now,
          seq: rec.next(),
        }),
      ),
    );
  }
  const logs = layout.logs.map((address) => new TestLog(address, rec));
  for (const log of logs) world.addProcess(log.address, log.boot());
  return { world, layout, rec, logs, run: (until = RUN_LIMIT) => runUntil(sim, until) };
}

/** The request transaction `id` of `spec` sends at read version `readVersion`. */
export function commitRequest(id: number, spec: TxnSpec, readVersion: number): ClusterCommitRequest {
  return {
    readVersion,
    readRanges: spec.reads,
    writeRanges: [idRange(id), ...writeRangesOf(spec.writes)],
    ops: spec.writes,
  };
}

/** Sends a request from the client; a starter's NotImplemented, come back as an error, is rethrown. */
export async function ask<T>(p: SimProcess, to: string, endpoint: string, payload: unknown): Promise<T> {
  try {
    return await p.request<T>(to, endpoint, payload);
  } catch (error) {
    rethrowNotImplemented(error);
    throw error;
  }
}

export interface WorkloadOptions {
  /** Overwrite every buffer of a request once its reply came (the client reuses them). */
  readonly scribble?: boolean;
  /** Run this as a task of the client too (faults, holds). */
  readonly chaos?: (p: SimProcess, cluster: TestCluster, outcomes: readonly Outcome[]) => Promise<void>;
  /** Microseconds to wait after the last reply before stopping (so pushes under way finish). */
  readonly settle?: number;
}

/**
 * Runs `specs` on the cluster from one client process: each transaction gets a read version
 * from a GRV proxy, then commits through a commit proxy. Stops once all have an answer (and
 * `settle` more has passed) or at RUN_LIMIT.
 */
export async function runWorkload(
  cluster: TestCluster,
  specs: readonly TxnSpec[],
  options: WorkloadOptions = {},
): Promise<{ outcomes: Outcome[]; result: RunResult; finished: boolean }> {
  const { world, layout, rec } = cluster;
  const outcomes: Outcome[] = specs.map((spec, id) => ({
    id,
    spec,
    request: null,
    readVersion: -1,
    grvAskedSeq: -1,
    grvSeq: -1,
    sentSeq: -1,
    replySeq: -1,
    reply: null,
    error: null,
    proxy: layout.commitProxies[spec.proxy % layout.commitProxies.length]!,
  }));
  let answered = 0;
  let finished = false;
  world.addProcess('client', (p) => {
    if (options.chaos) p.spawn('chaos', () => options.chaos!(p, cluster, outcomes));
    for (const outcome of outcomes) {
      p.spawn(`txn-${outcome.id}`, async () => {
        const spec = outcome.spec;
        await p.sleep(spec.start);
        outcome.grvAskedSeq = rec.next();
        const grv = layout.grvProxies[spec.grv % layout.grvProxies.length]!;
        const { version } = await ask<VersionReply>(p, grv, ENDPOINTS.getReadVersion, {});
        outcome.grvSeq = rec.next();
        outcome.readVersion = Math.max(0, version - spec.lag);
        await p.sleep(spec.think);
        const request = deepCopy(commitRequest(outcome.id, spec, outcome.readVersion));
        outcome.request = deepCopy(request);
        outcome.sentSeq = rec.next();
        try {
          outcome.reply = await ask<CommitReply>(p, outcome.proxy, ENDPOINTS.commit, request);
        } catch (error) {
          outcome.error = (error as Error).name;
        }
        outcome.replySeq = rec.next();
        if (options.scribble) scribble(request);
        if (++answered === outcomes.length) {
          await p.sleep(options.settle ?? 20 * MS);
          finished = true;
          world.sim.stop();
        }
      });
    }
    if (outcomes.length === 0) {
      p.spawn('idle', async () => {
        await p.sleep(options.settle ?? 20 * MS);
        finished = true;
        world.sim.stop();
      });
    }
  });
  const result = await cluster.run();
  return { outcomes, result, finished };
}

// ---- models -------------------------------------------------------------------------------------------------

function intersects(a: KeyRange, b: KeyRange): boolean {
  const empty = (r: KeyRange) => compareBytes(r.begin, r.end) >= 0;
  return !empty(a) && !empty(b) && compareBytes(a.begin, b.end) < 0 && compareBytes(b.begin, a.end) < 0;
}

export type ModelVerdict = 'committed' | 'conflict' | 'too_old';

/**
 * Lesson 16's rule, worked out from scratch over the batches in version order: a transaction
 * with reads below the oldest version is too old; one whose read range meets a write committed
 * after its read version (earlier in its own batch included) conflicts.
 */
export function modelVerdicts(
  batches: ReadonlyArray<{ version: number; txns: readonly ClusterCommitRequest[] }>,
  windowVersions: number,
): ModelVerdict[][] {
  const history: Array<{ range: KeyRange; version: number }> = [];
  let oldest = 0;
  return batches.map(({ version, txns }) => {
    const batchWrites: KeyRange[] = [];
    const verdicts = txns.map((tr): ModelVerdict => {
      if (tr.readRanges.length > 0 && tr.readVersion < oldest) return 'too_old';
      const meets = (read: KeyRange) =>
        history.some((w) => w.version > tr.readVersion && intersects(w.range, read)) ||
        batchWrites.some((w) => intersects(w, read));
      if (tr.readRanges.some(meets)) return 'conflict';
      batchWrites.push(...tr.writeRanges);
      return 'committed';
    });
    for (const range of batchWrites) history.push({ range, version });
    oldest = Math.max(oldest, version - windowVersions);
    return verdicts;
  });
}

/** A 10-byte versionstamp, worked out here: 8 bytes of version, 2 of order, big-endian. */
export function modelStamp(version: number, order: number): Uint8Array {
  const stamp = new Uint8Array(10);
  const view = new DataView(stamp.buffer);
  view.setBigUint64(0, BigInt(version));
  view.setUint16(8, order);
  return stamp;
}

/** A versionstamped parameter with the stamp placed: offset from its last 4 bytes, then dropped. */
function placed(param: Uint8Array, stamp: Uint8Array): Uint8Array {
  const body = param.length - 4;
  const offset = new DataView(param.buffer, param.byteOffset + body, 4).getInt32(0, true);
  const out = param.slice(0, body);
  out.set(stamp, offset);
  return out;
}

/** What the logs must carry for a committed transaction's writes. */
export function modelLogOps(writes: readonly WriteOp[], stamp: Uint8Array): LogOp[] {
  return writes.map((w): LogOp => {
    if (w.kind === 'versionstampedKey') return { kind: 'set', key: placed(w.key, stamp), value: w.value };
    if (w.kind === 'versionstampedValue') return { kind: 'set', key: w.key, value: placed(w.value, stamp) };
    return w;
  });
}

/** Log ops as text, for comparing and for messages. */
export function showOps(ops: readonly LogOp[]): string[] {
  return ops.map((op) => {
    if (op.kind === 'set') return `set ${hexOf(op.key)}=${hexOf(op.value)}`;
    if (op.kind === 'clear') return `clear ${hexOf(op.begin)}..${hexOf(op.end)}`;
    return `${op.op} ${hexOf(op.key)} ${hexOf(op.param)}`;
  });
}

/** The distinct versions the sequencer handed out, in the order it handed them out. */
export function handedOut(rec: Recorder): SeenVersion[] {
  const seen = new Set<number>();
  return rec.versions.filter((v) => !seen.has(v.version) && seen.add(v.version));
}

/** The resolve requests, one per version (resends dropped), in version order. */
export function batchesInOrder(rec: Recorder): SeenResolve[] {
  const byVersion = new Map<number, SeenResolve>();
  for (const r of rec.resolves) if (!byVersion.has(r.version)) byVersion.set(r.version, r);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
