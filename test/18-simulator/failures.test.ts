/**
 * Lesson 18, failures and the real world.
 *
 * - "a task that throws stops the run ...": a run that goes on after a task failed, or reports
 *   no seed, the wrong time or the wrong task;
 * - "an event's action that throws ...": a run loop that calls the action itself instead of
 *   through act(), so the raw error escapes without the seed, time and event;
 * - "every forbidden call throws inside a run ...": a guard installed too late (after the first
 *   event) or not at all;
 * - "... and the real ones are back afterwards, also when the run fails": a run that restores
 *   the globals only when it succeeds (not in a finally), or never.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import { SimulationFailed } from '@ferris/18-simulator/errors.ts';
import { RealWorldCall } from '@ferris/18-simulator/real-world-guard.ts';
import { failureOf, mustRun } from './helpers.ts';

/** Each forbidden call, as a simulated task would make it. */
const CALLS: ReadonlyArray<readonly [string, () => unknown]> = [
  ['Date.now()', () => Date.now()],
  ['new Date()', () => new Date()],
  ['Math.random()', () => Math.random()],
  ['setTimeout()', () => setTimeout(() => undefined, 1)],
  ['setInterval()', () => setInterval(() => undefined, 1)],
  ['setImmediate()', () => setImmediate(() => undefined)],
  ['performance.now()', () => performance.now()],
];

/** The real globals, to compare with after each run. */
function realGlobals(): unknown[] {
  return [
    globalThis.Date,
    Date.now,
    Math.random,
    globalThis.setTimeout,
    globalThis.setInterval,
    globalThis.setImmediate,
    performance.now,
  ];
}

/** The run failed with SimulationFailed naming the seed, the time, who failed and why. */
function expectFailure(failure: unknown, seed: number, time: number, who: string, why: string): void {
  expect(failure, 'the run must fail with SimulationFailed').toBeInstanceOf(SimulationFailed);
  const f = failure as SimulationFailed;
  expect([f.seed, f.time, f.task], 'the failure names the seed, the virtual time and the task or event').toEqual([
    seed,
    time,
    who,
  ]);
  expect(f.message, 'the message names the seed').toContain(`seed ${seed}`);
  expect(f.message, 'the message names the task or event').toContain(`"${who}"`);
  expect(f.message, 'the message carries the original error').toContain(why);
}

describe('failures and the real world', () => {
  test.prop([fc.integer(), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 4 })])(
    'a task that throws stops the run with an error naming the seed, the virtual time and the task',
    async (seed, failAt, others) => {
      const sim = new Simulator({ seed });
      let lateWork = 0;
      for (let i = 0; i < others; i++) {
        sim.spawn(`bystander-${i}`, async () => {
          await sim.sleep(failAt + 1 + i);
          lateWork++;
        });
      }
      sim.spawn('doomed', async () => {
        await sim.sleep(failAt);
        throw new Error('disk on fire');
      });
      expectFailure(await failureOf(sim.run()), seed, failAt, 'doomed', 'disk on fire');
      expect(lateWork, 'no event after the failure may run').toBe(0);
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 0, max: 5000 })])(
    "an event's action that throws stops the run the same way, naming the event",
    async (seed, failAt) => {
      const sim = new Simulator({ seed });
      let lateWork = 0;
      sim.spawn('bystander', async () => {
        await sim.sleep(failAt + 1);
        lateWork++;
      });
      sim.schedule(failAt, {
        kind: 'timer',
        name: 'faulty-timer',
        detail: '',
        action: () => {
          throw new Error('timer broke');
        },
      });
      expectFailure(await failureOf(sim.run()), seed, failAt, 'faulty-timer', 'timer broke');
      expect(lateWork, 'no event after the failure may run').toBe(0);
    },
  );

  it('every forbidden call throws inside a run, naming the call and what to use instead', async () => {
    const before = realGlobals();
    for (const [call, make] of CALLS) {
      const sim = new Simulator({ seed: 1 });
      sim.spawn(`calls ${call}`, async () => {
        make();
      });
      const failure = await failureOf(sim.run());
      const cause = (failure as SimulationFailed | null)?.error;
      expect(cause, `${call} inside a run must throw RealWorldCall`).toBeInstanceOf(RealWorldCall);
      expect((cause as RealWorldCall).call, 'the error names the call').toBe(call);
      expect((cause as Error).message, 'the error says what to use instead').toMatch(
        /use sim\.|await sim\.|a task that loops/,
      );
      expect(realGlobals(), `after the failed run of ${call}, every real global is back`).toEqual(before);
    }
  });

  test.prop([fc.boolean(), fc.integer({ min: 0, max: 100 })])(
    'the real clock, randomness and timers are back after a run, whether it succeeded or failed',
    async (fails, at) => {
      const before = realGlobals();
      const sim = new Simulator({ seed: 5 });
      let inside: unknown[] = [];
      sim.spawn('worker', async () => {
        await sim.sleep(at);
        inside = realGlobals();
        if (fails) throw new Error('planned failure');
      });
      const failure = await failureOf(sim.run());
      expect(failure === null, fails ? 'the run must fail' : 'the run must succeed').toBe(!fails);
      expect(inside, 'inside the run the globals are replaced').not.toEqual(before);
      expect(realGlobals(), 'after the run every real global is back, the very same functions').toEqual(before);
      expect(typeof Date.now(), 'Date.now works again after the run').toBe('number');
      expect(new Date(0).getTime(), 'Date with an explicit time works').toBe(0);
    },
  );

  it('a date with an explicit time is allowed inside a run', async () => {
    const sim = new Simulator({ seed: 6 });
    let year = 0;
    sim.spawn('calendar', async () => {
      await sim.sleep(1);
      year = new Date(Date.UTC(2020, 0, 1)).getUTCFullYear();
    });
    await mustRun(sim);
    expect(year, 'new Date(ms) and Date.UTC read no clock, so they work inside a run').toBe(2020);
  });
});
