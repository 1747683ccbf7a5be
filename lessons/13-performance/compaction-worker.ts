/**
 * Lesson 13: the compaction worker's side (see worker-compaction.ts). Given code. Started by
 * `workerCompaction` as a worker_threads Worker; it answers one job at a time.
 *
 * It runs lesson 12's own `leveledCompaction` (the learner's, from the same tree) against a host
 * of its own: the real files under the job's root, its copy of the version, readers it opens and
 * closes itself, and an `applyEdit` that only records the edit and applies it to that copy, so
 * that the strategy's next pick sees it. Nothing here touches the catalog: the engine's thread
 * does, when it installs the answer.
 */
import { parentPort } from 'node:worker_threads';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import { tablePath } from '@ferris/10-lsm-engine/files.ts';
import type { CompactionHost } from '@ferris/10-lsm-engine/options.ts';
import { resolveOptions } from '@ferris/10-lsm-engine/options.ts';
import { applyEdit, type VersionEdit } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction, type LeveledCompaction } from '@ferris/12-compaction/leveled.ts';
import {
  compactingDir,
  isWorkerFileNumber,
  WORKER_FILE_NUMBERS_FROM,
  type CompactionJob,
  type CompactionResult,
} from './compaction-job.ts';
import { performanceOptions } from './tuning.ts';

/** One strategy for the worker's life: its round-robin place in each level carries from job to job. */
let strategy: LeveledCompaction | null = null;
/** Numbers for the worker's tables; never reused while the worker lives. */
let nextNumber = WORKER_FILE_NUMBERS_FROM;

async function run(job: CompactionJob): Promise<VersionEdit[]> {
  strategy ??= leveledCompaction(job.leveled);
  // The engine's wrapping (compression, buffered appends, reads on this thread) and table writer,
  // without the page budget or the block cache (a merge reads each block once), and no memtable:
  // none is made here.
  const settings = { ...job.performance, pagedBytes: 0, cacheBytes: 0, groupCommit: false, arenaMemtable: false };
  const performance = performanceOptions(settings);
  const fs = performance.wrapFs(new NodeFileSystem(job.root));
  const filterPolicy = job.filter === null ? null : new BloomFilterPolicy({ bitsPerKey: job.filter.bitsPerKey });
  const { writeTable } = performance.options;
  const options = resolveOptions({ blockSize: job.blockSize, filterPolicy, ...(writeTable ? { writeTable } : {}) });
  const readers = new Map<number, Promise<TableReader>>();
  const edits: VersionEdit[] = [];
  let version = job.version;
  const path = (fileNumber: number) =>
    isWorkerFileNumber(fileNumber) ? tablePath(compactingDir(job.dir), fileNumber) : tablePath(job.dir, fileNumber);
  const host: CompactionHost = {
    fs,
    dir: job.dir,
    options,
    get version() {
      return version;
    },
    lastSequence: job.version.lastSequence,
    newFileNumber: () => nextNumber++,
    tablePath: path,
    openTable(fileNumber) {
      let reader = readers.get(fileNumber);
      if (reader === undefined) {
        reader = TableReader.open(fs, path(fileNumber), filterPolicy ? { filterPolicy } : {});
        readers.set(fileNumber, reader);
      }
      return reader;
    },
    async applyEdit(edit) {
      version = applyEdit(version, edit);
      edits.push(edit);
    },
    requestCompaction: () => {},
    // One compaction per job: the engine installs it, and the next job starts from the version
    // with the level-0 tables flushed meanwhile, which come first in lesson 12's pick.
    oneAtATime: true,
  };
  try {
    await fs.mkdir(compactingDir(job.dir));
    await strategy.compact(host);
    return edits;
  } finally {
    for (const reader of readers.values()) {
      const opened = await reader.catch(() => null); // a failed open has nothing to close
      await opened?.close().catch(() => {});
    }
  }
}

parentPort?.on('message', (job: CompactionJob) => {
  run(job).then(
    (edits) => {
      const answer: CompactionResult = { id: job.id, edits, stats: { ...strategy!.stats } };
      parentPort!.postMessage(answer);
    },
    (error: unknown) => {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      const answer: CompactionResult = { id: job.id, error: { name, message } };
      parentPort!.postMessage(answer);
    },
  );
});
