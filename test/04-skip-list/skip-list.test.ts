/**
 * Lesson 04, the skip list as an ordered map, checked against a model: a plain sorted array.
 * Each property below targets a bug learners really write:
 *
 * - "behaves like a sorted array ..." (fast-check model-based commands: set, get, seek,
 *   iterate, in any order, with maxHeight 1..6, three probabilities, ascending and descending
 *   comparators, and fresh key objects on every call):
 *   - replace inserting a duplicate (an equal key must replace the value, not add a node);
 *   - size not updated on insert, or updated on a replace too;
 *   - a comparator sign flipped somewhere (in the search, or when the list is built);
 *   - comparing keys with === or JavaScript's < instead of the comparator (keys are fresh objects,
 *     and half of the runs order them descending);
 *   - forgetting to link a new node into its higher levels, or linking it after the wrong node
 *     (searches that trust those levels then miss keys);
 *   - a tower of height 0 (a node linked on no level at all is lost);
 *   - get returning the value of the next key when the key is missing;
 *   - seek (entries(from)) returning the key before the target, or skipping a key equal to it.
 * - "after any batch of sets ...": the same rules on longer lists (hundreds of keys, taller towers).
 * - the examples name the edge cases of seek (equal key, between keys, past the end), an empty
 *   list, replacing, and the option limits (maxHeight 1 must work: a skip list with one level is
 *   a sorted linked list).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_HEIGHT, SkipList, type Comparator } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';

/** Keys are objects made fresh for every call, so that only the comparator can tell them apart. */
interface Box {
  readonly n: number;
}
const box = (n: number): Box => ({ n });

/** The model: the entries as [key, value] pairs, sorted by `order`, one per key. */
class SortedArrayModel {
  readonly entries: Array<[number, number]> = [];
  constructor(readonly order: Comparator<number>) {}

  /** The index of the first key >= `key` in the model's order. */
  lowerBound(key: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(this.entries[mid]![0], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(key: number, value: number): void {
    const i = this.lowerBound(key);
    const at = this.entries[i];
    if (at !== undefined && at[0] === key) at[1] = value;
    else this.entries.splice(i, 0, [key, value]);
  }

  get(key: number): number | undefined {
    const at = this.entries[this.lowerBound(key)];
    return at !== undefined && at[0] === key ? at[1] : undefined;
  }
}

interface Real {
  readonly list: SkipList<Box, number>;
}

const unbox = (entries: Iterable<[Box, number]>): Array<[number, number]> => [...entries].map(([k, v]) => [k.n, v]);

function take<T>(iterator: Iterator<T>, count: number): T[] {
  const out: T[] = [];
  while (out.length < count) {
    const step = iterator.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
}

class SetCommand implements fc.Command<SortedArrayModel, Real> {
  constructor(
    readonly key: number,
    readonly value: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: SortedArrayModel, real: Real): void {
    const before = model.entries.length;
    model.set(this.key, this.value);
    real.list.set(box(this.key), this.value);
    const replaced = model.entries.length === before;
    expect(
      real.list.size,
      replaced
        ? `set(${this.key}) replaced the value of a key already present, so size must stay ${before}`
        : `set(${this.key}) added a new key, so size must grow from ${before} to ${before + 1}`,
    ).toBe(model.entries.length);
  }
  toString(): string {
    return `set(${this.key}, ${this.value})`;
  }
}

class GetCommand implements fc.Command<SortedArrayModel, Real> {
  constructor(readonly key: number) {}
  check(): boolean {
    return true;
  }
  run(model: SortedArrayModel, real: Real): void {
    const expected = model.get(this.key);
    expect(
      real.list.get(box(this.key)),
      expected === undefined
        ? `get(${this.key}) must be undefined: that key was never set (is get returning the next key's value?)`
        : `get(${this.key}) must return the value set last for that key`,
    ).toBe(expected);
  }
  toString(): string {
    return `get(${this.key})`;
  }
}

class SeekCommand implements fc.Command<SortedArrayModel, Real> {
  constructor(
    readonly from: number,
    readonly count: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: SortedArrayModel, real: Real): void {
    const start = model.lowerBound(this.from);
    const expected = model.entries.slice(start, start + this.count);
    const actual = unbox(take(real.list.entries(box(this.from)), this.count));
    expect(
      actual,
      `entries(${this.from}) must start at the first key at or after ${this.from} ` +
        `(not the key before it, and not the one after an equal key) and go on in order`,
    ).toEqual(expected);
  }
  toString(): string {
    return `seek(${this.from}, take ${this.count})`;
  }
}

class IterateCommand implements fc.Command<SortedArrayModel, Real> {
  check(): boolean {
    return true;
  }
  run(model: SortedArrayModel, real: Real): void {
    expect(
      unbox(real.list.entries()),
      'entries() must yield every key exactly once, in comparator order, with its latest value',
    ).toEqual(model.entries);
    expect(
      real.list.towers().map((t) => t.key.n),
      'towers() must list every key exactly once, in comparator order',
    ).toEqual(model.entries.map(([k]) => k));
    expect(real.list.size, 'size must be the number of distinct keys').toBe(model.entries.length);
  }
  toString(): string {
    return 'iterate()';
  }
}

const key = fc.integer({ min: -20, max: 20 });
const value = fc.nat(999);
const commands = [
  fc.tuple(key, value).map(([k, v]) => new SetCommand(k, v)),
  fc.tuple(key, value).map(([k, v]) => new SetCommand(k, v)),
  key.map((k) => new GetCommand(k)),
  fc.tuple(key, fc.integer({ min: 1, max: 3 })).map(([k, n]) => new SeekCommand(k, n)),
  fc.constant(new IterateCommand()),
];

const shape = fc.record({
  seed: fc.integer(),
  maxHeight: fc.integer({ min: 1, max: 6 }),
  probability: fc.constantFrom(0.25, 0.5, 0.75),
  descending: fc.boolean(),
});

describe('the skip list as an ordered map', () => {
  test.prop([shape, fc.commands(commands, { maxCommands: 80 })])(
    'behaves like a sorted array under any sequence of set, get, seek and iterate',
    ({ seed, maxHeight, probability, descending }, cmds) => {
      const order: Comparator<number> = descending ? (a, b) => b - a : (a, b) => a - b;
      const setup = () => ({
        model: new SortedArrayModel(order),
        real: {
          list: new SkipList<Box, number>((a, b) => order(a.n, b.n), {
            maxHeight,
            probability,
            random: seededRandom(seed),
          }),
        },
      });
      // Every run ends with a full comparison, so no difference hides after the last command.
      fc.modelRun(setup, [...cmds, new IterateCommand()]);
    },
  );

  test.prop([
    fc.integer(),
    fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), value), { maxLength: 400 }),
    fc.array(fc.integer({ min: -1001, max: 1001 }), { maxLength: 20 }),
  ])('after any batch of sets, get, seek and iteration agree with a sorted array', (seed, writes, probes) => {
    const model = new SortedArrayModel((a, b) => a - b);
    const list = new SkipList<Box, number>((a, b) => a.n - b.n, { probability: 0.5, random: seededRandom(seed) });
    for (const [k, v] of writes) {
      model.set(k, v);
      list.set(box(k), v);
    }
    expect(list.size, 'size must be the number of distinct keys set').toBe(model.entries.length);
    expect(unbox(list.entries()), 'entries() must be the distinct keys in order with their last values').toEqual(
      model.entries,
    );
    for (const [k] of writes) {
      expect(list.get(box(k)), `get(${k}) must find a key that was set`).toBe(model.get(k));
    }
    for (const p of probes) {
      expect(list.get(box(p)), `get(${p})`).toBe(model.get(p));
      const start = model.lowerBound(p);
      expect(unbox(take(list.entries(box(p)), 2)), `entries(${p}) must start at the first key >= ${p}`).toEqual(
        model.entries.slice(start, start + 2),
      );
    }
  });
});

describe('examples', () => {
  const numbers = (): SkipList<number, string> =>
    new SkipList<number, string>((a, b) => a - b, { random: seededRandom(4) });

  it('an empty list has no keys: get is undefined and entries() ends at once', () => {
    const list = numbers();
    expect(list.get(1), 'get on an empty list').toBeUndefined();
    expect([...list.entries()], 'entries() of an empty list').toEqual([]);
    expect([...list.entries(1)], 'entries(1) of an empty list').toEqual([]);
    expect(list.towers(), 'towers() of an empty list').toEqual([]);
    expect(list.size, 'size of an empty list').toBe(0);
  });

  it('seek finds an equal key, the next key between two keys, and nothing past the end', () => {
    const list = numbers();
    for (const k of [30, 10, 20]) list.set(k, `v${k}`);
    const first = (from: number) => list.entries(from).next().value?.[0];
    expect(first(20), 'entries(20) must start AT 20, not after it').toBe(20);
    expect(first(15), 'entries(15) must start at 20, the first key after 15, not at 10 before it').toBe(20);
    expect(first(5), 'entries(5) must start at the smallest key').toBe(10);
    expect(first(31), 'entries(31) must be empty: every key is smaller').toBeUndefined();
    expect(
      [...list.entries(11)].map(([k]) => k),
      'entries(11) must go on to the end in order',
    ).toEqual([20, 30]);
  });

  it('setting a key again replaces its value and keeps one entry', () => {
    const list = numbers();
    list.set(7, 'first');
    list.set(7, 'second');
    expect(list.get(7), 'get must return the newer value').toBe('second');
    expect(list.size, 'a replace must not change the size').toBe(1);
    expect([...list], 'a replace must not add a second entry').toEqual([[7, 'second']]);
  });

  it('follows the comparator: case-insensitive strings are one key', () => {
    const list = new SkipList<string, number>((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()), {
      random: seededRandom(1),
    });
    list.set('Banana', 1);
    list.set('apple', 2);
    list.set('BANANA', 3);
    expect(list.size, "'Banana' and 'BANANA' are the same key under this comparator").toBe(2);
    expect(list.get('banana'), 'get must use the comparator, not ===').toBe(3);
    expect(
      [...list].map(([, v]) => v),
      'apple sorts before banana',
    ).toEqual([2, 3]);
  });

  it('accepts maxHeight 1 to MAX_HEIGHT and probability strictly between 0 and 1; rejects anything else', () => {
    const compare = (a: number, b: number) => a - b;
    for (const maxHeight of [0, -1, 1.5, MAX_HEIGHT + 1, Number.NaN]) {
      expect(() => new SkipList(compare, { maxHeight }), `maxHeight ${maxHeight} must be rejected`).toThrow(RangeError);
    }
    for (const probability of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => new SkipList(compare, { probability }), `probability ${probability} must be rejected`).toThrow(
        RangeError,
      );
    }
    for (const options of [{ maxHeight: 1 }, { maxHeight: MAX_HEIGHT, probability: 0.5 }, { probability: 0.99 }]) {
      const list = new SkipList<number, number>(compare, { ...options, random: seededRandom(2) });
      for (const k of [5, 3, 9, 1, 7, 3]) list.set(k, k * 10);
      expect([...list], `a list with ${JSON.stringify(options)} must work`).toEqual([
        [1, 10],
        [3, 30],
        [5, 50],
        [7, 70],
        [9, 90],
      ]);
      expect(list.get(9), `get(9) with ${JSON.stringify(options)}`).toBe(90);
    }
  });
});
