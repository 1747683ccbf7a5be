/**
 * Lesson 10: the catalog, where the version (version.ts) is kept durable. Given code.
 *
 * The engine never writes the version itself: it hands each edit to a Catalog and waits until
 * the catalog says the edit is durable. Two catalogs exist:
 *
 * - `snapshotCatalog()` (here): the whole version, as JSON, in one file called CATALOG, replaced
 *   atomically on every edit (write CATALOG.tmp, sync it, rename it over CATALOG, sync the
 *   directory). Simple and correct; every edit costs a rewrite of the whole version.
 * - `manifestCatalog()` (lesson 11): a log of the edits themselves, replayed on open.
 *
 * The engine picks one with the `catalog` option.
 */
import { compareBytes, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { FileSystem } from '@support/fs.ts';
import {
  applyEdit,
  emptyVersion,
  LEVEL_COUNT,
  type TableMeta,
  type VersionEdit,
  type VersionState,
} from './version.ts';
import { CorruptionError } from '@support/corruption-error.ts';

/** Keeps the version durable. */
export interface Catalog {
  /** The version after every edit applied so far. */
  readonly version: VersionState;
  /** Applies `edit`; resolves once the new version survives a crash. Edits are applied one at a time. */
  apply(edit: VersionEdit): Promise<void>;
  /** Whether `name` (a name in the database directory) is one of the catalog's own live files. */
  ownsFile(name: string): boolean;
  close(): Promise<void>;
}

/** Opens (or creates) the catalog of the database in `dir`. */
export interface CatalogFactory {
  readonly name: string;
  open(fs: FileSystem, dir: string): Promise<Catalog>;
}

/** The check a catalog file failed: it is not a version written as JSON. */
export type CatalogCheck = 'json';

/** The catalog's file could not be read. Names the file and what is wrong. */
export class CorruptCatalogError extends CorruptionError<CatalogCheck> {
  override readonly name = 'CorruptCatalogError';
  declare readonly file: string;
  declare readonly offset: number;
  constructor(file: string, offset: number, check: CatalogCheck, detail: string, options?: { cause?: unknown }) {
    super(`Corrupt catalog ${file} at byte ${offset} (${check}): ${detail}`, {
      file,
      offset,
      check,
      advice: 'Restore the database directory from a backup.',
      cause: options?.cause,
    });
  }
}

export const CATALOG_FILE = 'CATALOG';
const TEMP = 'CATALOG.tmp';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
const keyToJson = (k: InternalKey) => ({ userKey: hex(k.userKey), sequence: k.sequence });
const keyFromJson = (k: { userKey: string; sequence: number }): InternalKey => ({
  userKey: unhex(k.userKey),
  sequence: k.sequence,
});

/** The version as JSON text (keys in hex). */
export function versionToJson(version: VersionState): string {
  return JSON.stringify({
    logNumber: version.logNumber,
    nextFileNumber: version.nextFileNumber,
    lastSequence: version.lastSequence,
    levels: version.levels.map((tables) =>
      tables.map((t) => ({ ...t, smallest: keyToJson(t.smallest), largest: keyToJson(t.largest) })),
    ),
  });
}

/** The version from `versionToJson`'s text, rebuilt through applyEdit so that its invariants are checked. */
export function versionFromJson(text: string): VersionState {
  const json = JSON.parse(text) as {
    logNumber: number;
    nextFileNumber: number;
    lastSequence: number;
    levels: Array<
      Array<
        Omit<TableMeta, 'smallest' | 'largest'> & {
          smallest: { userKey: string; sequence: number };
          largest: { userKey: string; sequence: number };
        }
      >
    >;
  };
  if (!Array.isArray(json.levels) || json.levels.length !== LEVEL_COUNT)
    throw new Error(`expected ${LEVEL_COUNT} levels`);
  const added = json.levels.flatMap((tables, level) =>
    tables.map((t) => ({ level, table: { ...t, smallest: keyFromJson(t.smallest), largest: keyFromJson(t.largest) } })),
  );
  return applyEdit(emptyVersion(), {
    added,
    logNumber: json.logNumber,
    nextFileNumber: json.nextFileNumber,
    lastSequence: json.lastSequence,
  });
}

class SnapshotCatalog implements Catalog {
  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    public version: VersionState,
  ) {}

  async apply(edit: VersionEdit): Promise<void> {
    const next = applyEdit(this.version, edit);
    const temp = `${this.dir}/${TEMP}`;
    if (await this.fs.exists(temp)) await this.fs.remove(temp);
    const file = await this.fs.openAppend(temp);
    try {
      await file.append(new TextEncoder().encode(versionToJson(next)));
      await file.sync();
    } finally {
      await file.close();
    }
    await this.fs.rename(temp, `${this.dir}/${CATALOG_FILE}`);
    await this.fs.syncDir(this.dir);
    this.version = next;
  }

  ownsFile(name: string): boolean {
    return name === CATALOG_FILE;
  }

  async close(): Promise<void> {}
}

/** The lesson-10 catalog: the whole version in one JSON file, replaced atomically on each edit. */
export function snapshotCatalog(): CatalogFactory {
  return {
    name: 'snapshot',
    async open(fs: FileSystem, dir: string): Promise<Catalog> {
      const path = `${dir}/${CATALOG_FILE}`;
      if (!(await fs.exists(path))) return new SnapshotCatalog(fs, dir, emptyVersion());
      const text = new TextDecoder().decode(await fs.readFile(path));
      try {
        return new SnapshotCatalog(fs, dir, versionFromJson(text));
      } catch (error) {
        throw new CorruptCatalogError(path, 0, 'json', `it is not a version as JSON (${(error as Error).message}).`, {
          cause: error,
        });
      }
    },
  };
}

/** Whether the table's key range [smallest, largest] (user keys) contains `key`. */
export function tableMayHold(table: TableMeta, key: Uint8Array): boolean {
  return compareBytes(key, table.smallest.userKey) >= 0 && compareBytes(key, table.largest.userKey) <= 0;
}

/**
 * In a level above 0 (tables sorted by key, ranges disjoint), the index of the only table that can
 * hold `key`, or -1. A binary search over the largest keys, like LevelDB's FindFile: a level of
 * hundreds of tables costs a handful of comparisons, not two per table.
 */
export function findTable(tables: readonly TableMeta[], key: Uint8Array): number {
  let lo = 0;
  let hi = tables.length;
  // The first table whose largest key is at or after `key`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(tables[mid]!.largest.userKey, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < tables.length && tableMayHold(tables[lo]!, key) ? lo : -1;
}
