/**
 * The WAL half of the corruption sweep: builds logs with the reference writer on the real file
 * system, then judges recovery of each damaged copy.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom, randomInt } from '@support/random.ts';
import { deleteEntry, putEntry } from '@ferris/01-wal-entry/entry.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import { recoverWal, WalCorruptionError, type RecoveryMode } from '@ferris/03-recovery/recovery.ts';
import type { FileSystem } from '@support/fs.ts';
import { MemoryFileSystem } from './memory-fs.ts';
import {
  applyCase,
  judgeEntries,
  judgeTypedError,
  serializeWrite,
  type Case,
  type CasePlan,
  type Judgement,
  type Subject,
} from './sweep-cases.ts';
import { describeError } from './cli-args.ts';
import { sameBytes, sameWrite, type Write } from './workload.ts';

const text = new TextEncoder();

/** Puts and deletes with short keys; values up to `maxValue` bytes, some empty. */
export function walWrites(seed: number, count: number, minValue: number, maxValue: number): Write[] {
  const random = seededRandom(seed);
  const writes: Write[] = [];
  for (let sequence = 1; sequence <= count; sequence++) {
    const key = random() < 0.05 ? new Uint8Array(0) : text.encode(`k${randomInt(random, 16)}`);
    let value: Uint8Array | null = null;
    if (random() >= 0.15) {
      value = new Uint8Array(random() < 0.1 ? 0 : minValue + randomInt(random, maxValue - minValue + 1));
      for (let i = 0; i < value.length; i++) value[i] = randomInt(random, 256);
    }
    writes.push({ sequence, key, value });
  }
  return writes;
}

function toEntry(w: Write) {
  return w.value === null ? deleteEntry(w.sequence, w.key) : putEntry(w.sequence, w.key, w.value);
}

/** Writes `writes` with the WalWriter into `dir` on the real disk; records where each frame ends. */
export async function buildWal(
  dir: string,
  name: string,
  writes: readonly Write[],
  plan: Omit<CasePlan, 'size'>,
  modes: readonly string[] = ['tolerate-corrupted-tail'],
): Promise<Subject[]> {
  const file = path.join(dir, `${name}.log`);
  const writer = await WalWriter.open(new NodeFileSystem(), file, { sync: { kind: 'manual' } });
  const start = writer.size;
  const frameEnds: number[] = [];
  for (const w of writes) {
    await writer.append(toEntry(w));
    frameEnds.push(writer.size);
  }
  await writer.sync();
  await writer.close();
  const size = (await readFile(file)).length;
  if (size !== frameEnds.at(-1)) {
    throw new Error(`the WAL writer reported size ${frameEnds.at(-1)} but wrote ${size} bytes to ${file}`);
  }
  return modes.map((mode, i) => ({
    name: i === 0 ? name : `${name}/${mode}`,
    kind: 'wal',
    mode,
    path: `db/${name}.log`,
    bytesFile: file,
    writes: writes.map(serializeWrite),
    frameEnds,
    start,
    plan: { ...plan, size },
  }));
}

/**
 * Where the damage of `c` lies: the frame it hits, and the range an error may name (from that
 * frame's start up to the cut or the flipped byte).
 */
function damage(subject: Subject, c: Case): { frame: number; lo: number; hi: number; torn: boolean } {
  const ends = subject.frameEnds!;
  const start = subject.start!;
  if (c.kind === 'intact')
    return { frame: ends.length, lo: ends.at(-1) ?? start, hi: ends.at(-1) ?? start, torn: false };
  if (c.kind === 'truncate') {
    // Frames ending at or before the cut are whole; a cut exactly at a frame's end tears nothing.
    let k = 0;
    while (k < ends.length && ends[k]! <= c.at) k++;
    const lo = k === 0 ? start : ends[k - 1]!;
    return { frame: k, lo, hi: c.at, torn: c.at > lo || c.at < start };
  }
  const at = c.bit >>> 3;
  if (at < start) return { frame: -1, lo: 0, hi: start, torn: true };
  let k = 0;
  while (ends[k]! <= at) k++;
  // The error must point at the damaged frame, and not past the flipped byte.
  return { frame: k, lo: k === 0 ? start : ends[k - 1]!, hi: at, torn: true };
}

/**
 * What `mode` promises for this damage: the entries to recover, or null for the typed error.
 * (The modes are lesson 03's, after RocksDB's WAL recovery modes.)
 */
function promise(subject: Subject, c: Case, writes: readonly Write[]): Write[] | null {
  const mode = subject.mode ?? 'tolerate-corrupted-tail';
  if (c.kind === 'intact') return [...writes];
  const { frame, torn } = damage(subject, c);
  const last = writes.length - 1;
  if (frame === -1) return mode === 'absolute-consistency' || mode === 'tolerate-corrupted-tail' ? null : [];
  const before = writes.slice(0, frame);
  if (c.kind === 'truncate') {
    // A cut is what a crash does to a log: only 'absolute-consistency' refuses a torn frame.
    return mode === 'absolute-consistency' && torn ? null : before;
  }
  switch (mode) {
    case 'absolute-consistency':
      return null;
    case 'tolerate-corrupted-tail':
      // A flipped bit in the final frame looks exactly like a torn write: it is cut off.
      return frame === last ? before : null;
    case 'point-in-time':
      return before;
    default:
      return writes.filter((_, i) => i !== frame);
  }
}

async function reopenAndWrite(fs: FileSystem, file: string, w: Write): Promise<void> {
  const writer = await WalWriter.open(fs, file, { sync: { kind: 'every-append' } });
  await writer.append(toEntry(w));
  await writer.close();
}

export async function checkWalCase(
  subject: Subject,
  intact: Uint8Array,
  writes: readonly Write[],
  c: Case,
): Promise<Judgement> {
  const fs = new MemoryFileSystem();
  await fs.mkdir('db');
  const damaged = applyCase(intact, c);
  fs.put(subject.path, damaged);
  const mode = (subject.mode ?? 'tolerate-corrupted-tail') as RecoveryMode;
  const expected = promise(subject, c, writes);
  const { lo, hi } = damage(subject, c);
  let result;
  try {
    result = await recoverWal(fs, subject.path, { mode });
  } catch (error) {
    if (!(error instanceof WalCorruptionError)) return { verdict: 'untyped-error', detail: describeError(error) };
    if (expected !== null) return { verdict: 'refused', detail: describeError(error) };
    const judged = judgeTypedError(error, subject.path, lo, hi);
    // A refused log must be left as it was, for whoever restores or salvages it.
    if (judged.verdict === 'typed-error' && !sameBytes(fs.get(subject.path) ?? new Uint8Array(0), damaged)) {
      return {
        verdict: 'changed-on-refusal',
        detail: `the log is ${fs.get(subject.path)?.length ?? 0} bytes after the error, ${damaged.length} before`,
      };
    }
    return judged;
  }
  const judged = judgeEntries(result.entries, expected, writes);
  if (judged.verdict === 'wrong-value' || judged.verdict === 'silent-loss') return judged;

  const survivors = judged.verdict === 'no-effect' ? writes : expected!;
  // Where the next frame goes: after the last good frame, or (salvage mode) after everything,
  // since skipped stretches stay in the file.
  const expectedValid =
    judged.verdict === 'salvaged'
      ? intact.length
      : survivors.length === 0
        ? subject.start!
        : subject.frameEnds![survivors.length - 1]!;
  if (typeof result.validBytes === 'number' && result.validBytes !== expectedValid) {
    return {
      verdict: 'wrong-value',
      detail: `validBytes is ${result.validBytes}, but the log's good part ends at byte ${expectedValid}`,
    };
  }
  // The log must take new writes after recovery: a torn tail left in place would put the next
  // frame behind garbage, and the next recovery would refuse the log or lose the write.
  const next: Write = { sequence: writes.length + 1, key: text.encode('after'), value: text.encode('recovery') };
  try {
    await reopenAndWrite(fs, subject.path, next);
    const again = await recoverWal(fs, subject.path, { mode });
    const want = [...survivors, next];
    if (again.entries.length !== want.length || !again.entries.every((e, i) => sameWrite(e, want[i]!))) {
      return {
        verdict: 'broken-after-recovery',
        detail: `one write after recovery, then a second recovery, gave ${again.entries.length} entries, not ${want.length}`,
      };
    }
  } catch (error) {
    return { verdict: 'broken-after-recovery', detail: `writing after recovery failed: ${describeError(error)}` };
  }
  return judged;
}
