/**
 * Lesson 19: the simulated world: processes, the connections between them, and faults.
 *
 * A connection is one direction between two processes (a to b). While it lives it delivers in
 * order: each message gets a random latency (latency.ts), but never arrives before the message
 * sent on the same connection just before it. A connection breaks when either end is killed or a
 * partition cuts it; what was in flight on it is lost, and every request waiting for an answer
 * across it fails with `request_maybe_delivered` (it may have run). A request that cannot even be
 * sent (the peer is dead, or the way is cut) fails with `broken_promise` (it certainly did not).
 * Each failure is its own event, so that one task wakes per event.
 */
import type { Simulator, Waker } from '@ferris/18-simulator/simulator.ts';
import { BrokenPromise, RequestMaybeDelivered } from '@support/fdb-error.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { randomInt } from '@support/random.ts';
import { SimulatedFileSystem, type CrashModel } from '@support/sim-fs.ts';
import { Buggify } from './buggify.ts';
import { DuplicateAddress, UnknownProcess } from './errors.ts';
import { networkLatency, SLOW_NETWORK_LATENCY } from './latency.ts';
import { SimProcess, type Boot } from './process.ts';

/** The most a buggified clog holds a connection, in microseconds. */
export const MAX_BUGGIFIED_CLOG = 50_000;

export interface WorldOptions {
  /** Turn BUGGIFY on for this run (off by default). */
  readonly buggify?: boolean;
  /** The crash model of every process's disk (default: sim-fs's random model). */
  readonly crash?: CrashModel;
}

/** One direction between two processes. */
export interface Connection {
  /** Bumped when the connection breaks: messages sent in an older epoch are lost. */
  epoch: number;
  /** When the last message sent on it arrives: the next may not arrive earlier. */
  lastArrival: number;
  /** Nothing arrives before this time (clogging). */
  cloggedUntil: number;
  /** Cut by a partition: nothing can be sent. */
  cut: boolean;
}

interface PendingRequest {
  readonly id: number;
  readonly from: SimProcess;
  readonly to: string;
  readonly endpoint: string;
  readonly task: string;
  readonly wake: Waker<unknown>;
  settled: boolean;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface DirectionOptions {
  /** Only from the first process to the second. Default: both directions. */
  readonly oneWay?: boolean;
}

export class SimWorld {
  readonly buggify: Buggify;
  private readonly processes = new Map<string, SimProcess>();
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequest = 1;

  constructor(
    readonly sim: Simulator,
    private readonly options: WorldOptions = {},
  ) {
    this.buggify = new Buggify(sim.random, { simulated: true, enabled: options.buggify ?? false });
  }

  /** Every address, in the order the processes were added. */
  get addresses(): string[] {
    return [...this.processes.keys()];
  }

  /** Adds a process with its own disk and starts it: `boot` runs as its first task. */
  addProcess(address: string, boot: Boot): SimProcess {
    if (this.processes.has(address)) throw new DuplicateAddress(address);
    const disk = new SimulatedFileSystem({ seed: randomInt(this.sim.random, 0x7fff_ffff), crash: this.options.crash });
    const process = new SimProcess(this, address, boot, disk);
    this.processes.set(address, process);
    process.spawn('boot', () => boot(process));
    return process;
  }

  process(address: string): SimProcess {
    const process = this.processes.get(address);
    if (!process) throw new UnknownProcess(address, this.addresses);
    return process;
  }

  /** The connection from `from` to `to` (made on first use). */
  connection(from: string, to: string): Connection {
    const key = `${from}>${to}`;
    let connection = this.connections.get(key);
    if (!connection) {
      connection = { epoch: 0, lastArrival: 0, cloggedUntil: 0, cut: false };
      this.connections.set(key, connection);
    }
    return connection;
  }

  // ---- messages -----------------------------------------------------------------------------

  /**
   * Sends `payload` to `endpoint` on `to` and waits for the reply. Fails with BrokenPromise when
   * the request cannot be sent (unknown or dead peer, cut connection) or the peer has no such
   * endpoint, and with RequestMaybeDelivered when the connection breaks after sending, before
   * the reply arrives. An error the handler throws comes back as the request's error.
   */
  request(from: SimProcess, to: string, endpoint: string, payload: unknown): Promise<unknown> {
    const id = this.nextRequest++;
    const task = this.sim.currentTask ?? from.address;
    return from.suspend<unknown>(`request ${endpoint} to ${to}`, (wake) => {
      const request: PendingRequest = { id, from, to, endpoint, task, wake, settled: false };
      if (!this.canSend(from.address, to) || this.connection(to, from.address).cut) {
        this.failLater(
          request,
          new BrokenPromise(
            `request ${endpoint} #${id} from ${from.address} to ${to}: ${this.whyNot(from.address, to)}, so it was never sent`,
          ),
        );
        return;
      }
      this.pending.set(id, request);
      this.transmit(from.address, to, `request ${endpoint} #${id}`, () => this.arrive(request, payload));
    });
  }

  /** A one-way message: run `endpoint`'s handler on `to`, no reply. Lost if it cannot be sent. */
  send(from: SimProcess, to: string, endpoint: string, payload: unknown): void {
    if (!this.canSend(from.address, to)) return;
    this.transmit(from.address, to, `message ${endpoint}`, () => {
      const target = this.process(to);
      const handler = target.handlers.get(endpoint);
      if (handler)
        target.spawn(`${endpoint} from ${from.address}`, async () => void (await handler(payload, from.address)));
    });
  }

  /** Whether a message can leave `from` for `to` now. */
  private canSend(from: string, to: string): boolean {
    const target = this.processes.get(to);
    return target !== undefined && target.alive && !this.connection(from, to).cut;
  }

  private whyNot(from: string, to: string): string {
    const target = this.processes.get(to);
    if (!target) return `no process has the address ${to}`;
    if (!target.alive) return `${to} is dead`;
    return `a partition cuts ${from} from ${to} (a request needs both directions)`;
  }

  /**
   * Puts a message on the connection `from` to `to`: it arrives after a random latency, not
   * before the connection's previous message nor while it is clogged, and only if the
   * connection has not broken since.
   */
  private transmit(from: string, to: string, detail: string, onArrival: () => void): void {
    // TODO: take the connection and its epoch now, work out the arrival time (arrivalTime), and
    // schedule a 'deliver' event named `from->to` with this detail whose action calls onArrival
    // only if the connection has not broken since (same epoch).
    throw new NotImplemented('19-faults', 'SimWorld.transmit()');
  }

  /** When a message sent now on `connection` arrives: in order, after any clog. */
  private arrivalTime(connection: Connection): number {
    // TODO: now + networkLatency(this.sim.random), plus a random extra up to
    // SLOW_NETWORK_LATENCY when buggify fires 'network.latency-spike' (and a random clog up to
    // MAX_BUGGIFIED_CLOG when 'network.clog' fires, checked first). Not before cloggedUntil, and
    // not before the previous message's arrival on this connection. Remember it in lastArrival.
    throw new NotImplemented('19-faults', 'SimWorld.arrivalTime()');
  }

  /** A request arrived: run its handler as a task of the target, and send the reply back. */
  private arrive(request: PendingRequest, payload: unknown): void {
    const target = this.process(request.to);
    const handler = target.handlers.get(request.endpoint);
    const from = request.from.address;
    target.spawn(`${request.endpoint} #${request.id}`, async () => {
      let outcome: Outcome;
      if (!handler) {
        outcome = {
          ok: false,
          error: new BrokenPromise(
            `${request.to} has no endpoint ${request.endpoint} (request #${request.id} from ${from})`,
          ),
        };
      } else {
        try {
          outcome = { ok: true, value: await handler(payload, from) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      }
      if (!this.canSend(request.to, from)) return; // the reply cannot leave: the break fails the request
      this.transmit(request.to, from, `reply #${request.id}`, () => this.settle(request, outcome));
    });
  }

  private settle(request: PendingRequest, outcome: Outcome): void {
    if (request.settled) return;
    request.settled = true;
    this.pending.delete(request.id);
    if (outcome.ok) request.wake.resolve(outcome.value);
    else request.wake.reject(outcome.error);
  }

  /** Fails a request in its own event, now: one task wakes per event. */
  private failLater(request: PendingRequest, error: Error): void {
    this.sim.schedule(0, {
      kind: 'fail',
      name: request.task,
      detail: `#${request.id} ${error.name}`,
      action: () => this.settle(request, { ok: false, error }),
    });
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * Breaks the connection `from` to `to`: what is in flight on it is lost, and every pending
   * request that needs it (sent on it, or whose reply would come back on it) fails with
   * RequestMaybeDelivered.
   */
  private breakConnection(from: string, to: string, why: string): void {
    // TODO: bump the connection's epoch (what is in flight is lost). Every pending request sent
    // from `from` to `to`, or from `to` to `from` (its reply would use this connection), leaves
    // this.pending and fails with RequestMaybeDelivered, through failLater.
    throw new NotImplemented('19-faults', 'SimWorld.breakConnection()');
  }

  /**
   * Kills a process: its tasks stop for good, its connections break, the requests it was
   * waiting for are forgotten, and its disk crashes (unsynced bytes may be lost or torn).
   */
  kill(address: string): void {
    // TODO: nothing to do if it is already dead. Otherwise markKilled(), note a 'kill' in the
    // trace, forget the pending requests the process itself made (settled, out of this.pending),
    // break every connection from and to it, and crash its disk (process.simDisk.crash()).
    throw new NotImplemented('19-faults', 'SimWorld.kill()');
  }

  /** Kills the process if it is alive, then starts it again: `boot` runs on the crashed disk. */
  reboot(address: string): void {
    const process = this.process(address);
    this.kill(address);
    process.markRebooted();
    this.sim.note('reboot', address);
    process.spawn('boot', () => process.boot(process));
  }

  /** Cuts `a` from `b` (both directions unless `oneWay`): connections break, sends fail. */
  partition(a: string, b: string, options: DirectionOptions = {}): void {
    // TODO: check both addresses exist (this.process), note a 'partition' in the trace, then for
    // a to b, and b to a unless options.oneWay: mark the connection cut and break it.
    throw new NotImplemented('19-faults', 'SimWorld.partition()');
  }

  /** Heals every cut between `a` and `b`, in both directions. */
  heal(a: string, b: string): void {
    // TODO: note a 'heal' in the trace and clear the cut of both directions.
    throw new NotImplemented('19-faults', 'SimWorld.heal()');
  }

  /** Holds messages from `a` to `b` (both directions unless `oneWay`) for `micros`: late, not lost. */
  clog(a: string, b: string, micros: number, options: DirectionOptions = {}): void {
    // TODO: refuse a bad duration (RangeError), note a 'clog', then for a to b, and b to a
    // unless options.oneWay, push the connection's cloggedUntil to at least now + micros.
    throw new NotImplemented('19-faults', 'SimWorld.clog()');
  }

  /** Makes every disk operation of the process take `micros` longer (0 makes it normal again). */
  slowDisk(address: string, micros: number): void {
    if (!Number.isSafeInteger(micros) || micros < 0)
      throw new RangeError(`slowDisk(${address}, ${micros}): a whole number of microseconds, 0 or more.`);
    this.sim.note('slow-disk', address, `${micros}`);
    this.process(address).diskDelay = micros;
  }
}
