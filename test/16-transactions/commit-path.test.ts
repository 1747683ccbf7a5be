/**
 * Lesson 16, the commit path on its own: commitBatch over a recording log and store, with the
 * resolver's verdicts chosen by the test, so every order of steps and answers can be seen.
 *
 * What the checks catch:
 * - acknowledging, applying or publishing before the log's append and sync have resolved (a
 *   forgotten `await` included);
 * - more than one log record per batch (one per transaction), or one store apply per
 *   transaction: a batch is one record at one version, written and applied once;
 * - the committed mutations out of batch order (the later write of a key must win), or with the
 *   refused transactions' mutations among them;
 * - a batch in which nothing committed that still writes, syncs or publishes;
 * - verdicts answered out of batch order (all acknowledgements first, say), or with the wrong
 *   error: not_committed (1020) for a conflict, transaction_too_old (1007) for too old.
 */
import { expect, vi } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { commitBatch, type CommitRequest, type PendingCommit } from '@ferris/16-transactions/commit-path.ts';
import { Resolver, type Verdict } from '@ferris/16-transactions/resolver.ts';
import { Sequencer } from '@ferris/16-transactions/sequencer.ts';
import { isFdbError } from '@support/fdb-error.ts';
import { after, hexOf, key, value } from './helpers.ts';

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('set' as const), key, value }) },
  { weight: 1, arbitrary: key.map((k) => ({ type: 'clear' as const, begin: k, end: after(k) })) },
);
const describeMutations = (mutations: readonly Mutation[]): string =>
  mutations
    .map((m) =>
      m.type === 'set' ? `set ${hexOf(m.key)}=${hexOf(m.value)}` : `clear ${hexOf(m.begin)}..${hexOf(m.end)}`,
    )
    .join(', ');

/** Lets every other pending callback run first, so a step that is not awaited shows up out of order. */
const elsewhere = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

test.prop(
  [
    fc.array(
      fc.record({
        verdict: fc.constantFrom<Verdict>('committed', 'committed', 'conflict', 'too_old'),
        mutations: fc.array(mutation, { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    fc.integer({ min: 0, max: 1000 }),
  ],
  { numRuns: 100 },
)(
  'a batch takes a version, is resolved, logged as one record and synced, then applied and published, and only then hears its verdicts, in batch order',
  async (transactions, lastVersion) => {
    const events: string[] = [];
    const sequencer = new Sequencer(lastVersion);
    const resolver = new Resolver();
    const requests: CommitRequest[] = transactions.map((t) => ({
      readVersion: lastVersion,
      readRanges: [],
      writeRanges: [],
      mutations: t.mutations,
    }));
    vi.spyOn(resolver, 'resolveBatch').mockImplementation((version, given) => {
      events.push(`resolve ${given.length} at ${version}`);
      expect(
        given.every((request, i) => request === requests[i]),
        'the resolver gets the requests of the batch, in batch order',
      ).toBe(true);
      return transactions.map((t) => t.verdict);
    });
    const nextVersion = sequencer.nextCommitVersion.bind(sequencer);
    vi.spyOn(sequencer, 'nextCommitVersion').mockImplementation(() => {
      const version = nextVersion();
      events.push(`version ${version}`);
      return version;
    });
    const publish = sequencer.publish.bind(sequencer);
    vi.spyOn(sequencer, 'publish').mockImplementation((version) => {
      events.push(`publish ${version}`);
      publish(version);
    });
    const log = {
      async append(record: { version: number; mutations: readonly Mutation[] }) {
        events.push(`append at ${record.version}: ${describeMutations(record.mutations)}`);
        await elsewhere();
        events.push('appended');
      },
      async sync() {
        events.push('sync');
        await elsewhere();
        events.push('synced');
      },
    };
    const store = {
      apply(version: number, mutations: readonly Mutation[]) {
        events.push(`apply at ${version}: ${describeMutations(mutations)}`);
      },
    };
    const batch: PendingCommit[] = requests.map((request, i) => ({
      request,
      acknowledge: (version) => events.push(`T${i} acknowledged at ${version}`),
      refuse: (error) => {
        const code = isFdbError(error, 'not_committed')
          ? 'not_committed'
          : isFdbError(error, 'transaction_too_old')
            ? 'transaction_too_old'
            : String(error);
        events.push(`T${i} refused with ${code}`);
      },
    }));

    await commitBatch({ sequencer, resolver, log, store }, batch);
    await elsewhere(); // a step left running without an await finishes here, after the answers

    const version = lastVersion + 1;
    const committed = transactions.flatMap((t) => (t.verdict === 'committed' ? t.mutations : []));
    const expected = [`version ${version}`, `resolve ${transactions.length} at ${version}`];
    if (committed.length > 0) {
      const described = describeMutations(committed);
      expected.push(`append at ${version}: ${described}`, 'appended', 'sync', 'synced');
      expected.push(`apply at ${version}: ${described}`, `publish ${version}`);
    }
    transactions.forEach((t, i) => {
      const answers = {
        committed: `acknowledged at ${version}`,
        conflict: 'refused with not_committed',
        too_old: 'refused with transaction_too_old',
      };
      expected.push(`T${i} ${answers[t.verdict]}`);
    });
    const story = transactions.map((t, i) => `T${i}: ${t.verdict} [${describeMutations(t.mutations)}]`).join('\n');
    // Applying and publishing happen together, with nothing awaited between them: either order is fine.
    const normal = (list: readonly string[]) => {
      const copy = [...list];
      const at = copy.findIndex((e) => e.startsWith('publish'));
      if (at > 0 && copy[at + 1]?.startsWith('apply')) [copy[at], copy[at + 1]] = [copy[at + 1]!, copy[at]!];
      return copy;
    };
    expect(normal(events), `the steps of commitBatch for the batch\n${story}`).toEqual(expected);
  },
);
