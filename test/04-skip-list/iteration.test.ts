/**
 * Lesson 04, iteration that stays valid while inserts happen.
 *
 * The rule (the README states it the same way): the cursor sits on the last key the iteration
 * yielded (before `from`, until the first next()). Every key present when the iteration passes
 * its place is yielded exactly once, in order, with its value at that moment; a key inserted
 * ahead of the cursor is yielded; a key inserted behind it, or at it, is not. Once next() has
 * returned done, it stays done.
 *
 * Each property below targets a bug learners really write:
 *
 * - "iteration stays sorted and complete while inserts happen in the middle of it":
 *   - an iteration that snapshots the list (copies it into an array first) instead of following
 *     the live list: it misses keys inserted ahead of the cursor;
 *   - an iteration that reads the next node before yielding the current one (a prefetch): it
 *     misses a key inserted right after the cursor;
 *   - an iterator that yields a stale value after the key was replaced ahead of the cursor;
 *   - an iterator that places its cursor when entries() is called instead of at the first next().
 * - the examples show the same rule on three keys, so a failure is easy to read.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';

type Action = { readonly kind: 'next' } | { readonly kind: 'set'; readonly key: number; readonly value: number };

const key = fc.integer({ min: 0, max: 40 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'next' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.nat(999) }) },
);

/** What the next() call must return, by the rule above, given the keys in the list right now. */
function expectedNext(
  model: Map<number, number>,
  cursor: number | undefined,
  from: number | undefined,
): [number, number] | undefined {
  let best: number | undefined;
  for (const k of model.keys()) {
    const ahead = cursor !== undefined ? k > cursor : from === undefined || k >= from;
    if (ahead && (best === undefined || k < best)) best = k;
  }
  return best === undefined ? undefined : [best, model.get(best)!];
}

describe('iteration while inserting', () => {
  test.prop([
    fc.integer(),
    fc.array(fc.tuple(key, fc.nat(999)), { maxLength: 30 }),
    fc.option(key, { nil: undefined }),
    fc.array(action, { maxLength: 80 }),
  ])('iteration stays sorted and complete while inserts happen in the middle of it', (seed, initial, from, actions) => {
    const list = new SkipList<number, number>((a, b) => a - b, { probability: 0.5, random: seededRandom(seed) });
    const model = new Map<number, number>();
    for (const [k, v] of initial) {
      list.set(k, v);
      model.set(k, v);
    }
    const iterator = list.entries(from);
    let cursor: number | undefined;
    let done = false;
    const log: string[] = [`entries(${from ?? ''})`];

    const step = (): void => {
      const expected = done ? undefined : expectedNext(model, cursor, from);
      const result = iterator.next();
      const got = result.done ? 'done' : `[${result.value[0]}, ${result.value[1]}]`;
      log.push(`next() -> ${got}`);
      const where =
        `history: ${log.join('; ')}. The list holds [${[...model.keys()].sort((a, b) => a - b).join(', ')}]` +
        (cursor === undefined ? ' and nothing was yielded before' : ` and the cursor was at ${cursor}`);
      if (expected === undefined) {
        expect(
          result.done ? 'done' : result.value,
          `next() must be done: nothing is ahead of the cursor (${where})`,
        ).toBe('done');
        done = true;
      } else {
        expect(
          result.done ? 'done' : result.value,
          `next() must yield [${expected[0]}, ${expected[1]}]: the first key ahead of the cursor, ` +
            `with its value now (${where})`,
        ).toEqual(expected);
        cursor = expected[0];
      }
    };

    for (const a of actions) {
      if (a.kind === 'next') step();
      else {
        list.set(a.key, a.value);
        model.set(a.key, a.value);
        log.push(`set(${a.key}, ${a.value})`);
      }
    }
    // Drain: the rest must come out in order, then done (twice, to see that it stays done).
    for (let i = 0; i <= model.size + 1; i++) step();
  });
});

describe('examples', () => {
  const threeKeys = (): SkipList<number, string> => {
    const list = new SkipList<number, string>((a, b) => a - b, { random: seededRandom(9) });
    for (const k of [10, 30, 50]) list.set(k, `v${k}`);
    return list;
  };

  it('a key inserted right after the cursor is seen; one inserted behind it is not', () => {
    const list = threeKeys();
    const it = list.entries();
    expect(it.next().value, 'the first entry').toEqual([10, 'v10']);
    list.set(20, 'v20'); // ahead of the cursor (10), right after it
    list.set(5, 'v5'); // behind the cursor
    expect(it.next().value, 'a key inserted right after the cursor must be yielded next').toEqual([20, 'v20']);
    expect(it.next().value, 'then the key that was already there').toEqual([30, 'v30']);
    list.set(40, 'v40');
    expect([...it], 'the rest, with the key inserted ahead').toEqual([
      [40, 'v40'],
      [50, 'v50'],
    ]);
  });

  it('a value replaced ahead of the cursor is seen new; the iterator stays done once done', () => {
    const list = threeKeys();
    const it = list.entries(30);
    list.set(20, 'v20'); // before the first next(): the cursor is before 30, so 20 is behind it
    list.set(40, 'v40'); // ahead
    expect(it.next().value, 'entries(30) starts at 30 even after inserting 20').toEqual([30, 'v30']);
    list.set(50, 'new'); // a replace ahead of the cursor
    expect([...it], 'the new value of 50, and 40 inserted ahead').toEqual([
      [40, 'v40'],
      [50, 'new'],
    ]);
    list.set(60, 'v60');
    expect(it.next().done, 'once done, an iterator stays done, even if a larger key arrives').toBe(true);
  });

  it('the cursor is placed by the first next(), not when entries() is called', () => {
    const list = threeKeys();
    const it = list.entries(25);
    list.set(27, 'v27'); // at or after 25, inserted before the first next()
    expect(it.next().value, 'entries(25) must find 27, inserted before the first next()').toEqual([27, 'v27']);
  });
});
