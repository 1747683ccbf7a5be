// The SSTable layout: a real table, written by the reference writeTable of lesson 07 on the
// simulated file system (in the browser), drawn region by region from its own bytes: data blocks,
// the meta block (the filter), the index block and the footer. Pick a region to see inside it;
// look a key up and see exactly which byte ranges the reference TableReader read.
import React, { useEffect, useId, useMemo, useState } from 'react';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { Block } from '@ferris/06-block/block.ts';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import {
  decodeBlockHandle,
  decodeFooter,
  FOOTER_BYTES,
  FORMAT_VERSION,
  TABLE_LAYOUT,
  type BlockHandle,
} from '@ferris/07-sstable/format.ts';
import { compareEncodedKeys, decodeInternalKey, TABLE_KIND_DELETE } from '@ferris/07-sstable/table-key.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable, type TableInfo } from '@ferris/07-sstable/table-writer.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { PictureFrame, errorText } from '../components/PictureFrame';
import { ReadRecorder } from '../components/readRecorder';
import { aSized, text as utf8Text, utf8 } from '../components/text';

export const picture = {
  title: 'SSTable layout',
  lesson: '07-sstable',
  description:
    'A table written by the reference code, drawn from its bytes: data blocks, filter, index and footer; look a key up and see which blocks the reader reads.',
};

const PATH = 'db/000001.sst';
const BLOCK_SIZES = [64, 128, 256, 512, 1024, 4096] as const;
const MAX_KEYS = 400;

/** The picture's i-th user key: user:0001, user:0002, ... */
const keyName = (i: number): string => `user:${String(i).padStart(4, '0')}`;

/** The entries of the picture's table, in internal-key order: some keys have an older version, some are deleted. */
function makeEntries(count: number): WalEntry[] {
  const out: WalEntry[] = [];
  for (let i = 1; i <= count; i++) {
    const key = utf8(keyName(i));
    if (i % 9 === 0) out.push(deleteEntry(10 * i + 1, key));
    out.push(putEntry(10 * i, key, utf8(`value ${i}`)));
    if (i % 5 === 0) out.push(putEntry(10 * i - 5, key, utf8(`old value ${i}`)));
  }
  return out;
}

type RegionKind = 'data' | 'meta' | 'index' | 'footer';

interface Row {
  readonly key: string;
  readonly detail: string;
}

interface Region {
  readonly id: string;
  readonly kind: RegionKind;
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly summary: string;
  readonly rows: Row[];
}

interface Table {
  readonly sim: SimulatedFileSystem;
  readonly info: TableInfo;
  readonly size: number;
  readonly regions: Region[];
}

function showKey(encoded: Uint8Array): string {
  const k = decodeInternalKey(encoded);
  return `${utf8Text(k.userKey)} @ ${k.sequence} ${k.kind === TABLE_KIND_DELETE ? 'delete' : 'put'}`;
}

function range(h: BlockHandle): string {
  return `bytes ${h.offset}–${h.offset + h.size - 1}`;
}

/** Reads the table back region by region, with the reference decoders, to draw it. */
function regionsOf(bytes: Uint8Array): Region[] {
  const footer = decodeFooter(bytes.subarray(bytes.length - FOOTER_BYTES), PATH, bytes.length);
  const slice = (h: BlockHandle) => bytes.subarray(h.offset, h.offset + h.size);
  const index = Block.decode(slice(footer.index), { compare: compareEncodedKeys });
  const regions: Region[] = [];
  const indexRows: Row[] = [];
  let n = 0;
  for (const [lastKey, value] of index.entries()) {
    const h = decodeBlockHandle(value)!;
    const rows = [...Block.decode(slice(h), { compare: compareEncodedKeys }).entries()].map(([k, v]) => {
      const key = decodeInternalKey(k);
      return { key: showKey(k), detail: key.kind === TABLE_KIND_DELETE ? '(tombstone)' : JSON.stringify(utf8Text(v)) };
    });
    regions.push({
      id: `data-${n}`,
      kind: 'data',
      name: `Data block ${n}`,
      offset: h.offset,
      size: h.size,
      summary: `${rows.length} entries, from ${rows[0]?.key ?? '?'} to ${rows[rows.length - 1]?.key ?? '?'}`,
      rows,
    });
    indexRows.push({ key: showKey(lastKey), detail: `data block ${n}: offset ${h.offset}, size ${h.size}` });
    n++;
  }
  const metaRows = [...Block.decode(slice(footer.meta)).entries()].map(([k, v]) => ({
    key: utf8Text(k),
    detail: `a filter of ${v.length} bytes`,
  }));
  regions.push({
    id: 'meta',
    kind: 'meta',
    name: 'Meta block',
    offset: footer.meta.offset,
    size: footer.meta.size,
    summary:
      metaRows.length === 0
        ? 'empty: the table was written without a filter policy'
        : `${metaRows.map((r) => r.key).join(', ')}`,
    rows: metaRows,
  });
  regions.push({
    id: 'index',
    kind: 'index',
    name: 'Index block',
    offset: footer.index.offset,
    size: footer.index.size,
    summary: `${indexRows.length} entries: the last key of each data block, and where that block is`,
    rows: indexRows,
  });
  const values = [
    `offset ${footer.meta.offset}`,
    `${footer.meta.size} bytes`,
    `offset ${footer.index.offset}`,
    `${footer.index.size} bytes`,
    String(FORMAT_VERSION),
    '0x' +
      new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 12, 4)
        .getUint32(0, true)
        .toString(16)
        .padStart(8, '0'),
    '"FERRISST"',
  ];
  regions.push({
    id: 'footer',
    kind: 'footer',
    name: 'Footer',
    offset: bytes.length - FOOTER_BYTES,
    size: FOOTER_BYTES,
    summary: 'where the meta and index blocks are, the format version, a checksum, the magic',
    rows: TABLE_LAYOUT.footer.map((f, i) => ({
      key: `${f.name} (${f.bytes} bytes)`,
      // The version's "meaning" is the version itself: say what the number is instead.
      detail: `${values[i] ?? ''}: ${f.meaning === values[i] ? 'the version of the table format, which the reader checks' : f.meaning}`,
    })),
  });
  return regions;
}

interface LookupResult {
  readonly text: string;
  readonly openReads: string[];
  readonly getReads: string[];
  /** When no data block was read: which part of the table said the key is not there. */
  readonly skippedBy?: 'index' | 'filter';
}

const COLOURS: Record<RegionKind, string[]> = {
  data: ['var(--ferris-field-0)', 'var(--ferris-field-3)'],
  meta: ['var(--ferris-field-4)'],
  index: ['var(--ferris-field-1)'],
  footer: ['var(--ferris-field-6)'],
};
const colourOf = (r: Region, i: number): string => {
  const list = COLOURS[r.kind];
  return list[i % list.length]!;
};

export default function SstableLayout(): React.JSX.Element {
  const id = useId();
  const [count, setCount] = useState('60');
  const [blockSize, setBlockSize] = useState<number>(256);
  const [withFilter, setWithFilter] = useState(true);
  const [table, setTable] = useState<Table | { error: string } | null>(null);
  const [selected, setSelected] = useState<string>('footer');
  const [lookupKey, setLookupKey] = useState('user:0042');
  const [lookup, setLookup] = useState<LookupResult | null>(null);

  const keys = Math.max(0, Math.min(MAX_KEYS, Math.floor(Number(count)) || 0));

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const sim = new SimulatedFileSystem({ seed: 1 });
        await sim.mkdir('db');
        const info = await writeTable(sim, PATH, makeEntries(keys), {
          blockSize,
          filterPolicy: withFilter ? new BloomFilterPolicy({ bitsPerKey: 10 }) : undefined,
        });
        const bytes = await sim.readFile(PATH);
        if (!cancelled) setTable({ sim, info, size: bytes.length, regions: regionsOf(bytes) });
      } catch (error) {
        if (!cancelled) setTable({ error: errorText(error) });
      }
    })();
    setLookup(null);
    return () => {
      cancelled = true;
    };
  }, [keys, blockSize, withFilter]);

  const ok = table !== null && !('error' in table) ? table : null;
  const regionAt = (offset: number, length: number): string => {
    const r = ok?.regions.find((x) => offset >= x.offset && offset + length <= x.offset + x.size);
    return r ? `${r.name} (${length} bytes at offset ${offset})` : `${length} bytes at offset ${offset}`;
  };

  const runLookup = async () => {
    if (!ok) return;
    let reads: string[] = [];
    const recorder = new ReadRecorder(ok.sim, (_path, offset, length) => reads.push(regionAt(offset, length)));
    try {
      const reader = await TableReader.open(recorder, PATH, {
        filterPolicy: withFilter ? new BloomFilterPolicy({ bitsPerKey: 10 }) : undefined,
      });
      const openReads = reads;
      reads = [];
      const found = await reader.get(utf8(lookupKey));
      const getReads = reads;
      await reader.close();
      const text =
        found.kind === 'value'
          ? `get("${lookupKey}") found ${JSON.stringify(utf8Text(found.value))}, written at sequence ${found.sequence}.`
          : found.kind === 'deleted'
            ? `get("${lookupKey}") found a tombstone: the key was deleted at sequence ${found.sequence}.`
            : `get("${lookupKey}") found nothing: the key is not in this table.`;
      // Past the last key, the index has no block for it; inside the range only the filter can
      // answer without reading a data block.
      const inRange = keys > 0 && lookupKey >= keyName(1) && lookupKey <= keyName(keys);
      const skippedBy = getReads.some((g) => g.startsWith('Data block'))
        ? undefined
        : inRange && withFilter
          ? 'filter'
          : 'index';
      setLookup({ text, openReads, getReads, skippedBy });
    } catch (error) {
      setLookup({ text: errorText(error), openReads: [], getReads: [] });
    }
  };

  const readIds = useMemo(() => {
    if (!ok || !lookup) return new Set<string>();
    return new Set(ok.regions.filter((r) => lookup.getReads.some((g) => g.startsWith(`${r.name} (`))).map((r) => r.id));
  }, [ok, lookup]);

  const current = ok?.regions.find((r) => r.id === selected) ?? ok?.regions[ok.regions.length - 1];
  // A button per region would be a wall of them for a big table: the first and last data blocks,
  // those a lookup read and the one shown get a button; the number box reaches any other.
  const dataBlocks = ok?.regions.filter((r) => r.kind === 'data') ?? [];
  const shownAsButton = (r: Region) =>
    r.kind !== 'data' ||
    dataBlocks.indexOf(r) === 0 ||
    dataBlocks.indexOf(r) === dataBlocks.length - 1 ||
    readIds.has(r.id) ||
    r.id === current?.id;
  const width = 1000;
  const scale = ok ? width / ok.size : 1;

  return (
    <PictureFrame
      className="sstable-layout"
      title={picture.title}
      caption={
        <>
          A table written by the reference <code>writeTable</code> (lesson 07) on the simulated disk, in your browser,
          and drawn from its own bytes. Pick a region to look inside it; look a key up to see which bytes{' '}
          <code>TableReader</code> reads to answer.
        </>
      }
    >
      <form className="ferris-picture__controls" onSubmit={(e) => e.preventDefault()} aria-label="The table to write">
        <label>
          Keys
          <input
            name="keys"
            type="number"
            min={0}
            max={MAX_KEYS}
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <label>
          Block size
          <select name="blockSize" value={blockSize} onChange={(e) => setBlockSize(Number(e.target.value))}>
            {BLOCK_SIZES.map((s) => (
              <option key={s} value={s}>
                {s} bytes
              </option>
            ))}
          </select>
        </label>
        <label className="ferris-picture__check">
          <input name="filter" type="checkbox" checked={withFilter} onChange={(e) => setWithFilter(e.target.checked)} />
          Bloom filter (lesson 08)
        </label>
      </form>

      {table === null ? (
        <p>Writing the table…</p>
      ) : 'error' in table ? (
        <p className="ferris-picture__error" role="alert">
          {table.error}
        </p>
      ) : (
        <>
          <p data-testid="table-summary">
            {table.info.entryCount} entries (every version, tombstones included) in {table.size} bytes:{' '}
            {table.info.dataBlockCount} data block{table.info.dataBlockCount === 1 ? '' : 's'},{' '}
            {aSized(table.regions.find((r) => r.kind === 'meta')!.size, 'byte')} meta block,{' '}
            {aSized(table.regions.find((r) => r.kind === 'index')!.size, 'byte')} index block and the {FOOTER_BYTES}
            -byte footer.
          </p>
          <svg
            role="img"
            viewBox={`0 0 ${width} 56`}
            width="100%"
            aria-labelledby={`${id}-svg-title`}
            style={{ display: 'block', marginBottom: '0.75rem' }}
          >
            <title id={`${id}-svg-title`}>
              The file from byte 0 to byte {table.size - 1}:{' '}
              {table.regions.map((r) => `${r.name}, ${r.size} bytes`).join('; ')}.
            </title>
            {table.regions.map((r, i) => (
              <g key={r.id} data-region={r.id}>
                {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the same choice is a real <button> in the list below */}
                <rect
                  x={r.offset * scale}
                  y={12}
                  width={Math.max(1.5, r.size * scale)}
                  height={36}
                  fill={colourOf(r, i)}
                  stroke={r.id === current?.id ? 'var(--ifm-color-primary)' : 'var(--ifm-background-color)'}
                  strokeWidth={r.id === current?.id ? 3 : 1}
                  onClick={() => setSelected(r.id)}
                  style={{ cursor: 'pointer' }}
                />
                {readIds.has(r.id) ? (
                  // A marker, not text: scaled with the drawing, text would be too small to read on a
                  // phone. The lookup's result says in words which blocks it read.
                  <path
                    d={`M ${r.offset * scale + (r.size * scale) / 2 - 6} 0 h 12 l -6 10 z`}
                    fill="var(--ferris-path)"
                    data-read="true"
                  />
                ) : null}
              </g>
            ))}
          </svg>

          <div
            role="group"
            aria-label="The regions of the file"
            style={{ display: 'flex', flexWrap: 'wrap', gap: '0.3rem', marginBottom: '0.75rem' }}
          >
            {table.regions.map(
              (r, i) =>
                shownAsButton(r) && (
                  <button
                    key={r.id}
                    type="button"
                    className="button button--sm button--outline button--secondary"
                    aria-pressed={r.id === current?.id}
                    data-region={r.id}
                    onClick={() => setSelected(r.id)}
                    style={{
                      borderLeft: `0.9rem solid ${colourOf(r, i)}`,
                      fontWeight: r.id === current?.id ? 700 : 400,
                    }}
                  >
                    {r.name}
                    {readIds.has(r.id) ? ' (read)' : ''}
                  </button>
                ),
            )}
          </div>
          {dataBlocks.length > 2 ? (
            <div className="ferris-picture__controls">
              <label>
                Data block (0 to {dataBlocks.length - 1})
                <input
                  name="dataBlock"
                  type="number"
                  min={0}
                  max={dataBlocks.length - 1}
                  value={current?.kind === 'data' ? dataBlocks.indexOf(current) : ''}
                  placeholder="number"
                  onChange={(e) => {
                    const block = dataBlocks[Math.floor(Number(e.target.value))];
                    if (e.target.value !== '' && block) setSelected(block.id);
                  }}
                />
              </label>
            </div>
          ) : null}

          {current ? (
            <div data-testid="region-detail" aria-live="polite">
              <p>
                <strong>{current.name}</strong>, {range(current)} ({current.size} bytes): {current.summary}.
              </p>
              {current.rows.length > 0 ? (
                <table style={{ fontSize: '0.85rem' }}>
                  <thead>
                    <tr>
                      <th scope="col">{current.kind === 'footer' ? 'Field' : 'Key'}</th>
                      <th scope="col">{current.kind === 'footer' ? 'Value and meaning' : 'Value'}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {current.rows.slice(0, 40).map((row, i) => (
                      <tr key={i}>
                        <td>
                          <code>{row.key}</code>
                        </td>
                        <td>{row.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {current.rows.length > 40 ? <p>… and {current.rows.length - 40} more.</p> : null}
            </div>
          ) : null}

          <form
            className="ferris-picture__controls"
            aria-label="Look a key up"
            onSubmit={(e) => {
              e.preventDefault();
              void runLookup();
            }}
          >
            <label>
              Key to look up
              <input
                name="lookup"
                type="text"
                value={lookupKey}
                onChange={(e) => setLookupKey(e.target.value)}
                spellCheck={false}
              />
            </label>
            <button type="submit" className="button button--primary button--sm">
              Look up
            </button>
          </form>
          <div data-testid="lookup-result" aria-live="polite">
            {lookup ? (
              <>
                <p>{lookup.text}</p>
                <p>
                  Opening the table read: {lookup.openReads.join(', ') || 'nothing'}. The lookup then read:{' '}
                  {lookup.getReads.join(', ') ||
                    (lookup.skippedBy === 'filter'
                      ? 'no data block: the bloom filter said the key is not in this table'
                      : 'no data block: the index has no block whose keys could include it')}
                  .
                </p>
              </>
            ) : (
              <p>
                Keys are user:0001 to user:{String(keys).padStart(4, '0')}; every ninth is deleted, every fifth has an
                older version.
              </p>
            )}
          </div>
        </>
      )}
    </PictureFrame>
  );
}
