/**
 * Lesson 20, one commit's path through the cluster: many clients, several GRV and commit
 * proxies, network delay, generated transactions. Every run is checked against models.
 *
 * - "every commit is answered as lesson 16's rule says ...": a resolver role that takes batches
 *   as they arrive instead of by prevVersion, resolves a resent batch again, a commit proxy that
 *   reorders or splits a batch, loses a reply, or stamps the wrong place in the batch;
 * - "... versions chained by prevVersion": a sequencer that repeats a version, hands out one
 *   that does not advance, or chains the wrong previous version;
 * - "... logs before the report, the report before the reply": a proxy that replies before the
 *   logs acknowledge, before reportCommitted, or reports before the logs acknowledge, or that
 *   refuses a batch's conflicts before its report;
 * - "... read versions cover every acknowledged commit": a GRV proxy that answers from a cached
 *   version, or lets a request join an ask that was already under way;
 * - "... every log carries every version": a push to the first log only, an empty version not
 *   pushed, writes under one tag only, refused writes pushed, versionstamps not placed or
 *   placed with the wrong order;
 * - "... a client that reuses its buffers": a resolver role that keeps the client's ranges
 *   without copying them;
 * - "a versionstamped write whose stamp does not fit ...": a proxy that finds out only while
 *   the batch commits, when the batch already has its version and must not fail.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS } from '@ferris/18-simulator/clock.ts';
import { ENDPOINTS, type CommitReply } from '@ferris/20-sequencer/protocol.ts';
import { isFdbError } from '@support/fdb-error.ts';
import { expectCorrectRun } from './checks.ts';
import { ask, buildCluster, commitRequest, runWorkload, txnArb } from './helpers.ts';

const shapeArb = fc.record({
  commitProxies: fc.integer({ min: 1, max: 3 }),
  grvProxies: fc.integer({ min: 1, max: 3 }),
  logs: fc.integer({ min: 1, max: 3 }),
  tags: fc.oneof(fc.constant([0]), fc.constant([0, 1]), fc.constant([3, 1, 3])),
  countMax: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(32_768)),
  interval: fc.oneof(fc.constant(1 * MS), fc.integer({ min: 0, max: 3 * MS })),
  window: fc.oneof(fc.constant(undefined), fc.integer({ min: 500, max: 5 * MS })),
});

type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

function clusterFor(seed: number, shape: Shape, buggify = false) {
  return buildCluster(seed, {
    commitProxies: shape.commitProxies,
    grvProxies: shape.grvProxies,
    logs: shape.logs,
    tags: shape.tags,
    proxy: { batchCountMax: shape.countMax, batchIntervalMicros: shape.interval },
    resolver: shape.window === undefined ? {} : { windowVersions: shape.window },
    buggify,
  });
}

describe('one commit through sequencer, resolver, logs and proxies', () => {
  test.prop([fc.integer(), shapeArb, fc.array(txnArb, { minLength: 1, maxLength: 24 }), fc.boolean()], {
    numRuns: 40,
  })(
    "every commit is answered as lesson 16's rule says in version order, versions chained by prevVersion, logs before the report, the report before the reply, read versions cover every acknowledged commit, and every log carries every version",
    async (seed, shape, specs, buggify) => {
      const cluster = clusterFor(seed, shape, buggify);
      const { outcomes, finished } = await runWorkload(cluster, specs);
      expect(finished, `with seed ${seed} every commit must be answered within the run`).toBe(true);
      expectCorrectRun(cluster, outcomes, shape.window);
    },
  );

  test.prop([fc.integer(), shapeArb, fc.array(txnArb, { minLength: 2, maxLength: 24 })], { numRuns: 25 })(
    'a client that reuses its buffers once its commit is answered changes nothing the cluster decides later',
    async (seed, shape, specs) => {
      const cluster = clusterFor(seed, shape);
      const { outcomes, finished } = await runWorkload(cluster, specs, { scribble: true });
      expect(finished, `with seed ${seed} every commit must be answered within the run`).toBe(true);
      expectCorrectRun(cluster, outcomes, shape.window);
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 1, max: 4 })], {
    numRuns: 20,
  })(
    'a versionstamped write whose stamp does not fit is refused at once with client_invalid_operation, and the batch around it commits',
    async (seed, length, inValue, others) => {
      const cluster = buildCluster(seed, { commitProxies: 1, grvProxies: 1, logs: 2, tags: [0] });
      const results: string[] = [];
      cluster.world.addProcess('client', (p) => {
        const bad = Uint8Array.from({ length }, () => 1);
        const op = inValue
          ? { kind: 'versionstampedValue' as const, key: Uint8Array.of(0x61), value: bad }
          : { kind: 'versionstampedKey' as const, key: bad, value: new Uint8Array(0) };
        const spec = { start: 0, think: 0, grv: 0, proxy: 0, reads: [], lag: 0 };
        for (let i = 0; i <= others; i++) {
          p.spawn(`txn-${i}`, async () => {
            const request = commitRequest(i, { ...spec, writes: i === 0 ? [op] : [] }, 0);
            try {
              await ask<CommitReply>(p, 'proxy-0', ENDPOINTS.commit, request);
              results.push(`${i} committed`);
            } catch (error) {
              results.push(isFdbError(error, 'client_invalid_operation') ? `${i} invalid` : `${i} ${String(error)}`);
            }
            if (results.length === others + 1) cluster.world.sim.stop();
          });
        }
      });
      await cluster.run();
      expect(
        results.sort(),
        `a ${length}-byte versionstamped parameter has no room for its offset and stamp: refused at once, the others commit`,
      ).toEqual(['0 invalid', ...Array.from({ length: others }, (_, i) => `${i + 1} committed`)]);
    },
  );
});
