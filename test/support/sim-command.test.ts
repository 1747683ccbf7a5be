// `npm run sim`, end to end: the same seed prints the same trace hash, and bad flags get a clear
// message listing the valid choices and exit code 2 (no stack trace).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/trees.mjs';

const run = promisify(execFile);

/** Runs the command as `npm run sim -- ...args` does. */
async function sim(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './cli/loader/register.mjs', 'tools/sim/main.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, FERRIS_MAP: '', NO_COLOR: '1' },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const hashOf = (out: string) => /^trace hash: ([0-9a-f]{16})$/m.exec(out)?.[1];
const noStack = (out: string) =>
  expect(out, 'bad input must not print a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('npm run sim', () => {
  it('the same seed prints the same trace hash and verdict ok, with faults on', async () => {
    const first = await sim(['--seed', '42', '--workload', 'counter', '--faults']);
    const second = await sim(['--seed', '42', '--workload', 'counter', '--faults']);
    expect(first.code, `the run must succeed:\n${first.out}`).toBe(0);
    expect(hashOf(first.out), 'the output ends with "trace hash: HEX"').toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(second.out), 'a second run of seed 42 must print the same hash').toBe(hashOf(first.out));
    const lines = first.out.trim().split('\n');
    expect(lines.slice(-2), 'the last two lines are the hash and the verdict').toEqual([
      `trace hash: ${hashOf(first.out)}`,
      'verdict: ok',
    ]);
  }, 120_000);

  it('another seed prints another hash, and the echo workload works too', async () => {
    const a = await sim(['--seed', '1', '--workload', 'echo']);
    const b = await sim(['--seed', '2', '--workload', 'echo']);
    expect([a.code, b.code], `both runs succeed:\n${a.out}\n${b.out}`).toEqual([0, 0]);
    expect(hashOf(a.out), 'seeds 1 and 2 must not run the same events').not.toBe(hashOf(b.out));
  }, 120_000);

  it('a failed check prints the verdict, the seed and the exact replay command, and exits 1', async () => {
    // A reference copy with one bug: heal() forgets one direction, so a healed partition stays
    // half cut and the counter's client can never finish.
    const tree = mkdtempSync(path.join(os.tmpdir(), 'ferris-sim-'));
    try {
      cpSync(path.join(ROOT, 'solutions'), tree, { recursive: true });
      const world = path.join(tree, '19-faults', 'world.ts');
      writeFileSync(world, readFileSync(world, 'utf8').replace('    this.connection(b, a).cut = false;\n', ''));
      const { code, out } = await sim(['--seed', '1', '--workload', 'counter', '--faults', '--impl', tree]);
      expect(code, `a failed verdict exits 1:\n${out}`).toBe(1);
      expect(out, 'the verdict says what failed').toMatch(/^verdict: failed: .+/m);
      expect(out, 'the output names the seed and the command that replays the run').toContain(
        `seed 1; replay exactly this run with:\n  npm run sim -- --seed 1 --workload counter --faults --impl ${path.relative(ROOT, tree)}`,
      );
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);

  it('a bad flag, workload or seed exits 2 with the valid choices and no stack trace', async () => {
    const unknownFlag = await sim(['--sed', '1']);
    expect(unknownFlag.code, 'an unknown flag exits 2').toBe(2);
    expect(unknownFlag.out, 'the message shows the usage with the valid options').toContain('--workload NAME');
    noStack(unknownFlag.out);

    const badWorkload = await sim(['--seed', '1', '--workload', 'bank']);
    expect(badWorkload.code, 'an unknown workload exits 2').toBe(2);
    expect(badWorkload.out, 'the message lists the workloads').toContain(
      '--workload must be one of: echo, counter, cluster-counter, cluster-rmw; got "bank"',
    );
    noStack(badWorkload.out);

    const badSeed = await sim(['--seed', 'soon']);
    expect(badSeed.code, 'a seed that is not a number exits 2').toBe(2);
    expect(badSeed.out, 'the message says what a seed must be').toContain('--seed must be a whole number');
    noStack(badSeed.out);
  }, 120_000);
});
