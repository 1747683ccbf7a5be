/**
 * Lesson 22, kills and reboots of the storage server (and cuts and clogs between it and its two
 * logs), against test-double logs that serve a generated history and record every peek and pop.
 *
 * - "across kills and reboots ...": a server that resumes from version 0 (or 1) instead of its
 *   durable version, that pops versions it has not made durable (its latest version, or before
 *   makeDurable resolved) and so loses them in a crash, that makes durable without the ops'
 *   values reaching the engine, that gives up after one unreachable log;
 * - "killed the moment a log receives its pop ...": a pop sent before makeDurable has resolved,
 *   a pop of the target instead of the durable version; and the engine, opened after the last
 *   kill, holds the history's state at its durable version.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openVersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { STORAGE_DIR } from '@ferris/22-storage-servers/engine.ts';
import { newWorld } from '../19-faults/helpers.ts';
import {
  bench,
  checkLogs,
  checkReads,
  describeHistory,
  describeRead,
  history,
  hexOf,
  Model,
  runUntil,
  spawnChaos,
  spawnReader,
  TINY_ENGINE,
} from './helpers.ts';

describe('kills and reboots', () => {
  test.prop([history, fc.integer()], { numRuns: 8 })(
    'across kills and reboots of the storage server, reads equal the model, no log is asked for a version the server popped, and it catches up',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs, client } = bench(world, versions, 2);
      const chaosUntil = 2.5 * SECOND;
      spawnChaos(world, client, logs, chaosUntil);
      const records = spawnReader(client, 'storage', feed, () => sim.now > 4 * SECOND);
      await runUntil(sim, 4.5 * SECOND);
      checkReads(new Model(versions), records, versions);
      checkLogs(logs, versions);
      // After the chaos, and a second to catch up, the server answers every read in the window.
      const late = records.filter(
        (r) =>
          r.startedAt > chaosUntil + SECOND &&
          r.endedAt >= 0 &&
          r.version <= r.newestAtStart &&
          r.version > r.newestAtEnd - MVCC_WINDOW_VERSIONS,
      );
      for (const r of late) {
        expect(r.ok, `a second after the last fault, the server must answer: ${describeRead(r)}`).toBe(true);
      }
    },
  );

  test.prop([history, fc.integer()], { numRuns: 8 })(
    'killed the moment a log receives its pop, the server comes back with every version it popped, and its engine holds the history there',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs, client, storage } = bench(world, versions, 2);
      let kills = 0;
      for (const log of logs) {
        log.onPop = (upTo) => {
          if (upTo > 0 && client.random() < 0.5) {
            kills++;
            world.reboot('storage');
          }
        };
      }
      const records = spawnReader(client, 'storage', feed, () => sim.now > 4 * SECOND);
      await runUntil(sim, 4 * SECOND);
      checkReads(new Model(versions), records, versions);
      checkLogs(logs, versions);
      world.kill('storage');
      const popped = Math.max(...logs.map((l) => l.maxPopped));
      const engine = await openDb(storage.simDisk, STORAGE_DIR, TINY_ENGINE);
      try {
        const store = await openVersionedStore(engine);
        expect(
          store.durableVersion,
          `after ${kills} kills at pops, the engine's durable version must cover every pop (${popped}):\n${describeHistory(versions)}`,
        ).toBeGreaterThanOrEqual(popped);
        const state = new Model(versions).stateAt(store.durableVersion);
        const onDisk = new Map<string, string>();
        for (const { key, value } of await store.getRange(new Uint8Array(0), Uint8Array.of(0xff), store.durableVersion))
          onDisk.set(hexOf(key), hexOf(value));
        expect(
          [...onDisk].sort(),
          `the engine at its durable version ${store.durableVersion} must hold the history's state there:\n${describeHistory(versions)}`,
        ).toEqual([...state].sort());
      } finally {
        await engine.close();
      }
    },
  );
});
