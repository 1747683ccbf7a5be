/**
 * Lesson 11: the manifest, the version as a log of edits.
 *
 * The manifest is a write-ahead log whose entries are version edits: each record is one frame of
 * lesson 02 holding a lesson-01 put whose sequence number is the record's number (1, 2, ...),
 * whose key is empty, and whose value is an encoded edit (edit-codec.ts). So lesson 03 writes it
 * (WalWriter) and reads it back (recoverWal), torn tail and all. The version is the fold of the
 * edits: applyEdit over them, starting from the empty version.
 *
 * A manifest starts with a snapshot: an edit that adds every table and sets every counter. It
 * grows by one record per edit; once it is over `maxManifestBytes`, the next edit writes a new
 * manifest (a snapshot of the version after that edit), syncs it, and then switches CURRENT to it.
 *
 * CURRENT is a tiny file naming the live manifest ("MANIFEST-000004\n"), replaced atomically
 * (CURRENT.tmp, sync, rename, sync the directory). Switching CURRENT is the moment a rewrite
 * happens: before it, the old manifest is the truth; after it, the new one.
 *
 * Your task: replayManifest, ManifestCatalog.apply and ManifestCatalog.rewrite. CURRENT, the
 * records, the snapshot, opening and deleting old manifests are given.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { MAX_VALUE_BYTES, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { recoverWal, WalCorruptionError } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import type { Catalog, CatalogFactory } from '@ferris/10-lsm-engine/catalog.ts';
import {
  applyEdit,
  emptyVersion,
  VersionEditError,
  type VersionEdit,
  type VersionState,
} from '@ferris/10-lsm-engine/version.ts';
import type { FileSystem } from '@support/fs.ts';
import { CorruptEditError, decodeEdit, encodeEdit } from './edit-codec.ts';
import { CorruptionError } from '@support/corruption-error.ts';

export const CURRENT_FILE = 'CURRENT';
const CURRENT_TEMP = 'CURRENT.tmp';
/** The default size past which the next edit rewrites the manifest. */
export const DEFAULT_MAX_MANIFEST_BYTES = 1024 * 1024;
/** The largest encoded edit in one record: lesson 01's value limit. */
export const MAX_EDIT_BYTES = MAX_VALUE_BYTES;

export interface ManifestOptions {
  /** Rewrite the manifest at the next edit once it is this large. Default 1 MiB. */
  readonly maxManifestBytes?: number;
}

/** `MANIFEST-000004` */
export function manifestName(number: number): string {
  return `MANIFEST-${String(number).padStart(6, '0')}`;
}

/** The number of a manifest's name, or null if `name` is not one. */
export function parseManifestName(name: string): number | null {
  const match = /^MANIFEST-(\d{6,})$/.exec(name);
  return match === null ? null : Number(match[1]);
}

/**
 * The check a manifest (or CURRENT) failed: 'current' (CURRENT does not name a manifest),
 * 'record' (a record failed lesson 03's checks), 'empty' (no snapshot first), 'edit' (a record
 * is not an edit).
 */
export type ManifestCheck = 'current' | 'record' | 'empty' | 'edit';

/** The manifest (or CURRENT) cannot be read. Names the file and the byte offset. */
export class CorruptManifestError extends CorruptionError<ManifestCheck> {
  override readonly name = 'CorruptManifestError';
  declare readonly file: string;
  declare readonly offset: number;
  constructor(file: string, offset: number, check: ManifestCheck, detail: string, options?: { cause?: unknown }) {
    super(`Corrupt manifest ${file} at byte ${offset} (${check}): ${detail}`, {
      file,
      offset,
      check,
      advice:
        'The database cannot know which files hold its data; keep the directory as it is and restore it ' +
        'from a backup (or rebuild the manifest from the tables).',
      cause: options?.cause,
    });
  }
}

/** An edit too large for one manifest record. */
export class EditTooLargeError extends RangeError {
  override readonly name = 'EditTooLargeError';
  constructor(readonly bytes: number) {
    super(`A version edit of ${bytes} bytes is over MAX_EDIT_BYTES (${MAX_EDIT_BYTES}); split it into several edits.`);
  }
}

/** Writes CURRENT atomically: CURRENT.tmp, sync, rename over CURRENT, sync the directory. Given. */
export async function writeCurrent(fs: FileSystem, dir: string, manifestNumber: number): Promise<void> {
  const temp = `${dir}/${CURRENT_TEMP}`;
  if (await fs.exists(temp)) await fs.remove(temp);
  const file = await fs.openAppend(temp);
  try {
    await file.append(new TextEncoder().encode(`${manifestName(manifestNumber)}\n`));
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(temp, `${dir}/${CURRENT_FILE}`);
  await fs.syncDir(dir);
}

/** The manifest number CURRENT names. Throws CorruptManifestError if it names none. Given. */
export async function readCurrent(fs: FileSystem, dir: string): Promise<number> {
  const path = `${dir}/${CURRENT_FILE}`;
  const text = new TextDecoder().decode(await fs.readFile(path));
  const number = text.endsWith('\n') ? parseManifestName(text.slice(0, -1)) : null;
  if (number === null)
    throw new CorruptManifestError(
      path,
      0,
      'current',
      `CURRENT holds ${JSON.stringify(text.slice(0, 40))}, not a manifest name and a newline.`,
    );
  return number;
}

/** The edit that rebuilds `version` from the empty version: every table, every counter. Given. */
export function snapshotEdit(version: VersionState): VersionEdit {
  return {
    logNumber: version.logNumber,
    nextFileNumber: version.nextFileNumber,
    lastSequence: version.lastSequence,
    added: version.levels.flatMap((tables, level) => tables.map((table) => ({ level, table }))),
  };
}

/** The manifest record of `edit`: a put of the empty key at `recordNumber`, the encoded edit as value. */
export function editRecord(recordNumber: number, edit: VersionEdit): WalEntry {
  const bytes = encodeEdit(edit);
  if (bytes.length > MAX_EDIT_BYTES) throw new EditTooLargeError(bytes.length);
  return putEntry(recordNumber, new Uint8Array(0), bytes);
}

/**
 * The snapshot of `version` as records, from `firstRecord` on. Usually one; a version too large
 * for one record is split: the counters and as many tables as fit, then more tables. (The
 * manifest is not live until CURRENT names it, so the split needs no atomicity of its own.)
 */
export function snapshotRecords(version: VersionState, firstRecord: number): WalEntry[] {
  const { added = [], ...counters } = snapshotEdit(version);
  const records: WalEntry[] = [];
  let batch: NonNullable<VersionEdit['added']>[number][] = [];
  let edit: VersionEdit = counters;
  for (const table of added) {
    const next = { ...edit, added: [...batch, table] };
    if (batch.length > 0 && encodeEdit(next).length > MAX_EDIT_BYTES) {
      records.push(editRecord(firstRecord + records.length, { ...edit, added: batch }));
      edit = {};
      batch = [table];
    } else batch.push(table);
  }
  records.push(editRecord(firstRecord + records.length, batch.length > 0 ? { ...edit, added: batch } : edit));
  return records;
}

/** The version in the manifest at `path`: its records decoded and folded with applyEdit. */
export async function replayManifest(
  fs: FileSystem,
  path: string,
): Promise<{ version: VersionState; records: number }> {
  // TODO: the records: recoverWal(fs, path).entries; turn a WalCorruptionError into a
  //       CorruptManifestError(path, error.offset, 'record', ...) with the error as its cause.
  // TODO: no records at all: CorruptManifestError(path, 0, 'empty', ...): a manifest starts with a snapshot.
  // TODO: fold: version = applyEdit(version, decodeEdit(entry.value)) from emptyVersion(), one record at a
  //       time. A CorruptEditError or VersionEditError becomes a CorruptManifestError ('edit') at the record's
  //       offset (add encodeFrame(entry).length per record to find it).
  // TODO: return the version and the number of records.
  throw new NotImplemented('11-manifest', 'replayManifest()');
}

class ManifestCatalog implements Catalog {
  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    private readonly maxBytes: number,
    public version: VersionState,
    private manifestNumber: number,
    private writer: WalWriter,
    private records: number,
  ) {}

  /** Opens the manifest CURRENT names, or creates the first one. Deletes manifests nothing names. */
  static async open(fs: FileSystem, dir: string, maxBytes: number): Promise<ManifestCatalog> {
    let catalog: ManifestCatalog;
    if (await fs.exists(`${dir}/${CURRENT_FILE}`)) {
      const number = await readCurrent(fs, dir);
      const path = `${dir}/${manifestName(number)}`;
      const { version, records } = await replayManifest(fs, path);
      const writer = await WalWriter.open(fs, path, { sync: { kind: 'manual' } });
      catalog = new ManifestCatalog(fs, dir, maxBytes, version, number, writer, records);
    } else {
      // A new database. A manifest left by a crash before CURRENT was written is no one's.
      const version = emptyVersion();
      const writer = await ManifestCatalog.writeSnapshot(fs, dir, 1, version);
      await writeCurrent(fs, dir, 1);
      catalog = new ManifestCatalog(fs, dir, maxBytes, version, 1, writer, 1);
    }
    await catalog.deleteObsoleteManifests();
    return catalog;
  }

  /** Writes a new manifest holding a snapshot of `version`, synced. Returns its open writer. */
  private static async writeSnapshot(
    fs: FileSystem,
    dir: string,
    number: number,
    version: VersionState,
  ): Promise<WalWriter> {
    const path = `${dir}/${manifestName(number)}`;
    if (await fs.exists(path)) await fs.remove(path);
    const writer = await WalWriter.open(fs, path, { sync: { kind: 'manual' } });
    for (const record of snapshotRecords(version, 1)) await writer.append(record);
    await writer.sync();
    return writer;
  }

  /** Logs `edit` (durable when this resolves), or rewrites the manifest if it is too large. */
  async apply(edit: VersionEdit): Promise<void> {
    // TODO: next = applyEdit(this.version, edit) first: an edit that does not fit is refused before
    //       anything is written.
    // TODO: if this.writer.size >= this.maxBytes, this.rewrite(next); otherwise append
    //       editRecord(++this.records, edit) and sync it.
    // TODO: only then this.version = next.
    throw new NotImplemented('11-manifest', 'ManifestCatalog.apply()');
  }

  /** A new manifest with a snapshot of `version`: written and synced, then CURRENT switched, then the old one deleted. */
  private async rewrite(version: VersionState): Promise<void> {
    // TODO: the new manifest is number this.manifestNumber + 1: write it with
    //       ManifestCatalog.writeSnapshot (synced when it resolves).
    // TODO: only then point CURRENT at it (writeCurrent).
    // TODO: switch this.writer, this.manifestNumber and this.records (the snapshot's record count),
    //       close the old writer, and deleteObsoleteManifests().
    throw new NotImplemented('11-manifest', 'ManifestCatalog.rewrite()');
  }

  /** Removes every manifest but the live one, and a CURRENT.tmp a crash left. */
  private async deleteObsoleteManifests(): Promise<void> {
    for (const name of await this.fs.list(this.dir)) {
      const number = parseManifestName(name);
      if ((number !== null && number !== this.manifestNumber) || name === CURRENT_TEMP)
        await this.fs.remove(`${this.dir}/${name}`);
    }
  }

  ownsFile(name: string): boolean {
    return name === CURRENT_FILE || name === manifestName(this.manifestNumber);
  }

  /** The live manifest's name and size, for tests and tools. */
  get manifest(): { readonly name: string; readonly size: number } {
    return { name: manifestName(this.manifestNumber), size: this.writer.size };
  }

  async close(): Promise<void> {
    await this.writer.close();
  }
}

/** The lesson-11 catalog: `openDb(fs, dir, { catalog: manifestCatalog() })`. */
export function manifestCatalog(options: ManifestOptions = {}): CatalogFactory {
  const maxBytes = options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new RangeError(`maxManifestBytes must be a whole number of at least 1, got ${maxBytes}.`);
  return { name: 'manifest', open: (fs, dir) => ManifestCatalog.open(fs, dir, maxBytes) };
}
