// Catches: the live committed version is the last version reported, not the highest
//
// A reference review test (see cli/review-examples.ts): two commit proxies' reports cross on
// their connections, so the sequencer must keep the highest version reported, never go back.
import { expect, it } from 'vitest';
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import { SimWorld } from '@ferris/19-faults/world.ts';
import { ENDPOINTS, type VersionReply } from '@ferris/20-sequencer/protocol.ts';
import { sequencer } from '@ferris/20-sequencer/sequencer.ts';

it('a report of a lower version after a higher one leaves the live committed version at the higher', async () => {
  const sim = new Simulator({ seed: 1 });
  const world = new SimWorld(sim);
  world.addProcess('sequencer', sequencer());
  let live = -1;
  world.addProcess('proxy', (p) => {
    p.spawn('reports', async () => {
      await p.request('sequencer', ENDPOINTS.reportCommitted, { version: 2000 });
      await p.request('sequencer', ENDPOINTS.reportCommitted, { version: 1500 });
      live = (await p.request<VersionReply>('sequencer', ENDPOINTS.getLiveCommittedVersion, {})).version;
    });
  });
  await sim.run();
  expect(live, 'the report of 1,500 arrived late; 2,000 was already committed').toBe(2000);
});
