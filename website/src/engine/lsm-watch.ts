// The LSM picture's engine watching, apart from its drawing: the reference engine of lesson 10
// (openDb), on the simulated file system, with lesson 12's leveled compaction when it is on.
// Nothing of the engine is redrawn from a model: this module only watches it through its own
// extension points and files, and it runs without a browser (test/support/lsm-watch.test.ts).
//
// - The levels and tables are `db.version`, the engine's version state.
// - The memtables are projections of their logs: each one's logs replayed with the engine's own
//   `replayLogs` (exactly how open rebuilds a memtable), so their sizes are `approximateSize`.
// - A freeze is seen as the engine opening a new log; flushes and compactions as the version
//   edits the catalog is given (the catalog option, wrapping the lesson-10 snapshot catalog).
// - A flush can be paused: the file system the engine writes through holds the flush's first
//   call (opening its `.sst.tmp`) until the reader lets it run, as lesson 10's tests pause it.
// - A get records which tables' blocks it read, through the `tableFileSystem` option.
import type { MemTable } from '@ferris/05-memtable/memtable.ts';
import { openDb, replayLogs, type Db } from '@ferris/10-lsm-engine/db.ts';
import { snapshotCatalog, tableMayHold, type Catalog, type CatalogFactory } from '@ferris/10-lsm-engine/catalog.ts';
import { parseFileName } from '@ferris/10-lsm-engine/files.ts';
import { noCompaction, type CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import type { VersionEdit, VersionState } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction, type CompactionStats } from '@ferris/12-compaction/leveled.ts';
import type { AppendFile, FileSystem } from '@support/fs.ts';
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import type { SimulatedFileSystem } from '@support/sim-fs.ts';
import { ReadRecorder } from '../components/readRecorder';
import { ensureSharedArrayBuffer } from '../components/sharedArrayBuffer';
import { fileNumberText as pad, text, utf8 } from '../components/text';

export const DIR = 'db';
/** Tiny, so that a dozen writes fill a memtable. */
export const MEMTABLE_BYTES = 256;
/** Lesson 12's options, scaled down like the memtable (the defaults are 4 tables, 10 MiB, 10, 2 MiB). */
export const LEVELED = { level0Tables: 4, level1Bytes: 1024, sizeRatio: 4, targetTableBytes: 256 } as const;
export const MAX_EVENTS = 6;
/** Keys longer than this do not fit the drawing. */
export const MAX_KEY_BYTES = 32;

/** What the picture learns from the engine's file system, catalog and compaction calls. */
export interface Watch {
  /** Set once open is done: before that, a new log is open's own, not a freeze. */
  opened: boolean;
  paused: boolean;
  /** The paused flush, if one waits: call to let it run. */
  waiting: (() => void) | null;
  inCompaction: boolean;
  /** Table files (by number) whose blocks were read, while a get records them. */
  reads: number[] | null;
  /** The logs of the active memtable, and of each frozen one (oldest first) with the log started when it froze. */
  activeLogs: number[];
  frozen: { logs: number[]; nextLog: number }[];
  events: string[];
  onChange: () => void;
}

export function newWatch(onChange: () => void): Watch {
  return {
    opened: false,
    paused: true,
    waiting: null,
    inCompaction: false,
    reads: null,
    activeLogs: [],
    frozen: [],
    events: [],
    onChange,
  };
}

export function addEvent(watch: Watch, event: string): void {
  watch.events = [event, ...watch.events].slice(0, MAX_EVENTS);
}

/** The file system the engine writes through: it sees new logs (freezes) and can hold a flush. */
class WatchedFileSystem extends ForwardingFileSystem {
  constructor(
    inner: FileSystem,
    private readonly watch: Watch,
  ) {
    super(inner);
  }
  override async openAppend(path: string): Promise<AppendFile> {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const file = parseFileName(name);
    const w = this.watch;
    if (file?.kind === 'table-temp' && !w.inCompaction && w.paused) {
      // A flush (compaction is the only other writer of tables): hold it until the reader says go.
      await new Promise<void>((resolve) => {
        w.waiting = () => {
          w.waiting = null;
          resolve();
        };
        w.onChange();
      });
    }
    if (file?.kind === 'log' && w.opened) {
      const frozenLogs = w.activeLogs;
      w.frozen.push({ logs: frozenLogs, nextLog: file.number });
      w.activeLogs = [file.number];
      addEvent(
        w,
        `Freeze: the memtable of log${frozenLogs.length === 1 ? '' : 's'} ${frozenLogs.map(pad).join(', ')} reached ${MEMTABLE_BYTES} bytes and is now immutable; log ${pad(file.number)} and a new memtable take the writes.`,
      );
    }
    return this.inner.openAppend(path);
  }
}

/** While a get records its reads, notes the table file a read went to. */
function recordTableRead(watch: Watch, path: string): void {
  const number = parseFileName(path.slice(path.lastIndexOf('/') + 1))?.number ?? 0;
  if (watch.reads && !watch.reads.includes(number)) watch.reads.push(number);
}

function describeTables(tables: readonly { level: number; fileNumber: number }[], level: number): string {
  return tables
    .filter((t) => t.level === level)
    .map((t) => pad(t.fileNumber))
    .join(', ');
}

/** The lesson-10 snapshot catalog, with every edit it is given written to the event list. */
function watchedCatalog(watch: Watch): CatalogFactory {
  const inner = snapshotCatalog();
  return {
    name: inner.name,
    async open(fs, dir) {
      const catalog = await inner.open(fs, dir);
      const watched: Catalog = {
        get version() {
          return catalog.version;
        },
        async apply(edit: VersionEdit) {
          await catalog.apply(edit);
          const added = edit.added ?? [];
          const removed = edit.removed ?? [];
          if (removed.length > 0) {
            const from = Math.min(...removed.map((r) => r.level));
            const into = from + 1;
            const out = added.map((a) => ({ level: a.level, fileNumber: a.table.fileNumber }));
            const below = describeTables(removed, into);
            addEvent(
              watch,
              `Compaction: level ${from} table${removed.filter((r) => r.level === from).length === 1 ? '' : 's'} ${describeTables(removed, from)}` +
                (below ? ` and level ${into} table${below.includes(',') ? 's' : ''} ${below}` : '') +
                ` merged into level ${into}: ${out.length === 0 ? 'nothing left (all deleted)' : `table${out.length === 1 ? '' : 's'} ${describeTables(out, into)}`}.`,
            );
          } else if (edit.logNumber !== undefined) {
            const t = added[0]?.table;
            addEvent(
              watch,
              (t
                ? `Flush: table ${pad(t.fileNumber)} written to level 0 (${t.entryCount} entries, ${t.fileSize} bytes)`
                : 'Flush: an empty memtable, no table') +
                `; the catalog now needs only logs from ${pad(edit.logNumber)} on.`,
            );
            watch.frozen = watch.frozen.filter((f) => f.nextLog > edit.logNumber!);
          }
        },
        ownsFile: (name) => catalog.ownsFile(name),
        close: () => catalog.close(),
      };
      return watched;
    },
  };
}

export interface Session {
  readonly sim: SimulatedFileSystem;
  readonly db: Db;
  readonly watch: Watch;
  readonly compaction: { stats: CompactionStats } | null;
}

export async function openSession(sim: SimulatedFileSystem, watch: Watch, compactionOn: boolean): Promise<Session> {
  ensureSharedArrayBuffer();
  const leveled = compactionOn ? leveledCompaction(LEVELED) : null;
  const inner = leveled ?? noCompaction;
  const compaction: CompactionStrategy = {
    name: inner.name,
    async compact(host) {
      watch.inCompaction = true;
      try {
        await inner.compact(host);
      } finally {
        watch.inCompaction = false;
      }
    },
  };
  watch.opened = false;
  const db = await openDb(new WatchedFileSystem(sim, watch), DIR, {
    memtableBytes: MEMTABLE_BYTES,
    catalog: watchedCatalog(watch),
    compaction,
    tableFileSystem: (fs) => new ReadRecorder(fs, (path) => recordTableRead(watch, path)),
  });
  // The memtable open built holds every log the catalog still needs, and the log open started.
  const logs = (await sim.list(DIR))
    .map((name) => parseFileName(name))
    .filter((f) => f?.kind === 'log' && f.number >= db.version.logNumber)
    .map((f) => f!.number)
    .sort((a, b) => a - b);
  watch.activeLogs = logs;
  watch.frozen = [];
  watch.opened = true;
  return { sim, db, watch, compaction: leveled };
}

/** Lets every paused flush run, then closes the database (close waits for the background work). */
export async function closeSession(session: Session): Promise<void> {
  session.watch.paused = false;
  session.watch.waiting?.();
  await session.db.close();
}

export interface MemView {
  readonly role: 'active' | 'frozen';
  readonly logs: number[];
  readonly memtable: MemTable;
}

export async function memtablesOf(session: Session): Promise<MemView[]> {
  const { sim, watch } = session;
  const active = await replayLogs(sim, DIR, watch.activeLogs, 0);
  const frozen = await Promise.all(
    watch.frozen.map(async (f) => ({
      role: 'frozen' as const,
      logs: f.logs,
      memtable: (await replayLogs(sim, DIR, f.logs, 0)).memtable,
    })),
  );
  // Newest first, the order get asks them in.
  return [{ role: 'active', logs: watch.activeLogs, memtable: active.memtable }, ...frozen.reverse()];
}

export interface View {
  readonly version: VersionState;
  readonly lastSequence: number;
  readonly memtables: {
    readonly role: 'active' | 'frozen';
    readonly logs: number[];
    readonly size: number;
    readonly entries: { key: string; value: string | null; sequence: number }[];
  }[];
  readonly files: { name: string; size: number }[];
  readonly waiting: boolean;
  readonly events: string[];
  readonly stats: CompactionStats | null;
}

export async function viewOf(session: Session): Promise<View> {
  const mems = await memtablesOf(session);
  const files = await Promise.all(
    (await session.sim.list(DIR)).map(async (name) => ({
      name,
      size: (await session.sim.readFile(`${DIR}/${name}`)).length,
    })),
  );
  return {
    version: session.db.version,
    lastSequence: session.db.lastSequence,
    memtables: mems.map((m) => ({
      role: m.role,
      logs: m.logs,
      size: m.memtable.approximateSize,
      entries: [...m.memtable.entries()].map((e) => ({
        key: text(e.key),
        value: e.value === null ? null : text(e.value),
        sequence: e.sequence,
      })),
    })),
    files,
    waiting: session.watch.waiting !== null,
    events: session.watch.events,
    stats: session.compaction ? { ...session.compaction.stats } : null,
  };
}

/** Where a get's answer came from. */
export type Source = { kind: 'memtable'; index: number } | { kind: 'table'; fileNumber: number } | null;

export interface GetResult {
  /** How many gets so far: tells a repeated get's answer from the last one. */
  readonly count: number;
  readonly key: string;
  readonly text: string;
  readonly source: Source;
  readonly read: number[];
}

export function levelOf(version: VersionState, fileNumber: number): number {
  return version.levels.findIndex((tables) => tables.some((t) => t.fileNumber === fileNumber));
}

export function checkKey(key: string): string | null {
  if (key.length === 0) return 'Type a key first.';
  if (utf8(key).length > MAX_KEY_BYTES)
    return `Keep keys to ${MAX_KEY_BYTES} bytes here, so that they fit the drawing.`;
  return null;
}

/** What a get returned and where the engine found it, in words. */
export interface GetExplained {
  readonly text: string;
  readonly source: Source;
  readonly read: number[];
}

/** Runs `db.get(key)` while recording the tables it reads, and says where the answer came from. */
export async function explainGet(s: Session, key: string): Promise<GetExplained> {
  const bytes = utf8(key);
  const read: number[] = [];
  s.watch.reads = read;
  let found: Uint8Array | undefined;
  try {
    found = await s.db.get(bytes);
  } finally {
    s.watch.reads = null;
  }
  const version = s.db.version;
  const inRange = version.levels.flat().filter((t) => tableMayHold(t, bytes));
  const filtered = inRange.filter((t) => !read.includes(t.fileNumber)).map((t) => pad(t.fileNumber));
  const result = found === undefined ? 'nothing' : `"${text(found)}"`;
  const answer = (where: string, source: Source): GetExplained => ({
    text: `get("${key}") returned ${result}. ${where}`,
    source,
    read,
  });
  if (read.length === 0) {
    // No table was read: a memtable answered, or no source knows the key. Which memtable is
    // asked of their logs' projections, newest first, as get asks the memtables themselves.
    const mems = await memtablesOf(s);
    const index = mems.findIndex((m) => m.memtable.get(bytes).kind !== 'missing');
    if (index < 0) {
      return answer(
        `No memtable holds the key, and no table was read${inRange.length > 0 ? ` (the bloom filter ruled out table${inRange.length === 1 ? '' : 's'} ${filtered.join(', ')})` : ': no table\u2019s key range holds it'}.`,
        null,
      );
    }
    const m = mems[index]!;
    return answer(
      `No table was read: the ${m.role === 'active' ? 'active memtable' : 'frozen (immutable) memtable'} of log${m.logs.length === 1 ? '' : 's'} ${m.logs.map(pad).join(', ')} answered${found === undefined ? ' with a tombstone' : ''}.`,
      { kind: 'memtable', index },
    );
  }
  const last = read[read.length - 1]!;
  const level = levelOf(version, last);
  const where =
    `No memtable knew the key; get read a block of table${read.length === 1 ? '' : 's'} ${read.map(pad).join(', ')}` +
    (filtered.length > 0 ? ` (the bloom filter ruled out ${filtered.join(', ')})` : '') +
    (found === undefined
      ? `, and found no value: a tombstone in table ${pad(last)} (level ${level}), or the key is not there.`
      : `: the value came from table ${pad(last)} on level ${level}.`);
  return answer(where, found === undefined ? null : { kind: 'table', fileNumber: last });
}
