// The simulation replay picture's logic, apart from its drawing: one run of the reference
// simulator (lessons 18 and 19) from a seed, turned into lanes (the processes) and typed events
// (messages, kills, reboots, partitions, heals, clogs, slow disks) on a virtual time axis.
// Nothing is modelled: the events come from the simulator's own kept trace (`keepTrace`), and the
// trace hash and verdict are the run's own, the same `npm run sim` prints for the seed
// (test/support/sim-replay.test.ts checks that). It runs without a browser and imports no
// `node:` module, so the picture can run it in a page.
//
// A role picture (lessons 20 to 25) reuses all of this by supplying another `ReplayWorkload`
// (a function that runs its own workload from a seed and hands back the simulator it ran), added
// to `REPLAY_WORKLOADS` under a name it passes to the picture.
import { Simulator, type RunResult } from '@ferris/18-simulator/simulator.ts';
import type { TraceRecord } from '@ferris/18-simulator/trace.ts';
import { runWorkload, type WorkloadName } from '../../../tools/sim/workloads.ts';
import { commitPaths, type CommitPath } from './sim-replay-commit.ts';

/** One run to replay: what the workload's simulator did, and its verdict. */
export interface WorkloadRun {
  /** The simulator the workload ran in; it must have been made with `keepTrace: true`. */
  readonly sim: Simulator;
  readonly result: RunResult;
  /** null when every check passed; otherwise what failed, in words. */
  readonly failure: string | null;
}

/** A workload the picture can replay: lanes in the order to draw them, and how to run one seed. */
export interface ReplayWorkload {
  readonly name: string;
  /** The processes, top to bottom; any other process the trace names is added below them. */
  readonly lanes: readonly string[];
  run(options: { readonly seed: number; readonly faults: boolean }): Promise<WorkloadRun>;
}

/** A message from one process to another, drawn as an arrow from its send to its arrival. */
export interface MessageEvent {
  readonly type: 'message';
  readonly from: string;
  readonly to: string;
  /** What it carried, as the trace says: "request add #12", "reply #12". */
  readonly label: string;
  readonly sentAt: number;
  readonly arrivesAt: number;
  /** A kill or partition broke its connection while it was in flight: it arrived nowhere. */
  readonly lost: boolean;
  /** Its delivery event's sequence number in the trace: one message, one number. */
  readonly seq: number;
}

/** Something that happened to processes at one time, marked on their lanes. */
export interface FaultEvent {
  readonly type: 'kill' | 'reboot' | 'partition' | 'heal' | 'clog' | 'slow-disk';
  readonly at: number;
  /** The processes it touched: one for kill, reboot and slow disk; two for the others. */
  readonly processes: readonly string[];
  /** Only from the first process to the second (a one-way partition or clog). */
  readonly oneWay: boolean;
  /** Anything else, in words: a clog's or slow disk's microseconds. */
  readonly detail: string;
}

export type ReplayEvent = MessageEvent | FaultEvent;

/** Everything the picture draws for one run. */
export interface Replay {
  readonly workload: string;
  readonly seed: number;
  readonly faults: boolean;
  /** The run's trace hash (16 hex digits), or null when the run threw before it ended. */
  readonly traceHash: string | null;
  /** As `npm run sim` ends: "ok", or "failed: " and what failed. */
  readonly verdict: string;
  readonly lanes: readonly string[];
  /** Sorted by time (a message by its send time). */
  readonly events: readonly ReplayEvent[];
  /** How many events the simulator ran. */
  readonly eventCount: number;
  /** The commits that can be followed from client to storage (sim-replay-commit.ts); [] for a demo workload. */
  readonly commits: readonly CommitPath[];
  /** The virtual time the run ended, in microseconds. */
  readonly end: number;
}

const FAULT_KINDS = new Set<string>(['kill', 'reboot', 'partition', 'heal', 'clog', 'slow-disk']);

/** When an event was scheduled: the virtual time, and how many trace records came before. */
export interface Scheduled {
  readonly at: number;
  readonly position: number;
  /** The task that was running (or starting to wait) when it was scheduled: who sent a message, or spawned a task. */
  readonly task?: string | null;
}

/**
 * The virtual time each event was scheduled at, by sequence number. The trace records when an
 * event ran, not when it was scheduled, and a message's arrow starts when it was sent, so the
 * scheduler's `schedule` is watched during the run. Every event gets the next sequence number
 * when it is scheduled (lesson 18's queue), so the n-th call of a simulator is sequence n.
 */
async function watchScheduling<T>(
  body: () => Promise<T>,
): Promise<{ value: T; scheduled: (sim: Simulator) => Scheduled[] }> {
  const calls = new WeakMap<Simulator, Scheduled[]>();
  const original = Simulator.prototype.schedule;
  const originalSuspend = Simulator.prototype.suspend;
  // A request is scheduled inside `suspend` (the world sends it as its task starts to wait), when
  // the simulator already says no task runs: remember who is suspending.
  const suspending = new WeakMap<Simulator, string | null>();
  Simulator.prototype.suspend = function <R>(this: Simulator, call: string, arm: Parameters<Simulator['suspend']>[1]) {
    suspending.set(this, this.currentTask);
    try {
      return originalSuspend.call(this, call, arm) as Promise<R>;
    } finally {
      suspending.delete(this);
    }
  };
  Simulator.prototype.schedule = function (this: Simulator, delay, event) {
    let list = calls.get(this);
    if (!list) {
      list = [];
      calls.set(this, list);
    }
    list.push({
      at: this.now,
      position: this.trace?.length ?? 0,
      task: this.currentTask ?? suspending.get(this) ?? null,
    });
    return original.call(this, delay, event);
  };
  try {
    const value = await body();
    return { value, scheduled: (sim) => calls.get(sim) ?? [] };
  } finally {
    Simulator.prototype.schedule = original;
    Simulator.prototype.suspend = originalSuspend;
  }
}

/** "a->b" or "a<->b" as the world writes them into the trace. */
function pair(name: string): { processes: string[]; oneWay: boolean } {
  const twoWay = name.indexOf('<->');
  if (twoWay >= 0) return { processes: [name.slice(0, twoWay), name.slice(twoWay + 3)], oneWay: false };
  const oneWay = name.indexOf('->');
  return oneWay >= 0
    ? { processes: [name.slice(0, oneWay), name.slice(oneWay + 2)], oneWay: true }
    : { processes: [name], oneWay: false };
}

/** Whether a fault broke the connection `from` to `to` (kills and partitions break; heals, clogs and slow disks do not). */
function breaks(fault: FaultEvent, from: string, to: string): boolean {
  if (fault.type === 'kill') return fault.processes.includes(from) || fault.processes.includes(to);
  if (fault.type !== 'partition') return false;
  const [a, b] = fault.processes;
  return (a === from && b === to) || (!fault.oneWay && a === to && b === from);
}

/** The typed events of a kept trace; `scheduled[seq]` is when event `seq` was scheduled. */
export function eventsOf(trace: readonly TraceRecord[], scheduled: readonly Scheduled[]): ReplayEvent[] {
  const faults: { fault: FaultEvent; position: number }[] = [];
  const sends: { message: Omit<MessageEvent, 'lost'>; from: number; to: number }[] = [];
  trace.forEach((record, position) => {
    if (FAULT_KINDS.has(record.kind)) {
      const { processes, oneWay } = pair(record.name);
      faults.push({
        fault: { type: record.kind as FaultEvent['type'], at: record.time, processes, oneWay, detail: record.detail },
        position,
      });
    } else if (record.kind === 'deliver') {
      const { processes } = pair(record.name);
      const sent = scheduled[record.seq];
      if (sent === undefined)
        throw new Error(`The trace's event #${record.seq} (${record.name}) was never seen being scheduled.`);
      const message = {
        type: 'message' as const,
        from: processes[0]!,
        to: processes[1]!,
        label: record.detail,
        sentAt: sent.at,
        arrivesAt: record.time,
        seq: record.seq,
      };
      sends.push({ message, from: sent.position, to: position });
    }
  });
  // Lost: a kill or partition that broke its connection was traced after it left and before it
  // arrived (the world bumps the connection's epoch right where it notes the fault).
  const messages = sends.map(({ message, from, to }) => ({
    ...message,
    lost: faults.some((f) => f.position >= from && f.position < to && breaks(f.fault, message.from, message.to)),
  }));
  return [...messages, ...faults.map((f) => f.fault)].sort((a, b) => timeOf(a) - timeOf(b));
}

/** When an event starts on the time axis. */
export function timeOf(event: ReplayEvent): number {
  return event.type === 'message' ? event.sentAt : event.at;
}

/** The lanes: the workload's own order first, then any other process the events name. */
function lanesOf(declared: readonly string[], events: readonly ReplayEvent[]): string[] {
  const lanes = [...declared];
  const add = (name: string) => {
    if (!lanes.includes(name)) lanes.push(name);
  };
  for (const e of events) for (const p of e.type === 'message' ? [e.from, e.to] : e.processes) add(p);
  return lanes;
}

/** The run in progress: only one simulation may run at a time (lesson 18 guards the real world). */
let inTurn: Promise<unknown> = Promise.resolve();

/**
 * Runs one seed of a workload in the reference simulator and returns what to draw. Calls that
 * overlap (two clicks, React running an effect twice) wait for each other's run to end.
 */
export function replay(workload: ReplayWorkload, seed: number, faults: boolean): Promise<Replay> {
  const next = inTurn.then(() => replayNow(workload, seed, faults));
  inTurn = next.catch(() => undefined);
  return next;
}

async function replayNow(workload: ReplayWorkload, seed: number, faults: boolean): Promise<Replay> {
  try {
    const { value: run, scheduled } = await watchScheduling(() => workload.run({ seed, faults }));
    if (run.sim.trace === null)
      throw new Error(`The workload ${workload.name} must make its simulator with keepTrace: true.`);
    const watched = scheduled(run.sim);
    const events = eventsOf(run.sim.trace, watched);
    return {
      workload: workload.name,
      seed,
      faults,
      traceHash: run.result.traceHash,
      verdict: run.failure === null ? 'ok' : `failed: ${run.failure}`,
      lanes: lanesOf(workload.lanes, events),
      events,
      eventCount: run.result.events,
      end: run.result.now,
      commits: commitPaths(run.sim.trace, watched, events),
    };
  } catch (error) {
    // As `npm run sim` does when a run throws: no hash, the error as the verdict.
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      workload: workload.name,
      seed,
      faults,
      traceHash: null,
      verdict: `failed: ${text}`,
      lanes: [...workload.lanes],
      events: [],
      eventCount: 0,
      end: 0,
      commits: [],
    };
  }
}

/**
 * The simulated cluster's processes (lessons 20 to 22) in the order a commit travels: clients,
 * GRV proxy, commit proxy, sequencer, resolver, logs, storage servers.
 */
export const CLUSTER_LANES = [
  'client-0',
  'client-1',
  'grv-0',
  'proxy-0',
  'sequencer',
  'resolver',
  'log-0',
  'log-1',
  'storage-0',
  'storage-1',
];

/** The demo workloads of `npm run sim` (tools/sim/workloads.ts), as the picture replays them. */
export const DEMO_WORKLOADS: Record<WorkloadName, ReplayWorkload> = {
  echo: {
    name: 'echo',
    lanes: ['client-a', 'server', 'client-b'],
    run: ({ seed, faults }) => runWorkload('echo', { seed, faults, keepTrace: true }),
  },
  counter: {
    name: 'counter',
    lanes: ['client', 'replica-1', 'replica-2', 'replica-3'],
    run: ({ seed, faults }) => runWorkload('counter', { seed, faults, keepTrace: true }),
  },
  'cluster-counter': {
    name: 'cluster-counter',
    lanes: CLUSTER_LANES,
    run: ({ seed, faults }) => runWorkload('cluster-counter', { seed, faults, keepTrace: true }),
  },
  'cluster-rmw': {
    name: 'cluster-rmw',
    lanes: CLUSTER_LANES,
    run: ({ seed, faults }) => runWorkload('cluster-rmw', { seed, faults, keepTrace: true }),
  },
};

/**
 * Every workload a picture can replay, by name. The picture runs the simulation in a Web Worker
 * (sim-replay-worker.ts), because a run switches off the page's real clock and timers while it
 * runs, and a worker has its own; a worker gets only names across, so a role picture (lessons 20
 * to 25) adds its workload here and passes its name to the picture.
 */
export const REPLAY_WORKLOADS: Record<string, ReplayWorkload> = { ...DEMO_WORKLOADS };

/** The largest seed `npm run sim` takes. */
export const MAX_SEED = 0xffff_ffff;

/** A seed typed into the box, or why it is not one. */
export function parseSeed(text: string): { seed: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_SEED)
    return { error: `A seed is a whole number from 0 to ${MAX_SEED}; got "${text}".` };
  return { seed: Number(trimmed) };
}

/** An event as it stands at the slider's time: drawn when it has happened, faded when still to come. */
export interface Shown {
  readonly event: ReplayEvent;
  /** For a message in flight at `time`: how far along it is (0 to 1); otherwise 1 or 0. */
  readonly progress: number;
  readonly happened: boolean;
}

/**
 * What the picture draws at the slider's `time` for the window [from, to]: every event that
 * overlaps the window, marked as happened (started at or before `time`) or still to come.
 */
export function shownAt(replay: Replay, time: number, from: number, to: number): Shown[] {
  const shown: Shown[] = [];
  for (const event of replay.events) {
    const start = timeOf(event);
    const finish = event.type === 'message' ? event.arrivesAt : event.at;
    if (finish < from || start > to) continue;
    const happened = start <= time;
    const progress = !happened ? 0 : finish <= time || finish === start ? 1 : (time - start) / (finish - start);
    shown.push({ event, progress, happened });
  }
  return shown;
}

/** How many events have happened by `time`, by type: the text that says what the drawing shows. */
export function countsAt(replay: Replay, time: number): Record<ReplayEvent['type'], number> {
  const counts: Record<ReplayEvent['type'], number> = {
    message: 0,
    kill: 0,
    reboot: 0,
    partition: 0,
    heal: 0,
    clog: 0,
    'slow-disk': 0,
  };
  for (const event of replay.events) if (timeOf(event) <= time) counts[event.type]++;
  return counts;
}
