// The resolver picture (lesson 16): transactions as bars along the version axis, from the read
// version to the commit version, with what each read and wrote on a strip of keys, and the
// reference resolver's verdict with its reason. The reader composes a transaction (a read
// version, keys or a range to read, keys to write) and commits it. The logic, and the reference
// Resolver it runs, are in ../engine/resolver-watch.ts; this file only draws its View. Drawn in
// HTML with positions in percent, so it fits a phone's width without scrolling.
import React, { useMemo, useState } from 'react';
import { errorText, PictureFrame } from '../components/PictureFrame';
import {
  KEYS,
  keysIn,
  openingWatch,
  rangesText,
  type Key,
  type PictureRange,
  type TransactionView,
  type View,
} from '../engine/resolver-watch';

export const picture = {
  title: 'Resolver: transactions on the version axis',
  lesson: '16-transactions',
  description:
    "Transactions as bars from read version to commit version, what they read and wrote, and the reference resolver's verdict with its reason; compose one and commit it.",
};

const COLOURS = {
  committed: 'var(--ifm-color-success-darkest)',
  conflict: 'var(--ifm-color-danger-darkest)',
  too_old: 'var(--ifm-color-warning-darkest)',
  'read-only': 'var(--ifm-color-emphasis-700)',
} as const;

const VERDICT_TEXT = {
  committed: 'committed',
  conflict: 'conflict',
  too_old: 'too old',
  'read-only': 'read-only',
} as const;

const SMALL = { fontSize: '0.8rem' } as const;

/** Where version `v` sits along the track, in percent. */
function place(v: number, last: number): number {
  return 2 + (v / Math.max(1, last)) * 96;
}

function Axis({ view, last }: { readonly view: View; readonly last: number }): React.JSX.Element {
  const step = Math.max(1, Math.ceil(last / 8));
  const ticks = Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
  return (
    <div aria-hidden="true" style={{ position: 'relative', height: '1.6rem', margin: '0 0.4rem 0.25rem 2.9rem' }}>
      {view.oldestVersion > 0 ? (
        <div
          data-testid="resolver-forgotten"
          title={`The resolver has forgotten the writes below version ${view.oldestVersion}`}
          style={{
            position: 'absolute',
            left: 0,
            width: `${place(view.oldestVersion, last)}%`,
            top: 0,
            bottom: 0,
            background: 'var(--ifm-color-emphasis-200)',
          }}
        />
      ) : null}
      {ticks.map((v) => (
        <span
          key={v}
          style={{ ...SMALL, position: 'absolute', left: `${place(v, last)}%`, transform: 'translateX(-50%)', top: 0 }}
        >
          {v}
        </span>
      ))}
    </div>
  );
}

function KeyStrip({ tr, selected }: { readonly tr: TransactionView; readonly selected: boolean }): React.JSX.Element {
  const read = new Set(tr.reads.flatMap(keysIn));
  const written = new Set(tr.writes.flatMap(keysIn));
  const met = new Set(tr.overlaps.flatMap((o) => keysIn(o.read).filter((k) => keysIn(o.write).includes(k))));
  return (
    <div style={{ display: 'flex', gap: 2, marginLeft: '2.5rem' }} aria-hidden="true">
      {KEYS.map((k) => {
        const mark = `${read.has(k) ? 'R' : ''}${written.has(k) ? 'W' : ''}`;
        return (
          <span
            key={k}
            data-key={k}
            data-mark={mark}
            style={{
              ...SMALL,
              flex: '1 1 0',
              minWidth: 0,
              textAlign: 'center',
              borderRadius: 3,
              fontFamily: 'var(--ifm-font-family-monospace)',
              border: met.has(k) ? `2px solid ${COLOURS.conflict}` : '1px solid var(--ifm-color-emphasis-300)',
              background: mark ? 'var(--ifm-color-emphasis-200)' : 'transparent',
              fontWeight: met.has(k) || selected ? 700 : 400,
            }}
          >
            <span style={{ display: 'block' }}>{k}</span>
            <span style={{ display: 'block' }}>{mark || '\u00a0'}</span>
          </span>
        );
      })}
    </div>
  );
}

function Row({
  tr,
  last,
  selected,
  onSelect,
}: {
  readonly tr: TransactionView;
  readonly last: number;
  readonly selected: boolean;
  readonly onSelect: () => void;
}): React.JSX.Element {
  const from = place(tr.readVersion, last);
  const to = place(tr.commitVersion, last);
  const colour = COLOURS[tr.verdict];
  return (
    <li
      data-transaction={tr.name}
      data-verdict={tr.verdict}
      style={{
        listStyle: 'none',
        margin: '0 0 0.6rem',
        padding: '0.3rem 0.4rem',
        borderRadius: 6,
        background: selected ? 'var(--ifm-color-emphasis-100)' : 'transparent',
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center' }}>
        <button
          type="button"
          className="button button--link button--sm"
          onClick={onSelect}
          aria-pressed={selected}
          aria-label={`${tr.name}: show why`}
          style={{ width: '2.5rem', padding: 0, textAlign: 'left', fontWeight: 700 }}
        >
          {tr.name}
        </button>
        <div style={{ position: 'relative', flex: 1, height: '1.1rem' }}>
          <div
            title={`${tr.name}: read at ${tr.readVersion}, ${tr.verdict === 'read-only' ? 'wrote nothing' : `commit version ${tr.commitVersion}`}`}
            style={{
              position: 'absolute',
              left: `${from}%`,
              width: `${Math.max(0.8, to - from)}%`,
              top: '0.25rem',
              height: '0.6rem',
              borderRadius: 4,
              background: colour,
              opacity: tr.verdict === 'committed' ? 0.85 : 0.6,
            }}
          />
          {tr.overlaps.map((o) => (
            <span
              key={`${o.writer}-${o.version}`}
              data-overlap={o.writer}
              title={`${o.writer} wrote ${o.write.to === undefined ? o.write.from : 'a range'} at version ${o.version}`}
              style={{
                position: 'absolute',
                left: `${place(o.version, last)}%`,
                top: 0,
                height: '1.1rem',
                borderLeft: `3px solid ${COLOURS.conflict}`,
              }}
            />
          ))}
        </div>
      </div>
      <KeyStrip tr={tr} selected={selected} />
      <div style={{ ...SMALL, marginLeft: '2.5rem', overflowWrap: 'anywhere' }}>
        {`read at ${tr.readVersion}`}
        {tr.verdict === 'read-only' ? '' : `, commit version ${tr.commitVersion}`}
        {`; reads ${rangesText(tr.reads)}; writes ${rangesText(tr.writes)}: `}
        <strong style={{ color: colour }} data-testid="resolver-verdict">
          {VERDICT_TEXT[tr.verdict]}
        </strong>
        {tr.disagrees ? ' (the resolver and the remembered writes disagree)' : ''}
      </div>
      {selected ? (
        <p style={{ ...SMALL, margin: '0.2rem 0 0 2.5rem' }} data-testid="resolver-reason">
          {tr.reason}
        </p>
      ) : null}
    </li>
  );
}

function KeyChoices({
  legend,
  verb,
  chosen,
  onToggle,
}: {
  readonly legend: string;
  readonly verb: string;
  readonly chosen: ReadonlySet<Key>;
  readonly onToggle: (k: Key) => void;
}): React.JSX.Element {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ ...SMALL, fontWeight: 600 }}>{legend}</legend>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.1rem 0.6rem' }}>
        {KEYS.map((k) => (
          <label key={k} className="ferris-picture__check" style={{ gap: '0.2rem', paddingBottom: 0 }}>
            <input type="checkbox" aria-label={`${verb} ${k}`} checked={chosen.has(k)} onChange={() => onToggle(k)} />
            {k}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function toggled(set: ReadonlySet<Key>, k: Key): Set<Key> {
  const next = new Set(set);
  if (next.has(k)) next.delete(k);
  else next.add(k);
  return next;
}

export default function TransactionResolver(): React.JSX.Element {
  const [watch, setWatch] = useState(openingWatch);
  const [version, setVersion] = useState(0);
  const view = useMemo(() => watch.view, [watch, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const [readVersion, setReadVersion] = useState(1);
  const [reads, setReads] = useState<ReadonlySet<Key>>(new Set<Key>(['e']));
  const [rangeFrom, setRangeFrom] = useState<Key | ''>('');
  const [rangeTo, setRangeTo] = useState<Key | 'end'>('end');
  const [writes, setWrites] = useState<ReadonlySet<Key>>(new Set<Key>(['f']));
  const [selected, setSelected] = useState<string | null>('T3');
  const [problem, setProblem] = useState<string | null>(null);

  const last = Math.max(view.latestVersion + 1, 4);
  const newest = view.transactions.at(-1);
  const chosenRead = view.readVersions.includes(readVersion) ? readVersion : view.readVersions.at(-1)!;

  const commit = (e: React.FormEvent) => {
    e.preventDefault();
    const readRanges: PictureRange[] = [...reads].sort().map((from) => ({ from }));
    if (rangeFrom !== '') readRanges.push({ from: rangeFrom, to: rangeTo });
    try {
      const added = watch.add({
        readVersion: chosenRead,
        reads: readRanges,
        writes: [...writes].sort().map((from) => ({ from })),
      });
      setProblem(null);
      setSelected(added.name);
      setVersion((n) => n + 1);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  const startAgain = () => {
    setWatch(openingWatch());
    setSelected('T3');
    setProblem(null);
  };
  const shownReason = view.transactions.find((t) => t.name === selected);

  return (
    <PictureFrame
      title={picture.title}
      className="transaction-resolver"
      caption={
        <>
          Lesson 16&apos;s reference resolver, running here. Each transaction is a bar from its read version to the
          version its batch commits at; the strip under it shows the keys it read (R) and wrote (W). A red mark on a bar
          is a write committed inside that span that meets one of its reads: the reason for a conflict. The grey band on
          the axis is below the resolver&apos;s window ({`${watch.windowVersions}`} versions here): a transaction that
          read there is too old. Compose a transaction below and commit it; press a name for its reason.
        </>
      }
    >
      <Axis view={view} last={last} />
      <ol style={{ padding: 0, margin: 0 }} aria-label="Transactions, oldest first">
        {view.transactions.map((tr) => (
          <Row
            key={tr.name}
            tr={tr}
            last={last}
            selected={tr.name === selected}
            onSelect={() => setSelected(tr.name === selected ? null : tr.name)}
          />
        ))}
      </ol>

      <form onSubmit={commit} aria-label="Add a transaction" style={{ marginTop: '0.75rem' }}>
        <div className="ferris-picture__controls" style={{ marginBottom: '0.5rem' }}>
          <label>
            Read version
            <select value={chosenRead} onChange={(e) => setReadVersion(Number(e.target.value))}>
              {view.readVersions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label>
            Range read from
            <select value={rangeFrom} onChange={(e) => setRangeFrom(e.target.value as Key | '')}>
              <option value="">(none)</option>
              {KEYS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            to (not included)
            <select
              value={rangeTo}
              onChange={(e) => setRangeTo(e.target.value as Key | 'end')}
              disabled={rangeFrom === ''}
            >
              {[...KEYS.slice(1), 'end' as const].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.5rem', marginBottom: '0.5rem' }}>
          <KeyChoices legend="Reads" verb="read" chosen={reads} onToggle={(k) => setReads((s) => toggled(s, k))} />
          <KeyChoices legend="Writes" verb="write" chosen={writes} onToggle={(k) => setWrites((s) => toggled(s, k))} />
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
          <button type="submit" className="button button--primary button--sm">
            Commit
          </button>
          <button type="button" className="button button--secondary button--sm" onClick={startAgain}>
            Start again
          </button>
        </div>
      </form>
      {problem ? (
        <p className="ferris-picture__error" role="alert">
          {problem}
        </p>
      ) : null}
      <p aria-live="polite" data-testid="resolver-result" style={{ marginTop: '0.75rem', overflowWrap: 'anywhere' }}>
        {shownReason
          ? `${shownReason.name}: ${VERDICT_TEXT[shownReason.verdict]}. ${shownReason.reason}`
          : newest
            ? `${view.transactions.length} transactions; the resolver remembers writes from version ${view.oldestVersion} on.`
            : ''}
      </p>
    </PictureFrame>
  );
}
