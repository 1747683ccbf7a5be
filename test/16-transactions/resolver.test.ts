/**
 * Lesson 16, the resolver on its own: batches of transactions with random read versions and
 * read and write ranges over a small key space, decided by the resolver and by a model that
 * keeps every committed write forever.
 *
 * What the checks catch:
 * - a resolver that checks only a read range's first key (point reads only), or only ranges
 *   that contain a whole write;
 * - one that ignores writes committed earlier in the same batch, or counts the writes of
 *   refused transactions;
 * - `>=` instead of `>` on versions (a write at the read version is one the reader saw);
 * - a window that forgets write ranges without refusing the readers older than it
 *   (transaction_too_old): they would commit over a conflict it can no longer see;
 * - a window that refuses transactions that read nothing (FoundationDB lets them commit), or
 *   that never forgets (the memory grows without bound), or that moves only after a batch that
 *   remembered a write.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Resolver, type ResolverTransaction, type Verdict } from '@ferris/16-transactions/resolver.ts';
import { overlaps, range, show, type Span } from './helpers.ts';

interface Written {
  readonly span: Span;
  readonly version: number;
}

/** The model: every committed write, forever; the window only decides which readers are too old. */
function modelVerdicts(
  history: Written[],
  version: number,
  oldest: number,
  batch: readonly ResolverTransaction[],
): Verdict[] {
  const inBatch: Span[] = [];
  return batch.map((tr) => {
    if (tr.readRanges.length > 0 && tr.readVersion < oldest) return 'too_old';
    const seen = (r: Span) =>
      history.some((w) => w.version > tr.readVersion && overlaps(w.span, r)) || inBatch.some((w) => overlaps(w, r));
    if (tr.readRanges.some(seen)) return 'conflict';
    inBatch.push(...tr.writeRanges);
    history.push(...tr.writeRanges.map((span) => ({ span, version })));
    return 'committed';
  });
}

const transaction = (maxBack: number) =>
  fc.record({
    back: fc.integer({ min: 0, max: maxBack }),
    readRanges: fc.array(range, { maxLength: 3 }),
    writeRanges: fc.array(range, { maxLength: 3 }),
  });

const describe = (tr: ResolverTransaction): string =>
  `read at ${tr.readVersion} [${tr.readRanges.map((r) => `${show(r.begin)}..${show(r.end)}`).join(', ')}] write [${tr.writeRanges.map((r) => `${show(r.begin)}..${show(r.end)}`).join(', ')}]`;

test.prop(
  [
    fc.integer({ min: 2, max: 30 }),
    fc.array(
      fc.record({
        step: fc.integer({ min: 1, max: 12 }),
        batch: fc.array(transaction(40), { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  ],
  { numRuns: 200 },
)(
  'the resolver refuses exactly the transactions a model that keeps every committed write refuses',
  (window, batches) => {
    const resolver = new Resolver({ windowVersions: window });
    const history: Written[] = [];
    let version = 0;
    const log: string[] = [];
    for (const { step, batch } of batches) {
      const oldest = resolver.oldestVersion;
      const previous = version;
      version += step;
      const trs = batch.map((t) => ({
        readVersion: Math.max(0, previous - t.back),
        readRanges: t.readRanges,
        writeRanges: t.writeRanges,
      }));
      const got = resolver.resolveBatch(version, trs);
      const expected = modelVerdicts(history, version, oldest, trs);
      log.push(
        `batch at ${version} (window ${window}, oldest before it ${oldest}):\n  ${trs.map((tr, i) => `${describe(tr)} -> ${got[i]}`).join('\n  ')}`,
      );
      expect(got, `verdicts differ from the model's (${JSON.stringify(expected)}):\n${log.join('\n')}`).toEqual(
        expected,
      );
    }
  },
);

test.prop(
  [
    fc.integer({ min: 1, max: 20 }),
    // An empty list: a batch whose only transaction wrote nothing, so nothing is remembered.
    fc.array(fc.array(range, { maxLength: 3 }), { minLength: 1, maxLength: 40 }),
  ],
  { numRuns: 50 },
)(
  'the resolver forgets write ranges older than its window, and its oldest version follows the newest batch, even one that remembered nothing',
  (window, writes) => {
    const resolver = new Resolver({ windowVersions: window });
    writes.forEach((writeRanges, i) => {
      const version = (i + 1) * 3;
      resolver.resolveBatch(version, [{ readVersion: version - 1, readRanges: [], writeRanges }]);
      expect(resolver.oldestVersion, `after the batch at ${version} with a window of ${window}`).toBe(
        Math.max(0, version - window),
      );
      const kept = writes
        .slice(0, i + 1)
        .filter((_, j) => (j + 1) * 3 >= version - window)
        .flat().length;
      expect(
        resolver.rememberedRanges,
        `after the batch at ${version}, the write ranges of batches at ${version - window} and later are all it may keep`,
      ).toBeLessThanOrEqual(kept);
    });
  },
);

const key = (s: string) => new TextEncoder().encode(s);
const span = (a: string, b: string) => ({ begin: key(a), end: key(b) });

it("FoundationDB's rule on the README's worked example", () => {
  const resolver = new Resolver({ windowVersions: 1000 });
  // Version 10: T0 writes b.
  expect(resolver.resolveBatch(10, [{ readVersion: 5, readRanges: [], writeRanges: [span('b', 'b\0')] }])).toEqual([
    'committed',
  ]);
  const verdicts = resolver.resolveBatch(20, [
    { readVersion: 5, readRanges: [span('a', 'c')], writeRanges: [span('x', 'x\0')] }, // T1: read a..c before b was written
    { readVersion: 10, readRanges: [span('a', 'c')], writeRanges: [span('y', 'y\0')] }, // T2: read at 10, saw b
    { readVersion: 10, readRanges: [span('x', 'x\0')], writeRanges: [span('z', 'z\0')] }, // T3: reads x, which T1 would write (T1 was refused)
    { readVersion: 10, readRanges: [span('y', 'z')], writeRanges: [] }, // T4: reads y, which T2 writes earlier in this batch
  ]);
  expect(
    verdicts,
    'T1 conflicts with version 10; T2 saw it; T3 reads what only a refused transaction wrote; T4 meets T2 in the same batch',
  ).toEqual(['conflict', 'committed', 'committed', 'conflict']);
});

it('a transaction that read nothing is never too old; one that read is, below the window', () => {
  const resolver = new Resolver({ windowVersions: 10 });
  resolver.resolveBatch(100, [{ readVersion: 99, readRanges: [], writeRanges: [span('a', 'b')] }]);
  expect(resolver.oldestVersion).toBe(90);
  expect(
    resolver.resolveBatch(101, [{ readVersion: 3, readRanges: [], writeRanges: [span('a', 'b')] }]),
    'a blind write depends on nothing it read',
  ).toEqual(['committed']);
  expect(
    resolver.resolveBatch(102, [{ readVersion: 3, readRanges: [span('q', 'r')], writeRanges: [] }]),
    'writes below 91 are forgotten: it cannot tell',
  ).toEqual(['too_old']);
  expect(resolver.resolveBatch(103, [{ readVersion: 93, readRanges: [span('q', 'r')], writeRanges: [] }])).toEqual([
    'committed',
  ]);
  expect(() => resolver.resolveBatch(103, []), 'batch versions must increase').toThrow(RangeError);
});
