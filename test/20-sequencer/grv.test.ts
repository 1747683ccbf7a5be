/**
 * Lesson 20, read versions from GRV proxies, against a real sequencer.
 *
 * - "a read version asked for after a version was reported ...": a GRV proxy that answers from
 *   the last version it heard (a cache), that lets a request join an ask already under way, or
 *   that answers before it asked at all;
 * - "... never above the live committed version": a GRV proxy that makes up a version (the
 *   clock, or the last commit version it saw handed out).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS } from '@ferris/18-simulator/clock.ts';
import { grvProxy } from '@ferris/20-sequencer/grv-proxy.ts';
import { ENDPOINTS, type ClusterLayout, type VersionReply } from '@ferris/20-sequencer/protocol.ts';
import { sequencer } from '@ferris/20-sequencer/sequencer.ts';
import { ask, runUntil, newWorld } from './helpers.ts';

describe('read versions', () => {
  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.integer({ min: 0, max: 2 * MS }), { minLength: 1, maxLength: 10 }),
    fc.integer({ min: 0, max: 6 }),
    fc.boolean(),
  ])(
    'a read version asked for after a version was reported committed is at least that version, and never above the live committed version',
    async (seed, grvs, gaps, readers, buggify) => {
      const { sim, world } = newWorld(seed, { buggify });
      const layout: ClusterLayout = {
        sequencer: 'sequencer',
        grvProxies: Array.from({ length: grvs }, (_, i) => `grv-${i}`),
        commitProxies: [],
        resolver: 'resolver',
        logs: [],
        storage: [],
      };
      world.addProcess('sequencer', sequencer());
      for (const address of layout.grvProxies) world.addProcess(address, grvProxy(layout));
      const wrong: string[] = [];
      let reported = 0;
      let acknowledged = 0;
      let done = false;
      world.addProcess('client', (p) => {
        const pick = () => layout.grvProxies[Math.floor(p.random() * grvs)]!;
        p.spawn('committer', async () => {
          for (const gap of gaps) {
            await p.sleep(gap);
            reported += 1 + Math.floor(p.random() * 1000);
            await ask(p, 'sequencer', ENDPOINTS.reportCommitted, { version: reported });
            acknowledged = reported;
            const floor = acknowledged;
            const grv = pick();
            const { version } = await ask<VersionReply>(p, grv, ENDPOINTS.getReadVersion, {});
            if (version < floor) wrong.push(`${grv} gave ${version} after ${floor} was reported committed`);
          }
          done = true;
        });
        for (let r = 0; r < readers; r++) {
          p.spawn(`reader-${r}`, async () => {
            while (!done) {
              const floor = acknowledged;
              const grv = pick();
              const { version } = await ask<VersionReply>(p, grv, ENDPOINTS.getReadVersion, {});
              if (version < floor) wrong.push(`${grv} gave ${version} after ${floor} was reported committed`);
              if (version > reported) wrong.push(`${grv} gave ${version}, above every reported version (${reported})`);
              await p.sleep(Math.floor(p.random() * 300));
            }
          });
        }
      });
      await runUntil(sim);
      expect(done, 'the run finished').toBe(true);
      expect(
        wrong,
        'a GRV proxy must ask the sequencer for each read version, with an ask that starts after the request arrived',
      ).toEqual([]);
    },
  );
});
