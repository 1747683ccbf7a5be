/**
 * Lesson 21: reading a transaction log back after a reboot.
 *
 * Every segment is a lesson-03 WAL: `recoverWal` cuts a torn frame off its end and throws
 * `WalCorruptionError` for damage with intact frames after it. Above the frames, a segment may
 * end inside a record (the crash came between two frames of one version, before its fsync): that
 * version was never acknowledged, so it is dropped. Anything else out of place is corruption.
 */
import { recoverWal } from '@ferris/03-recovery/recovery.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { FileSystem } from '@support/fs.ts';
import { CorruptLogRecordError } from './errors.ts';
import { decodeRecord, readHeader, type LogRecord } from './log-record.ts';
import { segmentNumbers, segmentPath, type Segment } from './segments.ts';

export interface RecoveredLog {
  /** Every whole record of every segment, in version order, each following the one before. */
  readonly records: LogRecord[];
  /** Every segment file, oldest first, with the versions it holds. */
  readonly segments: Segment[];
}

/**
 * Reads every segment in `dir` (oldest first) and returns its whole records. A missing folder is
 * an empty log. Throws a CorruptionError (lesson 03's WalCorruptionError, or CorruptLogRecordError)
 * for damage a crash cannot explain.
 */
export async function recoverLog(fs: FileSystem, dir: string): Promise<RecoveredLog> {
  const records: LogRecord[] = [];
  const segments: Segment[] = [];
  for (const number of segmentNumbers(await fs.list(dir))) {
    const path = segmentPath(dir, number);
    const found = wholeRecords((await recoverWal(fs, path)).entries, path);
    for (const record of found) {
      const before = records.at(-1);
      if (before !== undefined && record.prevVersion !== before.version) {
        throw new CorruptLogRecordError(
          path,
          'chain',
          `version ${record.version} follows ${record.prevVersion}, but the version before it is ${before.version}`,
        );
      }
      records.push(record);
    }
    segments.push({ number, firstVersion: found[0]?.version ?? null, lastVersion: found.at(-1)?.version ?? null });
  }
  return { records, segments };
}

/**
 * The whole records among one segment's entries, in order. A record the entries end inside is
 * dropped: a crash cut it before its fsync, so it was never acknowledged.
 */
export function wholeRecords(entries: readonly WalEntry[], file: string): LogRecord[] {
  const records: LogRecord[] = [];
  let at = 0;
  while (at < entries.length) {
    const header = readHeader(entries[at]!, file);
    if (at + header.entryCount > entries.length) break;
    records.push(decodeRecord(header, entries.slice(at + 1, at + header.entryCount), file));
    at += header.entryCount;
  }
  return records;
}
