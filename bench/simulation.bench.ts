// The simulator's speed on the demo workloads of `npm run sim` (tools/sim/workloads.ts): virtual
// seconds simulated per wall-clock second, and events per second, without and with faults. Many
// seeds per row, so that one lucky or unlucky run does not decide the figure.
import { SECOND } from '@ferris/18-simulator/clock.ts';
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
  return rows;
};

export default benchmark;
