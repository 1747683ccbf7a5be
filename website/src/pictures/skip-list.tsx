// The skip list visualiser: insert keys into the reference SkipList of lesson 04 and see its
// towers; look a key up and watch the search path. The path is not recomputed here: the
// comparator handed to the SkipList records every comparison get() makes, in order, and the
// picture draws those comparisons.
import React, { useId, useMemo, useState } from 'react';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom } from '@support/random.ts';
import { PictureFrame } from '../components/PictureFrame';

export const picture = {
  title: 'Skip list visualiser',
  lesson: '04-skip-list',
  description: 'Insert keys into the reference skip list, see its towers, and watch the comparisons a lookup makes.',
};

/** Small, so that the towers show on a page; the lesson's default is 12 levels at 1/4. */
const MAX_HEIGHT = 5;
const PROBABILITY = 0.5;
const MAX_KEYS = 24;
const INITIAL_KEYS = [30, 10, 50, 20, 40, 60, 15, 45, 35, 70];
const INITIAL_SEED = 3;

/** One comparison the SkipList made during a lookup: the other key, and how it compares. */
interface Comparison {
  readonly key: number;
  /** Negative: `key` is before the searched key; zero: it is the key; positive: after it. */
  readonly order: number;
}

interface Built {
  readonly list: SkipList<number, true>;
  /** Set to an array while a lookup runs: the comparator appends to it. */
  readonly recorder: { log: Comparison[] | null; searched: number };
}

function build(keys: readonly number[], seed: number): Built {
  const recorder: Built['recorder'] = { log: null, searched: 0 };
  const compare = (a: number, b: number): number => {
    const result = a < b ? -1 : a > b ? 1 : 0;
    if (recorder.log) {
      // Whichever argument is not the searched key is the node being looked at.
      const other = a === recorder.searched ? b : a;
      recorder.log.push({ key: other, order: Math.sign(other - recorder.searched) });
    }
    return result;
  };
  const list = new SkipList<number, true>(compare, {
    maxHeight: MAX_HEIGHT,
    probability: PROBABILITY,
    random: seededRandom(seed),
  });
  for (const k of keys) list.set(k, true);
  return { list, recorder };
}

interface Step {
  readonly key: number;
  readonly order: number;
  /** Where the search stood (an index into the towers, -1 for the head) and on which level. */
  readonly from: number;
  readonly to: number;
  readonly level: number;
  /**
   * A comparison after the walk reached level 0 and stopped: get() checking whether the node it
   * landed on holds the key it looks for.
   */
  readonly final: boolean;
}

/**
 * Places the recorded comparisons on the drawing. A lookup that stands on a node at level L and
 * compares key k saw k as the next node on the highest level <= L that k's tower reaches; if k
 * is before the searched key the search moved onto k, otherwise it went down a level. Once it
 * has gone down from level 0, the walk is over.
 */
function placeSteps(log: readonly Comparison[], towers: readonly { key: number; height: number }[]): Step[] {
  const steps: Step[] = [];
  let at = -1;
  let level = MAX_HEIGHT - 1;
  for (const c of log) {
    const to = towers.findIndex((t) => t.key === c.key);
    if (level < 0) {
      steps.push({ key: c.key, order: c.order, from: at, to, level: 0, final: true });
      continue;
    }
    const here = Math.min(level, (towers[to]?.height ?? 1) - 1);
    steps.push({ key: c.key, order: c.order, from: at, to, level: here, final: false });
    if (c.order < 0) {
      at = to;
      level = here;
    } else {
      level = here - 1;
    }
  }
  return steps;
}

/** The search path as line segments: along a level (moved), a look ahead (then down), and down. */
type Segment =
  | {
      readonly kind: 'right' | 'peek';
      readonly from: number;
      readonly to: number;
      readonly level: number;
      readonly n: number;
    }
  | { readonly kind: 'down'; readonly at: number; readonly from: number; readonly to: number };

function segmentsOf(steps: readonly Step[]): Segment[] {
  const out: Segment[] = [];
  let at = -1;
  let level = MAX_HEIGHT - 1;
  steps.forEach((s, n) => {
    if (s.final) return;
    if (s.level < level) out.push({ kind: 'down', at, from: level, to: s.level });
    level = s.level;
    if (s.order < 0) {
      out.push({ kind: 'right', from: at, to: s.to, level, n });
      at = s.to;
    } else {
      out.push({ kind: 'peek', from: at, to: s.to, level, n });
    }
  });
  return out;
}

function parseKey(text: string): number | string {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return 'Type a whole number from 0 to 999.';
  return Number(t);
}

// Drawing geometry: columns of COL pixels (the head, then one per key), rows of ROW per level.
const COL = 74;
const ROW = 36;
const BOX = 38;
const BOX_H = 24;
const PAD = 12;

export default function SkipListPicture(): React.JSX.Element {
  const id = useId();
  const [keys, setKeys] = useState<number[]>(INITIAL_KEYS);
  const [seed, setSeed] = useState(INITIAL_SEED);
  const [insertText, setInsertText] = useState('');
  const [lookupText, setLookupText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [lookup, setLookup] = useState<{ key: number; found: boolean; log: Comparison[] } | null>(null);

  const built = useMemo(() => build(keys, seed), [keys, seed]);
  const towers = useMemo(() => built.list.towers(), [built]);
  const steps = useMemo(() => (lookup ? placeSteps(lookup.log, towers) : []), [lookup, towers]);

  const insert = (e: React.FormEvent) => {
    e.preventDefault();
    const k = parseKey(insertText);
    if (typeof k === 'string') return setMessage(k);
    if (keys.includes(k))
      return setMessage(`${k} is already in the list: set() would replace its value, and the towers stay as they are.`);
    if (keys.length >= MAX_KEYS) return setMessage(`This picture holds ${MAX_KEYS} keys; clear it to start again.`);
    setKeys([...keys, k]);
    setInsertText('');
    setLookup(null);
    setMessage(`Inserted ${k}.`);
  };

  const find = (e: React.FormEvent) => {
    e.preventDefault();
    const k = parseKey(lookupText);
    if (typeof k === 'string') return setMessage(k);
    const log: Comparison[] = [];
    built.recorder.log = log;
    built.recorder.searched = k;
    let found: boolean;
    try {
      found = built.list.get(k) !== undefined;
    } finally {
      built.recorder.log = null;
    }
    setLookup({ key: k, found, log });
    setMessage(null);
  };

  const clear = () => {
    setKeys([]);
    setLookup(null);
    setMessage('Cleared: the list is empty.');
  };

  const width = PAD * 2 + COL * (towers.length + 1) + 24;
  const height = PAD * 2 + ROW * MAX_HEIGHT + 8;
  /** The left edge of column `index` (-1 is the head). */
  const left = (index: number) => PAD + COL * (index + 1);
  const centreX = (index: number) => left(index) + BOX / 2;
  const centreY = (level: number) => PAD + ROW * (MAX_HEIGHT - 1 - level) + ROW / 2;
  const top = (level: number) => centreY(level) - BOX_H / 2;
  const segments = segmentsOf(steps);
  const compared = new Set(steps.map((s) => s.to));

  // The links of every level: from each tower (or the head) to the next tower at least that tall.
  const links: { from: number; to: number | null; level: number }[] = [];
  for (let level = 0; level < MAX_HEIGHT; level++) {
    let from = -1;
    for (let i = 0; i < towers.length; i++) {
      if (towers[i]!.height > level) {
        links.push({ from, to: i, level });
        from = i;
      }
    }
    links.push({ from, to: null, level });
  }

  const description =
    towers.length === 0
      ? 'An empty skip list: only the head, with no keys.'
      : `A skip list of ${towers.length} keys: ${towers.map((t) => `${t.key} (height ${t.height})`).join(', ')}.`;

  return (
    <PictureFrame
      className="skip-list-picture"
      title={picture.title}
      caption={
        <>
          The reference <code>SkipList</code> of lesson 04 with {MAX_HEIGHT} levels and probability 1/2 (the lesson's
          default is 12 levels at 1/4), its tower heights drawn from <code>seededRandom({seed})</code>. A lookup wraps
          the comparator to record each comparison <code>get()</code> makes.
        </>
      }
    >
      <div className="ferris-picture__controls">
        <form onSubmit={insert} aria-label="Insert a key">
          <label>
            Key to insert
            <input
              name="insert"
              type="text"
              inputMode="numeric"
              value={insertText}
              onChange={(e) => setInsertText(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary button--sm">
            Insert
          </button>
        </form>
        <form onSubmit={find} aria-label="Look up a key">
          <label>
            Key to look up
            <input
              name="lookup"
              type="text"
              inputMode="numeric"
              value={lookupText}
              onChange={(e) => setLookupText(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary button--sm">
            Look up
          </button>
        </form>
        <div className="skip-list-picture__more">
          <label>
            Seed
            <input
              name="seed"
              type="number"
              min={0}
              max={999}
              value={seed}
              onChange={(e) => {
                setSeed(Math.max(0, Math.min(999, Math.trunc(Number(e.target.value) || 0))));
                setLookup(null);
              }}
            />
          </label>
          <button type="button" className="button button--secondary button--sm" onClick={clear}>
            Clear
          </button>
        </div>
      </div>
      <p className="skip-list-picture__status" aria-live="polite" data-testid="skip-status">
        {message ?? ''}
      </p>

      <div className="skip-list-picture__drawing" data-testid="skip-drawing">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-desc`}>
          <title id={`${id}-desc`}>{description}</title>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="skip-list-picture__arrowhead" />
            </marker>
            <marker
              id={`${id}-path-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="9"
              markerHeight="9"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="skip-list-picture__path-arrowhead" />
            </marker>
          </defs>
          {links.map((l) => {
            const x1 = left(l.from) + BOX;
            const x2 = l.to === null ? width - PAD - 14 : left(l.to);
            const yy = centreY(l.level);
            return l.to === null ? (
              <g key={`${l.level}-${l.from}-end`}>
                <line x1={x1} y1={yy} x2={x2} y2={yy} className="skip-list-picture__link" />
                <text x={x2 + 3} y={yy + 4} className="skip-list-picture__nil">
                  ∅
                </text>
              </g>
            ) : (
              <line
                key={`${l.level}-${l.from}`}
                x1={x1}
                y1={yy}
                x2={x2 - 1}
                y2={yy}
                className="skip-list-picture__link"
                markerEnd={`url(#${id}-arrow)`}
              />
            );
          })}
          {Array.from({ length: MAX_HEIGHT }, (_, level) => (
            <g key={`head-${level}`}>
              <rect x={left(-1)} y={top(level)} width={BOX} height={BOX_H} rx={4} className="skip-list-picture__head" />
              <text x={centreX(-1)} y={centreY(level) + 4} className="skip-list-picture__level">
                head
              </text>
            </g>
          ))}
          {Array.from({ length: MAX_HEIGHT }, (_, level) => (
            <text
              key={`level-${level}`}
              x={PAD + COL * (towers.length + 1) + 8}
              y={centreY(level) - BOX_H / 2 - 1}
              className="skip-list-picture__level-name"
            >
              {`L${level}`}
            </text>
          ))}
          {towers.map((t, i) => (
            <g
              key={t.key}
              className={compared.has(i) ? 'is-compared' : undefined}
              data-key={t.key}
              data-height={t.height}
            >
              {Array.from({ length: t.height }, (_, level) => (
                <rect
                  key={level}
                  x={left(i)}
                  y={top(level)}
                  width={BOX}
                  height={BOX_H}
                  rx={4}
                  className="skip-list-picture__node"
                />
              ))}
              {Array.from({ length: t.height }, (_, level) => (
                <text
                  key={`k${level}`}
                  x={centreX(i)}
                  y={centreY(level) + 4}
                  className={`skip-list-picture__key${level > 0 ? ' is-upper' : ''}`}
                >
                  {t.key}
                </text>
              ))}
            </g>
          ))}
          {lookup?.found ? (
            <rect
              x={left(towers.findIndex((t) => t.key === lookup.key)) - 3}
              y={top(0) - 3}
              width={BOX + 6}
              height={BOX_H + 6}
              rx={6}
              className="skip-list-picture__found"
            />
          ) : null}
          {segments.map((g, k) => {
            if (g.kind === 'down') {
              const x = centreX(g.at);
              return (
                <line
                  key={k}
                  x1={x}
                  y1={centreY(g.from) + BOX_H / 2}
                  x2={x}
                  y2={centreY(g.to) - BOX_H / 2 - 1}
                  className="skip-list-picture__path is-down"
                  markerEnd={`url(#${id}-path-arrow)`}
                />
              );
            }
            const y = centreY(g.level);
            const x1 = left(g.from) + BOX;
            const x2 = left(g.to) - 2;
            return (
              <g key={k} className={`skip-list-picture__step ${g.kind === 'right' ? 'is-right' : 'is-peek'}`}>
                <line
                  x1={x1}
                  y1={y}
                  x2={g.kind === 'right' ? x2 : x2 - 6}
                  y2={y}
                  className="skip-list-picture__path"
                  markerEnd={`url(#${id}-path-arrow)`}
                />
                <circle cx={(x1 + x2) / 2} cy={y - 9} r={8} />
                <text x={(x1 + x2) / 2} y={y - 6}>
                  {g.n + 1}
                </text>
              </g>
            );
          })}
        </svg>
      </div>

      {lookup ? (
        <p className="skip-list-picture__legend">
          Solid red: the search moved right along a level. Dashed: it looked at the next key, which was not smaller, and
          went down instead. The numbers give the order of the comparisons.
        </p>
      ) : null}
      {lookup ? (
        <div className="skip-list-picture__path" data-testid="search-path">
          <p>
            <code>get({lookup.key})</code> made {lookup.log.length} comparison{lookup.log.length === 1 ? '' : 's'} and{' '}
            <strong data-testid="lookup-result">
              {lookup.found ? `found ${lookup.key}` : `did not find ${lookup.key}`}
            </strong>
            :
          </p>
          <ol>
            {steps.map((s, n) => (
              <li key={n} data-key={s.key} data-order={s.order} data-final={s.final}>
                {s.final
                  ? `then get() checks the node it stopped before: ${s.key} ${s.order === 0 ? `is ${lookup.key}, found` : `is not ${lookup.key}, so ${lookup.key} is not in the list`}`
                  : `on level ${s.level}, the next key is ${s.key}: ` +
                    (s.order < 0
                      ? `smaller than ${lookup.key}, so move right onto it`
                      : s.order === 0
                        ? `not smaller (it is ${lookup.key}), so go down${s.level === 0 ? ' and stop: the walk is over' : ' a level'}`
                        : `larger than ${lookup.key}, so go down${s.level === 0 ? ' and stop: the walk is over' : ' a level'}`)}
              </li>
            ))}
            {steps.length === 0 ? <li>the list is empty: there was nothing to compare</li> : null}
          </ol>
        </div>
      ) : (
        <p className="skip-list-picture__path-hint">Look up a key to see the comparisons it takes.</p>
      )}
    </PictureFrame>
  );
}
