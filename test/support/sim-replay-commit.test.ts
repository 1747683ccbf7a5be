// "Follow a commit" in the simulation replay (website/src/engine/sim-replay-commit.ts), checked
// against what the cluster workload itself knows: the commit version each acknowledged commit
// got. Catches: a commit tied to the wrong batch (its version would differ from the one the
// client was given); a batch's requests taken from another batch or left out (a log, the
// resolver, the sequencer missing); a read version taken from another client or task; a storage
// server's peek reply picked before the log had the version on disk; steps out of time order or
// naming messages the run never sent; commits invented for a workload that has none.
import { describe, expect, it } from 'vitest';
import { rmwWorkload } from '../../tools/sim/cluster-workloads.ts';
import { DEMO_WORKLOADS, replay, type MessageEvent, type Replay } from '../../website/src/engine/sim-replay.ts';

const LOGS = ['log-0', 'log-1'];
const STORAGE = ['storage-0', 'storage-1'];

const byText = (m: MessageEvent) => m.label;

function messagesOf(run: Replay): Map<number, MessageEvent> {
  return new Map(run.events.filter((e): e is MessageEvent => e.type === 'message').map((m) => [m.seq, m]));
}

describe('following one commit through the simulated cluster', () => {
  it.each([7, 21, 111, 127])(
    'seed %i of cluster-rmw with faults: every acknowledged commit can be followed, at the version its client got',
    async (seed) => {
      const shown = await replay(DEMO_WORKLOADS['cluster-rmw'], seed, true);
      const truth = await rmwWorkload(seed, true, { keepTrace: true });
      expect(shown.traceHash, 'the replay is the same run as the workload run here').toBe(truth.result.traceHash);
      for (const attempt of truth.attempts.filter((a) => a.outcome === 'committed')) {
        const client = `client-${attempt.id.slice(1, attempt.id.indexOf('t'))}`;
        expect(
          shown.commits.some((c) => c.client === client && c.version === attempt.version),
          `${attempt.id} was acknowledged at version ${attempt.version}: a commit of ${client} is followed to that version`,
        ).toBe(true);
      }
      const requests = [...messagesOf(shown).values()].filter((m) => m.label.startsWith('request proxy.commit'));
      expect(shown.commits.length, 'no more commits than commit requests').toBeLessThanOrEqual(requests.length);
    },
    120_000,
  );

  // 206, 209 and 211: a storage server's peek request was sent before the commit began.
  it.each([
    ['cluster-rmw', 7],
    ['cluster-counter', 3],
    ['cluster-counter', 206],
    ['cluster-rmw', 209],
    ['cluster-rmw', 211],
  ] as const)(
    '%s seed %i: each path goes client, GRV proxy, commit proxy, sequencer, resolver, every log, storage, in time order',
    async (workload, seed) => {
      const shown = await replay(DEMO_WORKLOADS[workload], seed, true);
      const messages = messagesOf(shown);
      expect(shown.commits.length, 'the run has commits to follow').toBeGreaterThan(0);
      for (const path of shown.commits) {
        const steps = path.steps.map((s) => ({ ...s, m: messages.get(s.seq)! }));
        expect(
          steps.every((s) => s.m !== undefined),
          'every step is a message of the run',
        ).toBe(true);
        const sent = steps.map((s) => s.m.sentAt);
        expect(sent, 'the steps are in the order they were sent').toEqual([...sent].sort((a, b) => a - b));
        const labels = steps.map((s) => byText(s.m));
        const first = (prefix: string) => labels.findIndex((l) => l.startsWith(prefix));
        const commit = steps.filter((s) => s.m.label.startsWith('request proxy.commit'));
        expect(commit.length, 'exactly one commit request').toBe(1);
        expect(commit[0]!.m.from, "it is the path's client's").toBe(path.client);
        const grv = steps.find((s) => s.m.label.startsWith('request grv.getReadVersion'));
        expect(grv?.m.from, 'the read version was asked by the same client').toBe(path.client);
        expect(steps[0]!.text, 'the path starts with the client asking for a read version').toMatch(
          new RegExp(`^${path.client} asks grv-0 for a read version`),
        );
        const order = [
          'request grv.getReadVersion',
          'request proxy.commit',
          'request sequencer.getCommitVersion',
          'request resolver.resolve',
          'request log.push',
          'request sequencer.reportCommitted',
        ].map(first);
        expect(
          order.every((i) => i >= 0),
          `every role takes part: ${labels.join(', ')}`,
        ).toBe(true);
        expect(order, 'in the order of the commit path').toEqual([...order].sort((a, b) => a - b));
        const pushedTo = new Set(steps.filter((s) => s.m.label.startsWith('request log.push')).map((s) => s.m.to));
        expect([...pushedTo].sort(), 'the batch is pushed to every log').toEqual(LOGS);
        expect(path.version, 'the version is known from the pushes').toBeGreaterThan(0);
        const reply = steps.at(-1);
        const peekReplies = steps.filter((s) => s.text.includes('answers storage'));
        for (const peek of peekReplies) {
          const acked = steps.find(
            (s) => s.m.from === peek.m.from && s.text.includes(`has version ${path.version} on disk`),
          );
          expect(acked, `${peek.m.from} acknowledged the version before its peek reply`).toBeDefined();
          expect(peek.m.sentAt, 'the peek reply left after the version was on that log').toBeGreaterThanOrEqual(
            acked!.m.sentAt,
          );
        }
        expect(new Set(peekReplies.map((s) => s.m.to)).size, 'one first peek reply per storage server').toBe(
          peekReplies.length,
        );
        expect(reply, 'the path has steps').toBeDefined();
        for (const s of peekReplies) expect(STORAGE, 'peek replies go to storage servers').toContain(s.m.to);
      }
    },
    120_000,
  );

  it('a workload without a cluster has no commits to follow', async () => {
    const shown = await replay(DEMO_WORKLOADS.echo, 1, true);
    expect(shown.commits, 'echo has no commit proxy').toEqual([]);
  }, 60_000);
});
