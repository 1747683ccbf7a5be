/**
 * Lesson 22, given: a whole cluster in one simulated world, booted from lessons 20 to 22's roles:
 * one sequencer, GRV proxies, commit proxies, one resolver, k transaction logs (each holds every
 * version), storage servers (each holds every key, with its own tag), and client processes,
 * each with a ClusterDatabase. Workloads run as tasks of the client processes; the fault helpers
 * kill and reboot logs and storage servers, cut and clog the network between any two processes.
 *
 * Addresses: `sequencer`, `grv-0`..., `proxy-0`..., `resolver`, `log-0`..., `storage-0`...
 * (tag i for storage-i), `client-0`....
 */
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { Simulator, type RunOptions, type RunResult } from '@ferris/18-simulator/simulator.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { SimWorld, type DirectionOptions } from '@ferris/19-faults/world.ts';
import { commitProxy } from '@ferris/20-sequencer/commit-proxy.ts';
import { grvProxy } from '@ferris/20-sequencer/grv-proxy.ts';
import type { ClusterLayout } from '@ferris/20-sequencer/protocol.ts';
import { resolverRole } from '@ferris/20-sequencer/resolver-role.ts';
import { sequencer } from '@ferris/20-sequencer/sequencer.ts';
import { transactionLog } from '@ferris/21-transaction-logs/transaction-log.ts';
import { ClusterDatabase } from './client.ts';
import { storageServer } from './storage-server.ts';

export interface SimClusterOptions {
  /** Every random choice of the run comes from it. */
  readonly seed: number;
  /** Transaction logs (default 2). */
  readonly logs?: number;
  /** Storage servers (default 2). */
  readonly storageServers?: number;
  /** GRV proxies (default 1). */
  readonly grvProxies?: number;
  /** Commit proxies (default 1). */
  readonly commitProxies?: number;
  /** Client processes (default 1). */
  readonly clients?: number;
  /** BUGGIFY on (default off). */
  readonly buggify?: boolean;
  /** Keep every trace record, for pictures (default off). */
  readonly keepTrace?: boolean;
  /** Options of every storage server's engine (tests give tiny budgets). */
  readonly storageEngine?: DbOptions;
}

const names = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

export class SimCluster {
  readonly sim: Simulator;
  readonly world: SimWorld;
  readonly layout: ClusterLayout;
  /** The client processes' addresses. */
  readonly clients: readonly string[];
  private readonly databases = new Map<string, ClusterDatabase>();

  constructor(options: SimClusterOptions) {
    this.sim = new Simulator({ seed: options.seed, keepTrace: options.keepTrace ?? false });
    this.world = new SimWorld(this.sim, { buggify: options.buggify ?? false });
    const storage = names('storage', options.storageServers ?? 2).map((address, tag) => ({ address, tag }));
    this.layout = {
      sequencer: 'sequencer',
      grvProxies: names('grv', options.grvProxies ?? 1),
      commitProxies: names('proxy', options.commitProxies ?? 1),
      resolver: 'resolver',
      logs: names('log', options.logs ?? 2),
      storage,
    };
    this.clients = names('client', options.clients ?? 1);
    const { layout, world } = this;
    world.addProcess(layout.sequencer, sequencer());
    world.addProcess(layout.resolver, resolverRole());
    for (const address of layout.logs) world.addProcess(address, transactionLog({ tags: storage.map((s) => s.tag) }));
    for (const { address, tag } of storage) {
      world.addProcess(address, storageServer({ tag, logs: layout.logs, engine: options.storageEngine ?? {} }));
    }
    for (const address of layout.grvProxies) world.addProcess(address, grvProxy(layout));
    for (const address of layout.commitProxies) world.addProcess(address, commitProxy(layout));
    for (const address of this.clients) world.addProcess(address, () => {});
  }

  /** The client process at `address` (or the i-th client). */
  client(which: string | number = 0): SimProcess {
    return this.world.process(typeof which === 'number' ? this.clients[which]! : which);
  }

  /** The ClusterDatabase of a client process. */
  database(which: string | number = 0): ClusterDatabase {
    const p = this.client(which);
    let db = this.databases.get(p.address);
    if (db === undefined) {
      db = new ClusterDatabase(p, this.layout);
      this.databases.set(p.address, db);
    }
    return db;
  }

  /** Starts `work` as a task of a client process, with that client's database. */
  spawnClient(which: string | number, name: string, work: (db: ClusterDatabase) => Promise<void>): void {
    const db = this.database(which);
    db.process.spawn(name, () => work(db));
  }

  /** Runs the simulation (see lesson 18's Simulator.run). */
  run(options: RunOptions = {}): Promise<RunResult> {
    return this.sim.run(options);
  }

  // ---- faults -------------------------------------------------------------------------------

  /** Kills the i-th log (its disk crashes); it stays dead until rebootLog. */
  killLog(i: number): void {
    this.world.kill(this.layout.logs[i]!);
  }
  /** Reboots the i-th log (killing it first if it runs): it recovers from its disk. */
  rebootLog(i: number): void {
    this.world.reboot(this.layout.logs[i]!);
  }
  /** Kills the i-th storage server (its disk crashes); it stays dead until rebootStorage. */
  killStorage(i: number): void {
    this.world.kill(this.layout.storage[i]!.address);
  }
  /** Reboots the i-th storage server: it resumes from its durable version. */
  rebootStorage(i: number): void {
    this.world.reboot(this.layout.storage[i]!.address);
  }
  /** Cuts `a` from `b` (both directions unless oneWay). */
  partition(a: string, b: string, options: DirectionOptions = {}): void {
    this.world.partition(a, b, options);
  }
  /** Heals every cut between `a` and `b`. */
  heal(a: string, b: string): void {
    this.world.heal(a, b);
  }
  /** Holds messages between `a` and `b` for `micros`. */
  clog(a: string, b: string, micros: number, options: DirectionOptions = {}): void {
    this.world.clog(a, b, micros, options);
  }
}
