// Which FerrisDB runs in the benchmark: the best the tree being measured can do. Lesson 10's
// engine always; lesson 12's leveled compaction and lesson 13's block cache, buffered log and
// group commit when the tree has them written (a learner's tree with lesson 13 still a starter
// falls back, and the printed settings say so).
import type { CompactionStrategy, DbOptions } from '@ferris/10-lsm-engine/options.ts';
import type { FileSystem } from '@support/fs.ts';
import type { FerrisSetup } from './adapters.ts';

// Loaded by name at run time, so that a tree without lesson 12 or 13 still runs the benchmark.
const LEVELED = '@ferris/12-compaction/leveled.ts';
const TUNING = '@ferris/13-performance/tuning.ts';
type LeveledModule = { leveledCompaction(): CompactionStrategy };
type TuningModule = {
  performanceOptions(settings?: object): {
    options: DbOptions;
    wrapFs: (fs: FileSystem) => FileSystem;
    description: string;
    workerCompaction?: (root: string) => CompactionStrategy;
  };
};

/**
 * Lesson 13's settings for the run: FERRIS_BENCH_TUNING='{"compression":true}' (any of
 * PerformanceSettings in tuning.ts), to turn one piece on or off, and `"workerCompaction":false`
 * to keep lesson 12's compaction on the engine's thread. Default: lesson 13's defaults, with
 * compaction on a worker thread.
 */
function tuningFromEnvironment(): { workerCompaction?: unknown } {
  const text = process.env.FERRIS_BENCH_TUNING;
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  console.error(
    `FERRIS_BENCH_TUNING must be a JSON object of lesson 13's settings, like '{"compression":true}'; got ${text}`,
  );
  process.exit(2);
}

/** Lesson 10 as it is: no compaction, no cache. */
export const baselineSetup: FerrisSetup = {
  settings: 'lesson 10 defaults (4 MiB memtable, bloom filter, no compaction, no cache)',
  options: {},
};

async function tryLoad<T>(what: string, load: () => Promise<T>, skipped: string[]): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    skipped.push(`${what} (${(error as Error).name}: ${(error as Error).message.split('\n')[0]!.slice(0, 80)})`);
    return undefined;
  }
}

/** Lessons 12 and 13 if they are written in the tree; `skipped` says what was left out and why. */
export async function bestSetup(log: (message: string) => void): Promise<FerrisSetup> {
  const skipped: string[] = [];
  const parts: string[] = ['4 MiB memtable', 'bloom filter'];
  let options: DbOptions = {};
  let wrapFs: FerrisSetup['wrapFs'];
  const compaction = await tryLoad(
    'lesson 12 leveled compaction',
    async () => {
      const { leveledCompaction } = (await import(LEVELED)) as LeveledModule;
      return leveledCompaction();
    },
    skipped,
  );
  if (compaction) {
    options = { ...options, compaction };
    parts.push('leveled compaction');
  }
  const { workerCompaction: onWorker = true, ...tuning } = tuningFromEnvironment();
  const perf = await tryLoad(
    'lesson 13 performance',
    async () => {
      const { performanceOptions } = (await import(TUNING)) as TuningModule;
      return performanceOptions(tuning);
    },
    skipped,
  );
  if (perf) {
    options = { ...options, ...perf.options };
    wrapFs = perf.wrapFs;
    parts.push(perf.description);
  }
  let optionsFor: FerrisSetup['optionsFor'];
  const onWorkerThread = perf?.workerCompaction;
  if (compaction && onWorkerThread && onWorker !== false) {
    optionsFor = (root) => ({ compaction: onWorkerThread(root) });
    parts.push('compaction on a worker thread');
  }
  for (const s of skipped) log(`ferrisdb without ${s}`);
  return { settings: parts.join(', '), options, ...(wrapFs ? { wrapFs } : {}), ...(optionsFor ? { optionsFor } : {}) };
}
