// WAL append throughput under each sync policy, on the real disk (NodeFileSystem in a temporary
// directory). What it shows: the price of an fsync. Every policy writes the same entries; only
// how often the writer waits for the disk changes.
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import type { SyncPolicy } from '@ferris/03-recovery/wal-writer.ts';
import { seededRandom, randomInt } from '@support/random.ts';
import type { Benchmark, BenchRow } from './types.ts';

const VALUE_BYTES = 100;

function makeEntries(count: number): WalEntry[] {
  const random = seededRandom(3);
  const text = new TextEncoder();
  return Array.from({ length: count }, (_, i) => {
    const value = new Uint8Array(VALUE_BYTES);
    for (let j = 0; j < value.length; j++) value[j] = randomInt(random, 256);
    return putEntry(i + 1, text.encode(`user:${String(randomInt(random, 1_000_000)).padStart(7, '0')}`), value);
  });
}

interface Case {
  readonly name: string;
  readonly policy: SyncPolicy;
  /** How many appends to time (fsync-heavy policies get fewer, to keep the run short). */
  readonly appends: number;
}

const benchmark: Benchmark = async (context) => {
  const scale = context.quick ? 0.1 : 1;
  const cases: Case[] = [
    { name: 'every-append', policy: { kind: 'every-append' }, appends: 2_000 },
    { name: 'every-n, 10 appends', policy: { kind: 'every-n', appends: 10 }, appends: 10_000 },
    { name: 'every-n, 100 appends', policy: { kind: 'every-n', appends: 100 }, appends: 50_000 },
    { name: 'every-n, 64 KiB', policy: { kind: 'every-n', bytes: 64 * 1024 }, appends: 50_000 },
    { name: 'manual (one sync at the end)', policy: { kind: 'manual' }, appends: 50_000 },
  ];
  const fs = new NodeFileSystem(context.tmpDir);
  const rows: BenchRow[] = [];
  const all = makeEntries(Math.max(...cases.map((c) => Math.ceil(c.appends * scale))));
  const frameBytes = encodeFrame(all[0]!).length;

  for (const [i, c] of cases.entries()) {
    const count = Math.max(20, Math.ceil(c.appends * scale));
    const file = `wal-${i}.log`;
    const writer = await WalWriter.open(fs, file, { sync: c.policy });
    const started = performance.now();
    for (let n = 0; n < count; n++) await writer.append(all[n]!);
    await writer.close(); // the final sync is part of the cost
    const seconds = (performance.now() - started) / 1000;
    const opsPerSec = count / seconds;
    rows.push({
      name: `WAL append, sync ${c.name}`,
      opsPerSec,
      note: `${count} appends of ${frameBytes} B frames, ${((seconds * 1e6) / count).toFixed(1)} µs each`,
    });
    context.log(`${c.name}: ${Math.round(opsPerSec)} appends/s`);
  }
  return rows;
};

export default benchmark;
