// The simulation replay's Web Worker: runs one seed of a named workload and posts the Replay back.
// A simulation run replaces the real clock, Math.random and the timers with functions that throw
// (lesson 18's guard), for as long as it runs; in the page, other code (React, other pictures)
// would trip over them. A worker has globals of its own, so the run shuts only those off.
import { ensureSharedArrayBuffer } from '../components/sharedArrayBuffer';
import { replay, REPLAY_WORKLOADS } from './sim-replay.ts';
import type { ReplayRequest, ReplayAnswer } from './sim-replay-in-worker.ts';

// The cluster's storage servers (lesson 22) keep a MemTable (lesson 05), whose size counter needs
// a SharedArrayBuffer: the worker, like the page, is not cross-origin isolated.
ensureSharedArrayBuffer();

const scope = self as unknown as {
  onmessage: ((event: { data: ReplayRequest }) => void) | null;
  postMessage(answer: ReplayAnswer): void;
};

scope.onmessage = ({ data }) => {
  const workload = REPLAY_WORKLOADS[data.workload];
  if (!workload) {
    scope.postMessage({
      id: data.id,
      error: `No workload "${data.workload}"; the workloads are: ${Object.keys(REPLAY_WORKLOADS).join(', ')}.`,
    });
    return;
  }
  void replay(workload, data.seed, data.faults).then((result) => scope.postMessage({ id: data.id, replay: result }));
};
