/**
 * Lesson 21: the log's segment files on disk: append a version, make it durable, forget popped
 * segments.
 *
 * Opening starts a fresh segment, so nothing is ever appended after a record a crash cut short.
 * Segments are removed oldest first, and never the one that holds the newest version: after a
 * reboot that segment is how the log knows where its chain ends.
 */
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import { recordEntries, type LogRecord } from './log-record.ts';
import { segmentPath, type Segment } from './segments.ts';

export class LogFiles {
  private forgetUpTo = 0;
  private forgetting = false;
  /** The versions appended to the current segment since the last sync, oldest first. */
  private unsynced: number[] = [];

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
    const kept = segments.filter((s) => s.lastVersion !== null);
    for (const empty of segments.filter((s) => s.lastVersion === null)) await fs.remove(segmentPath(dir, empty.number));
    const fresh: Segment = { number: (segments.at(-1)?.number ?? 0) + 1, firstVersion: null, lastVersion: null };
    // WalWriter.open syncs the folder, which makes the removals durable too.
    const writer = await WalWriter.open(fs, segmentPath(dir, fresh.number), { sync: { kind: 'manual' } });
    return new LogFiles(fs, dir, segmentBytes, [...kept, fresh], writer);
  }

  /** The segment files, oldest first (for tests and status). */
  get segmentNumbers(): number[] {
    return this.segments.map((s) => s.number);
  }

  /** Appends one record's frames, starting a new segment first if the current one is full. Not durable until `sync()`. */
  async append(record: LogRecord): Promise<void> {
    if (this.writer.size >= this.segmentBytes && this.active.lastVersion !== null) await this.roll();
    for (const entry of recordEntries(record)) await this.writer.append(entry);
    this.unsynced.push(record.version);
  }

  /**
   * fsync: every record appended so far survives a crash once this resolves. Only then does the
   * segment count them as held, so a segment is never forgotten for versions that may vanish.
   */
  async sync(): Promise<void> {
    const synced = this.unsynced;
    this.unsynced = [];
    await this.writer.sync();
    if (synced.length === 0) return;
    this.active.firstVersion ??= synced[0]!;
    this.active.lastVersion = synced.at(-1)!;
  }

  /**
   * Every tag has popped every version up to `upTo`: removes, oldest first, each segment whose
   * versions are all at or below it, except the segment being appended to and the one holding
   * the newest version. Calls that come while one runs only raise its target.
   */
  async forgetThrough(upTo: number): Promise<void> {
    this.forgetUpTo = Math.max(this.forgetUpTo, upTo);
    if (this.forgetting) return;
    this.forgetting = true;
    try {
      // A pop that arrives during the syncDir only raises the target: look again after it.
      while (this.canForgetOldest()) {
        do {
          await this.fs.remove(segmentPath(this.dir, this.segments[0]!.number));
          this.segments.shift();
        } while (this.canForgetOldest());
        await this.fs.syncDir(this.dir);
      }
    } finally {
      this.forgetting = false;
    }
  }

  private canForgetOldest(): boolean {
    const oldest = this.segments[0]!;
    if (oldest === this.active || oldest === this.newest) return false;
    return oldest.lastVersion === null || oldest.lastVersion <= this.forgetUpTo;
  }

  private get active(): Segment {
    return this.segments.at(-1)!;
  }

  /** The segment that holds the newest version (undefined while the log holds none). */
  private get newest(): Segment | undefined {
    return this.segments.findLast((s) => s.lastVersion !== null);
  }

  private async roll(): Promise<void> {
    await this.writer.close();
    const next: Segment = { number: this.active.number + 1, firstVersion: null, lastVersion: null };
    this.writer = await WalWriter.open(this.fs, segmentPath(this.dir, next.number), { sync: { kind: 'manual' } });
    this.segments.push(next);
  }
}
