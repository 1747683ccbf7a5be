/**
 * Lesson 10, the whole engine against a Map, on the simulated disk. fast-check runs random
 * sequences of puts, deletes, batches and flushes, with gets, scans or close-and-reopen among
 * them; memtables are tiny, so flushes happen all the time, and some reads run while a flush is
 * still going on in the background. Each property checks one rule, so one bug shows as one
 * failure with the rule's name:
 *
 * - "get returns the newest write of each key": reads that ask the tables before the memtable
 *   (an old value wins), a tombstone that does not hide a value in a table, a frozen memtable
 *   forgotten by reads while it is being flushed, frozen memtables read oldest first, a memtable
 *   dropped before its table is in the version.
 * - "scan returns exactly the live pairs from start up to end": an off-by-one at the range's
 *   ends (a table skipped because its last key equals the start, an end that is included).
 * - "close and reopen keeps every acknowledged write": a live table deleted as obsolete, logs not
 *   replayed.
 * - "after a reopen, lastSequence counts every write": sequence numbers reused after a reopen
 *   (the last sequence taken from the logs only, so a new write sorts below an old one in a table).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf } from '../shared/bytes.ts';
import { applyOps, batchOf, dbScan, describeOps, key, modelScan, op, type Model, type Op } from './helpers.ts';

interface State {
  map: Model;
  /** How many writes were acknowledged: each takes one sequence number. */
  writes: number;
}
interface Real {
  db: Db;
  readonly sim: SimulatedFileSystem;
  readonly options: DbOptions;
  readonly history: string[];
}

class WriteCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly ops: readonly Op[]) {}
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push(this.toString());
    if (this.ops.length === 1 && this.ops[0]!.kind === 'put') await r.db.put(this.ops[0]!.key, this.ops[0]!.value);
    else if (this.ops.length === 1) await r.db.delete(this.ops[0]!.key);
    else await r.db.write(batchOf(this.ops));
    applyOps(m.map, this.ops);
    m.writes += this.ops.length;
  }
  toString = () => (this.ops.length === 1 ? describeOps(this.ops) : `batch [${describeOps(this.ops)}]`);
}

class GetCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly key: Uint8Array) {}
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push(this.toString());
    const got = await r.db.get(this.key);
    const want = m.map.get(hexOf(this.key));
    expect(got === undefined ? 'no value' : hexOf(got), `get(${hexOf(this.key)}) after: ${r.history.join('; ')}`).toBe(
      want === undefined ? 'no value' : hexOf(want),
    );
  }
  toString = () => `get ${hexOf(this.key)}`;
}

class ScanCommand implements fc.AsyncCommand<State, Real> {
  constructor(
    readonly start: Uint8Array | undefined,
    readonly end: Uint8Array | undefined,
  ) {}
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push(this.toString());
    expect(
      await dbScan(r.db, this.start, this.end),
      `scan from ${this.start ? hexOf(this.start) : 'the first key'} to ${this.end ? hexOf(this.end) : 'the end'} (end excluded) after: ${r.history.join('; ')}`,
    ).toEqual(modelScan(m.map, this.start, this.end));
  }
  toString = () => `scan ${this.start ? hexOf(this.start) : '-'}..${this.end ? hexOf(this.end) : '-'}`;
}

class FlushCommand implements fc.AsyncCommand<State, Real> {
  check = () => true;
  async run(_m: State, r: Real): Promise<void> {
    r.history.push('flush');
    await r.db.flush();
  }
  toString = () => 'flush';
}

/** Closes and opens the database again, then checks one thing: everything, or lastSequence. */
class ReopenCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly checks: 'everything' | 'lastSequence') {}
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push('close and reopen');
    await r.db.close();
    r.db = await openDb(r.sim, 'db', r.options);
    if (this.checks === 'everything') {
      expect(await dbScan(r.db), `everything, after close and reopen, after: ${r.history.join('; ')}`).toEqual(
        modelScan(m.map),
      );
    } else {
      expect(
        r.db.lastSequence,
        `lastSequence after close and reopen: each of the ${m.writes} writes so far took one sequence number (${r.history.join('; ')})`,
      ).toBe(m.writes);
    }
  }
  toString = () => 'close and reopen';
}

const write = fc.array(op, { minLength: 1, maxLength: 1 }).map((ops) => new WriteCommand(ops));
const batch = fc.array(op, { minLength: 2, maxLength: 6 }).map((ops) => new WriteCommand(ops));
const get = key.map((k) => new GetCommand(k));
const scan = fc
  .tuple(fc.option(key, { nil: undefined }), fc.option(key, { nil: undefined }))
  .map(([s, e]) => new ScanCommand(s, e));
const flush = fc.constant(new FlushCommand());
const reopen = (checks: 'everything' | 'lastSequence') => fc.constant(new ReopenCommand(checks));

const options = fc.record({
  memtableBytes: fc.integer({ min: 64, max: 400 }),
  maxImmutableMemtables: fc.integer({ min: 1, max: 3 }),
  blockSize: fc.integer({ min: 64, max: 256 }),
});

/** Runs the commands on a fresh database; the checks are in the commands. */
async function modelRun(cmds: Iterable<fc.AsyncCommand<State, Real>>, opts: DbOptions): Promise<void> {
  const sim = new SimulatedFileSystem({ seed: 1 });
  const real: Real = { db: await openDb(sim, 'db', opts), sim, options: opts, history: [] };
  try {
    await fc.asyncModelRun(() => ({ model: { map: new Map(), writes: 0 }, real }), cmds);
  } finally {
    await real.db.close().catch(() => {});
  }
}

const size = { size: 'medium', maxCommands: 80 } as const;

test.prop([fc.commands([write, write, batch, get, get, flush], size), options], { numRuns: 20 })(
  'get returns the newest write of each key (nothing after a delete), from the memtable, a memtable being flushed or a table',
  (cmds, opts) => modelRun(cmds, opts),
);

test.prop([fc.commands([write, write, batch, scan, flush], size), options], { numRuns: 20 })(
  'scan returns exactly the live pairs from start up to end (end excluded), in key order',
  (cmds, opts) => modelRun(cmds, opts),
);

test.prop([fc.commands([write, write, batch, flush, reopen('everything')], size), options], { numRuns: 20 })(
  'close and reopen keeps every acknowledged write, in the logs and in the tables',
  (cmds, opts) => modelRun(cmds, opts),
);

test.prop([fc.commands([write, write, batch, flush, reopen('lastSequence')], size), options], { numRuns: 20 })(
  'after a reopen, lastSequence counts every write: each took one sequence number',
  (cmds, opts) => modelRun(cmds, opts),
);
