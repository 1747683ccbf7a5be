/**
 * Lesson 19: a simulated process. It has an address, a disk, request handlers and tasks, and it
 * can be killed and rebooted by its world.
 *
 * Role code (lessons 20 to 25) gets its clock, randomness, network and disk only from its
 * process, never from the real world, so the same role code runs here and, in lesson 26, as a
 * real process. Every wait of a process's task goes through `suspend`, which remembers the
 * process's incarnation: after a kill the incarnation has moved on, the wake is dropped, and the
 * task never runs again. That is what "a killed process stops" means in a single-threaded world.
 */
import type { Simulator, Waker } from '@ferris/18-simulator/simulator.ts';
import type { FileSystem } from '@support/fs.ts';
import type { SimulatedFileSystem } from '@support/sim-fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { randomInt } from '@support/random.ts';
import { DISK_OP_MICROS } from './latency.ts';
import { SlowDisk, type DiskClock } from './slow-disk.ts';
import type { SimWorld } from './world.ts';

/** Answers one request: the payload and the sender's address in, the reply out (or a throw). */
export type Handler = (payload: unknown, from: string) => unknown;

/** What a process runs when it starts and after every reboot: register handlers, spawn tasks. */
export type Boot = (process: SimProcess) => void | Promise<void>;

/** The most a buggified disk operation adds, in microseconds. */
export const MAX_BUGGIFIED_DISK_DELAY = 10_000;

export class SimProcess implements DiskClock {
  /** The process's disk, as its role code sees it: every operation takes simulated time. */
  readonly disk: FileSystem;
  /** Extra microseconds every disk operation takes (`world.slowDisk`). */
  diskDelay = 0;
  /** Endpoint name to handler; cleared by a kill, filled again by `boot`. */
  readonly handlers = new Map<string, Handler>();
  private live = true;
  private generation = 0;

  constructor(
    private readonly world: SimWorld,
    readonly address: string,
    readonly boot: Boot,
    /** The crashable disk underneath `disk` (tests look at it directly). */
    readonly simDisk: SimulatedFileSystem,
  ) {
    this.disk = new SlowDisk(simDisk, this);
  }

  get sim(): Simulator {
    return this.world.sim;
  }

  /** Whether the process runs (false between a kill and the next reboot). */
  get alive(): boolean {
    return this.live;
  }

  /** How many times the process was killed: its tasks belong to one incarnation. */
  get incarnation(): number {
    return this.generation;
  }

  /** Virtual time in microseconds. */
  get now(): number {
    return this.world.sim.now;
  }

  /** The run's random source. */
  random(): number {
    return this.world.sim.random();
  }

  /** Whether a BUGGIFY site fires here (see buggify.ts). */
  buggify(site: string): boolean {
    return this.world.buggify.fires(site);
  }

  /** Registers the handler of `endpoint`. Requests that arrive for it run it as a new task. */
  handle(endpoint: string, handler: Handler): void {
    this.handlers.set(endpoint, handler);
  }

  /**
   * Starts `fn` as a task of this process, named `address/name`. If the process dies before the
   * task starts, the task never runs.
   */
  spawn(name: string, fn: () => Promise<void> | void): void {
    // TODO: remember the incarnation now, and spawn a simulator task named `address/name` that
    // runs fn only if the process is still alive in that same incarnation when the task starts.
    throw new NotImplemented('19-faults', 'SimProcess.spawn()');
  }

  /**
   * The running task of this process waits until `arm`'s waker is called. If the process is
   * killed before that, the wake is dropped and the task never runs again.
   */
  suspend<T>(call: string, arm: (wake: Waker<T>) => void): Promise<T> {
    // TODO: remember the incarnation now and suspend the running task through the simulator
    // (this.world.sim.suspend). Hand `arm` a waker of your own whose resolve and reject pass
    // through to the simulator's waker only while the process is alive in that incarnation:
    // after a kill the wake is dropped, and the task never runs again.
    throw new NotImplemented('19-faults', 'SimProcess.suspend()');
  }

  /** The running task of this process sleeps `micros` microseconds (whole, 0 or more). */
  sleep(micros: number): Promise<void> {
    if (!Number.isSafeInteger(micros) || micros < 0) {
      throw new RangeError(`sleep(${micros}): a delay is a whole number of microseconds, 0 or more.`);
    }
    const name = this.world.sim.currentTask ?? this.address;
    return this.suspend<void>('process.sleep()', (wake) =>
      this.world.sim.schedule(micros, { kind: 'wake', name, detail: '', action: () => wake.resolve() }),
    );
  }

  /** One disk operation's latency: 200 µs, plus `diskDelay`, plus a buggified extra now and then. */
  diskWait(): Promise<void> {
    const extra = this.buggify('disk.slow-operation') ? randomInt(this.world.sim.random, MAX_BUGGIFIED_DISK_DELAY) : 0;
    return this.sleep(DISK_OP_MICROS + this.diskDelay + extra);
  }

  /** Sends a request and waits for its reply (see SimWorld.request for how it can fail). */
  request<T = unknown>(to: string, endpoint: string, payload: unknown): Promise<T> {
    return this.world.request(this, to, endpoint, payload) as Promise<T>;
  }

  /** Sends a one-way message: no reply; lost without a word if the connection is down. */
  send(to: string, endpoint: string, payload: unknown): void {
    this.world.send(this, to, endpoint, payload);
  }

  /** @internal The world kills the process: a new incarnation, no handlers. */
  markKilled(): void {
    this.live = false;
    this.generation++;
    this.handlers.clear();
  }

  /** @internal The world reboots the process. */
  markRebooted(): void {
    this.live = true;
  }

  private isCurrent(incarnation: number): boolean {
    return this.live && this.generation === incarnation;
  }
}
