/**
 * Lesson 21: the log's segment files on disk: append a version, make it durable, forget popped
 * segments.
 *
 * Opening starts a fresh segment, so nothing is ever appended after a record a crash cut short.
 * Segments are removed oldest first, and never the one that holds the newest version: after a
 * reboot that segment is how the log knows where its chain ends.
 */
import type { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import type { LogRecord } from './log-record.ts';
import type { Segment } from './segments.ts';

export class LogFiles {
  private constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
    private readonly segmentBytes: number,
    /** Every segment, oldest first; the last one takes appends. */
    private readonly segments: Segment[],
    private writer: WalWriter,
  ) {}

  /**
   * Opens the log's files after recovery (`segments` as recoverLog found them), on a fresh
   * segment. Segments that hold no whole record (a boot that took no push, or a record a crash
   * cut short) are removed first: each reboot would otherwise leave one behind.
   */
  static async open(fs: FileSystem, dir: string, segments: Segment[], segmentBytes: number): Promise<LogFiles> {
    // TODO: remove the segments that hold no whole record (lastVersion null).
    // TODO: open a fresh segment, numbered after the last one, with lesson 03's WalWriter
    //       (sync policy 'manual': the log decides when to fsync). WalWriter.open syncs the
    //       folder for a new file, which makes the removals durable too.
    void fs;
    void dir;
    void segments;
    void segmentBytes;
    throw new NotImplemented('21-transaction-logs', 'LogFiles.open()');
  }

  /** The segment files, oldest first (for tests and status). */
  get segmentNumbers(): number[] {
    return this.segments.map((s) => s.number);
  }

  /** Appends one record's frames, starting a new segment first if the current one is full. Not durable until `sync()`. */
  async append(record: LogRecord): Promise<void> {
    // TODO: if the current segment has reached segmentBytes and holds a durable version, close
    //       its writer and open the next segment (a record is never split between two).
    // TODO: append each entry of recordEntries(record) (log-record.ts): one frame per entry.
    // TODO: remember the version: it counts as held only once a sync has covered it.
    void record;
    void this.fs;
    void this.dir;
    void this.segmentBytes;
    void this.writer;
    throw new NotImplemented('21-transaction-logs', 'LogFiles.append()');
  }

  /**
   * fsync: every record appended so far survives a crash once this resolves. Only then does the
   * segment count them as held, so a segment is never forgotten for versions that may vanish.
   */
  async sync(): Promise<void> {
    // TODO: sync the writer; then set the current segment's firstVersion (if unset) and
    //       lastVersion from the versions appended since the last sync.
    throw new NotImplemented('21-transaction-logs', 'LogFiles.sync()');
  }

  /**
   * Every tag has popped every version up to `upTo`: removes, oldest first, each segment whose
   * versions are all at or below it, except the segment being appended to and the one holding
   * the newest version. Calls that come while one runs only raise its target.
   */
  async forgetThrough(upTo: number): Promise<void> {
    // TODO: raise the target to upTo. If a call is already removing segments, return: it will
    //       see the new target (two calls removing the same file would trip over each other).
    // TODO: while the oldest segment is neither the current one nor the one holding the newest
    //       durable version, and every version in it is at or below the target (or it holds
    //       none), remove its file. Then syncDir the folder, and look again: a pop that came
    //       during the sync raised the target and returned.
    void upTo;
    throw new NotImplemented('21-transaction-logs', 'LogFiles.forgetThrough()');
  }
}
