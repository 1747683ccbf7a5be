/**
 * Lesson 03, the same WAL code on the real disk: WalWriter and recoverWal over NodeFileSystem in
 * a temporary directory. A real crash cannot be caused in a test, so the damage a crash leaves
 * is written by hand with node:fs. These catch what the simulated disk cannot: a NodeFileSystem
 * whose appends, truncate or reads do not do what the simulator does (a torn tail that comes
 * back, an append that lands at the old end, a reopened log whose size is 0).
 *
 * - "a torn tail on disk is cut off ...": keeping the torn bytes, or a NodeFileSystem truncate
 *   or size that disagrees with the file on disk.
 * - "damage in the middle of a log on disk is reported ...": stopping silently at mid-log
 *   corruption.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { recoverWal, WalCorruptionError } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import {
  entries,
  entryBody,
  expectSameEntries,
  frameOffsets,
  framesOf,
  numbered,
  rejection,
  syncPolicy,
} from './helpers.ts';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(nodePath.join(os.tmpdir(), 'ferris-03-wal-'));
  made.push(dir);
  return dir;
}

describe('the WAL on the real disk', () => {
  test.prop([syncPolicy, entries(), entryBody, fc.nat(), entries({ minLength: 1, maxLength: 4 })], { numRuns: 20 })(
    'a torn tail on disk is cut off, and a new writer appends right after the last good frame',
    async (policy, firstBodies, tornBody, cut, laterBodies) => {
      const root = await tempDir();
      const fs = new NodeFileSystem(root);
      await fs.mkdir('db');
      const first = numbered(firstBodies);
      const writer = await WalWriter.open(fs, 'db/wal.log', { sync: policy });
      for (const entry of first) await writer.append(entry);
      await writer.close();

      // What a power cut in the middle of the next write leaves: part of a frame.
      const [torn] = numbered([tornBody]);
      const frame = encodeFrame(torn!);
      const kept = 1 + (cut % (frame.length - 1));
      const file = nodePath.join(root, 'db', 'wal.log');
      await appendFile(file, frame.subarray(0, kept));

      const result = await recoverWal(fs, 'db/wal.log');
      expectSameEntries(result.entries, first, 'recovering a log with a torn tail on disk');
      expect((await readFile(file)).length, 'the torn bytes must be cut off the file on disk').toBe(
        framesOf(first).length,
      );

      const later = numbered(laterBodies);
      const again = await WalWriter.open(fs, 'db/wal.log', { sync: policy });
      expect(again.size, 'a reopened writer must start at the end of the last good frame').toBe(framesOf(first).length);
      for (const entry of later) await again.append(entry);
      await again.close();
      const final = await recoverWal(fs, 'db/wal.log');
      expectSameEntries(final.entries, [...first, ...later], 'recovering after appending to a recovered log on disk');
      expect(final.truncatedBytes, 'nothing may need cutting the second time').toBe(0);
    },
  );

  test.prop([entries({ minLength: 2, maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 20 })(
    'damage in the middle of a log on disk is reported with the file and offset',
    async (bodies, pick, xor) => {
      const root = await tempDir();
      const fs = new NodeFileSystem(root);
      const list = numbered(bodies);
      const writer = await WalWriter.open(fs, 'wal.log', { sync: { kind: 'every-append' } });
      for (const entry of list) await writer.append(entry);
      await writer.close();
      const index = pick % (list.length - 1);
      const offsets = frameOffsets(list);
      const file = nodePath.join(root, 'wal.log');
      const bytes = await readFile(file);
      // Damage a byte in the middle of the frame's body (its header may hold a length).
      const at = Math.floor((offsets[index]! + offsets[index + 1]!) / 2);
      bytes[at] = bytes[at]! ^ xor;
      await writeFile(file, bytes);
      const error = await rejection(
        recoverWal(fs, 'wal.log'),
        WalCorruptionError,
        'recovering a log with a damaged middle frame',
      );
      expect([error.file, error.offset], 'the error must name the file and the damaged frame').toEqual([
        'wal.log',
        offsets[index],
      ]);
    },
  );
});
