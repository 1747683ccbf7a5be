/**
 * Lesson 21, given: where a transaction log keeps its files.
 *
 * The log is a row of segment files in one folder, `00000001.tlog`, `00000002.tlog`, ..., each a
 * lesson-03 WAL of the records of log-record.ts. Only the last segment takes appends. A segment
 * is removed whole once every tag has popped every version in it.
 */

/** The folder of the log's files on its process's disk, unless the options name another. */
export const DEFAULT_LOG_DIR = 'tlog';
/** The size past which the log starts a new segment (a record is never split between two). */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024;
const SEGMENT_SUFFIX = '.tlog';
const SEGMENT_DIGITS = 8;

/** One segment file and the versions it holds (null and null while it holds none). */
export interface Segment {
  readonly number: number;
  firstVersion: number | null;
  lastVersion: number | null;
}

export function segmentPath(dir: string, number: number): string {
  return `${dir}/${String(number).padStart(SEGMENT_DIGITS, '0')}${SEGMENT_SUFFIX}`;
}

/** The numbers of the segment files among `names` (a folder's listing), oldest first. */
export function segmentNumbers(names: readonly string[]): number[] {
  const pattern = new RegExp(`^(\\d{${SEGMENT_DIGITS}})\\${SEGMENT_SUFFIX}$`);
  return names
    .map((name) => pattern.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}
