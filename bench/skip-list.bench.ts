// The skip list (lesson 04) beside the two structures a TypeScript developer would reach for
// first: a sorted array with binary search (ordered, like the skip list) and a Map (unordered,
// for scale: what hashing buys when order does not matter). Each structure is filled from empty
// with n distinct random keys, as a memtable fills until it is flushed, and then every key is
// looked up in another random order. What it shows: a sorted array wins lookups, but every
// insert moves half the array, so it falls behind as the table grows; the skip list's insert
// stays logarithmic. The notes give the comparisons per operation. Keys are numbers compared
// with (a, b) => a - b; the memtable's byte-string keys cost more per comparison.
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';
import type { Benchmark, BenchRow } from './types.ts';

/** Distinct keys in a random order, and the same keys in another random order for lookups. */
function makeKeys(n: number, seed: number): { inserts: number[]; lookups: number[] } {
  const random = seededRandom(seed);
  const seen = new Set<number>();
  while (seen.size < n) seen.add(Math.floor(random() * 2 ** 31));
  const inserts = [...seen];
  const lookups = [...seen];
  for (let i = lookups.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lookups[i], lookups[j]] = [lookups[j]!, lookups[i]!];
  }
  return { inserts, lookups };
}

/** An ordered map on two parallel arrays: binary search, then splice to insert. */
class SortedArrayMap {
  readonly keys: number[] = [];
  readonly values: number[] = [];
  constructor(private readonly compare: (a: number, b: number) => number) {}

  private lowerBound(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(key: number, value: number): void {
    const i = this.lowerBound(key);
    if (i < this.keys.length && this.compare(this.keys[i]!, key) === 0) this.values[i] = value;
    else {
      this.keys.splice(i, 0, key);
      this.values.splice(i, 0, value);
    }
  }

  get(key: number): number | undefined {
    const i = this.lowerBound(key);
    return i < this.keys.length && this.compare(this.keys[i]!, key) === 0 ? this.values[i] : undefined;
  }
}

interface Structure {
  set(key: number, value: number): void;
  get(key: number): number | undefined;
}

interface Kind {
  readonly name: string;
  /** Whether it orders keys with the comparator (the Map hashes instead). */
  readonly compares: boolean;
  /** The largest n worth timing. */
  readonly limit: number;
  make(compare: (a: number, b: number) => number, seed: number): Structure;
}

const KINDS: Kind[] = [
  {
    name: 'skip list',
    compares: true,
    limit: Infinity,
    make: (compare, seed) => new SkipList<number, number>(compare, { random: seededRandom(seed) }),
  },
  // Filling a sorted array costs about n^2 / 4 element moves: at a million keys, minutes.
  { name: 'sorted array', compares: true, limit: 200_000, make: (compare) => new SortedArrayMap(compare) },
  { name: 'Map (unordered)', compares: false, limit: Infinity, make: () => new Map<number, number>() },
];

/** CPU time (user + system) in seconds since `since`, from process.cpuUsage(). */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

interface Measurement {
  readonly insert: number;
  readonly get: number;
  readonly insertComparisons: number;
  readonly getComparisons: number;
}

/**
 * Fills fresh structures with `inserts` and looks up every key of `lookups`, repeating each until
 * at least `minSeconds` of CPU time is spent, and returns operations per CPU second and the
 * comparisons per operation. CPU time rather than wall-clock time: the loops are single-threaded
 * and never wait, so on an idle machine the two agree, and on a busy one CPU time does not count
 * the time the neighbours had the core. The repetition is needed because the operating system
 * accounts CPU time in ticks of a few milliseconds.
 */
function measure(
  kind: Kind,
  inserts: readonly number[],
  lookups: readonly number[],
  seed: number,
  minSeconds: number,
): Measurement {
  // Counting costs one increment per comparison, the same for both ordered structures.
  let comparisons = 0;
  const compare = (a: number, b: number): number => {
    comparisons++;
    return a - b;
  };
  let structure: Structure;
  let fills = 0;
  let insertSeconds = 0;
  do {
    structure = kind.make(compare, seed + fills);
    const started = process.cpuUsage();
    for (let i = 0; i < inserts.length; i++) structure.set(inserts[i]!, i);
    insertSeconds += cpuSeconds(started);
    fills++;
  } while (insertSeconds < minSeconds);
  const insertComparisons = comparisons / (fills * inserts.length);

  comparisons = 0;
  let passes = 0;
  let getSeconds = 0;
  let found = 0;
  do {
    const started = process.cpuUsage();
    for (let i = 0; i < lookups.length; i++) if (structure.get(lookups[i]!) !== undefined) found++;
    getSeconds += cpuSeconds(started);
    passes++;
  } while (getSeconds < minSeconds);
  if (found !== passes * lookups.length) {
    throw new Error(`${kind.name} lost keys: found ${found} of ${passes * lookups.length}`);
  }
  return {
    insert: (fills * inserts.length) / insertSeconds,
    get: (passes * lookups.length) / getSeconds,
    insertComparisons,
    getComparisons: comparisons / (passes * lookups.length),
  };
}

const benchmark: Benchmark = async (context) => {
  const sizes = context.quick ? [2_000, 20_000] : [10_000, 100_000, 1_000_000];
  const minSeconds = context.quick ? 0.05 : 0.3;
  const rows: BenchRow[] = [];

  // Warm the JIT up on a small table of each kind, so the first timed row is not penalised.
  const warm = makeKeys(5_000, 99);
  for (const kind of KINDS) measure(kind, warm.inserts, warm.lookups, 1, 0.05);

  for (const n of sizes) {
    const { inserts, lookups } = makeKeys(n, n);
    const size = n.toLocaleString('en-US');
    for (const kind of KINDS) {
      if (n > kind.limit) {
        context.log(`n = ${size}, ${kind.name}: skipped (too slow to fill at this size)`);
        continue;
      }
      const m = measure(kind, inserts, lookups, n, minSeconds);
      const note = (c: number) => (kind.compares ? `${c.toFixed(1)} comparisons each` : 'hashing, no comparisons');
      rows.push({ name: `${kind.name}: insert, n = ${size}`, opsPerSec: m.insert, note: note(m.insertComparisons) });
      rows.push({ name: `${kind.name}: get, n = ${size}`, opsPerSec: m.get, note: note(m.getComparisons) });
      context.log(`n = ${size}, ${kind.name}: ${Math.round(m.insert)} inserts/s, ${Math.round(m.get)} gets/s`);
    }
  }
  return rows;
};

export default benchmark;
