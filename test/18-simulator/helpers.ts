// Shared pieces of lesson 18's tests (lesson 19's tests use them too): a scheduler model, a
// scripted workload, and a way to look at a run's failure that keeps a starter's NotImplemented
// visible.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { randomInt } from '@support/random.ts';
import type { RunResult, Simulator } from '@ferris/18-simulator/simulator.ts';

/** The real globals a run replaces, as they were when the tests started. */
const REAL_GLOBALS: ReadonlyArray<readonly [object, string, PropertyDescriptor | undefined]> = [
  [globalThis, 'Date'],
  [globalThis, 'setTimeout'],
  [globalThis, 'setInterval'],
  [globalThis, 'setImmediate'],
  [Math, 'random'],
  [performance, 'now'],
].map(
  ([target, key]) =>
    [target as object, key as string, Object.getOwnPropertyDescriptor(target as object, key as string)] as const,
);

/**
 * Checks that the real globals are back after a run; if they are not, puts them back (so that
 * the test runner itself keeps working) and fails the test.
 */
export function expectRealGlobalsRestored(when: string): void {
  const left = REAL_GLOBALS.filter(
    ([target, key, descriptor]) => Object.getOwnPropertyDescriptor(target, key)?.value !== descriptor?.value,
  );
  for (const [target, key, descriptor] of left) {
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else delete (target as Record<string, unknown>)[key];
  }
  expect(
    left.map(([, key]) => key),
    `${when}, the run must put every real global back (restore in a finally)`,
  ).toEqual([]);
}

/** A NotImplemented thrown by a starter, wrapped or not, is passed on unchanged. */
export function rethrowNotImplemented(error: unknown): void {
  const inner = (error as { error?: unknown })?.error;
  if (error instanceof Error && error.name === 'NotImplemented') throw error;
  if (inner instanceof Error && inner.name === 'NotImplemented') throw inner;
}

/** Runs the simulation and returns how it failed (null if it did not). */
export async function failureOf(run: Promise<RunResult>): Promise<Error | null> {
  try {
    await run;
    return null;
  } catch (error) {
    rethrowNotImplemented(error);
    expectRealGlobalsRestored('after a failed run');
    return error as Error;
  }
}

/** Runs the simulation, which must succeed; a failure is rethrown with its inner cause visible. */
export async function mustRun(sim: Simulator, options?: Parameters<Simulator['run']>[0]): Promise<RunResult> {
  try {
    return await sim.run(options);
  } catch (error) {
    rethrowNotImplemented(error);
    expectRealGlobalsRestored('after a failed run');
    throw error;
  }
}

/** How many events may run without the simulated clock moving before a run counts as stuck. */
const EVENTS_WITHOUT_TIME = 100_000;

/**
 * Runs the simulation like `mustRun` (until the queue is empty, or until `until`), in slices, and
 * fails if the clock stands still for a whole slice: a task that loops with sleeps of 0 (a wait
 * whose last sleep is 0, a poll with `sleep(0)`, a retry with no delay) would otherwise run
 * forever at one instant, and since the loop never yields to the test runner's timers, the test
 * would hang instead of failing.
 */
export async function runUntil(sim: Simulator, until?: number): Promise<RunResult> {
  let events = 0;
  for (;;) {
    const before = sim.now;
    const result = await mustRun(sim, { ...(until === undefined ? {} : { until }), maxEvents: EVENTS_WITHOUT_TIME });
    events += result.events;
    if (result.events < EVENTS_WITHOUT_TIME) return { ...result, events };
    if (result.now <= before) {
      expect.fail(
        `the simulated clock stood still at ${before} µs for ${EVENTS_WITHOUT_TIME} events: some task loops without time passing (a sleep of 0 that repeats, a poll with no delay, a retry with no delay)`,
      );
    }
  }
}

/** Awaits `depth` nested async calls before `inner`: a long chain of microtasks. */
export async function deep<T>(depth: number, inner: () => Promise<T>): Promise<T> {
  if (depth === 0) return inner();
  return deep(depth - 1, inner);
}

/** A scripted task: its name, the sleeps it makes in order, and how deep each sleep is called. */
export interface Script {
  readonly name: string;
  readonly sleeps: readonly number[];
  readonly depth: number;
}

/** Scripts for a few tasks with short sleeps (many equal times) and now and then a long one. */
export const scripts = fc
  .array(
    fc.record({
      sleeps: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) },
          { weight: 1, arbitrary: fc.integer({ min: 4, max: 5000 }) },
        ),
        {
          maxLength: 6,
        },
      ),
      depth: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) => list.map((s, i): Script => ({ ...s, name: `task-${i}` })));

/** One observation: a task ran at a virtual time (when it started, and after each sleep). */
export type Seen = readonly [name: string, time: number];

/**
 * Spawns the scripts (in order) and returns the list their tasks fill as they run. `afterSeen`,
 * if given, is called by the task right after each observation, with how many there are so far.
 */
export function spawnScripts(sim: Simulator, list: readonly Script[], afterSeen?: (count: number) => void): Seen[] {
  const seen: Seen[] = [];
  const observe = (name: string) => {
    seen.push([name, sim.now]);
    afterSeen?.(seen.length);
  };
  for (const script of list) {
    sim.spawn(script.name, async () => {
      observe(script.name);
      for (const micros of script.sleeps) {
        await deep(script.depth, () => sim.sleep(micros));
        observe(script.name);
      }
    });
  }
  return seen;
}

/**
 * The model of the scheduler: what `spawnScripts` must observe. Events are kept in a plain list
 * and the next one is the smallest (time, sequence): no heap, nothing clever.
 */
export function expectedObservations(list: readonly Script[]): Seen[] {
  const pending: Array<{ time: number; seq: number; task: number; step: number }> = [];
  let seq = 0;
  list.forEach((_, task) => pending.push({ time: 0, seq: seq++, task, step: 0 }));
  const seen: Seen[] = [];
  while (pending.length > 0) {
    let first = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i]!;
      const b = pending[first]!;
      if (a.time < b.time || (a.time === b.time && a.seq < b.seq)) first = i;
    }
    const event = pending.splice(first, 1)[0]!;
    const script = list[event.task]!;
    seen.push([script.name, event.time]);
    const sleep = script.sleeps[event.step];
    if (sleep !== undefined)
      pending.push({ time: event.time + sleep, seq: seq++, task: event.task, step: event.step + 1 });
  }
  return seen;
}

/** A workload whose every sleep is drawn from the run's random source. */
export function spawnRandomWorkload(sim: Simulator, tasks: number, steps: number): void {
  for (let t = 0; t < tasks; t++) {
    sim.spawn(`worker-${t}`, async () => {
      for (let s = 0; s < steps; s++) await sim.sleep(randomInt(sim.random, 1000));
    });
  }
}

/** What `fn` throws (null if nothing); a starter's NotImplemented is passed on. */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (error) {
    rethrowNotImplemented(error);
    return error;
  }
}
