/**
 * The shape every benchmark shares. `npm run bench` imports each `bench/*.bench.ts` file, calls
 * its default export and prints one table. Benchmarks import lesson code through `@ferris/...`,
 * so `--impl DIR` runs them against any tree (solutions/ by default).
 */
export interface BenchContext {
  /** A small run (CI and quick checks) instead of the full size. */
  readonly quick: boolean;
  /** `--keys N,M,...`: the data sizes to run at, for benchmarks that scale (the engines); else undefined. */
  readonly keys?: readonly number[];
  /** A fresh temporary directory this benchmark may write to; removed afterwards. */
  readonly tmpDir: string;
  /** Print a progress line (kept short). */
  log(message: string): void;
}

export interface BenchRow {
  /** What was measured, for example "WAL append, sync every append". */
  readonly name: string;
  /** Operations per second (throughput benchmarks)... */
  readonly opsPerSec?: number;
  /** ...or a duration in seconds (latency benchmarks, such as the test loop). */
  readonly seconds?: number;
  /** Anything worth printing beside the number: sizes, counts, a comparison. */
  readonly note?: string;
  /** For engine comparisons: the workload (fillseq, readrandom, ...) and the engine measured. */
  readonly workload?: string;
  readonly engine?: string;
  /** For engine comparisons: how many keys the database held. */
  readonly keys?: number;
}

export type Benchmark = (context: BenchContext) => Promise<BenchRow[]>;
