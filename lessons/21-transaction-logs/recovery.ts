/**
 * Lesson 21: reading a transaction log back after a reboot.
 *
 * Every segment is a lesson-03 WAL: `recoverWal` cuts a torn frame off its end and throws
 * `WalCorruptionError` for damage with intact frames after it. Above the frames, a segment may
 * end inside a record (the crash came between two frames of one version, before its fsync): that
 * version was never acknowledged, so it is dropped. Anything else out of place is corruption.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { FileSystem } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import type { LogRecord } from './log-record.ts';
import type { Segment } from './segments.ts';

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
  // TODO: list the segment files (segmentNumbers, segmentPath in segments.ts), oldest first.
  // TODO: read each with lesson 03's recoverWal (its default mode: a torn tail is cut, damage
  //       with intact frames after it throws), then turn its entries into records (wholeRecords).
  // TODO: check the chain: every record's prevVersion is the version of the record before it
  //       (across segments too); if not, throw CorruptLogRecordError(path, 'chain', ...). The
  //       very first record may follow anything: older segments may have been forgotten.
  // TODO: note each segment's first and last version (null and null if it holds none).
  void fs;
  void dir;
  throw new NotImplemented('21-transaction-logs', 'recoverLog()');
}

/**
 * The whole records among one segment's entries, in order. A record the entries end inside is
 * dropped: a crash cut it before its fsync, so it was never acknowledged.
 */
export function wholeRecords(entries: readonly WalEntry[], file: string): LogRecord[] {
  // TODO: the entry at a record boundary is a header: readHeader (log-record.ts) says how many
  //       entries the record takes. Decode the record from them with decodeRecord.
  // TODO: if the entries end before the record does, stop: that record was cut by a crash.
  void entries;
  void file;
  throw new NotImplemented('21-transaction-logs', 'wholeRecords()');
}
