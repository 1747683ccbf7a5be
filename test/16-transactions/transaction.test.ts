/**
 * Lesson 16, one transaction at a time: read-your-writes, the read conflict ranges it records,
 * the shapes at the edges, aliasing, and every way to misuse it.
 *
 * What the checks catch:
 * - read-your-writes that ignores a cleared range, a single clear, a set after a clear, or the
 *   order of the transaction's own writes; a range read that fetches too few stored pairs under
 *   a limit (the transaction's own clears hide some), or that applies the limit before merging;
 *   reverse reads that keep the wrong end;
 * - read conflict ranges that are too wide (a limited range read recorded whole, snapshot reads
 *   recorded) or too narrow (the last key left out, range reads not recorded, a read with no
 *   options taken for a snapshot read);
 * - keys and values kept by reference (the caller reuses its buffers after every call, in the
 *   two properties: a set's key or value, a get's key in its read conflict range), and values
 *   handed out by reference (the caller's change shows up in the next read);
 * - a transaction still usable after commit, or after a failed commit (FoundationDB:
 *   used_during_commit, 2017); inverted ranges accepted.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { FdbError, isFdbError } from '@support/fdb-error.ts';
import { rejected } from '../shared/errors.ts';
import {
  anyOp,
  applyOp,
  commitWrites,
  describeOp,
  hexOf,
  withDatabase,
  readModel,
  readSpans,
  runInScratch,
  writeOp,
  type Model,
  type Recorded,
} from './helpers.ts';

const k = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b);

test.prop([fc.array(writeOp, { maxLength: 8 }), fc.array(anyOp, { minLength: 1, maxLength: 12 })], { numRuns: 80 })(
  "every read of a transaction sees the database at its read version with the transaction's own writes on top, in the order it made them",
  async (setup, ops) => {
    await withDatabase(async (db) => {
      await commitWrites(db, setup);
      const model: Model = new Map();
      for (const op of setup) applyOp(model, op);
      const tr = db.createTransaction();
      const done: string[] = [];
      for (const op of ops) {
        // The caller reuses its buffers: nothing the transaction kept may change.
        const got = await runInScratch(tr, op);
        if (got !== undefined)
          expect(got, `after ${done.join('; ') || 'nothing'}, ${describeOp(op)}`).toBe(readModel(model, op));
        else applyOp(model, op);
        done.push(describeOp(op));
      }
    });
  },
);

test.prop([fc.array(writeOp, { maxLength: 8 }), fc.array(anyOp, { minLength: 1, maxLength: 10 })], { numRuns: 80 })(
  'a transaction records as read exactly what it really read: each key it got, each range up to where its limit stopped it, no snapshot read',
  async (setup, ops) => {
    await withDatabase(async (db) => {
      await commitWrites(db, setup);
      const tr = db.createTransaction();
      const results: (string | undefined)[] = [];
      for (const op of ops) {
        // A read conflict range must not change when the caller reuses its key buffer.
        results.push(await runInScratch(tr, op));
      }
      const record: Recorded = {
        index: 0,
        ops,
        results,
        readVersion: 0,
        outcome: 'pending',
        commitVersion: -1,
        settled: -1,
      };
      const show = (spans: readonly { begin: Uint8Array; end: Uint8Array }[]) =>
        spans.map((s) => `${hexOf(s.begin)}..${hexOf(s.end)}`).sort();
      expect(show(tr.readConflictRanges), `read conflict ranges after ${ops.map(describeOp).join('; ')}`).toEqual(
        show(readSpans(record)),
      );
    });
  },
);

it('range reads at the edges: limit 0 (no limit), 1, exactly the number of keys, more; forward and reverse', async () => {
  await withDatabase(async (db) => {
    await commitWrites(
      db,
      ['a', 'b', 'c'].map((key) => ({ kind: 'set' as const, key: k(key), value: k(key.toUpperCase()) })),
    );
    const tr = db.createTransaction();
    const keys = async (limit: number, reverse: boolean) =>
      (await tr.getRange(k('a'), k('d'), { limit, reverse })).map((p) => text(p.key)).join('');
    expect(await keys(0, false), 'limit 0 means no limit, as in FoundationDB').toBe('abc');
    expect(await keys(1, false)).toBe('a');
    expect(await keys(1, true), 'reverse with limit 1 keeps the last key').toBe('c');
    expect(await keys(3, true)).toBe('cba');
    expect(await keys(4, false)).toBe('abc');
    expect(await tr.getRange(k('b'), k('b')), 'an empty range').toEqual([]);
    tr.clearRange(k('a'), k('c'));
    tr.set(k('b'), k(''));
    expect(await keys(1, false), 'cleared a..c, then set b to the empty value: b is there, with an empty value').toBe(
      'b',
    );
    expect(await tr.get(k('b')), 'an empty value is a value').toEqual(new Uint8Array(0));
    expect(await tr.get(k('a')), 'a is in the cleared range').toBeUndefined();
    tr.clear(k('b'));
    expect(await keys(0, true)).toBe('c');
    tr.clearRange(k('c'), k('c'));
    expect(await tr.get(k('c')), 'clearRange with begin == end clears nothing').toEqual(k('C'));
  });
});

it('keys and values are copied in and out: the caller may change theirs afterwards', async () => {
  await withDatabase(async (db) => {
    await commitWrites(db, [{ kind: 'set', key: k('s'), value: k('stored') }]);
    const tr = db.createTransaction();
    const big = k('xkeyvalue');
    const key = big.subarray(1, 4);
    const value = big.subarray(4);
    tr.set(key, value);
    big.fill(0x7a);
    expect(text(await tr.get(k('key'))), 'the set kept a copy of the key and the value').toBe('value');
    const own = await tr.get(k('key'));
    own!.fill(0);
    expect(text(await tr.get(k('key'))), 'changing a returned value must not change the write').toBe('value');
    const stored = await tr.get(k('s'));
    stored!.fill(0);
    expect(text(await tr.get(k('s'))), 'changing a returned stored value must not change the store').toBe('stored');
    const [pair] = await tr.getRange(k('key'), k('kez'));
    pair!.value.fill(0);
    pair!.key.fill(0);
    expect(text(await tr.get(k('key'))), 'changing a pair a range read returned must not change the write').toBe(
      'value',
    );
    const begin = k('a');
    tr.clearRange(begin, k('k'));
    begin[0] = 0x74; // 't': the range must stay a..k
    expect(text(await tr.get(k('s'))), 's is outside a..k: the clear kept copies of its bounds').toBe('stored');
    await tr.commit();
    const later = db.createTransaction();
    expect(text(await later.get(k('key'))), 'the committed value').toBe('value');
  });
});

it('a snapshot read adds no read conflict: a write to that key after the read version does not refuse the transaction', async () => {
  await withDatabase(async (db) => {
    const tr = db.createTransaction();
    expect(await tr.get(k('a'), { snapshot: true })).toBeUndefined();
    await tr.getRange(k('a'), k('z'), { snapshot: true });
    await commitWrites(db, [{ kind: 'set', key: k('a'), value: k('1') }]);
    tr.set(k('b'), k('2'));
    await expect(tr.commit(), 'nothing it read counts as read').resolves.toBeUndefined();
  });
});

it('a read with no options, or options without `snapshot`, is not a snapshot read: it records what it read', async () => {
  await withDatabase(async (db) => {
    const tr = db.createTransaction();
    await tr.get(k('a'));
    await tr.get(k('b'), {});
    await tr.getRange(k('c'), k('e'));
    await tr.getRange(k('m'), k('p'), { limit: 5, reverse: true });
    const ranges = tr.readConflictRanges.map((r) => `${text(r.begin)}..${text(r.end)}`);
    expect(ranges, 'snapshot defaults to false, as in FoundationDB').toEqual(['a..a\0', 'b..b\0', 'c..e', 'm..p']);
    await commitWrites(db, [{ kind: 'set', key: k('d'), value: k('1') }]);
    tr.set(k('x'), k('1'));
    const what = 'd was written after the read version, inside c..e, which getRange read with no options';
    const failure = await rejected(FdbError, () => tr.commit(), `${what}: the commit must be refused`);
    expect(isFdbError(failure, 'not_committed'), `${what}: ${String(failure)}`).toBe(true);
  });
});

it('explicit conflict ranges: addReadConflictRange as if read, addWriteConflictRange as if written', async () => {
  await withDatabase(async (db) => {
    const reader = db.createTransaction();
    await reader.getReadVersion();
    reader.addReadConflictRange(k('m'), k('p'));
    reader.set(k('out'), k('1'));
    const marker = db.createTransaction();
    marker.addWriteConflictRange(k('n'), k('o'));
    await marker.commit();
    expect(
      marker.getCommittedVersion(),
      'a write conflict range alone goes through the resolver and gets a version',
    ).toBeGreaterThan(0);
    const failure = await reader.commit().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(
      isFdbError(failure, 'not_committed'),
      `a write conflict range over n..o meets the read conflict range m..p: ${String(failure)}`,
    ).toBe(true);
  });
});

it('a read-only transaction commits at once, with committed version -1', async () => {
  await withDatabase(async (db) => {
    const tr = db.createTransaction();
    await tr.get(k('a'));
    await commitWrites(db, [{ kind: 'set', key: k('a'), value: k('1') }]);
    await tr.commit();
    expect(tr.getCommittedVersion()).toBe(-1);
  });
});

const usedDuringCommit = (call: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (error: unknown) => error,
    );

it('after commit() every call throws used_during_commit (2017): after a commit, a read-only commit, and a refused commit', async () => {
  await withDatabase(async (db) => {
    const committed = db.createTransaction();
    committed.set(k('a'), k('1'));
    const readOnly = db.createTransaction();
    await readOnly.get(k('a'));
    const refused = db.createTransaction();
    await refused.get(k('a'));
    refused.set(k('b'), k('1'));
    await committed.commit();
    await readOnly.commit();
    expect(
      await refused.commit().then(
        () => 'committed',
        (e: unknown) => e,
      ),
      'refused: it read a, which was written after its read version',
    ).toBeInstanceOf(FdbError);
    for (const [name, tr] of [
      ['committed', committed],
      ['read-only', readOnly],
      ['refused', refused],
    ] as const) {
      const calls: [string, () => unknown][] = [
        ['get', () => tr.get(k('a'))],
        ['getRange', () => tr.getRange(k('a'), k('b'))],
        ['set', () => tr.set(k('a'), k('2'))],
        ['clear', () => tr.clear(k('a'))],
        ['clearRange', () => tr.clearRange(k('a'), k('b'))],
        ['getReadVersion', () => tr.getReadVersion()],
        ['addReadConflictRange', () => tr.addReadConflictRange(k('a'), k('b'))],
        ['commit', () => tr.commit()],
      ];
      for (const [what, call] of calls) {
        const error = await usedDuringCommit(call);
        expect(isFdbError(error, 'used_during_commit'), `${what}() on the ${name} transaction: ${String(error)}`).toBe(
          true,
        );
      }
    }
    const later = db.createTransaction();
    expect(text(await later.get(k('a'))), 'none of those calls changed anything').toBe('1');
    expect(await later.get(k('b'))).toBeUndefined();
  });
});

it('inverted ranges are refused with inverted_range (2005), and bad limits with a RangeError', async () => {
  await withDatabase(async (db) => {
    const tr = db.createTransaction();
    for (const call of [
      () => tr.clearRange(k('b'), k('a')),
      () => tr.getRange(k('b'), k('a')),
      () => tr.addReadConflictRange(k('b'), k('a')),
      () => tr.addWriteConflictRange(k('b'), k('a')),
    ]) {
      const error = await usedDuringCommit(call);
      expect(isFdbError(error, 'inverted_range'), String(error)).toBe(true);
    }
    await expect(tr.getRange(k('a'), k('b'), { limit: -1 })).rejects.toThrow(RangeError);
    tr.set(k('ok'), k('1'));
    await tr.commit();
  });
});
