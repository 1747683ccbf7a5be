/**
 * Lesson 18, the scheduler: tasks, sleeps and the order of events, checked against a model
 * (helpers.ts: a plain list of events, the smallest (time, sequence) first).
 *
 * - "tasks run in exactly the order ...": ties between equal times broken by anything but the
 *   scheduling order; a heap or clock bug that reorders events; a sleep that wakes one tick early
 *   or late, or measures from the wrong time; a run loop that takes the next event before the
 *   woken task has reached its next sleep (a drain that yields a fixed number of times: the
 *   scripts call sleep through up to 40 nested async functions);
 * - "a sleep wakes exactly ...": a timer that fires early or late, a sleep(0) that is skipped;
 * - "time never goes backwards": a clock that moves back, a trace out of order;
 * - "until and maxEvents ...": a run that stops one event early or late at its limits, or
 *   pops the first event past until before checking it (the second run has lost it);
 * - "stop() ends the run ...": a run loop that ignores stop(), or never clears it (the next run
 *   stops at once);
 * - "the trace records each start and wake ...": a wake event without its task's name or with
 *   another kind, an event recorded after its action ran (a task's note comes first), a run that
 *   does not remember the current event's sequence for note();
 * - the examples: bad delays refused; a task awaiting something outside the simulation is
 *   reported by name instead of hanging the run.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import { TaskStuck } from '@ferris/18-simulator/errors.ts';
import { deep, errorOf, expectedObservations, failureOf, mustRun, scripts, spawnScripts } from './helpers.ts';

describe('the scheduler', () => {
  test.prop([scripts, fc.integer()])(
    'tasks run in exactly the order of the model: smallest (time, sequence) first, each until it sleeps again',
    async (list, seed) => {
      const sim = new Simulator({ seed });
      const seen = spawnScripts(sim, list);
      const result = await mustRun(sim);
      const expected = expectedObservations(list);
      expect(seen, 'each task must see the virtual time of its wake-up, in (time, scheduling order) order').toEqual(
        expected,
      );
      expect(result.now, 'the run ends at the time of its last event').toBe(
        expected.length === 0 ? 0 : Math.max(...expected.map(([, t]) => t)),
      );
    },
  );

  test.prop([
    fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }),
    fc.integer({ min: 0, max: 40 }),
  ])(
    'a sleep wakes exactly the asked number of microseconds later, never a tick early or late',
    async (sleeps, depth) => {
      const sim = new Simulator({ seed: 1 });
      const wrong: string[] = [];
      sim.spawn('sleeper', async () => {
        for (const micros of sleeps) {
          const before = sim.now;
          await spawnDeep(depth, () => sim.sleep(micros));
          if (sim.now !== before + micros) wrong.push(`sleep(${micros}) at ${before} woke at ${sim.now}`);
        }
      });
      await mustRun(sim);
      expect(wrong, 'every sleep must wake at its start time plus its length').toEqual([]);
    },
  );

  test.prop([scripts, fc.integer()])(
    'time never goes backwards, in the trace or as tasks see it',
    async (list, seed) => {
      const sim = new Simulator({ seed, keepTrace: true });
      const seen = spawnScripts(sim, list);
      await mustRun(sim);
      const times = sim.trace!.map((r) => r.time);
      for (let i = 1; i < times.length; i++) {
        expect(times[i], `trace record ${i} must not be earlier than record ${i - 1}`).toBeGreaterThanOrEqual(
          times[i - 1]!,
        );
      }
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i]![1], `observation ${i} must not be earlier than observation ${i - 1}`).toBeGreaterThanOrEqual(
          seen[i - 1]![1],
        );
      }
    },
  );

  test.prop([scripts, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })])(
    'until and maxEvents stop the run at exactly their limit, and a second run goes on from there',
    async (list, maxEvents, until) => {
      const expected = expectedObservations(list);
      const limited = new Simulator({ seed: 2 });
      const seenLimited = spawnScripts(limited, list);
      const first = await mustRun(limited, { maxEvents });
      expect(first.events, 'maxEvents: the run stops after that many events (or when none are left)').toBe(
        Math.min(maxEvents, expected.length),
      );
      expect(seenLimited, 'maxEvents: exactly the first events ran').toEqual(expected.slice(0, maxEvents));
      await mustRun(limited);
      expect(seenLimited, 'a second run continues where the first stopped').toEqual(expected);

      const timed = new Simulator({ seed: 2 });
      const seenTimed = spawnScripts(timed, list);
      await mustRun(timed, { until });
      expect(seenTimed, `until ${until}: every event at or before ${until} runs, none after`).toEqual(
        expected.filter(([, t]) => t <= until),
      );
      await mustRun(timed);
      expect(seenTimed, 'a second run after until continues where the first stopped, losing no event').toEqual(
        expected,
      );
    },
  );

  test.prop([scripts, fc.nat()])(
    'stop() ends the run after the current event, and a second run goes on from there',
    async (list, pick) => {
      const expected = expectedObservations(list);
      const stopAfter = (pick % expected.length) + 1;
      const sim = new Simulator({ seed: 2 });
      let stops = 0;
      const seen = spawnScripts(sim, list, (count) => {
        if (count === stopAfter && stops++ === 0) sim.stop();
      });
      await mustRun(sim);
      expect(seen, `a task called stop() at observation ${stopAfter}: no later event may run`).toEqual(
        expected.slice(0, stopAfter),
      );
      await mustRun(sim);
      expect(seen, 'a second run after stop() runs every remaining event').toEqual(expected);
    },
  );

  test.prop([scripts, fc.integer()])(
    'the trace records each start and wake with its task, time and sequence, before the task runs on',
    async (list, seed) => {
      const sim = new Simulator({ seed, keepTrace: true });
      for (const script of list) {
        sim.spawn(script.name, async () => {
          sim.note('ran', script.name);
          for (const micros of script.sleeps) {
            await deep(script.depth, () => sim.sleep(micros));
            sim.note('ran', script.name);
          }
        });
      }
      await mustRun(sim);
      const trace = sim.trace!;
      const firsts = new Set<string>();
      const expected = expectedObservations(list).flatMap(([name, time]) => {
        const kind = firsts.has(name) ? 'wake' : 'start';
        firsts.add(name);
        return [
          [kind, name, time],
          ['ran', name, time],
        ];
      });
      expect(
        trace.map((r) => [r.kind, r.name, r.time]),
        "each event is recorded (a 'start' or a 'wake', named for its task) before the task it wakes runs on",
      ).toEqual(expected);
      for (let i = 0; i + 1 < trace.length; i += 2) {
        expect(trace[i + 1]!.seq, `a note made by a task carries the sequence of the event that woke it`).toBe(
          trace[i]!.seq,
        );
      }
    },
  );

  it('refuses a delay that is negative or not a whole number of microseconds', async () => {
    const sim = new Simulator({ seed: 3 });
    const errors: unknown[] = [];
    sim.spawn('bad-sleeper', async () => {
      for (const micros of [-1, 0.5, Number.NaN]) errors.push(errorOf(() => sim.sleep(micros)));
    });
    await mustRun(sim);
    expect(
      errors.map((e) => e instanceof RangeError),
      'sleep(-1), sleep(0.5) and sleep(NaN) must throw RangeError',
    ).toEqual([true, true, true]);
    const action = () => undefined;
    expect(
      errorOf(() => sim.schedule(-5, { kind: 'x', name: 'x', detail: '', action })),
      'schedule(-5) must throw RangeError',
    ).toBeInstanceOf(RangeError);
  });

  it('names a task that awaits something outside the simulation instead of hanging', async () => {
    const sim = new Simulator({ seed: 4 });
    sim.spawn('waits-forever', async () => {
      await sim.sleep(10);
      await new Promise<void>(() => undefined);
    });
    const failure = (await failureOf(sim.run())) as { task?: string; error?: unknown } | null;
    expect(failure?.task, 'the failure must name the stuck task').toBe('waits-forever');
    expect(failure?.error, 'the cause is TaskStuck').toBeInstanceOf(TaskStuck);
  });
});

/** Awaits a chain of `depth` async calls around `inner`. */
async function spawnDeep(depth: number, inner: () => Promise<void>): Promise<void> {
  for (let i = 0; i < depth; i++) await Promise.resolve();
  await inner();
}
