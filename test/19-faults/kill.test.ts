/**
 * Lesson 19, kill and reboot.
 *
 * - "after a kill nothing of the killed process runs ...": a kill that lets a sleeping task wake
 *   once more, a task spawned before the kill that still starts after it, a request handler of
 *   the dead process that finishes its work, a reboot that revives the old tasks instead of
 *   booting fresh ones;
 * - "a task spawned just before a kill never starts": a spawn that checks only whether the
 *   process is alive when the task starts (a reboot in the same instant revives it);
 * - "a wait of the killed incarnation never ends ...": a suspend that drops a late resolve but
 *   passes a late reject (or the other way round) to the dead task;
 * - "messages in flight to a killed process are lost ...": a kill that breaks only the
 *   connections from the killed process, so what was sent to it reaches the rebooted incarnation;
 * - "a reboot runs boot again ...": a reboot that keeps the old handlers or never boots.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Waker } from '@ferris/18-simulator/simulator.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { runUntil, newWorld } from './helpers.ts';

interface Entry {
  readonly order: number;
  readonly who: string;
  readonly incarnation: number;
}

describe('kill and reboot', () => {
  test.prop([fc.integer(), fc.boolean(), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 })])(
    'after a kill nothing of the killed process runs again, and after the reboot only its new incarnation runs',
    async (seed, buggify, killAt, downFor) => {
      const { sim, world } = newWorld(seed, { buggify });
      const log: Entry[] = [];
      let order = 0;
      const mark = (who: string, incarnation: number) => log.push({ order: order++, who, incarnation });
      let killedAt = -1;
      let rebootedAt = -1;
      const victimBoot = (p: SimProcess) => {
        const incarnation = p.incarnation;
        mark('victim', incarnation);
        p.handle('work', async () => {
          for (let i = 0; i < 5; i++) {
            await p.sleep(Math.floor(p.random() * 3000));
            mark('victim', incarnation);
          }
          return 'done';
        });
        for (let t = 0; t < 3; t++) {
          p.spawn(`ticker-${t}`, async () => {
            for (let i = 0; i < 30; i++) {
              await p.sleep(Math.floor(p.random() * 2000));
              mark('victim', incarnation);
              if (i % 4 === 0) p.spawn(`child-${t}-${i}`, () => void mark('victim', incarnation));
            }
          });
        }
        p.spawn('writer', async () => {
          const file = await p.disk.openAppend('log');
          for (let i = 0; i < 10; i++) {
            await file.append(new Uint8Array([i]));
            mark('victim', incarnation);
            await file.sync();
            mark('victim', incarnation);
          }
        });
      };
      world.addProcess('victim', victimBoot);
      world.addProcess('client', (p) => {
        for (let c = 0; c < 3; c++) {
          p.spawn(`caller-${c}`, async () => {
            for (let i = 0; i < 4; i++) {
              try {
                await p.request('victim', 'work', i);
              } catch {
                // a request across the kill fails; that is checked elsewhere
              }
            }
          });
        }
        p.spawn('killer', async () => {
          await p.sleep(killAt);
          world.kill('victim');
          killedAt = order;
          await p.sleep(downFor);
          world.reboot('victim');
          rebootedAt = order;
        });
      });
      await runUntil(sim, 400_000);
      expect(killedAt, 'the killer ran').toBeGreaterThanOrEqual(0);
      const whileDead = log.filter((e) => e.who === 'victim' && e.order >= killedAt && e.order < rebootedAt);
      expect(whileDead, 'between the kill and the reboot nothing of the killed process may run').toEqual([]);
      const oldAfterKill = log.filter((e) => e.who === 'victim' && e.order >= killedAt && e.incarnation === 0);
      expect(
        oldAfterKill,
        'no task of the killed incarnation may run after the kill, not even after the reboot',
      ).toEqual([]);
      expect(
        log.some((e) => e.order >= rebootedAt && e.incarnation === 1),
        'after the reboot, boot runs again (a new incarnation)',
      ).toBe(true);
    },
  );

  test.prop([fc.integer(), fc.constantFrom('kill', 'kill, reboot later', 'reboot at once')])(
    'a task spawned just before a kill never starts, even after the reboot',
    async (seed, how) => {
      const { sim, world } = newWorld(seed);
      const ran: string[] = [];
      world.addProcess('victim', (p) => {
        if (p.incarnation !== 0) return;
        p.spawn('doomed', () => void ran.push(`doomed ran in incarnation ${p.incarnation}`));
        if (how === 'reboot at once') world.reboot('victim');
        else world.kill('victim');
      });
      world.addProcess('operator', (p) => {
        p.spawn('main', async () => {
          await p.sleep(10);
          if (how === 'kill, reboot later') world.reboot('victim');
        });
      });
      await runUntil(sim);
      expect(ran, `the task was spawned by an incarnation that died before the task could start (${how})`).toEqual([]);
    },
  );

  test.prop([fc.integer(), fc.boolean(), fc.boolean()])(
    'a wait of the killed incarnation never ends, whether it is later resolved or rejected',
    async (seed, reject, reboot) => {
      const { sim, world } = newWorld(seed);
      const ran: string[] = [];
      let waker: Waker<string> | null = null;
      world.addProcess('victim', (p) => {
        if (p.incarnation !== 0) return;
        p.spawn('waiter', async () => {
          try {
            ran.push(
              `woke with ${await p.suspend<string>('test wait', (wake) => {
                waker = wake;
              })}`,
            );
          } catch {
            ran.push('woke with an error');
          }
        });
      });
      world.addProcess('operator', (p) => {
        p.spawn('main', async () => {
          await p.sleep(10);
          world.kill('victim');
          if (reboot) world.reboot('victim');
          sim.schedule(5, {
            kind: 'wake',
            name: 'late wake',
            detail: '',
            action: () => (reject ? waker!.reject(new Error('late')) : waker!.resolve('late')),
          });
        });
      });
      await runUntil(sim);
      expect(waker, 'the waiter reached its wait before the kill').not.toBeNull();
      expect(
        ran,
        `a ${reject ? 'reject' : 'resolve'} after the kill must not wake a task of the dead incarnation${reboot ? ', even after a reboot' : ''}`,
      ).toEqual([]);
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 0, max: 90 })])(
    'messages in flight to a killed process are lost, even when it reboots before they would arrive',
    async (seed, killAfter) => {
      const { sim, world } = newWorld(seed);
      const received: string[] = [];
      world.addProcess('victim', (p) => {
        p.handle('note', (payload) => void received.push(`${String(payload)} in incarnation ${p.incarnation}`));
      });
      world.addProcess('sender', (p) => {
        p.spawn('main', async () => {
          await p.sleep(10);
          p.send('victim', 'note', 'sent before the kill');
          await p.sleep(killAfter);
          world.reboot('victim');
        });
      });
      await runUntil(sim);
      expect(received, 'a kill breaks the connections to the process too: what was in flight to it is lost').toEqual(
        [],
      );
    },
  );

  test.prop([fc.integer()])('a reboot runs boot again on a fresh set of handlers', async (seed) => {
    const { sim, world } = newWorld(seed);
    const results: string[] = [];
    world.addProcess('server', (p) => {
      if (p.incarnation === 0) p.handle('old', () => 'old');
      p.handle('ping', () => `pong from incarnation ${p.incarnation}`);
    });
    world.addProcess('client', (p) => {
      p.spawn('main', async () => {
        results.push(String(await p.request('server', 'ping', null)));
        world.reboot('server');
        await p.sleep(1000);
        results.push(String(await p.request('server', 'ping', null)));
        try {
          await p.request('server', 'old', null);
          results.push('old still answered');
        } catch (error) {
          results.push((error as Error).name);
        }
      });
    });
    await runUntil(sim);
    expect(
      results,
      'the rebooted server answers from its new incarnation, and only with handlers boot registered again',
    ).toEqual(['pong from incarnation 0', 'pong from incarnation 1', 'BrokenPromise']);
  });
});
