/**
 * `npm run sim -- --seed S [--workload NAME] [--faults] [--impl DIR]`: one simulated run.
 *
 * Runs a demo workload (tools/sim/workloads.ts) inside lesson 18's simulator on lesson 19's
 * simulated processes, network and disks, from one seed, and ends with two lines:
 *
 *   trace hash: 1f0c9a7e4b2d8c31
 *   verdict: ok
 *
 * The same seed prints the same hash, every time. A failed check prints what failed, the seed
 * and the exact command that replays it, and exits 1; bad flags exit 2. Lesson code comes from
 * solutions/ unless --impl names another tree (your lessons/, for example).
 */
import path from 'node:path';
import { launch, ROOT, treeOf } from '../durability/launch.ts';
import { describeError, freshSeed, intFlag, parseFlags, usageError } from '../durability/cli-args.ts';

const WORKLOAD_NAMES = ['echo', 'counter', 'cluster-counter', 'cluster-rmw'] as const;

const USAGE = `Usage: npm run sim -- --seed S [--workload NAME] [--faults] [--impl DIR]

Runs a demo workload in the deterministic simulator (lessons 18 and 19) and prints its trace hash
and verdict. The same seed always gives the same hash.

Options:
  --seed S          the run's seed, a whole number from 0 to 4294967295 (default: a fresh one, printed)
  --workload NAME   ${WORKLOAD_NAMES.join(', ')} (default counter); cluster-counter and
                    cluster-rmw run the whole cluster of lessons 20 to 22
  --faults          kill, reboot, partition, clog and slow down processes, and turn BUGGIFY on
  --impl DIR        take lesson code from DIR (laid out like solutions/) instead of solutions/
  --help            this text`;

const args = await launch();
const flags = parseFlags(
  args,
  {
    seed: { type: 'string' },
    workload: { type: 'string' },
    faults: { type: 'boolean' },
    help: { type: 'boolean' },
  },
  USAGE,
);
const seed = flags.seed === undefined ? freshSeed() : intFlag(flags.seed, 'seed', 0, USAGE, 0, 0xffff_ffff);
const workload = flags.workload ?? 'counter';
if (!(WORKLOAD_NAMES as readonly string[]).includes(workload)) {
  usageError(`--workload must be one of: ${WORKLOAD_NAMES.join(', ')}; got "${workload}"`, USAGE);
}
const faults = flags.faults === true;
// The cluster workloads run lessons 20 to 22; the others only 18 and 19.
const tree = treeOf(workload.startsWith('cluster-') ? '22-storage-servers' : '19-faults');
const impl = tree === path.join(ROOT, 'solutions') ? '' : ` --impl ${path.relative(process.cwd(), tree) || '.'}`;
const replay = `npm run sim -- --seed ${seed} --workload ${workload}${faults ? ' --faults' : ''}${impl}`;

console.log(`simulating workload ${workload}${faults ? ' with faults' : ''}, seed ${seed}`);
try {
  const { runWorkload } = await import('./workloads.ts');
  const outcome = await runWorkload(workload as (typeof WORKLOAD_NAMES)[number], { seed, faults });
  for (const line of outcome.summary) console.log(line);
  console.log(`trace hash: ${outcome.result.traceHash}`);
  if (outcome.failure === null) {
    console.log('verdict: ok');
  } else {
    console.log(`verdict: failed: ${outcome.failure}`);
    console.log(`seed ${seed}; replay exactly this run with:\n  ${replay}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.log(`verdict: failed: ${describeError(error)}`);
  console.log(`seed ${seed}; replay exactly this run with:\n  ${replay}`);
  process.exitCode = 1;
}
