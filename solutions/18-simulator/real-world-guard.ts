/**
 * Lesson 18, given: while a simulation runs, the real world is out of reach.
 *
 * A simulated task that reads the real clock, draws from Math.random or sets a real timer makes
 * the run depend on something the seed does not fix, and the replay of a failure drifts away
 * from the failure. `forbidRealWorld()` replaces each of those globals with a function that
 * throws `RealWorldCall`, naming the call and what to use instead, and returns a function that
 * puts the originals back. The scheduler calls it at the start of a run and restores in a
 * `finally`, so a failed run leaves the process as it found it.
 */

/** A simulated task reached for the real world. The message says what to use instead. */
export class RealWorldCall extends Error {
  override readonly name = 'RealWorldCall';
  constructor(
    readonly call: string,
    readonly instead: string,
  ) {
    super(`${call} was called inside a simulation run. Simulated code must not touch the real world: use ${instead}.`);
  }
}

/** Every call that is forbidden during a run, and what to use instead. */
export const FORBIDDEN_CALLS = {
  'Date.now()': 'sim.now (virtual microseconds)',
  'new Date()': 'sim.now (virtual microseconds); new Date(ms) with an explicit time is allowed',
  'Math.random()': 'sim.random (the seeded random source)',
  'setTimeout()': 'await sim.sleep(micros)',
  'setInterval()': 'a task that loops over await sim.sleep(micros)',
  'setImmediate()': 'await sim.sleep(0)',
  'performance.now()': 'sim.now (virtual microseconds)',
} as const;

type Thrower = (...args: unknown[]) => never;

function thrower(call: keyof typeof FORBIDDEN_CALLS): Thrower {
  return () => {
    throw new RealWorldCall(call, FORBIDDEN_CALLS[call]);
  };
}

/** A Date that refuses to read the real clock, and otherwise is the real Date. */
function guardedDate(RealDate: DateConstructor): DateConstructor {
  const Guarded = function (this: unknown, ...args: unknown[]) {
    if (!new.target) throw new RealWorldCall('new Date()', FORBIDDEN_CALLS['new Date()']);
    if (args.length === 0) throw new RealWorldCall('new Date()', FORBIDDEN_CALLS['new Date()']);
    return Reflect.construct(RealDate, args, new.target);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(Guarded, RealDate);
  (Guarded as unknown as { prototype: object }).prototype = RealDate.prototype;
  Object.defineProperty(Guarded, 'now', { value: thrower('Date.now()'), configurable: true, writable: true });
  return Guarded;
}

let active = false;

/** Whether a simulation run has the real world switched off right now. */
export function realWorldForbidden(): boolean {
  return active;
}

/**
 * Replaces the forbidden globals with throwing versions and returns `restore()`, which puts the
 * originals back (calling it twice is harmless). Only one run at a time may do this.
 */
export function forbidRealWorld(): () => void {
  if (active) {
    throw new Error('A simulation run is already in progress in this process; runs cannot nest or overlap.');
  }
  const g = globalThis as Record<string, unknown>;
  const saved: Array<[object, string, PropertyDescriptor | undefined]> = [];
  const replace = (target: object, key: string, value: unknown) => {
    saved.push([target, key, Object.getOwnPropertyDescriptor(target, key)]);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
  };
  replace(g, 'Date', guardedDate(Date));
  replace(Math, 'random', thrower('Math.random()'));
  replace(g, 'setTimeout', thrower('setTimeout()'));
  replace(g, 'setInterval', thrower('setInterval()'));
  if (typeof g.setImmediate === 'function') replace(g, 'setImmediate', thrower('setImmediate()'));
  if (typeof performance !== 'undefined') replace(performance, 'now', thrower('performance.now()'));
  active = true;

  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const [target, key, descriptor] of saved.reverse()) {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<string, unknown>)[key];
    }
    saved.length = 0;
    active = false;
  };
}
