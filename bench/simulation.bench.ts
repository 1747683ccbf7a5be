// The simulator's speed on the demo workloads of `npm run sim` (tools/sim/workloads.ts): virtual
// seconds simulated per wall-clock second, and events per second, without and with faults. Many
// seeds per row, so that one lucky or unlucky run does not decide the figure. Then the cluster's
// own throughput (lessons 20 to 22): clients adding to a counter back to back, no faults:
// committed transactions per simulated second, and simulated seconds per wall-clock second.
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { counterWorkload } from '../tools/sim/cluster-workloads.ts';
import { runWorkload, WORKLOADS } from '../tools/sim/workloads.ts';
import type { Benchmark, BenchRow } from './types.ts';

const benchmark: Benchmark = async ({ quick, log }) => {
  const seeds = quick ? 3 : 20;
  const rows: BenchRow[] = [];
  for (const workload of WORKLOADS) {
    for (const faults of [false, true]) {
      let events = 0;
      let virtual = 0;
      const start = performance.now();
      for (let seed = 1; seed <= seeds; seed++) {
        const outcome = await runWorkload(workload, { seed, faults });
        if (outcome.failure) throw new Error(`${workload} seed ${seed} failed: ${outcome.failure}`);
        events += outcome.result.events;
        virtual += outcome.result.now / SECOND;
      }
      const wall = (performance.now() - start) / 1000;
      const label = `${workload}${faults ? ' with faults' : ''}`;
      log(`${label}: ${seeds} seeds, ${events} events, ${virtual.toFixed(1)} virtual s in ${wall.toFixed(2)} wall s`);
      rows.push({
        name: `simulation ${label}: events`,
        opsPerSec: events / wall,
        note: `${seeds} seeds, ${Math.round(events / seeds)} events each`,
      });
      rows.push({
        name: `simulation ${label}: virtual s per wall s`,
        opsPerSec: virtual / wall,
        note: 'simulated seconds per real second',
      });
    }
  }
  rows.push(...(await clusterThroughput(quick ? 2 : 5, log)));
  return rows;
};

/** The standard cluster workload: 8 clients, 40 atomic adds each, no pauses, no faults. */
async function clusterThroughput(seeds: number, log: (line: string) => void): Promise<BenchRow[]> {
  const CLIENTS = 8;
  const ADDS = 40;
  let commits = 0;
  let busy = 0;
  let virtual = 0;
  const start = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const run = await counterWorkload(seed, false, { clients: CLIENTS, adds: ADDS, maxPause: 0 });
    if (!run.finished || run.final !== BigInt(run.acknowledged))
      throw new Error(`cluster throughput seed ${seed}: counter ${run.final}, ${run.acknowledged} acknowledged`);
    commits += run.acknowledged;
    busy += run.lastAcknowledgedAt / SECOND;
    virtual += run.result.now / SECOND;
  }
  const wall = (performance.now() - start) / 1000;
  log(
    `cluster: ${seeds} seeds of ${CLIENTS} clients x ${ADDS} adds, ${commits} commits in ${busy.toFixed(2)} simulated s; ${virtual.toFixed(1)} simulated s in ${wall.toFixed(2)} wall s`,
  );
  return [
    {
      name: 'cluster: committed transactions per simulated second',
      opsPerSec: commits / busy,
      note: `${CLIENTS} clients, atomic adds back to back, no faults`,
    },
    {
      name: 'cluster: simulated s per wall s',
      opsPerSec: virtual / wall,
      note: 'the whole run, the final read after 2 simulated seconds included',
    },
  ];
}

export default benchmark;
