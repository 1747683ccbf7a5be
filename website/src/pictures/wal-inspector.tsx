// The WAL entry inspector: type a key, a value and a sequence number, and see the frame the
// reference code of lessons 01 and 02 encodes, every field coloured and labelled from
// FRAME_LAYOUT. Flip any bit and decodeFrame (the reference, not a copy) says what it thinks.
import React, { useId, useMemo, useState } from 'react';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { FRAME_LAYOUT, decodeFrame, encodeFrame, type FrameField } from '@ferris/02-serialization/frame.ts';
import { PictureFrame, errorText } from '../components/PictureFrame';
import { aSized } from '../components/text';

export const picture = {
  title: 'WAL entry inspector',
  lesson: '02-serialization',
  description:
    'The bytes of one write-ahead-log frame, encoded by the reference code: flip any bit and watch the checksum reject it.',
};

/** The picture shows short keys and values; the real limits are MAX_KEY_BYTES and MAX_VALUE_BYTES. */
const MAX_INPUT = 48;

interface LaidOutField {
  readonly field: FrameField;
  readonly start: number;
  readonly end: number;
  /** The field's value as read from the original frame, for the legend. */
  readonly shown: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function readUint(bytes: Uint8Array, at: number, type: FrameField['type']): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'u8') return view.getUint8(at);
  if (type === 'u32le') return view.getUint32(at, true);
  if (type === 'u64le') return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  throw new Error(`not a number field: ${type}`);
}

function showBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return '(empty)';
  try {
    const text = decoder.decode(bytes);
    if (!/[\u0000-\u001f\u007f]/.test(text)) return JSON.stringify(text);
  } catch {
    // not UTF-8: show hex below
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Where each field of FRAME_LAYOUT sits in a real frame. Fixed fields have their size in the
 * layout; a variable field's size is in the field `sizeFrom` names; a delete has no put-only field.
 */
function layOut(frame: Uint8Array, tombstone: boolean): LaidOutField[] {
  const out: LaidOutField[] = [];
  const numbers = new Map<string, number>();
  let at = 0;
  for (const field of FRAME_LAYOUT) {
    if (field.putOnly && tombstone) continue;
    const size = field.bytes === 'variable' ? (numbers.get(field.sizeFrom ?? '') ?? 0) : field.bytes;
    const end = Math.min(frame.length, at + size);
    let shown: string;
    if (field.type === 'bytes') {
      shown = showBytes(frame.subarray(at, end));
    } else {
      const n = readUint(frame, at, field.type);
      numbers.set(field.name, n);
      shown = field.name === 'checksum' ? `0x${n.toString(16).padStart(8, '0')}` : String(n);
    }
    out.push({ field, start: at, end, shown });
    at = end;
  }
  return out;
}

/** "keyLength" -> "key length" */
function label(name: string): string {
  return name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function describeEntry(entry: WalEntry): string {
  const value = entry.value === null ? 'no value (a delete)' : `value ${showBytes(entry.value)}`;
  return `sequence ${entry.sequence}, key ${showBytes(entry.key)}, ${value}`;
}

export default function WalInspector(): React.JSX.Element {
  const id = useId();
  const [key, setKey] = useState('apple');
  const [value, setValue] = useState('red');
  const [sequence, setSequence] = useState('42');
  const [tombstone, setTombstone] = useState(false);
  /** Bit flips, as "byteIndex:bit" strings: each toggles one bit of the encoded frame. */
  const [flips, setFlips] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);

  const encoded = useMemo(() => {
    try {
      const seq = sequence.trim() === '' ? Number.NaN : Number(sequence);
      const entry = tombstone
        ? deleteEntry(seq, encoder.encode(key))
        : putEntry(seq, encoder.encode(key), encoder.encode(value));
      const frame = encodeFrame(entry);
      return { ok: true as const, frame, fields: layOut(frame, tombstone) };
    } catch (error) {
      return { ok: false as const, error: errorText(error) };
    }
  }, [key, value, sequence, tombstone]);

  const resetFlips = () => {
    setFlips(new Set());
    setSelected(null);
  };
  const edit = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    set(e.target.value);
    resetFlips();
  };

  const flipped = useMemo(() => {
    if (!encoded.ok) return null;
    const copy = Uint8Array.from(encoded.frame);
    for (const f of flips) {
      const [byte, bit] = f.split(':').map(Number) as [number, number];
      copy[byte] = copy[byte]! ^ (1 << bit);
    }
    return copy;
  }, [encoded, flips]);

  const verdict = useMemo(() => {
    if (!flipped) return null;
    try {
      const { entry, nextOffset } = decodeFrame(flipped, 0);
      return {
        ok: true as const,
        text: `decodeFrame accepted the frame: ${describeEntry(entry)}; the next frame would start at byte ${nextOffset}.`,
      };
    } catch (error) {
      return { ok: false as const, text: errorText(error) };
    }
  }, [flipped]);

  const toggleBit = (byte: number, bit: number) => {
    const k = `${byte}:${bit}`;
    const next = new Set(flips);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setFlips(next);
  };

  const fieldOf = (byte: number) =>
    encoded.ok ? encoded.fields.findIndex((f) => byte >= f.start && byte < f.end) : -1;

  return (
    <PictureFrame
      className="wal-inspector"
      title={picture.title}
      caption={
        <>
          The frame below is made by the reference code: <code>putEntry</code>/<code>deleteEntry</code> (lesson 01) and{' '}
          <code>encodeFrame</code> (lesson 02); its fields are coloured from <code>FRAME_LAYOUT</code>. Choose a byte,
          flip any of its bits, and <code>decodeFrame</code> gives its verdict.
        </>
      }
    >
      <form className="ferris-picture__controls" onSubmit={(e) => e.preventDefault()} aria-label="The entry to encode">
        <label>
          Key
          <input name="key" type="text" value={key} maxLength={MAX_INPUT} onChange={edit(setKey)} spellCheck={false} />
        </label>
        <label>
          Value
          <input
            name="value"
            type="text"
            value={value}
            maxLength={MAX_INPUT}
            disabled={tombstone}
            onChange={edit(setValue)}
            spellCheck={false}
          />
        </label>
        <label>
          Sequence
          <input
            name="sequence"
            type="text"
            inputMode="numeric"
            value={sequence}
            onChange={edit(setSequence)}
            spellCheck={false}
          />
        </label>
        <label className="ferris-picture__check">
          <input
            name="tombstone"
            type="checkbox"
            checked={tombstone}
            onChange={(e) => {
              setTombstone(e.target.checked);
              resetFlips();
            }}
          />
          Delete (a tombstone)
        </label>
      </form>

      {!encoded.ok ? (
        <p className="ferris-picture__error" role="alert" data-testid="encode-error">
          {encoded.error}
        </p>
      ) : (
        <>
          <p className="wal-inspector__summary" data-testid="frame-size">
            {encoded.frame.length} bytes:{' '}
            {aSized(
              encoded.fields.filter((f) => f.field.part === 'header').reduce((n, f) => n + f.end - f.start, 0),
              'byte',
            )}{' '}
            header and{' '}
            {aSized(
              encoded.fields.filter((f) => f.field.part === 'body').reduce((n, f) => n + f.end - f.start, 0),
              'byte',
            )}{' '}
            body.
          </p>
          <div
            className="wal-inspector__bytes"
            role="group"
            aria-label="The bytes of the frame, by field"
            data-testid="frame-bytes"
          >
            {encoded.fields.map((f, i) => (
              <div key={f.field.name} className={`wal-inspector__field ferris-field-${i}`} data-field={f.field.name}>
                <div className="wal-inspector__field-bytes">
                  {Array.from({ length: f.end - f.start }, (_, k) => {
                    const at = f.start + k;
                    const byte = flipped![at]!;
                    const changed = byte !== encoded.frame[at];
                    return (
                      <button
                        key={at}
                        type="button"
                        className={`wal-inspector__byte${changed ? ' is-flipped' : ''}${selected === at ? ' is-selected' : ''}`}
                        aria-pressed={selected === at}
                        aria-label={`Byte ${at}, ${label(f.field.name)}: 0x${hex(byte)}${changed ? ' (flipped)' : ''}`}
                        data-byte={at}
                        onClick={() => setSelected(selected === at ? null : at)}
                      >
                        {hex(byte)}
                      </button>
                    );
                  })}
                  {f.end === f.start ? <span className="wal-inspector__empty">(0 bytes)</span> : null}
                </div>
                <div className="wal-inspector__field-name" aria-hidden="true">
                  {label(f.field.name)}
                </div>
              </div>
            ))}
          </div>

          {selected !== null && flipped ? (
            <div className="wal-inspector__bits" role="group" aria-labelledby={`${id}-bits`} data-testid="bit-panel">
              <p id={`${id}-bits`}>
                Byte {selected} ({label(encoded.fields[fieldOf(selected)]?.field.name ?? '')}) is 0x
                {hex(flipped[selected]!)}. Flip a bit (bit 7 is the most significant):
              </p>
              <div className="wal-inspector__bit-row">
                {[7, 6, 5, 4, 3, 2, 1, 0].map((bit) => {
                  const on = ((flipped[selected]! >> bit) & 1) === 1;
                  const changed = flips.has(`${selected}:${bit}`);
                  return (
                    <button
                      key={bit}
                      type="button"
                      className={`wal-inspector__bit${changed ? ' is-flipped' : ''}`}
                      aria-label={`Bit ${bit} of byte ${selected}: ${on ? 1 : 0}${changed ? ', flipped' : ''}. Press to flip it.`}
                      data-bit={bit}
                      onClick={() => toggleBit(selected, bit)}
                    >
                      <span className="wal-inspector__bit-index">{bit}</span>
                      <span className="wal-inspector__bit-value">{on ? 1 : 0}</span>
                    </button>
                  );
                })}
              </div>
            </div>
          ) : (
            <p className="wal-inspector__hint">Choose a byte to see its bits.</p>
          )}

          <div
            className={`wal-inspector__verdict ${verdict?.ok ? 'is-ok' : 'is-error'}`}
            aria-live="polite"
            data-testid="verdict"
          >
            <strong>
              {flips.size === 0 ? 'As written: ' : `With ${flips.size} bit${flips.size === 1 ? '' : 's'} flipped: `}
            </strong>
            {verdict?.text}
          </div>
          {flips.size > 0 ? (
            <button type="button" className="button button--secondary button--sm" onClick={resetFlips}>
              Undo every flip
            </button>
          ) : null}

          <table className="wal-inspector__legend">
            <caption>The fields of this frame, from FRAME_LAYOUT</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Bytes</th>
                <th scope="col">Value</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {encoded.fields.map((f, i) => (
                <tr key={f.field.name} data-field={f.field.name}>
                  <th scope="row">
                    <span className={`wal-inspector__swatch ferris-field-${i}`} aria-hidden="true" />
                    {label(f.field.name)}
                  </th>
                  <td>
                    {f.end === f.start ? 'none' : f.end - f.start === 1 ? `${f.start}` : `${f.start}–${f.end - 1}`}
                  </td>
                  <td className={`wal-inspector__value${f.field.type === 'bytes' ? '' : ' is-number'}`}>{f.shown}</td>
                  <td>{f.field.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </PictureFrame>
  );
}
