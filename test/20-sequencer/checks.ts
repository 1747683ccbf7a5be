// The checks every cluster run of lesson 20's tests ends with (not a test file). Each takes what
// the recorder, the test logs and the client saw, and says in words what went wrong.
import { expect } from 'vitest';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import type { ClusterCommitRequest } from '@ferris/20-sequencer/protocol.ts';
import { hexOf } from '../shared/bytes.ts';
import {
  batchesInOrder,
  handedOut,
  modelLogOps,
  modelStamp,
  modelVerdicts,
  showOps,
  type Outcome,
  type TestCluster,
} from './helpers.ts';

/** Every commit got an answer, and the answers are the ones lesson 16's rule gives in version order. */
export function expectVerdicts(cluster: TestCluster, outcomes: readonly Outcome[], windowVersions?: number): void {
  const unanswered = outcomes.filter((o) => o.replySeq < 0).map((o) => o.id);
  expect(unanswered, 'every commit must get an answer (is a batch stuck, or a reply never sent?)').toEqual([]);
  const batches = batchesInOrder(cluster.rec);
  const handed = handedOut(cluster.rec).map((v) => v.version);
  const resolved = batches.map((b) => b.version);
  expect(
    resolved.every((v) => handed.includes(v)),
    `the resolver got only versions the sequencer handed out (got ${resolved.join(', ')}; handed out ${handed.join(', ')})`,
  ).toBe(true);
  const ids = batches.flatMap((b) => b.ids).sort((a, b) => a - b);
  expect(ids, 'each transaction goes to the resolver in exactly one batch').toEqual(outcomes.map((o) => o.id));
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const modelBatches = batches.map((b) => ({
    version: b.version,
    txns: b.ids.map((id) => byId.get(id)!.request as ClusterCommitRequest),
  }));
  const verdicts = modelVerdicts(modelBatches, windowVersions ?? MVCC_WINDOW_VERSIONS);
  batches.forEach((batch, i) => {
    batch.ids.forEach((id, order) => {
      const outcome = byId.get(id)!;
      const verdict = verdicts[i]![order]!;
      const expected =
        verdict === 'committed'
          ? `committed at ${batch.version} with stamp ${hexOf(modelStamp(batch.version, order))}`
          : verdict === 'conflict'
            ? 'NotCommitted'
            : 'TransactionTooOld';
      const got = outcome.reply
        ? `committed at ${outcome.reply.version} with stamp ${hexOf(outcome.reply.stamp)}`
        : outcome.error;
      expect(
        got,
        `transaction ${id}, number ${order} in the batch at version ${batch.version} (read version ${outcome.readVersion}): ` +
          'batches are resolved in version order, each in its own order, and the stamp is (version, place in the batch)',
      ).toBe(expected);
    });
  });
}

/** Versions: strictly increasing, chained by prevVersion, in the order they were handed out. */
export function expectVersionChain(cluster: TestCluster): void {
  const handed = handedOut(cluster.rec);
  handed.forEach((v, i) => {
    const prev = i === 0 ? 0 : handed[i - 1]!.version;
    expect(v.prevVersion, `the version handed out after ${prev} must carry prevVersion ${prev}`).toBe(prev);
    expect(v.version > prev, `version ${v.version} must be above the one before it, ${prev}`).toBe(true);
  });
  for (const resolve of batchesInOrder(cluster.rec)) {
    const reply = handed.find((v) => v.version === resolve.version);
    expect(
      resolve.prevVersion,
      `the resolver's request for ${resolve.version} carries the sequencer's prevVersion`,
    ).toBe(reply?.prevVersion);
  }
}

/**
 * The order of the commit path: every log acknowledged a version, then the sequencer heard it
 * reported, then the clients of that batch heard back, those refused as well as those committed.
 */
export function expectCommitOrder(cluster: TestCluster, outcomes: readonly Outcome[]): void {
  const { rec, layout } = cluster;
  for (const report of rec.reports) {
    for (const log of layout.logs) {
      const acked = rec.logAcks.some((a) => a.log === log && a.version >= report.version && a.seq < report.seq);
      expect(acked, `version ${report.version} was reported committed before ${log} acknowledged it`).toBe(true);
    }
  }
  for (const o of outcomes) {
    if (!o.reply) continue;
    const v = o.reply.version;
    for (const log of layout.logs) {
      const acked = rec.logAcks.some((a) => a.log === log && a.version >= v && a.seq < o.replySeq);
      expect(acked, `transaction ${o.id} heard "committed at ${v}" before ${log} acknowledged that version`).toBe(true);
    }
    const reported = rec.reports.some((r) => r.version >= v && r.seq < o.replySeq);
    expect(reported, `transaction ${o.id} heard "committed at ${v}" before the sequencer heard it reported`).toBe(true);
  }
  // A refusal is an answer too: it waits for the batch's report like the commits beside it.
  for (const o of outcomes) {
    if (o.reply || o.replySeq < 0) continue;
    const batch = rec.resolves.find((r) => r.ids.includes(o.id));
    if (!batch) continue;
    const reported = rec.reports.some((r) => r.version >= batch.version && r.seq < o.replySeq);
    expect(
      reported,
      `transaction ${o.id} heard ${o.error} (its batch is at version ${batch.version}) before the sequencer heard that version reported: no client hears of a batch before its report`,
    ).toBe(true);
  }
}

/** A read version asked for after a commit was acknowledged is at least that commit's version. */
export function expectExternalConsistency(outcomes: readonly Outcome[]): void {
  const committed = outcomes.filter((o) => o.reply !== null);
  for (const reader of outcomes) {
    if (reader.grvSeq < 0) continue;
    const raw = reader.readVersion + reader.spec.lag;
    for (const c of committed) {
      if (c.replySeq >= reader.grvAskedSeq) continue;
      expect(
        raw >= c.reply!.version,
        `transaction ${reader.id} asked for a read version after transaction ${c.id} heard "committed at ${c.reply!.version}", ` +
          `and got ${raw}: it would not see that commit`,
      ).toBe(true);
    }
  }
}

/**
 * What the logs hold: every log has the versions in the order handed out, up to at least the
 * newest version any client heard, and each version carries exactly the committed writes of its
 * batch, in batch order, versionstamps placed, under every storage tag.
 */
export function expectPushes(cluster: TestCluster, outcomes: readonly Outcome[]): void {
  const handed = handedOut(cluster.rec).map((v) => v.version);
  const newestTold = Math.max(0, ...outcomes.map((o) => o.reply?.version ?? 0));
  const tags = [...new Set(cluster.layout.storage.map((s) => s.tag))].sort((a, b) => a - b);
  const committedAt = new Map<number, Outcome[]>();
  for (const o of outcomes) {
    if (!o.reply) continue;
    const list = committedAt.get(o.reply.version) ?? [];
    list.push(o);
    committedAt.set(o.reply.version, list);
  }
  for (const log of cluster.logs) {
    expect(log.problems, `${log.address} saw versions out of their chain`).toEqual([]);
    const versions = log.accepted.map((push) => push.version);
    expect(versions, `${log.address} holds the versions in the order the sequencer handed them out`).toEqual(
      handed.slice(0, versions.length),
    );
    expect(
      log.lastVersion >= newestTold,
      `${log.address} holds versions up to ${log.lastVersion}, but a client was told its commit is at ${newestTold}`,
    ).toBe(true);
    for (const push of log.accepted) {
      const txns = (committedAt.get(push.version) ?? []).sort((a, b) => orderOf(a) - orderOf(b));
      const expected = showOps(txns.flatMap((o) => modelLogOps(o.request!.ops, modelStamp(push.version, orderOf(o)))));
      const messages = [...push.messages].sort((a, b) => a.tag - b.tag);
      if (expected.length === 0) {
        expect(messages, `version ${push.version} committed no writes, so its push has no messages`).toEqual([]);
        continue;
      }
      expect(
        messages.map((m) => m.tag),
        `version ${push.version} carries writes for every storage tag, once`,
      ).toEqual(tags);
      for (const m of messages) {
        expect(
          showOps(m.ops),
          `version ${push.version}, tag ${m.tag}: the committed writes in batch order, versionstamps placed`,
        ).toEqual(expected);
      }
    }
  }
}

function orderOf(o: Outcome): number {
  return new DataView(o.reply!.stamp.buffer, o.reply!.stamp.byteOffset).getUint16(8);
}

/** All of the above. */
export function expectCorrectRun(cluster: TestCluster, outcomes: readonly Outcome[], windowVersions?: number): void {
  expectVerdicts(cluster, outcomes, windowVersions);
  expectVersionChain(cluster);
  expectCommitOrder(cluster, outcomes);
  expectExternalConsistency(outcomes);
  expectPushes(cluster, outcomes);
}

/**
 * Each of `count` requests sent again got its first answer (`first[i]`) once more, or was refused
 * with AnswerForgotten (`again[i]` is then the name of the error it threw); `what(i)` names
 * request i in the messages, `sameAnswer` says what its first answer was.
 */
export function expectResendsRemembered<T>(
  count: number,
  first: readonly T[],
  again: readonly (T | string)[],
  what: (i: number) => string,
  sameAnswer: string,
): void {
  for (let i = 0; i < count; i++) {
    const resent = again[i];
    if (typeof resent === 'string')
      expect(resent, `${what(i)} sent again is refused only with AnswerForgotten`).toBe('AnswerForgotten');
    else expect(resent, `${what(i)} sent again gets ${sameAnswer}, or AnswerForgotten`).toEqual(first[i]);
  }
}
