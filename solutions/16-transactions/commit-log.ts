/**
 * Lesson 16: the commit log, the truth of the database. Given code.
 *
 * The log is a row of segment files in `<dir>/commit-log/`, each a lesson-03 WAL of the records
 * of commit-record.ts. Opening it reads every segment (recoverWal cuts a torn tail), returns the
 * whole records in version order, and starts a fresh segment, so nothing is ever appended after
 * a record a crash cut short. `trim(durableVersion)` removes the segments the versioned store no
 * longer needs: every record in them is at or below the store's durable version.
 */
import { recoverWal } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import { readRecords, recordEntries, type CommitRecord } from './commit-record.ts';

/** The commit log's folder inside the database's directory. */
export const COMMIT_LOG_DIR = 'commit-log';
const SEGMENT_DIGITS = 6;

/** One segment file and the newest version it holds (-1 if none). */
interface Segment {
  readonly number: number;
  lastVersion: number;
}

export class CommitLog {
  private constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
    /** Every segment, oldest first; the last is the one appended to. */
    private readonly segments: Segment[],
    private writer: WalWriter,
  ) {}

  /** Opens the log in `<dbDir>/commit-log/`, returning it and every whole record, in version order. */
  static async open(fs: FileSystem, dbDir: string): Promise<{ log: CommitLog; records: CommitRecord[] }> {
    const dir = `${dbDir}/${COMMIT_LOG_DIR}`;
    await fs.mkdir(dir);
    const segments: Segment[] = [];
    const records: CommitRecord[] = [];
    for (const number of segmentNumbers(await fs.list(dir))) {
      const path = segmentPath(dir, number);
      const found = readRecords((await recoverWal(fs, path)).entries, path);
      const last = found.at(-1)?.version ?? -1;
      if (found.length > 0 && records.length > 0 && found[0]!.version <= records.at(-1)!.version) {
        throw new RangeError(
          `Commit log segment ${path} starts at version ${found[0]!.version}, not after ${records.at(-1)!.version}.`,
        );
      }
      records.push(...found);
      segments.push({ number, lastVersion: last });
    }
    const fresh = { number: (segments.at(-1)?.number ?? 0) + 1, lastVersion: -1 };
    const writer = await WalWriter.open(fs, segmentPath(dir, fresh.number), { sync: { kind: 'manual' } });
    segments.push(fresh);
    return { log: new CommitLog(fs, dir, segments, writer), records };
  }

  /** Appends one record's frames. Not durable until `sync()` resolves. */
  async append(record: CommitRecord): Promise<void> {
    for (const entry of recordEntries(record)) await this.writer.append(entry);
    this.segments.at(-1)!.lastVersion = record.version;
  }

  /** Makes every record appended so far durable. */
  async sync(): Promise<void> {
    await this.writer.sync();
  }

  /** The segment files' numbers, oldest first (the last one takes appends). */
  get segmentNumbers(): number[] {
    return this.segments.map((s) => s.number);
  }

  /**
   * Removes every segment whose records are all at or below `durableVersion`, starting a fresh
   * segment first if the active one is among them.
   */
  async trim(durableVersion: number): Promise<void> {
    const active = this.segments.at(-1)!;
    if (active.lastVersion >= 0 && active.lastVersion <= durableVersion) {
      const fresh = { number: active.number + 1, lastVersion: -1 };
      const writer = await WalWriter.open(this.fs, segmentPath(this.dir, fresh.number), { sync: { kind: 'manual' } });
      await this.writer.close();
      this.writer = writer;
      this.segments.push(fresh);
    }
    const keep = this.segments.at(-1)!;
    const obsolete = this.segments.filter((s) => s !== keep && s.lastVersion <= durableVersion);
    if (obsolete.length === 0) return;
    for (const segment of obsolete) {
      await this.fs.remove(segmentPath(this.dir, segment.number));
      this.segments.splice(this.segments.indexOf(segment), 1);
    }
    await this.fs.syncDir(this.dir);
  }

  /** Syncs and closes the active segment. */
  async close(): Promise<void> {
    await this.writer.close();
  }
}

function segmentPath(dir: string, number: number): string {
  return `${dir}/${String(number).padStart(SEGMENT_DIGITS, '0')}.log`;
}

function segmentNumbers(names: readonly string[]): number[] {
  return names
    .map((name) => /^(\d+)\.log$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}
