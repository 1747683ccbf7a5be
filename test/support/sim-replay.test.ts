// The simulation replay picture's logic (website/src/engine/sim-replay.ts), without a browser.
// Catches: a picture that shows another hash or verdict than `npm run sim` for the same seed (a
// different workload, faults ignored, a model instead of the reference run); a replay that differs
// between two runs of one seed; messages dropped, doubled or drawn backwards in time (arrival
// before sending); a send time taken from the wrong event (sequence numbers off by one);
// messages marked lost with no fault, or a partition's direction ignored; a slider that hides
// what already happened; the watched scheduler left patched after a run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import type { TraceRecord } from '@ferris/18-simulator/trace.ts';
import { ROOT } from '../../cli/trees.mjs';
import {
  countsAt,
  DEMO_WORKLOADS,
  eventsOf,
  parseSeed,
  replay,
  shownAt,
  timeOf,
  type MessageEvent,
} from '../../website/src/engine/sim-replay.ts';

const run = promisify(execFile);

/** The last two lines of `npm run sim -- --seed S --workload W [--faults]`. */
async function cli(
  seed: number,
  workload: string,
  faults: boolean,
): Promise<{ hash: string | undefined; verdict: string | undefined }> {
  const args = [
    '--import',
    'tsx',
    '--import',
    './cli/loader/register.mjs',
    'tools/sim/main.ts',
    '--seed',
    String(seed),
    '--workload',
    workload,
  ];
  const { stdout } = await run(process.execPath, faults ? [...args, '--faults'] : args, {
    cwd: ROOT,
    env: { ...process.env, FERRIS_MAP: '', NO_COLOR: '1' },
  });
  return { hash: /^trace hash: (\S+)$/m.exec(stdout)?.[1], verdict: /^verdict: (.+)$/m.exec(stdout)?.[1] };
}

const messages = (events: readonly { type: string }[]) => events.filter((e): e is MessageEvent => e.type === 'message');

describe('the simulation replay picture', () => {
  it.each([
    [42, 'counter', true],
    [1, 'echo', false],
    [7, 'echo', true],
  ] as const)(
    'seed %i of %s (faults %s) shows the hash and verdict npm run sim prints',
    async (seed, workload, faults) => {
      const shown = await replay(DEMO_WORKLOADS[workload], seed, faults);
      const printed = await cli(seed, workload, faults);
      expect(shown.traceHash, 'the picture shows the trace hash the command prints for the same seed').toBe(
        printed.hash,
      );
      expect(shown.verdict, 'the picture shows the verdict the command prints').toBe(printed.verdict);
    },
    120_000,
  );

  it('the same seed replays the same events, and another seed other ones', async () => {
    const a = await replay(DEMO_WORKLOADS.echo, 3, true);
    const b = await replay(DEMO_WORKLOADS.echo, 3, true);
    const c = await replay(DEMO_WORKLOADS.echo, 4, true);
    expect(b, 'two replays of seed 3 are identical').toEqual(a);
    expect(c.traceHash, 'seed 4 runs other events than seed 3').not.toBe(a.traceHash);
  }, 60_000);

  it('every delivery in the trace is one message, sent before it arrives, between lanes', async () => {
    const schedule = Simulator.prototype.schedule;
    const sim = await DEMO_WORKLOADS.counter.run({ seed: 11, faults: true });
    const shown = await replay(DEMO_WORKLOADS.counter, 11, true);
    expect(Simulator.prototype.schedule, 'the scheduler is unwatched again after the run').toBe(schedule);
    const deliveries = sim.sim.trace!.filter((r) => r.kind === 'deliver');
    const arrows = messages(shown.events);
    expect(arrows.length, 'one arrow for each delivery event of the trace').toBe(deliveries.length);
    expect(
      arrows.map((m) => `${m.arrivesAt} ${m.from}->${m.to} ${m.label}`).sort(),
      'the arrows are the deliveries',
    ).toEqual(deliveries.map((r) => `${r.time} ${r.name} ${r.detail}`).sort());
    for (const m of arrows) {
      expect(m.sentAt, `${m.label} must arrive after it was sent, and at least the minimum latency later`).toBeLessThan(
        m.arrivesAt,
      );
      expect(shown.lanes, 'both ends of a message are lanes').toEqual(expect.arrayContaining([m.from, m.to]));
    }
    expect(
      shown.events.filter((e) => e.type === 'kill' || e.type === 'reboot').length,
      'faults on: kills and reboots are marked',
    ).toBeGreaterThan(0);
    expect(
      arrows.some((m) => m.lost),
      'faults on: some message was in flight when its connection broke',
    ).toBe(true);
    const times = shown.events.map(timeOf);
    expect(times, 'events are in time order').toEqual([...times].sort((x, y) => x - y));
  }, 60_000);

  it('without faults nothing is lost and no fault is marked', async () => {
    const shown = await replay(DEMO_WORKLOADS.echo, 2, false);
    expect(
      shown.events.every((e) => e.type === 'message'),
      'only messages without faults',
    ).toBe(true);
    expect(
      messages(shown.events).some((m) => m.lost),
      'no message is lost without faults',
    ).toBe(false);
    expect(
      messages(shown.events).length,
      'echo: at least a request and a reply for each of 400 echoes',
    ).toBeGreaterThanOrEqual(800);
  }, 60_000);

  it('a message is sent when the event that scheduled it ran, and lost only to a fault on its way', () => {
    // A hand-made trace: a->b sent at 10 (scheduled during event 0), a partition b->a at 20,
    // then a partition a->b at 30, and two deliveries.
    const trace: TraceRecord[] = [
      { time: 10, seq: 0, kind: 'start', name: 'a', detail: '' },
      { time: 20, seq: 3, kind: 'wake', name: 'chaos', detail: '' },
      { time: 20, seq: 3, kind: 'partition', name: 'b->a', detail: '' },
      { time: 25, seq: 1, kind: 'deliver', name: 'a->b', detail: 'first' },
      { time: 30, seq: 4, kind: 'partition', name: 'a<->b', detail: '' },
      { time: 40, seq: 2, kind: 'deliver', name: 'a->b', detail: 'second' },
    ];
    const scheduled = [
      { at: 0, position: 0 },
      { at: 10, position: 1 },
      { at: 10, position: 1 },
      { at: 10, position: 1 },
      { at: 20, position: 2 },
    ];
    const [first, second] = messages(eventsOf(trace, scheduled));
    expect(
      first,
      'sent at the time of the event that scheduled it; a one-way cut the other way does not lose it',
    ).toMatchObject({ sentAt: 10, arrivesAt: 25, lost: false });
    expect(second, 'a cut of its direction while it was in flight loses it').toMatchObject({
      sentAt: 10,
      arrivesAt: 40,
      lost: true,
    });
  });

  test.prop([fc.nat({ max: 1000 }), fc.nat({ max: 3_000_000 }), fc.nat({ max: 3_000_000 })], { numRuns: 30 })(
    'moving the slider later never hides what has happened',
    async (seed, t1, t2) => {
      const shown = await cachedReplay(seed % 4);
      const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
      const before = countsAt(shown, early);
      const after = countsAt(shown, late);
      for (const type of Object.keys(before) as (keyof typeof before)[]) {
        expect(
          after[type],
          `${type}s that happened by ${early} µs have still happened at ${late} µs`,
        ).toBeGreaterThanOrEqual(before[type]);
      }
      const whole = shownAt(shown, late, 0, shown.end);
      expect(whole.filter((s) => s.happened).length, 'the happened events in the whole window are those counted').toBe(
        Object.values(after).reduce((x, y) => x + y, 0),
      );
      for (const s of whole) {
        expect(s.progress, 'a message in flight is between its ends').toBeGreaterThanOrEqual(0);
        expect(s.progress, 'a message in flight is between its ends').toBeLessThanOrEqual(1);
        if (!s.happened) expect(timeOf(s.event), 'what is still to come starts after the slider').toBeGreaterThan(late);
      }
    },
    60_000,
  );

  it('a seed box takes only the seeds npm run sim takes', () => {
    expect(parseSeed(' 42 '), 'a whole number is a seed').toEqual({ seed: 42 });
    expect(parseSeed('4294967295'), 'the largest seed').toEqual({ seed: 4294967295 });
    for (const bad of ['', '-1', '1.5', '4294967296', 'abc', '1e3'])
      expect('error' in parseSeed(bad), `"${bad}" is not a seed`).toBe(true);
  });
});

const replays = new Map<number, Awaited<ReturnType<typeof replay>>>();
async function cachedReplay(seed: number): Promise<Awaited<ReturnType<typeof replay>>> {
  if (!replays.has(seed)) replays.set(seed, await replay(DEMO_WORKLOADS.echo, seed, true));
  return replays.get(seed)!;
}
