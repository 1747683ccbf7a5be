// Shared pieces of lesson 22's tests (not a test file): a generated history of one storage tag,
// a model of it, test-double logs that serve peeks from the history and record every peek and
// pop, a reader that reads at many versions and records what it got, and chaos.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { MS } from '@ferris/18-simulator/clock.ts';
import { SimulationFailed } from '@ferris/18-simulator/errors.ts';
import type { Simulator } from '@ferris/18-simulator/simulator.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import type { SimWorld } from '@ferris/19-faults/world.ts';
import {
  ENDPOINTS,
  type LogOp,
  type PeekEntry,
  type PeekReply,
  type PeekRequest,
  type PopRequest,
  type StorageGetReply,
  type StorageRangeReply,
} from '@ferris/20-sequencer/protocol.ts';
import { FUTURE_VERSION_DELAY } from '@ferris/22-storage-servers/knobs.ts';
import { storageServer } from '@ferris/22-storage-servers/storage-server.ts';
import { randomInt } from '@support/random.ts';
import { compareBytes, fromHex, hexOf, viewBetween } from '../shared/bytes.ts';
import { failureOf, runUntil } from '../19-faults/helpers.ts';

export { compareBytes, hexOf };

/** The storage tag the tests pull. */
export const TAG = 3;
/** The end of the user key space. */
export const END = Uint8Array.of(0xff);

import { TINY_ENGINE } from '@ferris/22-storage-servers/engine.ts';

export { TINY_ENGINE };

// ---- the history: versions and their ops ------------------------------------------------------

/** One version of the history: the ops it carries for the tag (none: an empty version). */
export interface Version {
  readonly version: number;
  readonly ops: readonly LogOp[];
}

const letters = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** Sometimes a view into a bigger buffer, so that code using `.buffer` reads the wrong bytes. */
const maybeView = (bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(bytes, fc.boolean())
    .map(([b, view]) => (view ? viewBetween(Uint8Array.of(0x61, 0xee), b, Uint8Array.of(0xee, 0x00)) : b));

/** Few keys, so that versions pile up on each: the empty key, a, ab, b, c. */
export const key = maybeView(fc.constantFrom('', 'a', 'ab', 'b', 'c').map(letters));
/** Values, often empty or falsy (a zero byte is a value, not a clear). */
export const value = maybeView(
  fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc.constant(Uint8Array.of(0)),
    fc.uint8Array({ minLength: 1, maxLength: 3 }),
  ),
);
/** Parameters of atomic adds, with carries (0xff) and lengths that differ from the values'. */
const param = maybeView(
  fc.oneof(
    fc.constant(Uint8Array.of(1)),
    fc.constant(Uint8Array.of(0xff)),
    fc.uint8Array({ minLength: 1, maxLength: 2 }),
  ),
);

export const op: fc.Arbitrary<LogOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, fc.oneof(key, fc.constant(END)))
      .map(([a, b]) => (compareBytes(a, b) <= 0 ? [a, b] : [b, a]))
      .map(([begin, end]) => ({ kind: 'clear' as const, begin: begin!, end: end! })),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('atomic' as const),
      op: fc.constantFrom('add' as const, 'add' as const, 'bitXor' as const, 'compareAndClear' as const),
      key,
      param,
    }),
  },
);

/** Steps between versions: small ones, and ones that move the MVCC window by about its width. */
const step = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(1_000_000, 2_500_000, MVCC_WINDOW_VERSIONS - 1, MVCC_WINDOW_VERSIONS + 1),
  },
);

/** A history: versions that strictly increase from 1, each with 0 to 4 ops. */
export const history: fc.Arbitrary<Version[]> = fc
  .array(fc.record({ step, ops: fc.array(op, { maxLength: 4 }) }), { minLength: 4, maxLength: 24 })
  .map((list) => {
    let version = 0;
    return list.map(({ step: s, ops }) => {
      version += s;
      return { version, ops };
    });
  });

export function describeOp(o: LogOp): string {
  const h = (b: Uint8Array) => hexOf(b) || "''";
  if (o.kind === 'set') return `set ${h(o.key)}=${h(o.value)}`;
  if (o.kind === 'clear') return `clear [${h(o.begin)}, ${h(o.end)})`;
  return `${o.op} ${h(o.key)} ${h(o.param)}`;
}

export function describeHistory(list: readonly Version[]): string {
  return list.map((v) => `  v${v.version}: ${v.ops.map(describeOp).join(', ') || '(no ops)'}`).join('\n');
}

// ---- the model: the state at every version ---------------------------------------------------

/** An atomic operation's rule, written from FoundationDB's Atomic.h for the three the tests use. */
function atomic(kind: string, old: Uint8Array | undefined, p: Uint8Array): Uint8Array | undefined {
  if (kind === 'compareAndClear') return old === undefined || compareBytes(old, p) === 0 ? undefined : old;
  if (old === undefined) return Uint8Array.from(p);
  const fitted = new Uint8Array(p.length);
  fitted.set(old.subarray(0, p.length));
  if (kind === 'bitXor') return fitted.map((b, i) => b ^ p[i]!);
  let carry = 0;
  return fitted.map((b, i) => {
    const sum = b + p[i]! + carry;
    carry = sum >> 8;
    return sum & 0xff;
  });
}

/** The key space at every version of a history: key hex -> value hex. */
export class Model {
  private readonly states: { version: number; state: Map<string, string> }[] = [];

  constructor(readonly versions: readonly Version[]) {
    let state = new Map<string, string>();
    for (const { version, ops } of versions) {
      state = new Map(state);
      for (const o of ops) {
        if (o.kind === 'set') state.set(hexOf(o.key), hexOf(o.value));
        else if (o.kind === 'clear') {
          for (const k of [...state.keys()])
            if (compareBytes(fromHex(k), o.begin) >= 0 && compareBytes(fromHex(k), o.end) < 0) state.delete(k);
        } else {
          const old = state.get(hexOf(o.key));
          const next = atomic(o.op, old === undefined ? undefined : fromHex(old), o.param);
          if (next === undefined) state.delete(hexOf(o.key));
          else state.set(hexOf(o.key), hexOf(next));
        }
      }
      this.states.push({ version, state });
    }
  }

  stateAt(version: number): Map<string, string> {
    let found = new Map<string, string>();
    for (const s of this.states) if (s.version <= version) found = s.state;
    return found;
  }

  get(k: Uint8Array, version: number): string {
    return this.stateAt(version).get(hexOf(k)) ?? '(none)';
  }

  range(begin: Uint8Array, end: Uint8Array, version: number, limit: number, reverse: boolean): string {
    let rows = [...this.stateAt(version)]
      .filter(([k]) => compareBytes(fromHex(k), begin) >= 0 && compareBytes(fromHex(k), end) < 0)
      .sort(([a], [b]) => compareBytes(fromHex(a), fromHex(b)))
      .map(([k, v]) => `${k || "''"}=${v || "''"}`);
    if (reverse) rows.reverse();
    if (limit > 0) rows = rows.slice(0, limit);
    return rows.join(' ');
  }
}

// ---- test-double logs ----------------------------------------------------------------------------

/** How much of the history the logs have: the first `released` versions (shared by every double). */
export class Feed {
  released = 0;
  held = false;
  constructor(readonly versions: readonly Version[]) {}

  /** The newest version the logs hold (0 before the first). */
  get newest(): number {
    return this.released === 0 ? 0 : this.versions[this.released - 1]!.version;
  }

  get done(): boolean {
    return this.released === this.versions.length;
  }

  /** The driver: releases the next version every 5 to 40 ms, unless held. */
  drive(p: SimProcess): void {
    p.spawn('feed', async () => {
      while (!this.done) {
        await p.sleep(5 * MS + randomInt(p.random.bind(p), 35 * MS));
        if (!this.held) this.released++;
      }
    });
  }
}

/**
 * A transaction log that serves peeks from the feed and records every peek and pop it gets. With
 * a `lag`, it is behind the others (a push reaches one log before another): until the whole
 * history is out, it holds all but the feed's last `lag` versions.
 */
export class DoubleLog {
  readonly peeks: { from: number; at: number }[] = [];
  readonly pops: { upTo: number; at: number }[] = [];
  readonly violations: string[] = [];
  /** Called with each pop after it is recorded (tests kill the storage server here). */
  onPop: (upTo: number) => void = () => {};
  /** An error this log's peeks or pops throw: a bug in the log, not a log that did not answer. */
  bug: { readonly endpoint: 'peek' | 'pop'; readonly error: Error } | null = null;

  constructor(
    readonly address: string,
    readonly feed: Feed,
    readonly lag = 0,
  ) {}

  /** How many of the history's versions this log holds. */
  get versionsHeld(): number {
    return this.feed.done ? this.feed.released : Math.max(0, this.feed.released - this.lag);
  }

  /** The log holds every version below `end`. */
  get end(): number {
    return (this.versionsHeld === 0 ? 0 : this.feed.versions[this.versionsHeld - 1]!.version) + 1;
  }

  get maxPopped(): number {
    return Math.max(0, ...this.pops.map((p) => p.upTo));
  }

  readonly boot = (p: SimProcess): void => {
    p.handle(ENDPOINTS.peek, (payload) => {
      if (this.bug?.endpoint === 'peek') throw this.bug.error;
      return this.peek(p, payload as PeekRequest);
    });
    p.handle(ENDPOINTS.pop, (payload) => {
      if (this.bug?.endpoint === 'pop') throw this.bug.error;
      const { tag, upTo } = payload as PopRequest;
      if (tag !== TAG) this.violations.push(`pop of tag ${tag}, not the storage server's tag ${TAG}`);
      const oldest = Math.max(0, this.feed.newest - MVCC_WINDOW_VERSIONS);
      if (upTo > oldest) {
        this.violations.push(
          `pop up to ${upTo} at ${p.now} µs, but with the logs at ${this.feed.newest} no server can have made more than ${oldest} durable (versions inside the window stay in memory)`,
        );
      }
      this.pops.push({ upTo, at: p.now });
      this.onPop(upTo);
    });
  };

  private peek(p: SimProcess, { tag, from }: PeekRequest): PeekReply {
    if (tag !== TAG) this.violations.push(`peek of tag ${tag}, not the storage server's tag ${TAG}`);
    if (from <= this.maxPopped) {
      this.violations.push(
        `${this.address} was asked for versions from ${from} at ${p.now} µs, but the storage server popped them up to ${this.maxPopped}: it lost versions it had called durable`,
      );
    }
    const entries: PeekEntry[] = this.feed.versions
      .slice(0, this.versionsHeld)
      .filter((v) => v.version >= from && v.ops.length > 0);
    this.peeks.push({ from, at: p.now });
    return { entries, end: this.end };
  }
}

// ---- a reader ------------------------------------------------------------------------------------

export type Read =
  | { readonly kind: 'get'; readonly key: Uint8Array }
  | {
      readonly kind: 'range';
      readonly begin: Uint8Array;
      readonly end: Uint8Array;
      readonly limit: number;
      readonly reverse: boolean;
    };

/** One read and how it ended. */
export interface ReadRecord {
  readonly read: Read;
  readonly version: number;
  readonly startedAt: number;
  /** The newest version the logs held when the read was sent, and when its answer came. */
  readonly newestAtStart: number;
  endedAt: number;
  newestAtEnd: number;
  /** The answer as the model writes it, or the error's name. */
  outcome: string;
  ok: boolean;
}

const pickKey = (p: SimProcess): Uint8Array => letters(['', 'a', 'ab', 'b', 'c'][randomInt(p.random.bind(p), 5)]!);

/** A read at a random key or range, limit and order. */
function randomRead(p: SimProcess): Read {
  if (p.random() < 0.5) return { kind: 'get', key: pickKey(p) };
  const [a, b] = [pickKey(p), p.random() < 0.3 ? END : pickKey(p)];
  const [begin, end] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  return {
    kind: 'range',
    begin,
    end,
    limit: [0, 0, 1, 2, 3][randomInt(p.random.bind(p), 5)]!,
    reverse: p.random() < 0.5,
  };
}

/** A version near the logs' newest: at it, just below, inside the window, just above, or below the window. */
function randomVersion(p: SimProcess, newest: number): number {
  const pick = randomInt(p.random.bind(p), 8);
  const v =
    pick <= 1
      ? newest
      : pick === 2
        ? newest - 1
        : pick <= 4
          ? newest - randomInt(p.random.bind(p), MVCC_WINDOW_VERSIONS)
          : pick === 5
            ? newest + 1 + randomInt(p.random.bind(p), 3)
            : pick === 6
              ? newest - MVCC_WINDOW_VERSIONS - randomInt(p.random.bind(p), 3)
              : 1 + randomInt(p.random.bind(p), Math.max(1, newest));
  return Math.max(1, v);
}

/** Sends reads to `storage` every 0 to 20 ms until `stop()` says so; returns the list it fills. */
export function spawnReader(p: SimProcess, storage: string, feed: Feed, stop: () => boolean): ReadRecord[] {
  const records: ReadRecord[] = [];
  p.spawn('reader', async () => {
    while (!stop()) {
      await p.sleep(randomInt(p.random.bind(p), 20 * MS));
      const read = randomRead(p);
      const version = randomVersion(p, feed.newest);
      await readOnce(p, storage, feed, read, version, records);
    }
  });
  return records;
}

/** Sends one read from `p` and records it (in `records`, at once, so a read still waiting at the end shows). */
export async function readOnce(
  p: SimProcess,
  storage: string,
  feed: Feed,
  read: Read,
  version: number,
  records: ReadRecord[] = [],
): Promise<ReadRecord> {
  const record: ReadRecord = {
    read,
    version,
    startedAt: p.now,
    newestAtStart: feed.newest,
    endedAt: -1,
    newestAtEnd: -1,
    outcome: '',
    ok: false,
  };
  records.push(record);
  try {
    record.outcome = await sendRead(p, storage, read, version);
    record.ok = true;
  } catch (error) {
    record.outcome = codeOf(error);
  }
  record.endedAt = p.now;
  record.newestAtEnd = feed.newest;
  return record;
}

/** An FdbError's code as text ("1009"), or the error itself as text. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? `${code}` : String(error);
}

/** Sends one read and writes its answer as the model does. */
export async function sendRead(p: SimProcess, storage: string, read: Read, version: number): Promise<string> {
  if (read.kind === 'get') {
    const reply = await p.request<StorageGetReply>(storage, ENDPOINTS.get, { key: read.key, version });
    return reply.value === null ? '(none)' : hexOf(reply.value);
  }
  const { begin, end, limit, reverse } = read;
  const reply = await p.request<StorageRangeReply>(storage, ENDPOINTS.getRange, {
    begin,
    end,
    limit,
    reverse,
    version,
  });
  return reply.pairs.map(({ key: k, value: v }) => `${hexOf(k) || "''"}=${hexOf(v) || "''"}`).join(' ');
}

export function describeRead(r: ReadRecord): string {
  const what =
    r.read.kind === 'get'
      ? `get ${hexOf(r.read.key) || "''"}`
      : `getRange [${hexOf(r.read.begin) || "''"}, ${hexOf(r.read.end)}) limit ${r.read.limit}${r.read.reverse ? ' reverse' : ''}`;
  return `${what} at version ${r.version}, sent at ${r.startedAt} µs (logs newest ${r.newestAtStart}), answered at ${r.endedAt} µs (logs newest ${r.newestAtEnd}): ${r.outcome || '(empty)'}`;
}

/** What the model says the read returns. */
export function expected(model: Model, r: ReadRecord): string {
  return r.read.kind === 'get'
    ? model.get(r.read.key, r.version)
    : model.range(r.read.begin, r.read.end, r.version, r.read.limit, r.read.reverse);
}

// ---- a cluster of doubles around one storage server --------------------------------------------------

export interface Bench {
  readonly feed: Feed;
  readonly logs: DoubleLog[];
  readonly storage: SimProcess;
  readonly client: SimProcess;
}

/**
 * A storage server (tag TAG, tiny engine) pulling from `logCount` double logs that serve
 * `versions`; log i lags `lags[i]` versions behind the others (none by default).
 */
export function bench(
  world: SimWorld,
  versions: readonly Version[],
  logCount = 1,
  lags: readonly number[] = [],
): Bench {
  const feed = new Feed(versions);
  const logs = Array.from({ length: logCount }, (_, i) => new DoubleLog(`log-${i}`, feed, lags[i] ?? 0));
  for (const log of logs) world.addProcess(log.address, log.boot);
  const storage = world.addProcess(
    'storage',
    storageServer({ tag: TAG, logs: logs.map((l) => l.address), engine: TINY_ENGINE }),
  );
  const client = world.addProcess('client', (p) => feed.drive(p));
  return { feed, logs, storage, client };
}

// ---- running ---------------------------------------------------------------------------------------

/** Runs until a time, and fails a run whose clock stands still (lesson 18's helper). */
export { runUntil };

/**
 * Runs until `until` and says how the run ended: the error a task failed with (null if nothing
 * failed; any other failure of the run as itself), and the run's own message about it.
 */
export async function howRunEnded(sim: Simulator, until: number): Promise<{ error: unknown; said: string }> {
  const failure = await failureOf(runUntil(sim, until));
  if (failure === null) return { error: null, said: 'no failure' };
  return { error: failure instanceof SimulationFailed ? failure.error : failure, said: failure.message };
}

// ---- checks ---------------------------------------------------------------------------------------

/**
 * Every read that ended is legal: an answer equals the model at its version, and never for a
 * version the logs did not hold yet; future_version only after waiting FUTURE_VERSION_DELAY;
 * transaction_too_old only below the window; otherwise only a lost connection.
 */
export function checkReads(model: Model, records: readonly ReadRecord[], versions: readonly Version[]): void {
  const context = (r: ReadRecord) => `${describeRead(r)}\nHistory:\n${describeHistory(versions)}`;
  for (const r of records) {
    if (r.endedAt < 0) continue;
    if (r.ok) {
      expect(
        r.version <= r.newestAtEnd,
        `the storage server answered for version ${r.version}, which no log held yet (a server never answers for a version it has not got):\n${context(r)}`,
      ).toBe(true);
      expect(r.outcome, `the answer differs from the committed history at version ${r.version}:\n${context(r)}`).toBe(
        expected(model, r),
      );
    } else if (r.outcome === '1009') {
      expect(
        r.endedAt - r.startedAt,
        `future_version came before the server waited FUTURE_VERSION_DELAY (${FUTURE_VERSION_DELAY} µs) for the version:\n${context(r)}`,
      ).toBeGreaterThanOrEqual(FUTURE_VERSION_DELAY);
    } else if (r.outcome === '1007') {
      expect(
        r.version < r.newestAtEnd - MVCC_WINDOW_VERSIONS,
        `transaction_too_old for a version inside the window (newest ${r.newestAtEnd} minus ${MVCC_WINDOW_VERSIONS}):\n${context(r)}`,
      ).toBe(true);
    } else {
      expect(['1100', '1030'], `a read failed with an error that is not a lost connection:\n${context(r)}`).toContain(
        r.outcome,
      );
    }
  }
}

/**
 * The reads that had to answer: they ended, at a version the logs held when they were sent and
 * still inside the window when they ended.
 */
export function answerableReads(records: readonly ReadRecord[]): ReadRecord[] {
  return records.filter(
    (r) => r.endedAt >= 0 && r.version <= r.newestAtStart && r.version > r.newestAtEnd - MVCC_WINDOW_VERSIONS,
  );
}

// ---- chaos ----------------------------------------------------------------------------------------

/**
 * Until `until`: every 100 to 600 ms, reboot the storage server, cut it from a log for up to
 * 300 ms, or clog the way to a log.
 */
export function spawnChaos(world: SimWorld, p: SimProcess, logs: readonly DoubleLog[], until: number): void {
  const random = p.random.bind(p);
  p.spawn('chaos', async () => {
    while (p.now < until) {
      await p.sleep(100 * MS + randomInt(random, 500 * MS));
      const log = logs[randomInt(random, logs.length)]!.address;
      const pick = randomInt(random, 4);
      if (pick <= 1) world.reboot('storage');
      else if (pick === 2) {
        world.partition('storage', log);
        const heal = randomInt(random, 300 * MS);
        p.spawn('heal', async () => {
          await p.sleep(heal);
          world.heal('storage', log);
        });
      } else world.clog('storage', log, randomInt(random, 100 * MS));
    }
  });
}

/** The logs' complaints: peeks of popped versions, pops ahead of durability. */
export function checkLogs(logs: readonly DoubleLog[], versions: readonly Version[]): void {
  for (const log of logs) {
    expect(
      log.violations,
      `what ${log.address} saw the storage server do wrong. History:\n${describeHistory(versions)}`,
    ).toEqual([]);
  }
}
