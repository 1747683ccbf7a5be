/**
 * Lesson 14, the versioned store against a model that keeps every version, driven by random
 * commands (fast-check's model-based testing): apply, get, getRange (limit, reverse), makeDurable,
 * and close-and-reopen or crash-and-reopen on the simulated disk. Versions advance in small steps
 * and in steps right at the window's edge, so reads land exactly on oldestVersion,
 * latestVersion and one beyond each. What it catches:
 *
 * - reading the newest version of a key instead of the newest at or below the read version; a
 *   clear range that misses its begin, takes its end, or loses to a set made before it in the
 *   same version; a clear range not applied to keys only the engine holds.
 * - the window off by one at either edge (TransactionTooOld at oldestVersion, or a read below it
 *   answered); a future read answered, or a read at latestVersion refused.
 * - makeDurable forgetting versions reads still need, never forgetting anything (memory grows
 *   without end), or writing values but not deletions (a cleared key comes back after reopen).
 * - reopen that loses the durable version, or serves versions above it as if they had survived.
 * - getRange's limit taken from the wrong end with reverse, limit 0 read as "no limit".
 * - "after the old versions are made durable ...": a range clear in memory that getRange does
 *   not apply to the keys only the engine holds (they show through the clear).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Db } from '@ferris/10-lsm-engine/db.ts';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { MVCC_WINDOW_VERSIONS, openVersionedStore, type VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { CrashingFileSystem } from '../shared/crashing-fs.ts';
import {
  describeMutations,
  expectCode,
  hexOf,
  key,
  Model,
  mutations,
  openEngine,
  outcome,
  range,
  rows,
  versionStep,
} from './helpers.ts';

interface State {
  readonly model: Model;
  oldest: number;
  latest: number;
  durable: number;
}
interface Real {
  readonly sim: SimulatedFileSystem;
  /** The disk as this process sees it: after a crash, the dead process can no longer touch it. */
  fs: CrashingFileSystem;
  db: Db;
  store: VersionedStore;
}

/** Where a read lands, relative to the window: each edge, one beyond each, or inside. */
type At = 'oldest' | 'oldest-1' | 'latest' | 'latest+1' | 'durable' | 'inside';
const at: fc.Arbitrary<[At, number]> = fc.tuple(
  fc.constantFrom<At>('oldest', 'oldest-1', 'latest', 'latest+1', 'durable', 'inside', 'inside'),
  fc.nat(),
);
function versionAt(s: State, [where, pick]: [At, number]): number {
  switch (where) {
    case 'oldest':
      return s.oldest;
    case 'oldest-1':
      return s.oldest - 1;
    case 'latest':
      return s.latest;
    case 'latest+1':
      return s.latest + 1;
    case 'durable':
      return s.durable;
    case 'inside': {
      const versions = s.model.history.map((h) => h.version).filter((v) => v >= s.oldest);
      return [s.oldest, ...versions][pick % (versions.length + 1)]!;
    }
  }
}

function checkVersions(s: State, r: Real, after: string): void {
  expect(
    [r.store.oldestVersion, r.store.latestVersion, r.store.durableVersion],
    `[oldestVersion, latestVersion, durableVersion] after ${after}`,
  ).toEqual([s.oldest, s.latest, s.durable]);
}

/** The code a read at `version` must fail with, or undefined if it must succeed. */
function expectedFailure(s: State, version: number): number | undefined {
  if (version < s.oldest) return 1007;
  if (version > s.latest) return 1009;
  return undefined;
}

class ApplyCommand implements fc.AsyncCommand<State, Real> {
  constructor(
    readonly step: number,
    readonly list: Mutation[],
  ) {}
  check(): boolean {
    return true;
  }
  async run(s: State, r: Real): Promise<void> {
    const version = s.latest + this.step;
    r.store.apply(version, this.list);
    s.model.apply(version, this.list);
    s.latest = version;
    s.oldest = Math.max(s.oldest, version - MVCC_WINDOW_VERSIONS);
    checkVersions(s, r, this.toString());
  }
  toString(): string {
    return `apply(latest + ${this.step}, [${describeMutations(this.list)}])`;
  }
}

class GetCommand implements fc.AsyncCommand<State, Real> {
  constructor(
    readonly k: Uint8Array,
    readonly where: [At, number],
  ) {}
  check(): boolean {
    return true;
  }
  async run(s: State, r: Real): Promise<void> {
    const version = versionAt(s, this.where);
    const what = `get(${hexOf(this.k) || "''"}, ${version}) with the window [${s.oldest}, ${s.latest}]`;
    const failure = expectedFailure(s, version);
    if (failure !== undefined) return expectCode(() => r.store.get(this.k, version), failure, what);
    const got = await r.store.get(this.k, version);
    expect(got === undefined ? 'none' : hexOf(got), what).toBe(s.model.get(this.k, version) ?? 'none');
  }
  toString(): string {
    return `get(${hexOf(this.k) || "''"}, ${this.where[0]})`;
  }
}

class GetRangeCommand implements fc.AsyncCommand<State, Real> {
  constructor(
    readonly bounds: [Uint8Array, Uint8Array],
    readonly where: [At, number],
    readonly options: { limit?: number; reverse?: boolean },
  ) {}
  check(): boolean {
    return true;
  }
  async run(s: State, r: Real): Promise<void> {
    const [begin, end] = this.bounds;
    const version = versionAt(s, this.where);
    const what = `getRange(${hexOf(begin) || "''"}, ${hexOf(end)}, ${version}, ${JSON.stringify(this.options)}) with the window [${s.oldest}, ${s.latest}]`;
    const failure = expectedFailure(s, version);
    if (failure !== undefined)
      return expectCode(() => r.store.getRange(begin, end, version, this.options), failure, what);
    expect(rows(await r.store.getRange(begin, end, version, this.options)), what).toEqual(
      s.model.range(begin, end, version, this.options),
    );
  }
  toString(): string {
    return `getRange(${hexOf(this.bounds[0]) || "''"}, ${hexOf(this.bounds[1])}, ${this.where[0]}, ${JSON.stringify(this.options)})`;
  }
}

class MakeDurableCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly pick: 'oldest' | 'durable' | 'between') {}
  check(): boolean {
    return true;
  }
  async run(s: State, r: Real): Promise<void> {
    const upTo =
      this.pick === 'oldest' ? s.oldest : this.pick === 'durable' ? s.durable : Math.floor((s.durable + s.oldest) / 2);
    await r.store.makeDurable(upTo);
    s.durable = upTo;
    checkVersions(s, r, `makeDurable(${upTo})`);
    expect(
      r.store.mutationsInMemory,
      `mutations kept in memory after makeDurable(${upTo}): exactly those above it`,
    ).toBe(s.model.mutationsAbove(upTo));
  }
  toString(): string {
    return `makeDurable(${this.pick})`;
  }
}

class RefusedDurableCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly pick: 'oldest+1' | 'durable-1' | 'latest') {}
  check(s: Readonly<State>): boolean {
    return this.pick === 'durable-1' ? s.durable > 0 : this.pick === 'latest' ? s.latest > s.oldest : true;
  }
  async run(s: State, r: Real): Promise<void> {
    const upTo = this.pick === 'oldest+1' ? s.oldest + 1 : this.pick === 'durable-1' ? s.durable - 1 : s.latest;
    const got = await outcome(() => r.store.makeDurable(upTo));
    expect(
      got.kind === 'ok' ? 'accepted' : got.code,
      `makeDurable(${upTo}) with the window [${s.oldest}, ${s.latest}] and durable ${s.durable} must be refused`,
    ).toBe('DurableTargetError');
    checkVersions(s, r, `a refused makeDurable(${upTo})`);
  }
  toString(): string {
    return `makeDurable(${this.pick}), refused`;
  }
}

class ReopenCommand implements fc.AsyncCommand<State, Real> {
  constructor(readonly crash: boolean) {}
  check(): boolean {
    return true;
  }
  async run(s: State, r: Real): Promise<void> {
    if (this.crash) r.fs.crashNow();
    await r.db.close().catch(() => {});
    r.fs = new CrashingFileSystem(r.sim);
    r.db = await openEngine(r.fs);
    r.store = await openVersionedStore(r.db);
    // What was not durable is gone; the log above the durable version would replay it (lesson 16).
    s.model.truncateAbove(s.durable);
    s.oldest = s.latest = s.durable;
    checkVersions(s, r, this.toString());
    expect(r.store.mutationsInMemory, 'mutations in memory right after opening').toBe(0);
  }
  toString(): string {
    return this.crash ? 'crash and reopen' : 'close and reopen';
  }
}

const limit = fc.option(fc.constantFrom(0, 1, 2, 3), { nil: undefined });
const commands = [
  fc.tuple(versionStep, mutations).map(([step, list]) => new ApplyCommand(step, list)),
  fc.tuple(versionStep, mutations).map(([step, list]) => new ApplyCommand(step, list)),
  fc.tuple(versionStep, mutations).map(([step, list]) => new ApplyCommand(step, list)),
  fc.tuple(key, at).map(([k, w]) => new GetCommand(k, w)),
  fc.tuple(key, at).map(([k, w]) => new GetCommand(k, w)),
  fc
    .tuple(range, at, limit, fc.boolean())
    .map(([b, w, l, reverse]) => new GetRangeCommand(b, w, { ...(l === undefined ? {} : { limit: l }), reverse })),
  fc
    .constantFrom('oldest' as const, 'oldest' as const, 'durable' as const, 'between' as const)
    .map((p) => new MakeDurableCommand(p)),
  fc.constantFrom('oldest' as const, 'between' as const).map((p) => new MakeDurableCommand(p)),
  fc
    .constantFrom('oldest+1' as const, 'durable-1' as const, 'latest' as const)
    .map((p) => new RefusedDurableCommand(p)),
  fc.boolean().map((crash) => new ReopenCommand(crash)),
];

test.prop([fc.commands(commands, { maxCommands: 50, size: '+1' }), fc.integer({ min: 1, max: 2 ** 30 })], {
  numRuns: 80,
})(
  'every read at every version in the window matches a model that keeps every version, across makeDurable, reopen and crash',
  async (cmds, seed) => {
    const sim = new SimulatedFileSystem({ seed });
    const fs = new CrashingFileSystem(sim);
    const db = await openEngine(fs);
    const real: Real = { sim, fs, db, store: await openVersionedStore(db) };
    try {
      await fc.asyncModelRun(() => ({ model: { model: new Model(), oldest: 0, latest: 0, durable: 0 }, real }), cmds);
    } finally {
      await real.db.close().catch(() => {});
    }
  },
);

test.prop(
  [
    fc.array(mutations, { minLength: 1, maxLength: 4 }),
    fc.array(mutations, { minLength: 1, maxLength: 4 }),
    fc.array(range, { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  {
    numRuns: 60,
  },
)(
  'after the old versions are made durable, sets and clears above them still read right over what the engine holds, at every version of the window',
  async (before, after, ranges, seed) => {
    const db = await openEngine(new SimulatedFileSystem({ seed }));
    const store = await openVersionedStore(db);
    const model = new Model();
    let version = 0;
    const applyAll = (lists: readonly Mutation[][]): void => {
      for (const list of lists) {
        version += 1;
        store.apply(version, list);
        model.apply(version, list);
      }
    };
    applyAll(before);
    const durable = version;
    version = durable + MVCC_WINDOW_VERSIONS; // oldest is now the last version of `before`
    store.apply(version, []);
    model.apply(version, []);
    await store.makeDurable(durable); // the engine holds the state at `durable`; memory holds only what follows
    applyAll(after);
    const story = `[${before.map(describeMutations).join('] [')}] made durable, then [${after.map(describeMutations).join('] [')}]`;
    for (const v of [
      store.oldestVersion,
      ...model.history.map((h) => h.version).filter((x) => x > store.oldestVersion),
    ]) {
      for (const [begin, end] of ranges) {
        for (const reverse of [false, true]) {
          const what = `getRange(${hexOf(begin) || "''"}, ${hexOf(end)}, ${v}, reverse ${reverse}) after ${story}`;
          expect(rows(await store.getRange(begin, end, v, { reverse })), what).toEqual(
            model.range(begin, end, v, { reverse }),
          );
        }
        const got = await store.get(begin, v);
        expect(got === undefined ? 'none' : hexOf(got), `get(${hexOf(begin) || "''"}, ${v}) after ${story}`).toBe(
          model.get(begin, v) ?? 'none',
        );
      }
    }
    await db.close();
  },
);
