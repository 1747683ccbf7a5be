/**
 * Lesson 10, the whole engine against a Map, on the simulated disk. fast-check runs random
 * sequences of put, delete, get, scan, batch, flush and close-and-reopen; after every step the
 * database must agree with the Map. Memtables are tiny, so flushes happen all the time, and some
 * reads run while a flush is still going on in the background. What each check catches:
 *
 * - get agrees with the Map: reads that ask the tables before the memtable (an old value wins),
 *   a tombstone that does not hide a value in a table, a frozen memtable forgotten by reads while
 *   it is being flushed, a memtable dropped before its table is in the version.
 * - scan agrees with the Map on a random range: an off-by-one at the range's ends (a table
 *   skipped because its last key equals the start, an end that is included).
 * - close and reopen keeps everything, and lastSequence counts every write: sequence numbers
 *   reused after a reopen (the last sequence taken from the logs only, so a new write sorts
 *   below an old one in a table), a live table deleted as obsolete, logs not replayed.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, dbScan, describeOps, hexOf, key, modelScan, op, type Model, type Op } from './helpers.ts';

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
    else {
      const batch = new WriteBatch();
      for (const o of this.ops) o.kind === 'put' ? batch.put(o.key, o.value) : batch.delete(o.key);
      await r.db.write(batch);
    }
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
    expect(await dbScan(r.db, this.start, this.end), `scan from ${this.start ? hexOf(this.start) : 'the first key'} to ${this.end ? hexOf(this.end) : 'the end'} (end excluded) after: ${r.history.join('; ')}`).toEqual(
      modelScan(m.map, this.start, this.end),
    );
  }
  toString = () => `scan ${this.start ? hexOf(this.start) : '-'}..${this.end ? hexOf(this.end) : '-'}`;
}

class FlushCommand implements fc.AsyncCommand<State, Real> {
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push('flush');
    await r.db.flush();
    expect(await dbScan(r.db), `everything, right after a flush, after: ${r.history.join('; ')}`).toEqual(modelScan(m.map));
  }
  toString = () => 'flush';
}

class ReopenCommand implements fc.AsyncCommand<State, Real> {
  check = () => true;
  async run(m: State, r: Real): Promise<void> {
    r.history.push('close and reopen');
    await r.db.close();
    r.db = await openDb(r.sim, 'db', r.options);
    expect(await dbScan(r.db), `everything, after close and reopen, after: ${r.history.join('; ')}`).toEqual(modelScan(m.map));
    expect(r.db.lastSequence, `lastSequence after close and reopen: each of the ${m.writes} writes so far took one sequence number (${r.history.join('; ')})`).toBe(m.writes);
  }
  toString = () => 'close and reopen';
}

const commands = [
  fc.array(op, { minLength: 1, maxLength: 1 }).map((ops) => new WriteCommand(ops)),
  fc.array(op, { minLength: 1, maxLength: 1 }).map((ops) => new WriteCommand(ops)),
  fc.array(op, { minLength: 2, maxLength: 6 }).map((ops) => new WriteCommand(ops)),
  key.map((k) => new GetCommand(k)),
  key.map((k) => new GetCommand(k)),
  fc.tuple(fc.option(key, { nil: undefined }), fc.option(key, { nil: undefined })).map(([s, e]) => new ScanCommand(s, e)),
  fc.constant(new FlushCommand()),
  fc.constant(new ReopenCommand()),
];

const options = fc.record({
  memtableBytes: fc.integer({ min: 64, max: 400 }),
  maxImmutableMemtables: fc.integer({ min: 1, max: 3 }),
  blockSize: fc.integer({ min: 64, max: 256 }),
});

test.prop([fc.commands(commands, { size: 'medium', maxCommands: 80 }), options], { numRuns: 30 })(
  'the engine agrees with a Map after every put, delete, get, scan, batch, flush and reopen',
  async (cmds, opts) => {
    const sim = new SimulatedFileSystem({ seed: 1 });
    const real: Real = { db: await openDb(sim, 'db', opts), sim, options: opts, history: [] };
    try {
      await fc.asyncModelRun(() => ({ model: { map: new Map(), writes: 0 }, real }), cmds);
    } finally {
      await real.db.close().catch(() => {});
    }
  },
);
