// The LSM tree: the reference engine of lesson 10 (openDb), running in the browser on the
// simulated file system, with lesson 12's leveled compaction when it is switched on. Nothing of
// the engine is redrawn from a model: the picture only watches it through its own extension
// points and files.
//
// - The levels and tables are `db.version`, the engine's version state.
// - The memtables are projections of their logs: each one's logs replayed with the engine's own
//   `replayLogs` (exactly how open rebuilds a memtable), so their sizes are `approximateSize`.
// - A freeze is seen as the engine opening a new log; flushes and compactions as the version
//   edits the catalog is given (the catalog option, wrapping the lesson-10 snapshot catalog).
// - A flush can be paused: the file system the engine writes through holds the flush's first
//   call (opening its `.sst.tmp`) until the reader lets it run, as lesson 10's tests pause it.
// - A get records which tables' blocks it read, through the `tableFileSystem` option.
import React, { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { MemTable } from '@ferris/05-memtable/memtable.ts';
import { openDb, replayLogs, type Db } from '@ferris/10-lsm-engine/db.ts';
import { snapshotCatalog, tableMayHold, type Catalog, type CatalogFactory } from '@ferris/10-lsm-engine/catalog.ts';
import { parseFileName } from '@ferris/10-lsm-engine/files.ts';
import { noCompaction, type CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import type { TableMeta, VersionEdit, VersionState } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction, type CompactionStats } from '@ferris/12-compaction/leveled.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import { randomInt, seededRandom, type RandomSource } from '@support/random.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import { PictureFrame, errorText } from '../components/PictureFrame';
import { ensureSharedArrayBuffer } from '../components/sharedArrayBuffer';

export const picture = {
  title: 'LSM tree',
  lesson: '10-lsm-engine',
  description:
    'The reference engine in your browser: put and delete keys, watch the memtable fill, freeze and flush to level 0, and (lesson 12) compact into deeper levels; get says where a value was found.',
};

const DIR = 'db';
/** Tiny, so that a dozen writes fill a memtable. */
const MEMTABLE_BYTES = 256;
/** Lesson 12's options, scaled down like the memtable (the defaults are 4 tables, 10 MiB, 10, 2 MiB). */
const LEVELED = { level0Tables: 4, level1Bytes: 1024, sizeRatio: 4, targetTableBytes: 256 } as const;
const MAX_EVENTS = 6;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (bytes: Uint8Array): string => decoder.decode(bytes);
const pad = (n: number): string => String(n).padStart(6, '0');
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** What the picture learns from the engine's file system, catalog and compaction calls. */
interface Watch {
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

function newWatch(onChange: () => void): Watch {
  return { opened: false, paused: true, waiting: null, inCompaction: false, reads: null, activeLogs: [], frozen: [], events: [], onChange };
}

function addEvent(watch: Watch, event: string): void {
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

/** The file system tables are read through (the `tableFileSystem` option): records a get's reads. */
class ReadRecorder extends ForwardingFileSystem {
  constructor(
    inner: FileSystem,
    private readonly w: Watch,
  ) {
    super(inner);
  }
  override async openRead(path: string): Promise<ReadFile> {
    const file = await this.inner.openRead(path);
    const number = parseFileName(path.slice(path.lastIndexOf('/') + 1))?.number ?? 0;
    const w = this.w;
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      read(offset: number, length: number) {
        if (w.reads && !w.reads.includes(number)) w.reads.push(number);
        return file.read(offset, length);
      },
      close: () => file.close(),
    };
  }
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
              (t ? `Flush: table ${pad(t.fileNumber)} written to level 0 (${t.entryCount} entries, ${t.fileSize} bytes)` : 'Flush: an empty memtable, no table') +
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

interface Session {
  readonly sim: SimulatedFileSystem;
  readonly db: Db;
  readonly watch: Watch;
  readonly compaction: { stats: CompactionStats } | null;
}

async function openSession(sim: SimulatedFileSystem, watch: Watch, compactionOn: boolean): Promise<Session> {
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
    tableFileSystem: (fs) => new ReadRecorder(fs, watch),
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
async function closeSession(session: Session): Promise<void> {
  session.watch.paused = false;
  session.watch.waiting?.();
  await session.db.close();
}

interface MemView {
  readonly role: 'active' | 'frozen';
  readonly logs: number[];
  readonly memtable: MemTable;
}

async function memtablesOf(session: Session): Promise<MemView[]> {
  const { sim, watch } = session;
  const active = await replayLogs(sim, DIR, watch.activeLogs, 0);
  const frozen = await Promise.all(watch.frozen.map(async (f) => ({ role: 'frozen' as const, logs: f.logs, memtable: (await replayLogs(sim, DIR, f.logs, 0)).memtable })));
  // Newest first, the order get asks them in.
  return [{ role: 'active', logs: watch.activeLogs, memtable: active.memtable }, ...frozen.reverse()];
}

interface View {
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

async function viewOf(session: Session): Promise<View> {
  const mems = await memtablesOf(session);
  const files = await Promise.all((await session.sim.list(DIR)).map(async (name) => ({ name, size: (await session.sim.readFile(`${DIR}/${name}`)).length })));
  return {
    version: session.db.version,
    lastSequence: session.db.lastSequence,
    memtables: mems.map((m) => ({
      role: m.role,
      logs: m.logs,
      size: m.memtable.approximateSize,
      entries: [...m.memtable.entries()].map((e) => ({ key: text(e.key), value: e.value === null ? null : text(e.value), sequence: e.sequence })),
    })),
    files,
    waiting: session.watch.waiting !== null,
    events: session.watch.events,
    stats: session.compaction ? { ...session.compaction.stats } : null,
  };
}

/** Where a get's answer came from. */
type Source = { kind: 'memtable'; index: number } | { kind: 'table'; fileNumber: number } | null;

interface GetResult {
  /** How many gets so far: tells a repeated get's answer from the last one. */
  readonly count: number;
  readonly key: string;
  readonly text: string;
  readonly source: Source;
  readonly read: number[];
}

function levelOf(version: VersionState, fileNumber: number): number {
  return version.levels.findIndex((tables) => tables.some((t) => t.fileNumber === fileNumber));
}

function checkKey(key: string): string | null {
  if (key.length === 0) return 'Type a key first.';
  if (encoder.encode(key).length > 32) return 'Keep keys to 32 bytes here, so that they fit the drawing.';
  return null;
}

// Drawing geometry.
const WIDTH = 700;
const LABEL = 44;
const BOX_W = 98;
const BOX_H = 54;
const GAP = 6;
const PER_ROW = Math.floor((WIDTH - LABEL) / (BOX_W + GAP));
const MEM_H = 66;

export default function LsmTree(): React.JSX.Element {
  const id = useId();
  const [view, setView] = useState<View | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [key, setKey] = useState('apple');
  const [value, setValue] = useState('red');
  const [getKey, setGetKey] = useState('apple');
  const [got, setGot] = useState<GetResult | null>(null);
  const [paused, setPaused] = useState(true);
  const [compactionOn, setCompactionOn] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const session = useRef<Session | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const random = useRef<RandomSource>(seededRandom(10));
  const counter = useRef(0);
  const refreshes = useRef(0);
  const pausedNow = useRef(true);
  /** Changes when the picture unmounts, so that a database still opening is closed, not shown. */
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const s = session.current;
    if (!s) return;
    const mine = ++refreshes.current;
    await tick();
    try {
      const next = await viewOf(s);
      if (mine === refreshes.current && session.current === s) setView(next);
    } catch (error) {
      if (mine === refreshes.current) setFailure(errorText(error));
    }
  }, []);

  /** Runs `work` after the work before it; says so if it has to wait (for a paused flush). */
  const run = useCallback(
    (label: string, work: (s: Session) => Promise<string | void>) => {
      const step = queue.current.then(async () => {
        const s = session.current;
        if (!s) return;
        const done = work(s).then(
          (said) => ({ said: said ?? null }),
          (error: unknown) => ({ said: errorText(error) }),
        );
        const early = await Promise.race([done, tick().then(() => null)]);
        if (early === null && s.watch.waiting !== null) {
          setPending(label);
          setMessage(`${label} is waiting: a new memtable may not freeze while ${s.db.options.maxImmutableMemtables} frozen ones wait for their flush (maxImmutableMemtables). Run a flush to let it through.`);
          await refresh();
        }
        const { said } = await done;
        setPending(null);
        if (said !== null) setMessage(said);
        await refresh();
      });
      queue.current = step.catch(() => {});
      return step;
    },
    [refresh],
  );

  /** Closes the database there is (if any) and opens one on `sim`. */
  const start = useCallback(
    async (sim: SimulatedFileSystem, withCompaction: boolean, note: string, keepEvents: boolean) => {
      const mine = generation.current;
      const watch = newWatch(() => void refresh());
      watch.paused = pausedNow.current;
      const old = session.current;
      session.current = null;
      if (old) {
        if (keepEvents) watch.events = old.watch.events;
        await closeSession(old);
      }
      try {
        const opened = await openSession(sim, watch, withCompaction);
        if (mine !== generation.current) return void (await closeSession(opened));
        session.current = opened;
        addEvent(watch, note);
        setFailure(null);
      } catch (error) {
        setFailure(errorText(error));
      }
      await refresh();
    },
    [refresh],
  );

  useEffect(() => {
    void start(new SimulatedFileSystem({ seed: 1 }), false, 'Opened an empty database: one log, an empty memtable, no tables.', false);
    return () => {
      generation.current++;
      const s = session.current;
      session.current = null;
      if (s) void closeSession(s);
    };
  }, [start]);

  const put = (e: React.FormEvent) => {
    e.preventDefault();
    const problem = checkKey(key);
    if (problem) return setMessage(problem);
    const k = key;
    const v = value;
    void run(`put("${k}")`, async (s) => {
      await s.db.put(encoder.encode(k), encoder.encode(v));
      return `put("${k}", "${v}") is in the log and the memtable (sequence ${s.db.lastSequence}).`;
    });
  };

  const del = () => {
    const problem = checkKey(key);
    if (problem) return setMessage(problem);
    const k = key;
    void run(`delete("${k}")`, async (s) => {
      await s.db.delete(encoder.encode(k));
      return `delete("${k}") wrote a tombstone (sequence ${s.db.lastSequence}).`;
    });
  };

  const putMany = () => {
    void run('put of 10 keys', async (s) => {
      const written: string[] = [];
      for (let i = 0; i < 10; i++) {
        const k = `k${String(randomInt(random.current, 100)).padStart(2, '0')}`;
        const v = `v${++counter.current}`;
        await s.db.put(encoder.encode(k), encoder.encode(v));
        written.push(`${k}=${v}`);
      }
      return `Put ${written.join(', ')}.`;
    });
  };

  const get = (e: React.FormEvent) => {
    e.preventDefault();
    const problem = checkKey(getKey);
    if (problem) return setMessage(problem);
    const k = getKey;
    void run(`get("${k}")`, async (s) => {
      const bytes = encoder.encode(k);
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
      let where: string;
      let source: Source = null;
      if (read.length === 0) {
        // No table was read: a memtable answered, or no source knows the key. Which memtable is
        // asked of their logs' projections, newest first, as get asks the memtables themselves.
        const mems = await memtablesOf(s);
        const index = mems.findIndex((m) => m.memtable.get(bytes).kind !== 'missing');
        if (index >= 0) {
          const m = mems[index]!;
          source = { kind: 'memtable', index };
          where = `No table was read: the ${m.role === 'active' ? 'active memtable' : 'frozen (immutable) memtable'} of log${m.logs.length === 1 ? '' : 's'} ${m.logs.map(pad).join(', ')} answered${found === undefined ? ' with a tombstone' : ''}.`;
        } else {
          where = `No memtable holds the key, and no table was read${inRange.length > 0 ? ` (the bloom filter ruled out table${inRange.length === 1 ? '' : 's'} ${filtered.join(', ')})` : ': no table\u2019s key range holds it'}.`;
        }
      } else {
        const last = read[read.length - 1]!;
        const level = levelOf(version, last);
        where =
          `No memtable knew the key; get read a block of table${read.length === 1 ? '' : 's'} ${read.map(pad).join(', ')}` +
          (filtered.length > 0 ? ` (the bloom filter ruled out ${filtered.join(', ')})` : '') +
          (found === undefined
            ? `, and found no value: a tombstone in table ${pad(last)} (level ${level}), or the key is not there.`
            : `: the value came from table ${pad(last)} on level ${level}.`);
        if (found !== undefined) source = { kind: 'table', fileNumber: last };
      }
      setGot((previous) => ({ count: (previous?.count ?? 0) + 1, key: k, text: `get("${k}") returned ${result}. ${where}`, source, read }));
    });
  };

  const runFlush = () => {
    const s = session.current;
    if (!s?.watch.waiting) return;
    s.watch.waiting();
    setMessage('The paused flush ran: writeTable, then one catalog edit, then the old log was deleted.');
    void refresh();
  };

  const flushNow = () => {
    void run('flush()', async (s) => {
      await s.db.flush();
      return 'flush() froze the memtable and waited for every frozen memtable to be in a table.';
    });
  };

  const togglePause = (on: boolean) => {
    setPaused(on);
    pausedNow.current = on;
    const s = session.current;
    if (!s) return;
    s.watch.paused = on;
    if (!on) s.watch.waiting?.();
    void refresh();
  };

  const toggleCompaction = (on: boolean) => {
    setCompactionOn(on);
    setGot(null);
    void run('reopen', async (s) => {
      await start(s.sim, on, `Closed and reopened ${on ? 'with leveled compaction (lesson 12)' : 'without compaction (lesson 10)'}: the catalog gave the version, the logs were replayed into the memtable.`,
        true,
      );
      return on ? 'Compaction is on: once level 0 holds 4 tables, they are merged into level 1.' : 'Compaction is off: level 0 grows with every flush.';
    });
  };

  const startOver = () => {
    setGot(null);
    random.current = seededRandom(10);
    counter.current = 0;
    void run('start over', async () => {
      const fresh = new SimulatedFileSystem({ seed: 1 });
      await start(fresh, compactionOn, 'Started over: an empty database on a new simulated disk.', false);
      return 'Started over.';
    });
  };

  // ---- the drawing ----------------------------------------------------------------------------

  const version = view?.version;
  const deepest = version ? Math.max(0, ...version.levels.map((t, l) => (t.length > 0 ? l : 0))) : 0;
  const shownLevels = Math.min(version?.levels.length ?? 2, Math.max(2, deepest + 2));
  const rowsOf = (level: number) => Math.max(1, Math.ceil((version?.levels[level]?.length ?? 0) / PER_ROW));
  const laneTop: number[] = [];
  let y = MEM_H + 34;
  for (let l = 0; l < shownLevels; l++) {
    laneTop.push(y);
    y += rowsOf(l) * (BOX_H + GAP) + GAP + 4;
  }
  const height = y + 4;
  // An ordinal key axis: every table's first and last key, in order, so overlaps show.
  const bounds = version
    ? [...new Set(version.levels.flat().flatMap((t) => [text(t.smallest.userKey), text(t.largest.userKey)]))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      )
    : [];
  const at = (k: string) => (bounds.length <= 1 ? 0.5 : bounds.indexOf(k) / (bounds.length - 1));
  const active = view?.memtables[0];
  const frozen = view?.memtables.slice(1).reverse() ?? []; // oldest first, left to right
  const source = got?.source ?? null;

  const description = view
    ? `The active memtable holds ${active?.size ?? 0} of ${MEMTABLE_BYTES} bytes` +
      `; ${frozen.length} frozen memtable${frozen.length === 1 ? '' : 's'}` +
      view.version.levels
        .slice(0, shownLevels)
        .map((tables, l) =>
          tables.length === 0
            ? `; level ${l} is empty`
            : `; level ${l}: ${tables.map((t) => `table ${pad(t.fileNumber)} (${text(t.smallest.userKey)} to ${text(t.largest.userKey)}, ${t.fileSize} bytes)`).join(', ')}`,
        )
        .join('') +
      '.'
    : 'The database is opening.';

  const tableBox = (t: TableMeta, level: number, i: number) => {
    const x = LABEL + (i % PER_ROW) * (BOX_W + GAP);
    const top = laneTop[level]! + 3 + Math.floor(i / PER_ROW) * (BOX_H + GAP);
    const answered = source?.kind === 'table' && source.fileNumber === t.fileNumber;
    const wasRead = got?.read.includes(t.fileNumber) ?? false;
    const lo = text(t.smallest.userKey);
    const hi = text(t.largest.userKey);
    const short = (k: string) => (k.length > 6 ? `${k.slice(0, 5)}…` : k);
    return (
      <g key={t.fileNumber} data-table={t.fileNumber} data-level={level} data-smallest={lo} data-largest={hi} className={answered ? 'is-answer' : undefined}>
        <rect
          x={x}
          y={top}
          width={BOX_W}
          height={BOX_H}
          rx={5}
          fill={level === 0 ? 'var(--ferris-field-1)' : 'var(--ferris-field-3)'}
          stroke={answered ? 'var(--ferris-path)' : wasRead ? 'var(--ferris-path)' : 'var(--ifm-color-emphasis-500)'}
          strokeWidth={answered ? 3 : wasRead ? 2 : 1}
          strokeDasharray={wasRead && !answered ? '5 3' : undefined}
        />
        <text x={x + 6} y={top + 15} fontSize={12} fontWeight={700} fill="var(--ferris-field-text)" fontFamily="var(--ifm-font-family-monospace)">
          {pad(t.fileNumber)}.sst
        </text>
        <text x={x + 6} y={top + 29} fontSize={11} fill="var(--ferris-field-text)" fontFamily="var(--ifm-font-family-monospace)">
          {short(lo)}–{short(hi)}
        </text>
        <text x={x + 6} y={top + 42} fontSize={10} fill="var(--ferris-field-text)">
          {t.fileSize} B · {t.entryCount} entries
        </text>
        <line x1={x + 6} x2={x + BOX_W - 6} y1={top + 48} y2={top + 48} stroke="var(--ferris-field-text)" strokeOpacity={0.2} strokeWidth={3} />
        <line
          x1={x + 6 + at(lo) * (BOX_W - 12)}
          x2={Math.max(x + 8 + at(lo) * (BOX_W - 12), x + 6 + at(hi) * (BOX_W - 12))}
          y1={top + 48}
          y2={top + 48}
          stroke="var(--ferris-field-text)"
          strokeWidth={3}
        />
      </g>
    );
  };

  const memBox = (m: View['memtables'][number], index: number, x: number, w: number) => {
    const ratio = Math.min(1, m.size / MEMTABLE_BYTES);
    const answered = source?.kind === 'memtable' && source.index === index;
    const isActive = m.role === 'active';
    return (
      <g key={`${m.role}-${m.logs.join('-')}`} data-memtable={m.role} data-size={m.size} data-entries={m.entries.length} className={answered ? 'is-answer' : undefined}>
        <rect
          x={x}
          y={8}
          width={w}
          height={MEM_H}
          rx={6}
          fill={isActive ? 'var(--ferris-field-0)' : 'var(--ferris-field-6)'}
          stroke={answered ? 'var(--ferris-path)' : 'var(--ifm-color-emphasis-500)'}
          strokeWidth={answered ? 3 : 1}
        />
        <text x={x + 8} y={25} fontSize={12} fontWeight={700} fill="var(--ferris-field-text)">
          {isActive ? 'active memtable' : 'frozen memtable'}
        </text>
        <text x={x + 8} y={40} fontSize={11} fill="var(--ferris-field-text)">
          {m.size} / {MEMTABLE_BYTES} B · {m.entries.length} entries
        </text>
        <rect x={x + 8} y={48} width={w - 16} height={10} rx={3} fill="var(--ifm-background-color)" stroke="var(--ifm-color-emphasis-500)" strokeWidth={0.5} />
        <rect x={x + 8} y={48} width={(w - 16) * ratio} height={10} rx={3} fill={isActive ? 'var(--ifm-color-primary)' : 'var(--ferris-field-7)'} />
        <text x={x + 8} y={70} fontSize={10} fill="var(--ferris-field-text)">
          {isActive ? `log${m.logs.length === 1 ? '' : 's'} ${m.logs.map(pad).join(', ')}` : view?.waiting && index === view.memtables.length - 1 ? 'flush paused' : 'waiting for its flush'}
        </text>
      </g>
    );
  };

  return (
    <PictureFrame
      className="lsm-tree-picture"
      title={picture.title}
      caption={
        <>
          The reference engine (<code>openDb</code> of lesson 10) on the simulated disk, in your browser, with a{' '}
          {MEMTABLE_BYTES}-byte memtable. Put keys and watch the memtable fill; a full one freezes and its flush writes a level-0
          table (pause the flush to see the frozen memtable wait). Turn on lesson 12&rsquo;s leveled compaction to see level 0 merged
          into level 1 and deeper. Get a key to see where the value was found.
        </>
      }
    >
      <div className="ferris-picture__controls">
        <form onSubmit={put} aria-label="Write a key">
          <label>
            Key
            <input name="key" type="text" value={key} onChange={(e) => setKey(e.target.value)} spellCheck={false} />
          </label>
          <label>
            Value
            <input name="value" type="text" value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
          </label>
          <button type="submit" className="button button--primary button--sm">
            Put
          </button>
          <button type="button" className="button button--secondary button--sm" onClick={del}>
            Delete
          </button>
        </form>
        <button type="button" className="button button--secondary button--sm" onClick={putMany}>
          Put 10 keys
        </button>
        <form onSubmit={get} aria-label="Read a key">
          <label>
            Key to get
            <input name="get" type="text" value={getKey} onChange={(e) => setGetKey(e.target.value)} spellCheck={false} />
          </label>
          <button type="submit" className="button button--primary button--sm">
            Get
          </button>
        </form>
      </div>
      <div className="ferris-picture__controls">
        <label className="ferris-picture__check">
          <input name="pause" type="checkbox" checked={paused} onChange={(e) => togglePause(e.target.checked)} />
          Pause each flush
        </label>
        <button type="button" className="button button--primary button--sm" onClick={runFlush} disabled={!view?.waiting}>
          Run the flush
        </button>
        <button type="button" className="button button--secondary button--sm" onClick={flushNow}>
          Flush now
        </button>
        <label className="ferris-picture__check">
          <input name="compaction" type="checkbox" checked={compactionOn} onChange={(e) => toggleCompaction(e.target.checked)} />
          Leveled compaction (lesson 12)
        </label>
        <button type="button" className="button button--secondary button--sm" onClick={startOver}>
          Start over
        </button>
      </div>

      <p data-testid="lsm-status" aria-live="polite" style={{ minHeight: '1.5em' }}>
        {pending ? <strong>{`${pending} waits for a flush. `}</strong> : null}
        {message}
      </p>
      {failure ? (
        <p className="ferris-picture__error" role="alert">
          {failure}
        </p>
      ) : null}

      <div style={{ overflowX: 'auto' }}>
        <svg role="img" aria-labelledby={`${id}-title`} width="100%" viewBox={`0 0 ${WIDTH} ${height}`} style={{ display: 'block', maxWidth: WIDTH, minWidth: 560 }}>
          <title id={`${id}-title`}>{description}</title>
          {active ? memBox(active, 0, LABEL, 232) : null}
          {frozen.map((m, i) => memBox(m, view!.memtables.length - 1 - i, LABEL + 232 + 14 + i * 174, 160))}
          <text x={LABEL} y={MEM_H + 26} fontSize={11} fill="var(--ifm-color-emphasis-700)">
            ↓ flush: a frozen memtable becomes a level-0 table (file, first–last key, size; the bar: its key range)
          </text>
          {Array.from({ length: shownLevels }, (_, level) => (
            <g key={`lane-${level}`} data-lane={level}>
              <rect x={0} y={laneTop[level]!} width={WIDTH} height={rowsOf(level) * (BOX_H + GAP) + GAP} rx={6} fill="var(--ifm-color-emphasis-100)" />
              <text x={8} y={laneTop[level]! + 22} fontSize={13} fontWeight={700} fill="var(--ifm-font-color-base)">
                L{level}
              </text>
              {version?.levels[level]?.length === 0 ? (
                <text x={LABEL + 4} y={laneTop[level]! + 33} fontSize={11} fill="var(--ifm-color-emphasis-700)">
                  {level === 0
                    ? 'empty: no flush yet'
                    : compactionOn
                      ? `empty: filled when level ${level - 1} is compacted`
                      : 'empty: only compaction (lesson 12) writes here'}
                </text>
              ) : null}
              {version?.levels[level]?.map((t, i) => tableBox(t, level, i))}
            </g>
          ))}
        </svg>
      </div>

      <div data-testid="lsm-get-result" data-count={got?.count ?? 0} aria-live="polite">
        {got ? <p>{got.text}</p> : <p>Get a key to see where the engine found it.</p>}
      </div>

      {view ? (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: '0 1.5rem', fontSize: '0.85rem' }}>
          <div>
            <p style={{ marginBottom: '0.3rem' }}>
              <strong>What happened</strong> (the last {MAX_EVENTS}, newest first)
            </p>
            <ul data-testid="lsm-events" style={{ paddingLeft: '1.2rem' }}>
              {view.events.map((e, i) => (
                <li key={`${view.events.length - i}-${e}`}>{e}</li>
              ))}
            </ul>
          </div>
          <div>
            <p style={{ marginBottom: '0.3rem' }}>
              <strong>Files in {DIR}/</strong> (last sequence {view.lastSequence}
              {view.stats ? `; compaction wrote ${view.stats.bytesWritten} bytes in ${view.stats.compactions} run${view.stats.compactions === 1 ? '' : 's'}` : ''})
            </p>
            <ul data-testid="lsm-files" style={{ paddingLeft: '1.2rem' }}>
              {view.files.map((f) => (
                <li key={f.name}>
                  <code>{f.name}</code> {f.size} bytes
                </li>
              ))}
            </ul>
            {active && active.entries.length > 0 ? (
              <p data-testid="lsm-active-entries">
                Active memtable:{' '}
                {active.entries.map((e, i) => (
                  <React.Fragment key={`${e.key}-${e.sequence}`}>
                    {i > 0 ? ', ' : ''}
                    <code>{e.value === null ? `${e.key} (deleted)` : `${e.key}=${e.value}`}</code>
                  </React.Fragment>
                ))}
              </p>
            ) : null}
          </div>
        </div>
      ) : (
        <p>Opening the database…</p>
      )}
    </PictureFrame>
  );
}
