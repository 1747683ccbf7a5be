/**
 * Lesson 20, given: how one task of a process waits for something another task does.
 *
 * Lesson 18's rule is that an event wakes at most one task, and a task may be woken only from an
 * event's action, never from inside another running task. So a task that makes something happen
 * (a batch committed, a version resolved) does not wake the waiters itself: it schedules one
 * event per waiter, at the same virtual time, and each event wakes its waiter. Every wait goes
 * through the waiter's process (`p.suspend`), so a waiter whose process was killed is never woken.
 *
 * - `Deferred<T>`: one value (or one error), set once, awaited by any number of tasks: the reply
 *   a commit waits for while its batch goes through the cluster.
 * - `NotifiedVersion`: a number that only grows, and `whenAtLeast(v)`: FoundationDB's
 *   NotifiedVersion, which its roles use to take requests in version order.
 * - `whenAll`: run several requests at once, as tasks of their own, and wait for all of them.
 */
import type { SimProcess } from '@ferris/19-faults/process.ts';
import type { Waker } from '@ferris/18-simulator/simulator.ts';

/** Runs `settle` (which wakes one waiter of `p`) in an event of its own, now. */
function wakeLater(p: SimProcess, what: string, settle: () => void): void {
  p.sim.schedule(0, { kind: 'notify', name: p.address, detail: what, action: settle });
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** A value that is set once and awaited by any number of tasks. */
export class Deferred<T> {
  private outcome: Outcome<T> | null = null;
  private readonly waiters: Array<{ p: SimProcess; wake: Waker<T> }> = [];

  constructor(
    /** What the value is, for the trace ("reply to commit #3"). */
    readonly what: string,
  ) {}

  /** Whether the value (or error) is set. */
  get settled(): boolean {
    return this.outcome !== null;
  }

  /** The running task of `p` waits for the value; it throws the error if one was set. */
  wait(p: SimProcess): Promise<T> {
    const outcome = this.outcome;
    if (outcome) return outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
    return p.suspend<T>(`wait for ${this.what}`, (wake) => this.waiters.push({ p, wake }));
  }

  /** Sets the value and wakes every waiter, each in its own event. Only the first settle counts. */
  resolve(value: T): void {
    this.settle({ ok: true, value });
  }

  /** Sets an error instead of a value: every waiter throws it. */
  reject(error: unknown): void {
    this.settle({ ok: false, error });
  }

  private settle(outcome: Outcome<T>): void {
    if (this.outcome) return;
    this.outcome = outcome;
    for (const { p, wake } of this.waiters.splice(0)) {
      wakeLater(p, this.what, () => (outcome.ok ? wake.resolve(outcome.value) : wake.reject(outcome.error)));
    }
  }
}

/** A version that only grows, and tasks waiting for it to reach theirs. */
export class NotifiedVersion {
  private current: number;
  private waiters: Array<{ p: SimProcess; atLeast: number; wake: Waker<void> }> = [];

  constructor(
    readonly what: string,
    initial = 0,
  ) {
    this.current = initial;
  }

  get(): number {
    return this.current;
  }

  /** Raises the version and wakes every waiter it now satisfies. Lowering it is a bug. */
  set(version: number): void {
    if (version < this.current) {
      throw new RangeError(`${this.what}: set(${version}) would lower it from ${this.current}; it only grows.`);
    }
    this.current = version;
    const ready = this.waiters.filter((w) => w.atLeast <= version);
    this.waiters = this.waiters.filter((w) => w.atLeast > version);
    for (const { p, wake } of ready) wakeLater(p, `${this.what} reached ${version}`, () => wake.resolve());
  }

  /** The running task of `p` waits until the version is at least `version` (at once if it is). */
  whenAtLeast(p: SimProcess, version: number): Promise<void> {
    if (this.current >= version) return Promise.resolve();
    return p.suspend<void>(`wait for ${this.what} to reach ${version}`, (wake) =>
      this.waiters.push({ p, atLeast: version, wake }),
    );
  }
}

/**
 * Runs each of `jobs` as a task of its own on `p` and waits until all have finished; their
 * results come back in the jobs' order. If one throws, the wait throws its error (the others
 * go on running; nobody waits for them).
 */
export async function whenAll<T>(p: SimProcess, name: string, jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  const all = new Deferred<T[]>(name);
  let left = jobs.length;
  if (left === 0) return results;
  jobs.forEach((job, i) => {
    p.spawn(`${name} ${i}`, async () => {
      try {
        results[i] = await job();
        if (--left === 0) all.resolve(results);
      } catch (error) {
        all.reject(error);
      }
    });
  });
  return all.wait(p);
}
