/**
 * Lesson 10: the names of the engine's files. Given code.
 *
 * Every file the engine makes has a number, taken from one counter (the catalog's
 * `nextFileNumber`), so that names never repeat and a larger number is always a newer file:
 *
 *   000005.log    a write-ahead log (lesson 03's frames, batches as in batch.ts)
 *   000007.sst    a table (lesson 07), made by a flush (or, in lesson 12, a compaction)
 *   000007.sst.tmp  a table being written; a crash may leave one, and open removes it
 *
 * The catalog (catalog.ts) keeps its own files (CATALOG here, MANIFEST-n and CURRENT in lesson 11).
 */
import { TEMP_SUFFIX } from '@ferris/07-sstable/format.ts';

/** The largest file number: six digits are padding, not a limit, but a number must stay exact. */
export const MAX_FILE_NUMBER = Number.MAX_SAFE_INTEGER;

export type FileKind = 'log' | 'table' | 'table-temp';

/** The end of a log's name. */
export const LOG_SUFFIX = '.log';
/** The end of a table's name. */
export const TABLE_SUFFIX = '.sst';

/** `dir/000005.log` */
export function logPath(dir: string, number: number): string {
  return `${dir}/${pad(number)}${LOG_SUFFIX}`;
}

/** `dir/000007.sst` */
export function tablePath(dir: string, number: number): string {
  return `${dir}/${pad(number)}${TABLE_SUFFIX}`;
}

function pad(number: number): string {
  if (!Number.isSafeInteger(number) || number < 1)
    throw new RangeError(`A file number must be a whole number from 1 to ${MAX_FILE_NUMBER}, got ${number}.`);
  return String(number).padStart(6, '0');
}

/** Each kind of file by what follows its number; a table being written ends in lesson 07's TEMP_SUFFIX. */
const KIND_BY_SUFFIX: ReadonlyMap<string, FileKind> = new Map([
  [LOG_SUFFIX, 'log'],
  [TABLE_SUFFIX, 'table'],
  [TABLE_SUFFIX + TEMP_SUFFIX, 'table-temp'],
]);

/** What a name in the database directory is, or null for a name the engine does not own. */
export function parseFileName(name: string): { readonly kind: FileKind; readonly number: number } | null {
  const match = /^(\d+)(\..+)$/.exec(name);
  if (match === null) return null;
  const kind = KIND_BY_SUFFIX.get(match[2]!);
  const number = Number(match[1]);
  if (kind === undefined || !Number.isSafeInteger(number) || number < 1) return null;
  return { kind, number };
}
