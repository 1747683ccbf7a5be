// The simulation replay over the simulated cluster of lessons 20 to 22 (tools/sim/cluster-workloads.ts):
// the same picture as simulation-replay.tsx, with the cluster's roles as lanes and "follow a
// commit" (its path, found in the run's own trace by ../engine/sim-replay-commit.ts).
import React from 'react';
import SimulationReplay from './simulation-replay';

export const picture = {
  title: 'Simulation replay: the cluster',
  lesson: '20-sequencer',
  description:
    "One seed of the simulated cluster's read-modify-write workload, run by the reference code in your browser: follow one commit from client to storage.",
};

export default function ClusterReplay(): React.JSX.Element {
  return <SimulationReplay workload="cluster-rmw" />;
}
