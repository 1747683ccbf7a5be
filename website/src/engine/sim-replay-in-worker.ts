// The page's side of the simulation replay's worker (sim-replay-worker.ts): one worker for the
// page, made on first use, and one promise per run, matched to its answer by number.
import type { Replay } from './sim-replay.ts';

export interface ReplayRequest {
  readonly id: number;
  readonly workload: string;
  readonly seed: number;
  readonly faults: boolean;
}

export type ReplayAnswer =
  | { readonly id: number; readonly replay: Replay }
  | { readonly id: number; readonly error: string };

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: Replay) => void; reject: (e: Error) => void }>();

function theWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./sim-replay-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<ReplayAnswer>) => {
    const asked = waiting.get(data.id);
    waiting.delete(data.id);
    if ('replay' in data) asked?.resolve(data.replay);
    else asked?.reject(new Error(data.error));
  };
  worker.onerror = (event) => {
    for (const asked of waiting.values()) asked.reject(new Error(`The simulation worker failed: ${event.message}`));
    waiting.clear();
  };
  return worker;
}

/** Runs one seed of the workload named `workload` (in REPLAY_WORKLOADS) in the worker. */
export function replayInWorker(workload: string, seed: number, faults: boolean): Promise<Replay> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    theWorker().postMessage({ id, workload, seed, faults } satisfies ReplayRequest);
  });
}
