/**
 * Lesson 04: the skip list, the ordered map the memtable is built on.
 *
 * A sorted linked list with express lanes. Every node is a tower of `height` forward pointers;
 * level 0 links every node in key order, and each level above links a random subset of the
 * level below (a node reaches level i + 1 with probability `probability`). A search starts at the
 * top level of the head, moves right while the next key is smaller than the one it looks for,
 * and drops a level when it would overshoot: O(log n) comparisons on average, with no
 * rebalancing, ever.
 *
 * The list is generic over a comparator, so the memtable can order internal keys (user key, then
 * sequence number descending) with it, and its randomness is injected, so a seed replays the
 * exact same towers.
 */
import { seededRandom, type RandomSource } from '@support/random.ts';

export type { RandomSource };

/** Orders keys: negative if `a` comes before `b`, zero if they are the same key, positive if after. */
export type Comparator<K> = (a: K, b: K) => number;

/** The default number of levels. With probability 1/4, enough for about 4^12 = 16.7 million keys. */
export const DEFAULT_MAX_HEIGHT = 12;
/** The default chance that a tower grows one more level. LevelDB's choice: fewer pointers than 1/2. */
export const DEFAULT_PROBABILITY = 0.25;
/** The largest `maxHeight` a list accepts. 32 levels at 1/2 is room for 4 billion keys. */
export const MAX_HEIGHT = 32;

export interface SkipListOptions {
  /** The number of levels, 1..MAX_HEIGHT. A tower is never taller. Default DEFAULT_MAX_HEIGHT. */
  readonly maxHeight?: number;
  /** The chance, strictly between 0 and 1, that a tower grows one more level. Default 1/4. */
  readonly probability?: number;
  /**
   * Where tower heights come from: numbers in [0, 1). Default: a fixed seed (DEFAULT_SKIP_LIST_SEED),
   * as LevelDB's skip list does, so a list behaves the same in every run and inside a simulation.
   */
  readonly random?: RandomSource;
}

/** One key's tower, as `towers()` reports it. */
export interface Tower<K> {
  readonly key: K;
  /** How many levels the key's node is linked into, 1..maxHeight. */
  readonly height: number;
}

/** Anything with forward pointers: the head (which has no key) and every node. */
interface Links<K, V> {
  /** `next[i]` is the following node on level i, or null at the end of that level. */
  readonly next: Array<Node<K, V> | null>;
}

interface Node<K, V> extends Links<K, V> {
  readonly key: K;
  value: V;
}

/** The default random source's seed: LevelDB's skip list seeds its generator with 0xdeadbeef too. */
export const DEFAULT_SKIP_LIST_SEED = 0xdeadbeef;

/** An ordered map from K to V. `undefined` is not a valid key (it means "from the start"). */
export class SkipList<K, V> implements Iterable<[K, V]> {
  readonly maxHeight: number;
  readonly probability: number;
  private readonly compare: Comparator<K>;
  private readonly random: RandomSource;
  /** The head sentinel: a tower of full height with no key, before every node on every level. */
  private readonly head: Links<K, V>;
  private count = 0;

  constructor(compare: Comparator<K>, options: SkipListOptions = {}) {
    const {
      maxHeight = DEFAULT_MAX_HEIGHT,
      probability = DEFAULT_PROBABILITY,
      random = seededRandom(DEFAULT_SKIP_LIST_SEED),
    } = options;
    if (typeof compare !== 'function') {
      throw new TypeError('SkipList: the first argument must be a comparator function (a, b) => number.');
    }
    if (!Number.isInteger(maxHeight) || maxHeight < 1 || maxHeight > MAX_HEIGHT) {
      throw new RangeError(
        `SkipList: maxHeight must be a whole number from 1 to MAX_HEIGHT (${MAX_HEIGHT}), got ${maxHeight}.`,
      );
    }
    if (!(probability > 0 && probability < 1)) {
      throw new RangeError(
        `SkipList: probability must be strictly between 0 and 1, got ${probability}. ` +
          'At 0 or 1 every tower has the same height and the list is a plain linked list; 0.25 or 0.5 are usual.',
      );
    }
    if (typeof random !== 'function') {
      throw new TypeError('SkipList: options.random must be a function returning numbers in [0, 1).');
    }
    this.compare = compare;
    this.maxHeight = maxHeight;
    this.probability = probability;
    this.random = random;
    this.head = { next: new Array<Node<K, V> | null>(maxHeight).fill(null) };
  }

  /** The number of distinct keys in the list. */
  get size(): number {
    return this.count;
  }

  /** Maps `key` to `value`: inserts a new key, or replaces the value of a key already present. */
  set(key: K, value: V): void {
    const update = new Array<Links<K, V>>(this.maxHeight);
    const found = this.findGreaterOrEqual(key, update);
    if (found !== null && this.compare(found.key, key) === 0) {
      found.value = value;
      return;
    }
    const height = this.randomHeight();
    const node: Node<K, V> = { key, value, next: new Array<Node<K, V> | null>(height).fill(null) };
    for (let level = 0; level < height; level++) {
      const before = update[level]!;
      // Point the new node at its successor first, then publish it. Nothing can run between the
      // two lines here, but with readers on other threads this order is what keeps them safe.
      node.next[level] = before.next[level] ?? null;
      before.next[level] = node;
    }
    this.count++;
  }

  /** The value stored for `key`, or undefined if the key is not in the list. */
  get(key: K): V | undefined {
    const node = this.findGreaterOrEqual(key);
    return node !== null && this.compare(node.key, key) === 0 ? node.value : undefined;
  }

  /**
   * The entries in ascending key order, starting at the first key >= `from` (from the smallest
   * key if `from` is undefined).
   *
   * The iterator follows the live list, so it stays valid while `set()` runs during the
   * iteration: every key present when the iteration passes its place is yielded exactly once, in
   * order, with its value at that moment; a key inserted ahead of the cursor is yielded; a key
   * inserted behind it is not. The cursor is placed by the first `next()`. Once the iterator has
   * returned done, it stays done.
   */
  *entries(from?: K): IterableIterator<[K, V]> {
    let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);
    while (node !== null) {
      yield [node.key, node.value];
      // Read the successor only now, after the caller has resumed us: whatever they inserted
      // right after this node in the meantime is linked in already.
      node = node.next[0] ?? null;
    }
  }

  /** Every key with the height of its tower, in key order. For statistics and visualisers. */
  towers(): Array<Tower<K>> {
    const towers: Array<Tower<K>> = [];
    for (let node = this.head.next[0] ?? null; node !== null; node = node.next[0] ?? null) {
      towers.push({ key: node.key, height: node.next.length });
    }
    return towers;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * The first node whose key is >= `key`, or null if every key is smaller. Walks the towers top
   * down: on each level, move right while the next key is smaller than `key`, then drop a level.
   * If `update` is given, `update[i]` is set to the last node on level i before `key`: where a new
   * node of height > i must be linked in.
   */
  private findGreaterOrEqual(key: K, update?: Array<Links<K, V>>): Node<K, V> | null {
    let x: Links<K, V> = this.head;
    let level = this.maxHeight - 1;
    for (;;) {
      const next = x.next[level] ?? null;
      if (next !== null && this.compare(next.key, key) < 0) {
        x = next; // next is still before key: move right on this level
      } else {
        if (update) update[level] = x;
        if (level === 0) return next;
        level--; // next is at or after key (or the level ended): drop down
      }
    }
  }

  /** A tower height from 1 to maxHeight: each level above the first with chance `probability`. */
  private randomHeight(): number {
    let height = 1;
    while (height < this.maxHeight && this.random() < this.probability) height++;
    return height;
  }
}
