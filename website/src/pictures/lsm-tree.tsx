// The LSM tree picture: the drawing and the controls. What it shows is the reference engine of
// lesson 10 (with lesson 12's compaction) running in the browser, watched through its own
// extension points by ../engine/lsm-watch.ts, which holds all the engine logic and is tested
// without a browser.
import React, { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { TableMeta } from '@ferris/10-lsm-engine/version.ts';
import { randomInt, seededRandom, type RandomSource } from '@support/random.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { PictureFrame, errorText } from '../components/PictureFrame';
import { fileNumberText as pad, text, utf8 } from '../components/text';
import {
  DIR,
  MAX_EVENTS,
  MEMTABLE_BYTES,
  addEvent,
  checkKey,
  closeSession,
  explainGet,
  newWatch,
  openSession,
  viewOf,
  type GetExplained,
  type Session,
  type View,
} from '../engine/lsm-watch';

export const picture = {
  title: 'LSM tree',
  lesson: '10-lsm-engine',
  description:
    'The reference engine in your browser: put and delete keys, watch the memtable fill, freeze and flush to level 0, and (lesson 12) compact into deeper levels; get says where a value was found.',
};

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface GetResult extends GetExplained {
  /** How many gets so far: tells a repeated get's answer from the last one. */
  readonly count: number;
  readonly key: string;
}

// Drawing geometry.
const WIDTH = 700;
const LABEL = 44;
const BOX_W = 124;
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
          setMessage(
            `${label} is waiting: a new memtable may not freeze while ${s.db.options.maxImmutableMemtables} frozen ones wait for their flush (maxImmutableMemtables). Run a flush to let it through.`,
          );
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
    void start(
      new SimulatedFileSystem({ seed: 1 }),
      false,
      'Opened an empty database: one log, an empty memtable, no tables.',
      false,
    );
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
      await s.db.put(utf8(k), utf8(v));
      return `put("${k}", "${v}") is in the log and the memtable (sequence ${s.db.lastSequence}).`;
    });
  };

  const del = () => {
    const problem = checkKey(key);
    if (problem) return setMessage(problem);
    const k = key;
    void run(`delete("${k}")`, async (s) => {
      await s.db.delete(utf8(k));
      return `delete("${k}") wrote a tombstone (sequence ${s.db.lastSequence}).`;
    });
  };

  const putMany = () => {
    void run('put of 10 keys', async (s) => {
      const written: string[] = [];
      for (let i = 0; i < 10; i++) {
        const k = `k${String(randomInt(random.current, 100)).padStart(2, '0')}`;
        const v = `v${++counter.current}`;
        await s.db.put(utf8(k), utf8(v));
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
      const explained = await explainGet(s, k);
      setGot((previous) => ({ ...explained, count: (previous?.count ?? 0) + 1, key: k }));
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
      await start(
        s.sim,
        on,
        `Closed and reopened ${on ? 'with leveled compaction (lesson 12)' : 'without compaction (lesson 10)'}: the catalog gave the version; the logs were replayed, what they held was flushed to a table on level 0, and only a new log remains.`,
        true,
      );
      return on
        ? 'Compaction is on: once level 0 holds 4 tables, they are merged into level 1.'
        : 'Compaction is off: level 0 grows with every flush.';
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
    ? [...new Set(version.levels.flat().flatMap((t) => [text(t.smallest.userKey), text(t.largest.userKey)]))].sort(
        (a, b) => (a < b ? -1 : a > b ? 1 : 0),
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
      <g
        key={t.fileNumber}
        data-table={t.fileNumber}
        data-level={level}
        data-smallest={lo}
        data-largest={hi}
        className={answered ? 'is-answer' : undefined}
      >
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
        <text
          x={x + 6}
          y={top + 15}
          fontSize={12}
          fontWeight={700}
          fill="var(--ferris-field-text)"
          fontFamily="var(--ifm-font-family-monospace)"
        >
          {pad(t.fileNumber)}.sst
        </text>
        <text
          x={x + 6}
          y={top + 29}
          fontSize={12}
          fill="var(--ferris-field-text)"
          fontFamily="var(--ifm-font-family-monospace)"
        >
          {short(lo)}–{short(hi)}
        </text>
        <text x={x + 6} y={top + 42} fontSize={12} fill="var(--ferris-field-text)">
          {t.fileSize} B · {t.entryCount} entries
        </text>
        <line
          x1={x + 6}
          x2={x + BOX_W - 6}
          y1={top + 48}
          y2={top + 48}
          stroke="var(--ferris-field-text)"
          strokeOpacity={0.2}
          strokeWidth={3}
        />
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
      <g
        key={`${m.role}-${m.logs.join('-')}`}
        data-memtable={m.role}
        data-size={m.size}
        data-entries={m.entries.length}
        className={answered ? 'is-answer' : undefined}
      >
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
        <text x={x + 8} y={40} fontSize={12} fill="var(--ferris-field-text)">
          {m.size} / {MEMTABLE_BYTES} B · {m.entries.length} entries
        </text>
        <rect
          x={x + 8}
          y={48}
          width={w - 16}
          height={10}
          rx={3}
          fill="var(--ifm-background-color)"
          stroke="var(--ifm-color-emphasis-500)"
          strokeWidth={0.5}
        />
        <rect
          x={x + 8}
          y={48}
          width={(w - 16) * ratio}
          height={10}
          rx={3}
          fill={isActive ? 'var(--ifm-color-primary)' : 'var(--ferris-field-7)'}
        />
        <text x={x + 8} y={70} fontSize={12} fill="var(--ferris-field-text)">
          {isActive
            ? `log${m.logs.length === 1 ? '' : 's'} ${m.logs.map(pad).join(', ')}`
            : view?.waiting && index === view.memtables.length - 1
              ? 'flush paused'
              : 'waiting for its flush'}
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
          {MEMTABLE_BYTES}-byte memtable. Put keys and watch the memtable fill; a full one freezes and its flush writes
          a level-0 table (pause the flush to see the frozen memtable wait). Turn on lesson 12&rsquo;s leveled
          compaction to see level 0 merged into level 1 and deeper. Get a key to see where the value was found.
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
            <input
              name="value"
              type="text"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              spellCheck={false}
            />
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
            <input
              name="get"
              type="text"
              value={getKey}
              onChange={(e) => setGetKey(e.target.value)}
              spellCheck={false}
            />
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
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={runFlush}
          disabled={!view?.waiting}
        >
          Run the flush
        </button>
        <button type="button" className="button button--secondary button--sm" onClick={flushNow}>
          Flush now
        </button>
        <label className="ferris-picture__check">
          <input
            name="compaction"
            type="checkbox"
            checked={compactionOn}
            onChange={(e) => toggleCompaction(e.target.checked)}
          />
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
        <svg
          role="img"
          aria-labelledby={`${id}-title`}
          width="100%"
          viewBox={`0 0 ${WIDTH} ${height}`}
          style={{ display: 'block', maxWidth: WIDTH, minWidth: WIDTH }}
        >
          <title id={`${id}-title`}>{description}</title>
          {active ? memBox(active, 0, LABEL, 232) : null}
          {frozen.map((m, i) => memBox(m, view!.memtables.length - 1 - i, LABEL + 232 + 14 + i * 174, 160))}
          <text x={LABEL} y={MEM_H + 26} fontSize={12} fill="var(--ifm-color-emphasis-700)">
            ↓ flush: a frozen memtable becomes a level-0 table (file, first–last key, size; the bar: its key range)
          </text>
          {Array.from({ length: shownLevels }, (_, level) => (
            <g key={`lane-${level}`} data-lane={level}>
              <rect
                x={0}
                y={laneTop[level]!}
                width={WIDTH}
                height={rowsOf(level) * (BOX_H + GAP) + GAP}
                rx={6}
                fill="var(--ifm-color-emphasis-100)"
              />
              <text x={8} y={laneTop[level]! + 22} fontSize={13} fontWeight={700} fill="var(--ifm-font-color-base)">
                L{level}
              </text>
              {version?.levels[level]?.length === 0 ? (
                <text x={LABEL + 4} y={laneTop[level]! + 33} fontSize={12} fill="var(--ifm-color-emphasis-700)">
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
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))',
            gap: '0 1.5rem',
            fontSize: '0.85rem',
          }}
        >
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
              {view.stats
                ? `; compaction wrote ${view.stats.bytesWritten} bytes in ${view.stats.compactions} run${view.stats.compactions === 1 ? '' : 's'}`
                : ''}
              )
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
