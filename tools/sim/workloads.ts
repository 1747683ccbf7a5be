/**
 * The demo workloads of `npm run sim` (and of the simulation benchmark), built on lessons 18 and
 * 19. Pure TypeScript with no Node imports, so the website's simulation picture can run them in
 * a browser.
 *
 * - echo: two clients send requests to an echo server and check every reply. With faults, a
 *   chaos task reboots the server, cuts and heals the network and clogs it; clients retry.
 * - cluster-counter, cluster-rmw: lessons 20 to 22's whole cluster (tools/sim/cluster-workloads.ts).
 * - counter: a replicated counter. A client adds numbered increments to three replicas; each
 *   replica writes an increment to its log and syncs it before it acknowledges. With faults,
 *   replicas are rebooted (their disks crash), partitioned and slowed. The checker reboots every
 *   replica at the end and requires that each recovers every increment it acknowledged, and
 *   nothing that was never sent.
 */
import { Simulator, type RunResult } from '@ferris/18-simulator/simulator.ts';
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import { SimWorld } from '@ferris/19-faults/world.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { randomInt } from '@support/random.ts';
import { CLUSTER_WORKLOADS, runClusterWorkload, type ClusterWorkloadName } from './cluster-workloads.ts';

export const WORKLOADS = ['echo', 'counter', ...CLUSTER_WORKLOADS] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface WorkloadOptions {
  readonly seed: number;
  readonly faults: boolean;
  /** Keep every trace record (for pictures); off by default. */
  readonly keepTrace?: boolean;
}

export interface WorkloadOutcome {
  readonly result: RunResult;
  /** null when every check passed; otherwise what failed, in words. */
  readonly failure: string | null;
  /** A few lines about what happened. */
  readonly summary: string[];
  readonly sim: Simulator;
}

/** How long a workload may take in virtual time before it counts as stuck. */
export const VIRTUAL_TIME_LIMIT = 120 * SECOND;
const RETRY_DELAY = 10 * MS;

/** Sends a request until it is answered, sleeping between tries (for idempotent requests). */
async function untilAnswered(
  p: SimProcess,
  to: string,
  endpoint: string,
  payload: unknown,
  tries: { failed: number },
): Promise<unknown> {
  for (;;) {
    try {
      return await p.request(to, endpoint, payload);
    } catch {
      tries.failed++;
      await p.sleep(RETRY_DELAY);
    }
  }
}

/** Faults for `duration`: reboots, cuts that heal, clogs and slow disks among `targets`. */
function spawnChaos(
  world: SimWorld,
  p: SimProcess,
  targets: readonly string[],
  others: readonly string[],
  duration: number,
): void {
  p.spawn('chaos', async () => {
    while (p.now < duration) {
      await p.sleep(randomInt(world.sim.random, 80 * MS));
      const target = targets[randomInt(world.sim.random, targets.length)]!;
      const other = others[randomInt(world.sim.random, others.length)]!;
      const pick = randomInt(world.sim.random, 4);
      if (pick === 0) world.reboot(target);
      else if (pick === 1) {
        world.partition(target, other, { oneWay: world.sim.random() < 0.3 });
        const heal = randomInt(world.sim.random, 200 * MS);
        p.spawn('heal', async () => {
          await p.sleep(heal);
          world.heal(target, other);
        });
      } else if (pick === 2) world.clog(target, other, randomInt(world.sim.random, 50 * MS));
      else world.slowDisk(target, world.sim.random() < 0.5 ? 0 : randomInt(world.sim.random, 5 * MS));
    }
  });
}

async function echo(sim: Simulator, world: SimWorld, faults: boolean, summary: string[]): Promise<() => string | null> {
  const REQUESTS = 200;
  const wrong: string[] = [];
  let answered = 0;
  const tries = { failed: 0 };
  world.addProcess('server', (p) => {
    p.handle('echo', async (payload) => {
      await p.sleep(randomInt(sim.random, 2 * MS));
      return payload;
    });
  });
  const clients = ['client-a', 'client-b'];
  let finished = 0;
  for (const address of clients) {
    world.addProcess(address, (p) => {
      p.spawn('requests', async () => {
        for (let i = 0; i < REQUESTS; i++) {
          const payload = `${address}:${i}:${randomInt(sim.random, 1_000_000)}`;
          const reply = await untilAnswered(p, 'server', 'echo', payload, tries);
          if (reply !== payload) wrong.push(`${address} sent ${payload} and got ${String(reply)}`);
          answered++;
        }
        if (++finished === clients.length) sim.stop();
      });
    });
  }
  if (faults) world.addProcess('chaos', (p) => spawnChaos(world, p, ['server'], clients, 5 * SECOND));
  return () => {
    summary.push(
      `echo: ${answered} of ${REQUESTS * clients.length} requests answered, ${tries.failed} failed tries retried`,
    );
    if (finished < clients.length)
      return `the clients did not finish within ${VIRTUAL_TIME_LIMIT / SECOND} s of virtual time`;
    return wrong.length > 0 ? `wrong echo reply: ${wrong[0]}` : null;
  };
}

/** A replica's log record: the increment's id, then its bitwise complement (a torn or damaged record fails the check). */
function encodeOp(id: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, id, true);
  view.setUint32(4, ~id >>> 0, true);
  return bytes;
}

function decodeOps(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids: number[] = [];
  for (let at = 0; at + 8 <= bytes.length; at += 8) {
    const id = view.getUint32(at, true);
    if (view.getUint32(at + 4, true) !== ~id >>> 0) break;
    ids.push(id);
  }
  return ids;
}

/** A replica: recovers its increments from its log, then answers (requests before that fail and are retried). */
async function replicaBoot(p: SimProcess): Promise<void> {
  const ops = new Set<number>();
  if (await p.disk.exists('ops.log')) {
    const ids = decodeOps(await p.disk.readFile('ops.log'));
    for (const id of ids) ops.add(id);
    // Cut a torn or damaged tail off, as lesson 03's recovery does, or new records would land
    // behind it and be unreadable after the next crash.
    await p.disk.truncate('ops.log', ids.length * 8);
  }
  const log = await p.disk.openAppend('ops.log');
  await p.disk.syncDir('');
  p.handle('add', async (id) => {
    if (!ops.has(Number(id))) {
      await log.append(encodeOp(Number(id)));
      await log.sync();
      ops.add(Number(id));
    }
    return ops.size;
  });
  p.handle('ops', () => [...ops].sort((a, b) => a - b));
}

async function counter(
  sim: Simulator,
  world: SimWorld,
  faults: boolean,
  summary: string[],
): Promise<() => string | null> {
  const INCREMENTS = 60;
  const replicas = ['replica-1', 'replica-2', 'replica-3'];
  const acked = new Map<string, Set<number>>(replicas.map((r) => [r, new Set()]));
  const recovered = new Map<string, number[]>();
  const tries = { failed: 0 };
  let done = false;
  for (const r of replicas) world.addProcess(r, replicaBoot);
  world.addProcess('client', (p) => {
    p.spawn('increments', async () => {
      for (let id = 1; id <= INCREMENTS; id++) {
        for (const r of replicas) {
          await untilAnswered(p, r, 'add', id, tries);
          acked.get(r)!.add(id);
        }
        await p.sleep(randomInt(sim.random, 50 * MS));
      }
      // The check: every replica restarts from its disk and must still hold what it acknowledged.
      await p.sleep(faults ? 5 * SECOND : 0);
      for (const r of replicas) {
        world.heal('client', r);
        world.reboot(r);
      }
      for (const r of replicas) recovered.set(r, (await untilAnswered(p, r, 'ops', null, tries)) as number[]);
      done = true;
      sim.stop();
    });
  });
  if (faults) world.addProcess('chaos', (p) => spawnChaos(world, p, replicas, ['client', ...replicas], 4 * SECOND));
  return () => {
    summary.push(
      `counter: ${INCREMENTS} increments to ${replicas.length} replicas, ${tries.failed} failed tries retried`,
    );
    if (!done) return `the client did not finish within ${VIRTUAL_TIME_LIMIT / SECOND} s of virtual time`;
    for (const r of replicas) {
      const have = new Set(recovered.get(r));
      const lost = [...acked.get(r)!].filter((id) => !have.has(id));
      const phantom = [...have].filter((id) => id < 1 || id > INCREMENTS);
      summary.push(`  ${r}: acknowledged ${acked.get(r)!.size}, recovered ${have.size}`);
      if (lost.length > 0) return `${r} lost acknowledged increments ${lost.slice(0, 5).join(', ')}`;
      if (phantom.length > 0)
        return `${r} recovered increments that were never sent: ${phantom.slice(0, 5).join(', ')}`;
    }
    return null;
  };
}

/** Runs one workload from its seed and judges it. */
export async function runWorkload(name: WorkloadName, options: WorkloadOptions): Promise<WorkloadOutcome> {
  if (name !== 'echo' && name !== 'counter') return runClusterWorkload(name satisfies ClusterWorkloadName, options);
  const sim = new Simulator({ seed: options.seed, keepTrace: options.keepTrace });
  const world = new SimWorld(sim, { buggify: options.faults });
  const summary: string[] = [];
  const judge =
    name === 'echo'
      ? await echo(sim, world, options.faults, summary)
      : await counter(sim, world, options.faults, summary);
  const result = await sim.run({ until: VIRTUAL_TIME_LIMIT });
  const failure = judge();
  summary.push(`${result.events} events, ${(result.now / SECOND).toFixed(3)} s of virtual time`);
  return { result, failure, summary, sim };
}
