// Recovery of a log whose end is a long damaged tail, on the real disk (NodeFileSystem in a
// temporary directory). What it shows: how fast lesson 03's scan rules out damaged bytes. After
// the last good frame comes a tail of zeros (what a power cut leaves on ext4 or XFS when the size
// reached the disk before the data) or of random bytes (garbage), and recovery must look for an
// intact frame at every offset of it before it may cut it off. Measured in MB of tail per second.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { nextIntactFrame, recoverWal } from '@ferris/03-recovery/recovery.ts';
import { seededRandom } from '@support/random.ts';
import type { Benchmark, BenchRow } from './types.ts';

const MIB = 1024 * 1024;
const GOOD_FRAMES = 1_000;

/** A log: GOOD_FRAMES frames of a 100-byte value, then `tail`. */
function logWith(tail: Uint8Array): Uint8Array {
  const text = new TextEncoder();
  const frames = Array.from({ length: GOOD_FRAMES }, (_, i) =>
    encodeFrame(putEntry(i + 1, text.encode(`user:${String(i).padStart(7, '0')}`), new Uint8Array(100).fill(i))),
  );
  const good = frames.reduce((n, f) => n + f.length, 0);
  const bytes = new Uint8Array(good + tail.length);
  let at = 0;
  for (const frame of frames) {
    bytes.set(frame, at);
    at += frame.length;
  }
  bytes.set(tail, at);
  return bytes;
}

/** `size` bytes from a seeded generator, four at a time. */
function randomBytes(size: number): Uint8Array {
  const random = seededRandom(16);
  const words = new Uint32Array(size / 4);
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
  return new Uint8Array(words.buffer);
}

const mbPerSecond = (bytes: number, seconds: number) => bytes / 1e6 / seconds;

const benchmark: Benchmark = async (context) => {
  const size = (context.quick ? 8 : 64) * MIB;
  const fs = new NodeFileSystem(context.tmpDir);
  const rows: BenchRow[] = [];
  for (const [name, tail] of [
    ['zero', new Uint8Array(size)],
    ['random', randomBytes(size)],
  ] as const) {
    const bytes = logWith(tail);
    const good = bytes.length - tail.length;

    // The scan alone, in memory: every offset of the tail is looked at and ruled out.
    let started = performance.now();
    const found = nextIntactFrame(bytes, good + 1);
    const scanSeconds = (performance.now() - started) / 1000;
    if (found !== -1) throw new Error(`the ${name} tail holds an intact frame at byte ${found}: no benchmark`);

    // The whole recovery on the real disk: read, replay, scan the tail, cut it off (synced).
    const file = `${name}.log`;
    await writeFile(path.join(context.tmpDir, file), bytes);
    started = performance.now();
    const result = await recoverWal(fs, file);
    const seconds = (performance.now() - started) / 1000;
    if (result.entries.length !== GOOD_FRAMES || result.truncatedBytes !== tail.length) {
      throw new Error(
        `recovery of the ${name} tail kept ${result.entries.length} entries and cut ${result.truncatedBytes} bytes`,
      );
    }
    const mbs = mbPerSecond(tail.length, seconds);
    rows.push({
      name: `recovery, ${size / MIB} MiB ${name} tail`,
      seconds,
      note: `${mbs.toFixed(0)} MB/s of tail, whole recovery (${GOOD_FRAMES} good frames, then the cut); the scan alone ${mbPerSecond(tail.length, scanSeconds).toFixed(0)} MB/s`,
    });
    context.log(`${name} tail: ${seconds.toFixed(2)} s, ${mbs.toFixed(0)} MB/s`);
  }
  return rows;
};

export default benchmark;
