/**
 * Lesson 14, makeDurable when its write fails, and makeDurable calls made together. What it
 * catches:
 *
 * - forgetting the window (or raising durableVersion) before the engine's write resolved: a
 *   failed write loses the versions memory held, and reads fall through to the older engine.
 * - a failed makeDurable that swallows the engine's error, or breaks every later makeDurable
 *   (a queue of calls that stays rejected after one failure).
 * - makeDurable calls that overlap instead of running one at a time in call order: an earlier
 *   call that finishes last writes its older durable version over the newer one.
 */
import { expect, it } from 'vitest';
import { MVCC_WINDOW_VERSIONS, openVersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { textOf, utf8 } from '../shared/bytes.ts';
import { clearText as clear, FailingEngine, HeldEngine, openEngine, setText as set } from './helpers.ts';

const W = MVCC_WINDOW_VERSIONS;
const text = (value: Uint8Array | undefined): string | undefined => (value === undefined ? undefined : textOf(value));
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

it('a makeDurable whose write fails rejects with its error, changes nothing, and the next makeDurable works', async () => {
  const fs = new SimulatedFileSystem({ seed: 14 });
  const engine = new FailingEngine(await openEngine(fs));
  const store = await openVersionedStore(engine);
  store.apply(1, [set('a', '1'), set('b', '1')]);
  store.apply(1 + W, [set('a', '2')]);
  await store.makeDurable(1); // the engine holds a=1, b=1
  store.apply(2 + W, [clear('a', 'c')]);
  store.apply(2 + 2 * W, [set('b', '3')]); // oldestVersion is now 2 + W
  const target = 2 + W;
  const reads = async (): Promise<(string | undefined)[]> => [
    text(await store.get(utf8('a'), target)),
    text(await store.get(utf8('b'), target)),
    text(await store.get(utf8('b'), 2 + 2 * W)),
  ];
  const before = await reads();
  const inMemory = store.mutationsInMemory;

  engine.failWrites = true;
  await expect(store.makeDurable(target), 'makeDurable must reject with the engine’s error').rejects.toThrow(
    'disk full',
  );
  expect(store.durableVersion, 'durableVersion after a failed makeDurable').toBe(1);
  expect(store.mutationsInMemory, 'mutations in memory after a failed makeDurable').toBe(inMemory);
  expect(await reads(), 'reads after a failed makeDurable (a, b at the oldest version; b at the latest)').toEqual(
    before,
  );

  engine.failWrites = false;
  await store.makeDurable(target);
  expect(store.durableVersion, 'durableVersion after makeDurable is tried again').toBe(target);
  expect(await reads(), 'reads after the retried makeDurable').toEqual(before);
  const reopened = await openVersionedStore(engine.db);
  expect(reopened.durableVersion, 'durable version found on reopen').toBe(target);
  expect(
    [text(await reopened.get(utf8('a'), target)), text(await reopened.get(utf8('b'), target))],
    'a and b at the durable version after reopen (both cleared)',
  ).toEqual([undefined, undefined]);
});

it('makeDurable calls made together run one at a time, in call order, even when the first waits on the engine', async () => {
  const engine = new HeldEngine(await openEngine(new SimulatedFileSystem({ seed: 14 })), 'call-late');
  const store = await openVersionedStore(engine);
  store.apply(1, [set('a', '1')]);
  store.apply(2, [clear('a', 'c')]); // makeDurable(2) scans the engine under this clear
  store.apply(3, [set('a', '3')]);
  store.apply(3 + W, []); // oldestVersion is now 3
  await store.makeDurable(1);

  engine.hold();
  const first = store.makeDurable(2);
  await settle(); // the first call is now waiting for its scan of the engine
  engine.stopHolding();
  const second = store.makeDurable(3);
  await settle();
  engine.release();
  await Promise.all([first, second]);

  expect(engine.held, 'the first makeDurable scanned the engine while held').toBe(1);
  expect(store.durableVersion, 'durableVersion after makeDurable(2) then makeDurable(3)').toBe(3);
  expect(text(await store.get(utf8('a'), 3)), 'a at version 3').toBe('3');
  const reopened = await openVersionedStore(engine.db);
  expect(reopened.durableVersion, 'durable version found on reopen').toBe(3);
  expect(text(await reopened.get(utf8('a'), 3)), 'a at version 3 after reopen').toBe('3');
});
