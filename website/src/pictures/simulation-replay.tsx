// The simulation replay: one seed of a demo workload, run by the reference simulator of lessons
// 18 and 19 in the page, drawn as lanes (processes) and arrows (messages) on virtual time, with
// the faults marked. The logic is in ../engine/sim-replay.ts (run in a worker: see
// ../engine/sim-replay-worker.ts); this file only draws its Replay. A role picture renders
// <SimulationReplay workload="NAME" /> with its own workload in REPLAY_WORKLOADS.
import BrowserOnly from '@docusaurus/BrowserOnly';
import React, { useEffect, useId, useMemo, useState } from 'react';
import { PictureFrame } from '../components/PictureFrame';
import {
  countsAt,
  DEMO_WORKLOADS,
  parseSeed,
  REPLAY_WORKLOADS,
  shownAt,
  type FaultEvent,
  type MessageEvent,
  type Replay,
  type Shown,
} from '../engine/sim-replay';
import { replayInWorker } from '../engine/sim-replay-in-worker';

export const picture = {
  title: 'Simulation replay',
  lesson: '18-simulator',
  description:
    'One seed of a simulated cluster, run by the reference simulator in your browser: processes as lanes, messages as arrows, faults marked, scrubbed through virtual time.',
};

const LABEL = 104;
const PLOT = 620;
const WIDTH = LABEL + PLOT + 24;
const AXIS = 34;
const LANE = 48;
const MS = 1000;
/** The time windows the reader can pick, in microseconds (0: the whole run). */
const WINDOWS = [10 * MS, 50 * MS, 200 * MS, 1000 * MS, 0] as const;

const COLOURS = {
  request: 'var(--ifm-color-primary-darker)',
  reply: 'var(--ifm-color-emphasis-700)',
  fault: 'var(--ifm-color-danger-darkest)',
  heal: 'var(--ifm-color-success-darkest)',
  slow: 'var(--ifm-color-warning-darkest)',
  path: 'var(--ifm-color-primary)',
} as const;

function ms(micros: number): string {
  return `${(micros / MS).toFixed(micros % MS === 0 ? 0 : 3)} ms`;
}

/** The window [from, to] around the slider: most of it before the slider, a little after. */
function windowAround(time: number, width: number, end: number): [number, number] {
  if (width === 0 || width >= end) return [0, Math.max(end, 1)];
  const from = Math.min(Math.max(0, time - 0.8 * width), end - width);
  return [from, from + width];
}

/** The time span of the messages `seqs` of `run`, with a little room on both sides. */
function spanOf(run: Replay, seqs: ReadonlySet<number>): [number, number] {
  const on = run.events.filter((e): e is MessageEvent => e.type === 'message' && seqs.has(e.seq));
  const first = Math.min(...on.map((m) => m.sentAt));
  const last = Math.max(...on.map((m) => m.arrivesAt));
  const room = Math.max(1, Math.round((last - first) / 20));
  return [Math.max(0, first - room), last + room];
}

function faultText(f: FaultEvent): string {
  const [a, b] = f.processes;
  const arrow = f.oneWay ? '→' : '↔';
  switch (f.type) {
    case 'kill':
      return `${a} killed`;
    case 'reboot':
      return `${a} rebooted`;
    case 'partition':
      return `partition ${a} ${arrow} ${b}`;
    case 'heal':
      return `healed ${a} ↔ ${b}`;
    case 'clog':
      return `clogged ${a} ${arrow} ${b} for ${ms(Number(f.detail))}`;
    case 'slow-disk':
      return `${a}'s disk ${Number(f.detail) === 0 ? 'normal again' : `${ms(Number(f.detail))} slower`}`;
  }
}

function SimulationReplayPicture({ workload }: { readonly workload?: string }): React.JSX.Element {
  const id = useId();
  const markerId = `sim-replay-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`; // usable inside url(#...)
  const [workloadName, setWorkloadName] = useState<keyof typeof DEMO_WORKLOADS>('echo');
  const chosen = workload ?? workloadName;
  const [seedText, setSeedText] = useState('1');
  const [faults, setFaults] = useState(true);
  const [run, setRun] = useState<Replay | null>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [time, setTime] = useState(0);
  const [windowWidth, setWindowWidth] = useState<number>(50 * MS);
  /** The commit being followed (an index into run.commits), or null. */
  const [followed, setFollowed] = useState<number | null>(null);

  const start = (seed: number, withFaults: boolean, which: string) => {
    setRunning(true);
    replayInWorker(which, seed, withFaults).then(
      (r) => {
        setRun(r);
        setFollowed(null);
        setTime(Math.round(r.end / 4));
        setRunning(false);
      },
      (error: unknown) => {
        setProblem(error instanceof Error ? error.message : String(error));
        setRunning(false);
      },
    );
  };
  useEffect(() => start(1, true, chosen), []); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseSeed(seedText);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    setProblem(null);
    start(parsed.seed, faults, chosen);
  };

  const end = run?.end ?? 0;
  const path = run && followed !== null ? (run.commits[followed] ?? null) : null;
  const onPath = useMemo(() => new Set(path?.steps.map((s) => s.seq)), [path]);
  const pathSpan = useMemo(() => (run && path ? spanOf(run, onPath) : null), [run, path, onPath]);
  const [from, to] = pathSpan ?? windowAround(time, windowWidth, end);
  const follow = (index: number) => {
    if (!run || run.commits.length === 0) return;
    const next = (index + run.commits.length) % run.commits.length;
    setFollowed(next);
    const span = spanOf(run, new Set(run.commits[next]!.steps.map((s) => s.seq)));
    setTime(span[1]);
  };
  const shown = useMemo(() => (run ? shownAt(run, time, from, to) : []), [run, time, from, to]);
  const counts = run ? countsAt(run, time) : null;
  const lanes = run?.lanes ?? REPLAY_WORKLOADS[chosen]?.lanes ?? [];
  const height = AXIS + lanes.length * LANE + 8;
  const x = (t: number) => LABEL + ((t - from) / (to - from)) * PLOT;
  const y = (lane: string) => AXIS + (Math.max(0, lanes.indexOf(lane)) + 0.5) * LANE;
  const lost = run ? run.events.filter((e) => e.type === 'message' && e.lost && e.sentAt <= time).length : 0;
  const description = run
    ? `Seed ${run.seed}, workload ${run.workload}${run.faults ? ' with faults' : ''}: ${lanes.length} processes as lanes; at ${ms(time)} of virtual time, ${counts!.message} messages sent (${lost} lost), ${counts!.kill} kills, ${counts!.reboot} reboots, ${counts!.partition} partitions and ${counts!.heal} heals.`
    : 'Running the simulation…';

  const ticks = 5;
  const drawMessage = (s: Shown, m: MessageEvent, key: number) => {
    const x1 = x(m.sentAt);
    const y1 = y(m.from);
    const x2 = x(m.arrivesAt);
    const y2 = y(m.to);
    const kind = m.label.startsWith('reply') ? 'reply' : 'request';
    const colour = m.lost ? COLOURS.fault : COLOURS[kind];
    const highlighted = onPath.has(m.seq);
    const dimmed = path !== null && !highlighted;
    const tip = { x: x1 + (x2 - x1) * s.progress, y: y1 + (y2 - y1) * s.progress };
    return (
      <g
        key={key}
        data-event="message"
        data-happened={s.happened}
        data-lost={m.lost}
        data-on-path={highlighted || undefined}
        opacity={dimmed ? 0.15 : 1}
      >
        <title>{`${m.label}, ${m.from} → ${m.to}: sent at ${ms(m.sentAt)}, ${m.lost ? 'lost (its connection broke on the way)' : `arrives at ${ms(m.arrivesAt)}`}`}</title>
        <line
          x1={x1}
          y1={y1}
          x2={x2}
          y2={y2}
          stroke={colour}
          strokeWidth={1}
          opacity={0.18}
          strokeDasharray={m.lost ? '3 2' : undefined}
        />
        {s.happened ? (
          <line
            x1={x1}
            y1={y1}
            x2={tip.x}
            y2={tip.y}
            stroke={highlighted ? COLOURS.path : colour}
            strokeWidth={highlighted ? 3 : 1.4}
            strokeDasharray={m.lost ? '3 2' : undefined}
            markerEnd={s.progress === 1 && !m.lost ? `url(#${markerId}-${kind})` : undefined}
          />
        ) : null}
        {s.happened && s.progress === 1 && m.lost ? (
          <text x={x2} y={y2 + 4} fontSize={12} textAnchor="middle" fill={COLOURS.fault}>
            ✕
          </text>
        ) : null}
      </g>
    );
  };
  const drawFault = (s: Shown, f: FaultEvent, key: number) => {
    const fx = x(f.at);
    const opacity = s.happened ? 1 : 0.25;
    const ys = f.processes.map(y);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    const colour =
      f.type === 'heal' || f.type === 'reboot'
        ? COLOURS.heal
        : f.type === 'kill' || f.type === 'partition'
          ? COLOURS.fault
          : COLOURS.slow;
    const symbol = { kill: '✕', reboot: '↻', partition: 'P', heal: 'H', clog: 'C', 'slow-disk': 'D' }[f.type];
    return (
      <g key={key} data-event={f.type} data-happened={s.happened} opacity={opacity}>
        <title>{`${faultText(f)} at ${ms(f.at)}`}</title>
        {f.processes.length > 1 ? (
          <line
            x1={fx}
            y1={top}
            x2={fx}
            y2={bottom}
            stroke={colour}
            strokeWidth={2}
            strokeDasharray={f.type === 'heal' ? undefined : '5 3'}
          />
        ) : null}
        <circle cx={fx} cy={ys[0]} r={8} fill="var(--ifm-background-surface-color)" stroke={colour} strokeWidth={1.5} />
        <text x={fx} y={ys[0]! + 4} fontSize={12} fontWeight={700} textAnchor="middle" fill={colour}>
          {symbol}
        </text>
      </g>
    );
  };

  return (
    <PictureFrame
      title={picture.title}
      className="simulation-replay"
      caption={
        <>
          The reference simulator of lessons 18 and 19 runs one seed of a <code>npm run sim</code> workload right here:
          each process is a lane, each message an arrow from when it was sent to when it arrived, and kills (✕), reboots
          (↻), partitions (P, a dashed line between the two lanes), heals (H), clogs (C) and slow disks (D) are marked
          on the lanes. Drag the slider through virtual time; run another seed, or the same one again, and compare the
          trace hash.{' '}
          {workload?.startsWith('cluster-')
            ? 'Next commit follows one commit from its client through the GRV proxy, the commit proxy, the sequencer, the resolver and the logs to the storage servers: its messages stand out, the others fade, and the steps are listed in words.'
            : null}
        </>
      }
    >
      <form className="ferris-picture__controls" onSubmit={submit} aria-label="Run a seed">
        {workload ? null : (
          <label>
            Workload
            <select
              name="workload"
              value={workloadName}
              onChange={(e) => setWorkloadName(e.target.value as keyof typeof DEMO_WORKLOADS)}
            >
              {Object.keys(DEMO_WORKLOADS).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Seed
          <input
            name="seed"
            type="text"
            inputMode="numeric"
            value={seedText}
            onChange={(e) => setSeedText(e.target.value)}
            spellCheck={false}
            size={11}
          />
        </label>
        <label className="ferris-picture__check">
          <input name="faults" type="checkbox" checked={faults} onChange={(e) => setFaults(e.target.checked)} />
          Faults
        </label>
        <button type="submit" className="button button--primary button--sm" disabled={running}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {problem ? (
        <p className="ferris-picture__error" role="alert">
          {problem}
        </p>
      ) : null}

      <div data-testid="sim-result" aria-live="polite" style={{ minHeight: '3em', overflowWrap: 'anywhere' }}>
        {run ? (
          <>
            <div>
              {`Seed ${run.seed}, ${run.workload}${run.faults ? ' with faults' : ''}: ${run.eventCount} events, ${ms(run.end)} of virtual time. `}
              The same as{' '}
              <code>{`npm run sim -- --seed ${run.seed} --workload ${run.workload}${run.faults ? ' --faults' : ''}`}</code>{' '}
              prints:
            </div>
            <div>
              trace hash: <code data-testid="sim-hash">{run.traceHash ?? '(none: the run threw)'}</code>
            </div>
            <div>
              verdict: <code data-testid="sim-verdict">{run.verdict}</code>
            </div>
          </>
        ) : (
          'Running the simulation…'
        )}
      </div>

      <div className="ferris-picture__controls" style={{ marginTop: '0.75rem' }}>
        <label style={{ flex: '1 1 14rem' }}>
          {`Virtual time: ${ms(time)}`}
          <input
            name="time"
            type="range"
            min={0}
            max={Math.max(end, 1)}
            step={Math.max(1, Math.round(end / 1000))}
            value={time}
            onChange={(e) => setTime(Number(e.target.value))}
            disabled={!run}
            style={{ width: '100%' }}
          />
        </label>
        <label>
          Window
          <select name="window" value={windowWidth} onChange={(e) => setWindowWidth(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {w === 0 ? 'whole run' : ms(w)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p data-testid="sim-at" aria-live="polite" style={{ fontSize: '0.9rem' }}>
        {description}
      </p>

      {run && run.commits.length > 0 ? (
        <div className="ferris-picture__controls" role="group" aria-label="Follow a commit">
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={() => follow((followed ?? 0) - 1)}
          >
            Previous commit
          </button>
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={() => follow(followed === null ? 0 : followed + 1)}
          >
            Next commit
          </button>
          {path ? (
            <button type="button" className="button button--link button--sm" onClick={() => setFollowed(null)}>
              Show all
            </button>
          ) : null}
        </div>
      ) : null}
      {path ? (
        <div data-testid="sim-commit" aria-live="polite" style={{ fontSize: '0.9rem', overflowWrap: 'anywhere' }}>
          <p style={{ marginBottom: '0.25rem' }}>
            {`Commit ${followed! + 1} of ${run!.commits.length}: ${path.client}'s, carried by ${path.batch}${path.version === null ? '' : ` at version ${path.version}`}. Its messages are highlighted, in this order:`}
          </p>
          <ol data-testid="sim-commit-steps">
            {path.steps.map((step) => (
              <li key={step.seq}>{step.text}</li>
            ))}
          </ol>
        </div>
      ) : null}

      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <svg
          role="img"
          aria-labelledby={`${id}-title`}
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          style={{ display: 'block' }}
        >
          <title id={`${id}-title`}>{description}</title>
          <defs>
            {(['request', 'reply'] as const).map((kind) => (
              <marker
                key={kind}
                id={`${markerId}-${kind}`}
                viewBox="0 0 8 8"
                refX={8}
                refY={4}
                markerWidth={7}
                markerHeight={7}
                orient="auto"
              >
                <path d="M0,0 L8,4 L0,8 z" fill={COLOURS[kind]} />
              </marker>
            ))}
          </defs>
          {Array.from({ length: ticks + 1 }, (_, i) => {
            const t = from + ((to - from) * i) / ticks;
            return (
              <g key={`tick-${i}`}>
                <line x1={x(t)} y1={AXIS - 6} x2={x(t)} y2={height - 8} stroke="var(--ifm-color-emphasis-200)" />
                <text
                  x={x(t)}
                  y={AXIS - 12}
                  fontSize={12}
                  textAnchor={i === 0 ? 'start' : i === ticks ? 'end' : 'middle'}
                  fill="var(--ifm-color-emphasis-800)"
                >
                  {ms(Math.round(t))}
                </text>
              </g>
            );
          })}
          {lanes.map((lane) => (
            <g key={lane} data-lane={lane}>
              <line
                x1={LABEL}
                y1={y(lane)}
                x2={LABEL + PLOT}
                y2={y(lane)}
                stroke="var(--ifm-color-emphasis-500)"
                strokeWidth={1.5}
              />
              <text x={8} y={y(lane) + 4} fontSize={13} fontWeight={700} fill="var(--ifm-font-color-base)">
                {lane}
              </text>
            </g>
          ))}
          {shown.map((s, i) => (s.event.type === 'message' ? drawMessage(s, s.event, i) : drawFault(s, s.event, i)))}
          <line
            x1={x(time)}
            y1={AXIS - 6}
            x2={x(time)}
            y2={height - 8}
            stroke="var(--ifm-color-primary)"
            strokeWidth={2}
            data-testid="sim-now"
          />
        </svg>
      </div>
      <p style={{ fontSize: '0.85rem', marginTop: '0.5rem' }}>
        Solid arrows have happened by the slider&apos;s time (a message still in flight is drawn part of the way); faint
        ones are still to come. Dark arrows are requests, grey ones replies, dashed red ones were lost when a kill or
        partition broke their connection. Hover or tap a mark for what it was.
      </p>
    </PictureFrame>
  );
}

/**
 * Rendered in the browser only: the picture starts a Web Worker and draws what it answers, so
 * there is nothing useful to render on the server, and a server-rendered copy could only disagree
 * with the first browser render (React's hydration error #418).
 */
export default function SimulationReplay(props: { readonly workload?: string }): React.JSX.Element {
  return (
    <BrowserOnly fallback={<p>Loading the simulation replay…</p>}>
      {() => <SimulationReplayPicture {...props} />}
    </BrowserOnly>
  );
}
