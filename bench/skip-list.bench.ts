// The skip list (lesson 04) beside the two structures a TypeScript developer would reach for
// first: a sorted array with binary search (ordered, like the skip list) and a Map (unordered,
// for scale: what hashing buys when order does not matter). What it shows: a sorted array wins
// lookups and small sizes, but every insert moves half the array, so it falls behind as the
// table grows; the skip list's insert stays logarithmic. The notes give the comparisons per
// operation, counted in a separate run (counting slows the timed run down). Keys are numbers
// compared with (a, b) => a - b; the memtable's byte-string keys cost more per comparison.
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';
import type { Benchmark, BenchRow } from './types.ts';

const compareNumbers = (a: number, b: number): number => a - b;

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
  readonly name: string;
  set(key: number, value: number): void;
  get(key: number): number | undefined;
}

function structures(compare: (a: number, b: number) => number, seed: number): Structure[] {
  const skip = new SkipList<number, number>(compare, { random: seededRandom(seed) });
  const sorted = new SortedArrayMap(compare);
  const map = new Map<number, number>();
  return [
    { name: 'skip list', set: (k, v) => skip.set(k, v), get: (k) => skip.get(k) },
    { name: 'sorted array', set: (k, v) => sorted.set(k, v), get: (k) => sorted.get(k) },
    { name: 'Map (unordered)', set: (k, v) => void map.set(k, v), get: (k) => map.get(k) },
  ];
}

/**
 * Operations per second of CPU time (user + system) rather than of wall-clock time: the loops are
 * single-threaded and never wait, so on an idle machine the two agree, and on a busy one CPU time
 * does not count the time the neighbours had the core.
 */
function opsPerSecond(count: number, run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return count / ((used.user + used.system) / 1e6);
}

/** Comparisons per insert and per get, counted on a separate build of the same size. */
function countComparisons(n: number): Map<string, { insert: number; get: number }> {
  let comparisons = 0;
  const counting = (a: number, b: number): number => {
    comparisons++;
    return a - b;
  };
  const { inserts, lookups } = makeKeys(n, 11);
  const counts = new Map<string, { insert: number; get: number }>();
  for (const s of structures(counting, 5)) {
    if (s.name.startsWith('Map')) continue;
    comparisons = 0;
    for (const k of inserts) s.set(k, k);
    const insert = comparisons / n;
    comparisons = 0;
    for (const k of lookups) s.get(k);
    counts.set(s.name, { insert, get: comparisons / n });
  }
  return counts;
}

const benchmark: Benchmark = async (context) => {
  const sizes = context.quick ? [1_000, 20_000] : [10_000, 100_000];
  const rows: BenchRow[] = [];

  // Warm the JIT up on a small table of each kind, so the first timed row is not penalised.
  const warm = makeKeys(5_000, 99);
  for (const s of structures(compareNumbers, 1)) {
    for (const k of warm.inserts) s.set(k, k);
    for (const k of warm.lookups) s.get(k);
  }

  // The best of several rounds: on a shared machine the slowest rounds measure the neighbours.
  const rounds = context.quick ? 1 : 3;
  for (const n of sizes) {
    const { inserts, lookups } = makeKeys(n, n);
    const counts = countComparisons(n);
    const best = new Map<string, { insert: number; get: number }>();
    for (let round = 0; round < rounds; round++) {
      for (const s of structures(compareNumbers, n + round)) {
        const insert = opsPerSecond(n, () => {
          for (let i = 0; i < inserts.length; i++) s.set(inserts[i]!, i);
        });
        let found = 0;
        const get = opsPerSecond(n, () => {
          for (const k of lookups) if (s.get(k) !== undefined) found++;
        });
        if (found !== n) throw new Error(`${s.name} lost keys: found ${found} of ${n}`);
        const before = best.get(s.name);
        best.set(s.name, { insert: Math.max(insert, before?.insert ?? 0), get: Math.max(get, before?.get ?? 0) });
      }
    }
    for (const [name, { insert, get }] of best) {
      const c = counts.get(name);
      const perOp = (x: number | undefined) => (x === undefined ? 'hashing, no comparisons' : `${x.toFixed(1)} comparisons each`);
      const size = n.toLocaleString('en-US');
      rows.push({ name: `${name}: insert, n = ${size}`, opsPerSec: insert, note: perOp(c?.insert) });
      rows.push({ name: `${name}: get, n = ${size}`, opsPerSec: get, note: perOp(c?.get) });
      context.log(`n = ${size}, ${name}: ${Math.round(insert)} inserts/s, ${Math.round(get)} gets/s`);
    }
  }
  return rows;
};

export default benchmark;
