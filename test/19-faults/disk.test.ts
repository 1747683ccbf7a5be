/**
 * Lesson 19, each process's disk under kills and slowness.
 *
 * - "a kill crashes the disk ...": a kill (or reboot) that keeps unsynced bytes, or that loses
 *   synced ones, or leaves the old file handles working;
 * - "with the random crash model ...": a crash that invents bytes or loses synced ones;
 * - "a slow disk ...": a disk delay that is ignored, or applied to another process.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { StaleHandleError } from '@support/sim-fs.ts';
import { DISK_OP_MICROS } from '@ferris/19-faults/latency.ts';
import type { AppendFile } from '@support/fs.ts';
import { runUntil, newWorld } from './helpers.ts';

const chunks = fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });

describe('a process disk', () => {
  test.prop([fc.integer(), chunks, chunks, fc.boolean()])(
    'a kill crashes the disk: synced bytes survive, unsynced ones are lost (crash model none), old handles are stale',
    async (seed, synced, unsynced, viaReboot) => {
      const { sim, world } = newWorld(seed, { crash: { unsyncedBytes: 'none', unsyncedNames: 'none' } });
      let after: Uint8Array | null = null;
      let staleError: unknown = null;
      let oldHandle: AppendFile | null = null;
      world.addProcess('db', (p) => {
        p.spawn(p.incarnation === 0 ? 'write' : 'read', async () => {
          if (p.incarnation === 0) {
            await p.disk.mkdir('data');
            const file = await p.disk.openAppend('data/log');
            await p.disk.syncDir('data');
            for (const chunk of synced) await file.append(chunk);
            await file.sync();
            for (const chunk of unsynced) await file.append(chunk);
            oldHandle = file;
          } else {
            after = await p.disk.readFile('data/log');
            try {
              await oldHandle!.append(new Uint8Array([1]));
            } catch (error) {
              staleError = error;
            }
          }
        });
      });
      world.addProcess('operator', (p) => {
        p.spawn('crash', async () => {
          await p.sleep(1_000_000);
          if (!viaReboot) world.kill('db');
          world.reboot('db');
        });
      });
      await runUntil(sim);
      const expected = Uint8Array.from(synced.flatMap((c) => [...c]));
      expect(after === null ? null : [...after], 'after the crash the log holds exactly the synced bytes').toEqual([
        ...expected,
      ]);
      expect(staleError, 'a handle opened before the crash must not work after it').toBeInstanceOf(StaleHandleError);
    },
  );

  test.prop([fc.integer(), chunks, chunks])(
    'with the random crash model the log comes back as the synced bytes plus at most a prefix of the rest',
    async (seed, synced, unsynced) => {
      const { sim, world } = newWorld(seed, { crash: { damageProbability: 0 } });
      let after: number[] = [];
      world.addProcess('db', (p) => {
        p.spawn('work', async () => {
          if (p.incarnation === 0) {
            const file = await p.disk.openAppend('log');
            await p.disk.syncDir('');
            for (const chunk of synced) await file.append(chunk);
            await file.sync();
            for (const chunk of unsynced) await file.append(chunk);
            world.reboot('db');
          } else {
            after = [...(await p.disk.readFile('log'))];
          }
        });
      });
      await runUntil(sim);
      const all = [...synced, ...unsynced].flatMap((c) => [...c]);
      const durable = synced.reduce((n, c) => n + c.length, 0);
      expect(after.length, 'every synced byte survives').toBeGreaterThanOrEqual(durable);
      expect(after, 'what survives is a prefix of what was written').toEqual(all.slice(0, after.length));
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 0, max: 100_000 })])(
    'a slow disk makes each operation of that process take that much longer, and only that process',
    async (seed, extra) => {
      const { sim, world } = newWorld(seed);
      const took: Record<string, number> = {};
      for (const address of ['slow', 'fast']) {
        world.addProcess(address, (p) => {
          p.spawn('write', async () => {
            const file = await p.disk.openAppend('f');
            const start = p.now;
            await file.append(new Uint8Array([1, 2, 3]));
            await file.sync();
            took[address] = p.now - start;
          });
        });
      }
      world.slowDisk('slow', extra);
      await runUntil(sim);
      expect(took.fast, 'an append and a sync take two disk operations').toBe(2 * DISK_OP_MICROS);
      expect(took.slow, `on the slow disk each of them takes ${extra} µs more`).toBe(2 * (DISK_OP_MICROS + extra));
    },
  );
});
