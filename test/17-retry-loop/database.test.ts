/**
 * Lesson 17, the pieces together on a database. Catches:
 *
 * - an atomic operation that records a read conflict (concurrent adds would then conflict: here
 *   every one must commit on its first attempt), or that computes its value when it is called
 *   instead of at commit (concurrent adds would be lost);
 * - a read-modify-write counter that loses updates: with get + set the transactions conflict,
 *   and only the retry loop brings the total to N;
 * - versionstamps that are not unique or not increasing in commit order (little-endian version
 *   or order, the order counted per transaction instead of per batch position, a stamp from the
 *   read version); the 4-byte offset read big-endian, or the 4 bytes left in place;
 * - limits off by one: a key of exactly 10,000 bytes, a value of exactly 100,000 bytes and a
 *   transaction of exactly 10,000,000 bytes are allowed, one byte more is 2102 / 2103 / 2101;
 * - watches that fire before their transaction commits, on a write of the same value, or on a
 *   transaction that failed; a watch limit off by one, or one that never frees a slot;
 * - a change that fires only some of the watches on its key (the first, or every other one when
 *   registry's list is changed while it is walked); a watch that keeps the caller's key buffer, or
 *   the caller's buffer of the value it saw (arm() must copy it); a watch
 *   that takes "no value" and the empty value for the same; close() that forgets the watches
 *   without rejecting them with operation_cancelled (1101).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Database } from '@ferris/17-retry-loop/database.ts';
import { KEY_SIZE_LIMIT, TRANSACTION_SIZE_LIMIT, VALUE_SIZE_LIMIT } from '@ferris/17-retry-loop/limits.ts';
import type { Transaction } from '@ferris/17-retry-loop/transaction.ts';
import { WatchRegistry } from '@ferris/17-retry-loop/watches.ts';
import { FdbError } from '@support/fdb-error.ts';
import { compareBytes, concat, hexOf, scribble, u32le, utf8, viewInto } from '../shared/bytes.ts';
import {
  codeOf,
  freshDatabase,
  fromLittleEndian,
  settle,
  settledOrWaiting,
  toLittleEndian,
  withDatabase,
} from './helpers.ts';

const COUNTER = utf8('counter');
const ONE = toLittleEndian(1n, 8);

async function counterValue(db: Database): Promise<bigint> {
  const value = await db.createTransaction().get(COUNTER);
  return value === undefined ? 0n : fromLittleEndian(value);
}

describe('atomic operations on the database', () => {
  test.prop([fc.integer({ min: 2, max: 40 })], { numRuns: 15 })(
    'N concurrent adds of 1 all commit on their first attempt and sum to N',
    (n) =>
      withDatabase(async (db) => {
        const trs = Array.from({ length: n }, () => db.createTransaction());
        for (const tr of trs) await tr.getReadVersion();
        for (const tr of trs) tr.atomicOp('add', COUNTER, ONE);
        const outcomes = await Promise.allSettled(trs.map((tr) => tr.commit()));
        const refused = outcomes.filter((o) => o.status === 'rejected').length;
        expect(
          refused,
          `${n} adds made at the same read version: an add records no read conflict, so none is refused`,
        ).toBe(0);
        expect(await counterValue(db), `the counter after ${n} adds of 1`).toBe(BigInt(n));
      }),
  );

  test.prop([fc.integer({ min: 2, max: 12 }), fc.boolean()], { numRuns: 10 })(
    'the same counter with get + set conflicts, yet the retry loop still sums to N',
    (n, withAdds) =>
      withDatabase(async (db) => {
        let attempts = 0;
        const increment = async (tr: Transaction) => {
          attempts++;
          const value = await tr.get(COUNTER);
          tr.set(COUNTER, toLittleEndian((value === undefined ? 0n : fromLittleEndian(value)) + 1n, 8));
        };
        const runs = Array.from({ length: n }, (_, i) =>
          db.run(withAdds && i % 2 === 1 ? async (tr) => tr.atomicOp('add', COUNTER, ONE) : increment),
        );
        await Promise.all(runs);
        expect(await counterValue(db), `the counter after ${n} increments through run()`).toBe(BigInt(n));
        if (!withAdds)
          expect(
            attempts,
            `${n} concurrent read-modify-writes of one key conflict, so some must be retried`,
          ).toBeGreaterThan(n);
      }),
  );

  it("a get sees the transaction's own pending add", () =>
    withDatabase(async (db) => {
      await db.run(async (tr) => tr.set(COUNTER, toLittleEndian(41n, 8)));
      const tr = db.createTransaction();
      tr.atomicOp('add', COUNTER, ONE);
      expect(fromLittleEndian((await tr.get(COUNTER))!), 'read-your-writes through an add').toBe(42n);
    }));

  it('compareAndClear clears the key when the value matches', () =>
    withDatabase(async (db) => {
      await db.run(async (tr) => tr.set(COUNTER, utf8('x')));
      await db.run(async (tr) => tr.atomicOp('compareAndClear', COUNTER, utf8('x')));
      expect(await db.createTransaction().get(COUNTER), 'cleared').toBeUndefined();
    }));
});

describe('versionstamps', () => {
  test.prop(
    [fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 })],
    { numRuns: 15 },
  )(
    'versionstamps are unique and increase in commit order; the key and value hold them at their offsets',
    (batches, prefixLength) =>
      withDatabase(async (db) => {
        const prefix = new Uint8Array(prefixLength).fill(0x61);
        const stamps: Uint8Array[] = [];
        let serial = 0;
        for (const size of batches) {
          const trs = Array.from({ length: size }, () => db.createTransaction());
          for (const tr of trs) {
            const key = concat(prefix, new Uint8Array(10), utf8('/k'), u32le(prefixLength));
            tr.setVersionstampedKey(key, u32le(serial));
            tr.setVersionstampedValue(
              concat(utf8('v'), u32le(serial)),
              concat(utf8('<'), new Uint8Array(10), utf8('>'), u32le(1)),
            );
            serial++;
          }
          await Promise.all(trs.map((tr) => tr.commit()));
          for (const tr of trs) stamps.push(await tr.getVersionstamp());
        }
        for (let i = 1; i < stamps.length; i++) {
          expect(
            compareBytes(stamps[i - 1]!, stamps[i]!),
            `stamp ${i - 1} (${hexOf(stamps[i - 1]!)}) sorts before stamp ${i} (${hexOf(stamps[i]!)})`,
          ).toBeLessThan(0);
        }
        for (const stamp of stamps) expect(stamp.length, 'a versionstamp is 10 bytes').toBe(10);
        const reader = db.createTransaction();
        const keys = await reader.getRange(prefix, concat(prefix, Uint8Array.of(0xfe)));
        const stamped = keys.filter((kv) => kv.key.length === prefixLength + 12);
        expect(
          stamped.map((kv) => hexOf(kv.value)),
          'one key per transaction, in commit order, each holding its serial',
        ).toEqual(stamps.map((_, i) => hexOf(u32le(i))));
        stamped.forEach((kv, i) =>
          expect(hexOf(kv.key), `key ${i}`).toBe(hexOf(concat(prefix, stamps[i]!, utf8('/k')))),
        );
        for (let i = 0; i < stamps.length; i++) {
          const value = await reader.get(concat(utf8('v'), u32le(i)));
          expect(hexOf(value!), `the versionstamped value of transaction ${i}`).toBe(
            hexOf(concat(utf8('<'), stamps[i]!, utf8('>'))),
          );
        }
      }),
  );

  it('a versionstamp is the commit version as 8 bytes big-endian, then the batch position as 2 bytes big-endian', () =>
    withDatabase(async (db) => {
      const trs = [db.createTransaction(), db.createTransaction(), db.createTransaction()];
      trs.forEach((tr, i) => tr.set(utf8(`k${i}`), utf8('v')));
      await Promise.all(trs.map((tr) => tr.commit()));
      for (const [i, tr] of trs.entries()) {
        const want = new Uint8Array(10);
        new DataView(want.buffer).setBigUint64(0, BigInt(tr.getCommittedVersion()), false);
        new DataView(want.buffer).setUint16(8, i, false);
        expect(
          hexOf(await tr.getVersionstamp()),
          `transaction ${i} of one batch at version ${tr.getCommittedVersion()}`,
        ).toBe(hexOf(want));
      }
    }));

  test.prop([fc.integer({ min: 0, max: 40 }), fc.integer({ min: -3, max: 0x7fffffff })])(
    'an offset that leaves no room for 10 bytes is client_invalid_operation',
    async (length, offset) => {
      await withDatabase(async (db) => {
        const tr = db.createTransaction();
        const fits = offset >= 0 && offset + 10 <= length;
        const code = await codeOf(() =>
          tr.setVersionstampedValue(utf8('k'), concat(new Uint8Array(length), u32le(offset >>> 0))),
        );
        expect(code, `a stamp at ${offset} in ${length} bytes`).toBe(fits ? 'none' : 2000);
      });
    },
  );

  it('a stamp that ends exactly at the end fits, one byte further does not', () =>
    withDatabase(async (db) => {
      const tr = db.createTransaction();
      expect(
        await codeOf(() => tr.setVersionstampedValue(utf8('k'), concat(new Uint8Array(12), u32le(2)))),
        'offset 2 in 12 bytes',
      ).toBe('none');
      expect(
        await codeOf(() => tr.setVersionstampedValue(utf8('k'), concat(new Uint8Array(12), u32le(3)))),
        'offset 3 in 12 bytes',
      ).toBe(2000);
      expect(
        await codeOf(() => tr.setVersionstampedKey(concat(utf8('k'), new Uint8Array(10), u32le(2)), utf8('v'))),
        'a key: offset 2 in 11 bytes',
      ).toBe(2000);
    }));

  it('getVersionstamp rejects when the commit fails', () =>
    withDatabase(async (db) => {
      const a = db.createTransaction();
      const b = db.createTransaction();
      await a.get(COUNTER);
      await b.get(COUNTER);
      a.set(COUNTER, utf8('a'));
      b.set(COUNTER, utf8('b'));
      await a.commit();
      await expect(b.commit(), 'b read what a wrote').rejects.toThrow(FdbError);
      await expect(b.getVersionstamp(), 'no stamp for a refused transaction').rejects.toThrow(FdbError);
    }));
});

describe('limits', () => {
  it('a key of exactly 10,000 bytes is allowed, 10,001 is key_too_large (2102)', () =>
    withDatabase(async (db) => {
      const tr = db.createTransaction();
      expect(
        await codeOf(() => tr.set(new Uint8Array(KEY_SIZE_LIMIT).fill(1), utf8('v'))),
        'set, key at the limit',
      ).toBe('none');
      expect(
        await codeOf(() => tr.set(new Uint8Array(KEY_SIZE_LIMIT + 1).fill(1), utf8('v'))),
        'set, key one over',
      ).toBe(2102);
      expect(
        await codeOf(() => tr.atomicOp('add', new Uint8Array(KEY_SIZE_LIMIT + 1).fill(1), ONE)),
        'atomicOp, key one over',
      ).toBe(2102);
      expect(await codeOf(() => tr.clear(new Uint8Array(KEY_SIZE_LIMIT + 1).fill(1))), 'clear, key one over').toBe(
        2102,
      );
      await tr.commit();
    }));

  it('a value of exactly 100,000 bytes is allowed, 100,001 is value_too_large (2103)', () =>
    withDatabase(async (db) => {
      const tr = db.createTransaction();
      expect(await codeOf(() => tr.set(utf8('k'), new Uint8Array(VALUE_SIZE_LIMIT))), 'set, value at the limit').toBe(
        'none',
      );
      expect(await codeOf(() => tr.set(utf8('k'), new Uint8Array(VALUE_SIZE_LIMIT + 1))), 'set, value one over').toBe(
        2103,
      );
      expect(
        await codeOf(() => tr.atomicOp('bitOr', utf8('k'), new Uint8Array(VALUE_SIZE_LIMIT + 1))),
        'atomicOp, parameter one over',
      ).toBe(2103);
      await tr.commit();
    }));

  test.prop([fc.constantFrom(-1, 0, 1)], { numRuns: 3 })(
    'a transaction of exactly 10,000,000 bytes commits, one byte more is transaction_too_large (2101)',
    (delta) =>
      withDatabase(async (db) => {
        const tr = db.createTransaction();
        // 99 values of 100,000 bytes under one-byte keys; each set also counts its write conflict range (1 + 2 bytes).
        for (let i = 0; i < 99; i++) tr.set(Uint8Array.of(i + 1), new Uint8Array(VALUE_SIZE_LIMIT));
        const used = 99 * (1 + VALUE_SIZE_LIMIT + 3);
        const rest = TRANSACTION_SIZE_LIMIT - used + delta - 1 - 3; // the last set's key and conflict range
        tr.set(Uint8Array.of(0x70), new Uint8Array(rest));
        expect(tr.size(), 'the transaction size the test built').toBe(TRANSACTION_SIZE_LIMIT + delta);
        expect(await codeOf(() => tr.commit()), `a transaction ${delta} bytes from the limit`).toBe(
          delta > 0 ? 2101 : 'none',
        );
      }),
  );
});

describe('watches', () => {
  it('a watch fires only after its transaction commits, and then for a change made before', () =>
    withDatabase(async (db) => {
      const watcher = db.createTransaction();
      let fired = false;
      const watch = watcher.watch(COUNTER).then(() => (fired = true));
      await db.run(async (tr) => tr.set(COUNTER, utf8('1')));
      await settle();
      expect(fired, 'another transaction changed the key, but the watch is not committed yet').toBe(false);
      await watcher.commit();
      await watch;
      expect(fired, 'once committed, the watch sees that the value differs from what its transaction saw').toBe(true);
    }));

  it('a watch ignores a write of the same value and fires on a different one', () =>
    withDatabase(async (db) => {
      await db.run(async (tr) => tr.set(COUNTER, utf8('same')));
      const watcher = db.createTransaction();
      let fired = false;
      const watch = watcher.watch(COUNTER).then(() => (fired = true));
      await watcher.commit();
      await db.run(async (tr) => tr.set(COUNTER, utf8('same')));
      await settle();
      expect(fired, 'a write of the value the watch saw changes nothing').toBe(false);
      await db.run(async (tr) => tr.set(COUNTER, utf8('other')));
      await watch;
      expect(db.watches.outstanding, 'a fired watch frees its slot').toBe(0);
    }));

  it('a watch is not fired by a transaction that failed to commit, and its own failed commit cancels it', () =>
    withDatabase(async (db) => {
      const watcher = db.createTransaction();
      let fired = false;
      const watch = watcher.watch(COUNTER).then(() => (fired = true));
      await watcher.commit();
      const a = db.createTransaction();
      const b = db.createTransaction();
      await a.get(COUNTER);
      await b.get(COUNTER);
      a.set(utf8('other'), utf8('x'));
      a.set(COUNTER, utf8('x'));
      b.set(COUNTER, utf8('y'));
      await a.commit();
      await watch;
      expect(fired, 'a committed change fires it').toBe(true);
      const loser = db.createTransaction();
      const lost = loser.watch(utf8('other'));
      await expect(b.commit(), 'b conflicts with a').rejects.toThrow(FdbError);
      await loser.get(COUNTER);
      loser.set(utf8('loser'), utf8('x'));
      await db.run(async (tr) => tr.set(COUNTER, utf8('z')));
      await expect(loser.commit(), 'loser read the counter, which changed').rejects.toThrow(FdbError);
      await expect(
        settledOrWaiting(lost),
        'the watch of a failed transaction is cancelled with its error',
      ).rejects.toThrow(FdbError);
      expect(db.watches.outstanding, 'no watch is left over').toBe(0);
    }));

  test.prop([fc.integer({ min: 2, max: 6 })], { numRuns: 5 })(
    'one change fires every watch on its key, each kept on its own copy of the key',
    (n) =>
      withDatabase(async (db) => {
        const watcher = db.createTransaction();
        const buffers = Array.from({ length: n }, () => Uint8Array.from(COUNTER));
        let fired = 0;
        const watches = buffers.map((key) => watcher.watch(key).then(() => fired++));
        await watcher.commit();
        for (const key of buffers) key.fill(0x7a); // the caller reuses its buffers
        await db.run(async (tr) => tr.set(COUNTER, utf8('changed')));
        await Promise.race([Promise.all(watches), settle()]);
        expect(fired, `${n} watches on the counter, which changed once`).toBe(n);
        expect(db.watches.outstanding, 'every fired watch freed its slot').toBe(0);
      }),
  );

  test.prop([fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 5 })])(
    'one call of changed() fires every armed watch on the key that saw another value',
    async (n, same) => {
      const registry = new WatchRegistry(n + same);
      const fired: boolean[] = [];
      const watches = Array.from({ length: n + same }, (_, i) => {
        const watch = registry.create(COUNTER);
        fired.push(false);
        watch.fired.then(() => (fired[i] = true)).catch(() => {});
        // The caller's value is a view into a bigger buffer, which it overwrites once arm() returns.
        const seen = viewInto(i < n ? utf8('old') : utf8('new'), { before: 2, after: 1 });
        registry.arm(watch, seen);
        scribble(seen);
        return watch;
      });
      registry.changed(COUNTER, utf8('new'));
      await settle(2);
      expect(
        fired,
        `${n} watches saw 'old', ${same} saw 'new' (arm() must keep a copy: the caller overwrote its buffer); the key now holds 'new'`,
      ).toEqual(watches.map((_, i) => i < n));
      expect(registry.outstanding, 'the fired watches freed their slots').toBe(same);
    },
  );

  it('a watch tells no value from the empty value', () =>
    withDatabase(async (db) => {
      const missing = utf8('missing');
      const empty = utf8('empty');
      await db.run(async (tr) => tr.set(empty, new Uint8Array(0)));
      const watcher = db.createTransaction();
      const fired = { missing: false, empty: false };
      const watches = [
        watcher.watch(missing).then(() => (fired.missing = true)),
        watcher.watch(empty).then(() => (fired.empty = true)),
      ];
      await watcher.commit();
      await db.run(async (tr) => {
        tr.set(missing, new Uint8Array(0));
        tr.clear(empty);
      });
      await Promise.race([Promise.all(watches), settle()]);
      expect(fired.missing, 'a key with no value that now holds the empty value has changed').toBe(true);
      expect(fired.empty, 'a key holding the empty value that is now cleared has changed').toBe(true);
    }));

  it('closing the database rejects every outstanding watch with operation_cancelled (1101)', async () => {
    const { db } = await freshDatabase();
    const armed = db.createTransaction();
    const committed = armed.watch(COUNTER);
    await armed.commit();
    const pending = db.createTransaction().watch(utf8('other'));
    await db.close();
    expect(await codeOf(() => settledOrWaiting(committed)), 'a committed watch that never fired').toBe(1101);
    expect(await codeOf(() => settledOrWaiting(pending)), 'a watch whose transaction never committed').toBe(1101);
    expect(db.watches.outstanding, 'no watch is left after close').toBe(0);
  });

  test.prop([fc.integer({ min: 1, max: 12 })], { numRuns: 8 })(
    'the watch limit allows exactly maxWatches outstanding watches, then too_many_watches (1032)',
    (limit) =>
      withDatabase(
        async (db) => {
          const tr = db.createTransaction();
          for (let i = 0; i < limit; i++) tr.watch(utf8(`w${i}`));
          expect(
            await codeOf(() => void tr.watch(utf8('one more'))),
            `watch ${limit + 1} with a limit of ${limit}`,
          ).toBe(1032);
          await tr.commit();
          await db.run(async (t) => t.set(utf8('w0'), utf8('changed')));
          await settle();
          expect(
            await codeOf(() => void db.createTransaction().watch(utf8('again'))),
            'a fired watch frees its slot for a new one',
          ).toBe('none');
        },
        { maxWatches: limit },
      ),
  );
});
