/**
 * Lesson 14, crashes on the simulated disk. A random history is applied (with makeDurable now
 * and then), the window is moved on, and the machine crashes in place of a random file-system
 * call during the last makeDurable (or in the flushes and compactions it sets off). The store is
 * opened again on what the disk kept. What it catches:
 *
 * - the durable version written in a batch of its own, before or after the data: a crash between
 *   the two leaves a durable version that does not describe the data beside it.
 * - durableVersion raised before the batch is written: a failed makeDurable claims a version the
 *   disk may not have.
 * - deletions not written, clears of keys only the engine holds not written, reopen that ignores
 *   the durable version or serves anything above it (reads above it must be future_version).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { MVCC_WINDOW_VERSIONS, openVersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex } from '../shared/bytes.ts';
import { CrashingFileSystem } from '../shared/crashing-fs.ts';
import {
  describeMutations,
  expectCode,
  hexOf,
  Model,
  mutations,
  openEngine,
  outcome,
  rows,
  versionStep,
} from './helpers.ts';

type Step = { readonly step: number; readonly mutations: Mutation[]; readonly durable: boolean };
const step: fc.Arbitrary<Step> = fc.record({ step: versionStep, mutations, durable: fc.boolean() });
const ALL: [Uint8Array, Uint8Array] = [new Uint8Array(0), Uint8Array.of(0xff)];
const PROBES = ['', '00', '61', '62', '63', '6161', '6162', '6261', '6363', 'fe', 'feff'];

test.prop(
  [fc.array(step, { minLength: 1, maxLength: 12 }), mutations, fc.nat(30), fc.integer({ min: 1, max: 2 ** 30 })],
  { numRuns: 100 },
)(
  'after a crash during makeDurable, the store reopens at the durable version it had or the one asked for, with exactly the state of that version, and nothing newer',
  async (steps, last, crashAt, seed) => {
    const sim = new SimulatedFileSystem({ seed });
    const fs = new CrashingFileSystem(sim);
    const db = await openEngine(fs);
    const store = await openVersionedStore(db);
    const model = new Model();
    let latest = 0;
    for (const s of steps) {
      latest += s.step;
      store.apply(latest, s.mutations);
      model.apply(latest, s.mutations);
      if (s.durable && store.oldestVersion > store.durableVersion) await store.makeDurable(store.oldestVersion);
    }
    // Move the window on, so that the last makeDurable has versions to write.
    latest += MVCC_WINDOW_VERSIONS + 1;
    store.apply(latest, last);
    model.apply(latest, last);
    const before = store.durableVersion;
    const target = store.oldestVersion;
    const story = `${steps.map((s) => `+${s.step} [${describeMutations(s.mutations)}]${s.durable ? ' makeDurable' : ''}`).join('; ')}; then makeDurable(${target}) with a crash at file-system step ${crashAt}`;

    fs.crashAt = fs.steps + crashAt;
    const result = await outcome(() => store.makeDurable(target));
    expect(
      store.durableVersion,
      `durableVersion once makeDurable ${result.kind === 'ok' ? 'resolved' : 'failed'} (${story})`,
    ).toBe(result.kind === 'ok' ? target : before);
    if (!fs.crashed) fs.crashNow(); // the old process is dead: it can no longer touch the disk
    await db.close().catch(() => {});

    const again = await openVersionedStore(await openEngine(sim));
    const durable = again.durableVersion;
    expect(
      [before, target],
      `the durable version after the crash must be the old one or the target (${story})`,
    ).toContain(durable);
    if (result.kind === 'ok')
      expect(durable, `makeDurable resolved, so its version must survive (${story})`).toBe(target);
    expect(
      [again.oldestVersion, again.latestVersion],
      `[oldestVersion, latestVersion] right after reopening (${story})`,
    ).toEqual([durable, durable]);
    expect(
      rows(await again.getRange(...ALL, durable)),
      `every pair at the durable version ${durable} (${story})`,
    ).toEqual(model.range(...ALL, durable));
    for (const k of PROBES) {
      const got = await again.get(fromHex(k), durable);
      expect(got === undefined ? 'none' : hexOf(got), `get(${k || "''"}, ${durable}) (${story})`).toBe(
        model.get(fromHex(k), durable) ?? 'none',
      );
    }
    await expectCode(
      () => again.get(fromHex('61'), durable + 1),
      1009,
      `a read above the durable version after the crash must be future_version (${story})`,
    );
    await expectCode(
      () => again.getRange(...ALL, latest),
      1009,
      `a read at the latest version applied before the crash must be future_version: it was never durable (${story})`,
    );
  },
);
