/**
 * Lesson 18: the deterministic simulator.
 *
 * One thread, one seeded random source, one virtual clock and one event queue ordered by (time,
 * sequence). Tasks are async functions. A task runs until it waits on the simulator (`sleep`,
 * or a `suspend` that lesson 19 builds messages and disks on); the scheduler then takes the next
 * event, moves the clock to its time, writes it into the trace hash and runs its action. An
 * action wakes at most one task, and the scheduler lets that task run (by yielding to the
 * microtask queue) until it waits again or ends, before it takes the next event. So exactly one
 * task runs at a time, in an order fixed by the seed: the same seed gives the same trace hash.
 */
import { seededRandom, type RandomSource } from '@support/random.ts';
import { VirtualClock } from './clock.ts';
import { NotInTask, SimulationFailed, TaskStuck } from './errors.ts';
import { EventQueue } from './event-queue.ts';
import { forbidRealWorld } from './real-world-guard.ts';
import { TraceHash, type TraceRecord } from './trace.ts';

/**
 * How many microtask turns a woken task may take before it must wait on the simulator again.
 * Far more than any chain of awaits on simulated things needs; a task past it is awaiting
 * something outside the simulation, and would otherwise hang the run.
 */
export const MAX_DRAIN_TURNS = 1_000_000;

export interface SimulatorOptions {
  /** Every random choice of the run comes from this seed. */
  readonly seed: number;
  /** Keep every trace record in `sim.trace` (for pictures and tests); off by default. */
  readonly keepTrace?: boolean;
}

export interface RunOptions {
  /** Stop before the first event later than this virtual time (microseconds). */
  readonly until?: number;
  /** Stop after this many events. */
  readonly maxEvents?: number;
}

export interface RunResult {
  readonly seed: number;
  /** The trace hash: 16 hex digits, the same for the same seed and the same workload. */
  readonly traceHash: string;
  /** How many events ran. */
  readonly events: number;
  /** The virtual time when the run stopped, in microseconds. */
  readonly now: number;
}

/** What an event does when its time comes, and how it is traced. */
export interface SimEvent {
  readonly kind: string;
  readonly name: string;
  readonly detail: string;
  readonly action: () => void;
}

/** Wakes a suspended task, once. Call it only from an event's action. */
export interface Waker<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

export type TaskState = 'scheduled' | 'running' | 'waiting' | 'done' | 'failed';

/** A simulated task: a name and an async function. */
export class Task {
  state: TaskState = 'scheduled';
  constructor(
    readonly name: string,
    readonly fn: () => Promise<void> | void,
  ) {}
}

export class Simulator {
  readonly seed: number;
  /** The run's only source of randomness. */
  readonly random: RandomSource;
  /** Every trace record, when `keepTrace` was set; otherwise null. */
  readonly trace: TraceRecord[] | null;

  private readonly clock = new VirtualClock();
  private readonly queue = new EventQueue<SimEvent>();
  private readonly hash = new TraceHash();
  /** The task that is running now (woken by the current event), or null. */
  private current: Task | null = null;
  private failure: SimulationFailed | null = null;
  private stopped = false;
  private currentSeq = -1;

  constructor(options: SimulatorOptions) {
    if (!options || !Number.isInteger(options.seed)) {
      throw new RangeError('new Simulator({ seed }) needs an integer seed, so that the run replays.');
    }
    this.seed = options.seed;
    this.random = seededRandom(options.seed);
    this.trace = options.keepTrace ? [] : null;
  }

  /** The virtual time now, in microseconds. */
  get now(): number {
    return this.clock.now;
  }

  /** The running task's name, or null between tasks. */
  get currentTask(): string | null {
    return this.current?.name ?? null;
  }

  /** The trace hash so far (16 hex digits). */
  get traceHash(): string {
    return this.hash.hex();
  }

  /**
   * Schedules `event` to run `delay` microseconds from now (a whole number, 0 or more). Events
   * at the same time run in the order they were scheduled.
   */
  schedule(delay: number, event: SimEvent): void {
    if (!Number.isSafeInteger(delay) || delay < 0) {
      throw new RangeError(`schedule(${delay}): a delay is a whole number of microseconds, 0 or more.`);
    }
    this.queue.push(this.clock.now + delay, event);
  }

  /** Starts `fn` as a task named `name`, at the current virtual time (after events already due). */
  spawn(name: string, fn: () => Promise<void> | void): Task {
    const task = new Task(name, fn);
    this.schedule(0, { kind: 'start', name, detail: '', action: () => this.start(task) });
    return task;
  }

  /**
   * The running task waits until `wake` is called (by an event's action). `arm` receives the
   * waker at once and arranges for it to be called later: by scheduling an event, or by handing
   * it to whatever delivers (a message, a disk). A waker that is never called leaves the task
   * waiting forever, which is how a killed process's tasks stop.
   */
  suspend<T>(call: string, arm: (wake: Waker<T>) => void): Promise<T> {
    const task = this.current;
    if (task === null) throw new NotInTask(call);
    task.state = 'waiting';
    this.current = null;
    return new Promise<T>((resolve, reject) => {
      let used = false;
      const resume = (settle: () => void) => {
        if (used) return;
        used = true;
        if (this.current !== null) {
          throw new Error(
            `A task was woken while "${this.current.name}" was running: wake tasks only from an event's action.`,
          );
        }
        task.state = 'running';
        this.current = task;
        settle();
      };
      arm({ resolve: (value) => resume(() => resolve(value)), reject: (error) => resume(() => reject(error)) });
    });
  }

  /** The running task sleeps `micros` virtual microseconds (a whole number, 0 or more). */
  sleep(micros: number): Promise<void> {
    if (!Number.isSafeInteger(micros) || micros < 0) {
      throw new RangeError(`sleep(${micros}): a delay is a whole number of microseconds, 0 or more.`);
    }
    const name = this.current?.name ?? '';
    return this.suspend<void>('sim.sleep()', (wake) =>
      this.schedule(micros, { kind: 'wake', name, detail: '', action: () => wake.resolve() }),
    );
  }

  /** Adds a record to the trace at the current time (for what is not an event: a kill, a verdict). */
  note(kind: string, name: string, detail = ''): void {
    this.record({ time: this.clock.now, seq: this.currentSeq, kind, name, detail });
  }

  /** Ends the run after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs events until the queue is empty, `stop()` is called, or an option's limit is reached.
   * The real clock, randomness and timers throw while it runs and are restored when it ends,
   * however it ends. A task that throws ends the run with `SimulationFailed`.
   */
  async run(options: RunOptions = {}): Promise<RunResult> {
    const restore = forbidRealWorld();
    try {
      const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
      let events = 0;
      this.stopped = false;
      while (!this.stopped && events < maxEvents) {
        const next = this.queue.peek();
        if (next === undefined || (options.until !== undefined && next.time > options.until)) break;
        this.queue.pop();
        this.clock.advanceTo(next.time);
        this.currentSeq = next.seq;
        const { kind, name, detail, action } = next.item;
        this.record({ time: next.time, seq: next.seq, kind, name, detail });
        this.act(name, action);
        await this.drain();
        if (this.failure) throw this.failure;
        events++;
      }
      return { seed: this.seed, traceHash: this.hash.hex(), events, now: this.clock.now };
    } finally {
      restore();
    }
  }

  /** Runs an event's action; an action that throws fails the run like a task that throws. */
  private act(name: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.failure ??= new SimulationFailed(this.seed, this.clock.now, name, error);
    }
  }

  /** Yields to the microtask queue until the woken task waits again or ends. */
  private async drain(): Promise<void> {
    let turns = 0;
    while (this.current !== null) {
      if (++turns > MAX_DRAIN_TURNS) {
        const stuck = this.current;
        this.current = null;
        this.failure ??= new SimulationFailed(
          this.seed,
          this.clock.now,
          stuck.name,
          new TaskStuck(stuck.name, MAX_DRAIN_TURNS),
        );
        return;
      }
      await null;
    }
  }

  private start(task: Task): void {
    task.state = 'running';
    this.current = task;
    let running: Promise<void>;
    try {
      running = Promise.resolve(task.fn());
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      () => this.end(task, 'done'),
      (error: unknown) => {
        this.failure ??= new SimulationFailed(this.seed, this.clock.now, task.name, error);
        this.end(task, 'failed');
      },
    );
  }

  private end(task: Task, state: 'done' | 'failed'): void {
    task.state = state;
    if (this.current === task) this.current = null;
  }

  private record(record: TraceRecord): void {
    this.hash.add(record);
    this.trace?.push(record);
  }
}
