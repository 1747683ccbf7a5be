/**
 * Tests of the simulated file system (support/sim-fs.ts), the disk every crash test of the
 * course runs on. If it kept too much, crash tests would pass code that loses data on a real
 * machine; if it kept too little (lost synced bytes), they would fail correct code.
 *
 * - "synced bytes always survive a crash": a crash that loses durable data.
 * - "a crash keeps a prefix of the unsynced bytes ...": a crash that invents bytes, reorders
 *   writes, or damages bytes outside the last kept write.
 * - "every outcome happens": a crash model that never tears, never drops, never damages.
 * - "the same seed gives the same outcome": hidden non-determinism (Math.random, Map order).
 * - "a new file / a rename / a remove is durable only after syncDir": names made durable too
 *   early (which would hide a missing directory fsync) or lost after syncDir.
 * - handles, truncate, reads outside the file, flipBit: the rest of the contract.
 * - the FileSystem contract shared with lesson 03's NodeFileSystem (test/03-recovery/fs-contract.ts),
 *   so that code tested on the simulated disk behaves the same on the real one.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SimulatedFileSystem, StaleHandleError } from '@support/sim-fs.ts';
import type { CrashModel } from '@support/sim-fs.ts';
import { FileNotFoundError } from '@support/fs.ts';
import { fileSystemContract } from '../03-recovery/fs-contract.ts';

/** A history of appends to one file, with a sync after some of them. */
const history = fc.array(fc.record({ bytes: fc.uint8Array({ minLength: 0, maxLength: 40 }), sync: fc.boolean() }), {
  maxLength: 12,
});

async function play(fs: SimulatedFileSystem, path: string, steps: { bytes: Uint8Array; sync: boolean }[]) {
  const file = await fs.openAppend(path);
  await fs.syncDir('');
  const written: number[] = [];
  let synced = 0;
  for (const step of steps) {
    await file.append(step.bytes);
    written.push(...step.bytes);
    if (step.sync) {
      await file.sync();
      synced = written.length;
    }
  }
  return { written: Uint8Array.from(written), synced, file };
}

describe('data', () => {
  test.prop([fc.integer(), history])('synced bytes always survive a crash', async (seed, steps) => {
    const fs = new SimulatedFileSystem({ seed });
    const { written, synced } = await play(fs, 'wal.log', steps);
    fs.crash();
    const after = await fs.readFile('wal.log');
    expect(after.length, 'the crash lost synced bytes').toBeGreaterThanOrEqual(synced);
    expect(after.subarray(0, synced), 'the crash changed synced bytes').toEqual(written.subarray(0, synced));
  });

  test.prop([fc.integer(), history])(
    'a crash keeps a prefix of the unsynced bytes, damaged at most in the last write it keeps',
    async (seed, steps) => {
      const fs = new SimulatedFileSystem({ seed });
      const { written, synced } = await play(fs, 'wal.log', steps);
      const report = fs.crash();
      const after = await fs.readFile('wal.log');
      expect(after.length, 'the crash invented bytes').toBeLessThanOrEqual(written.length);
      const damaged = report.files[0]?.damagedOffset ?? null;
      // Where the last unsynced write the crash kept (whole or torn) starts; none: no damage.
      let lastStart = after.length;
      let offset = 0;
      for (const step of steps) {
        if (offset >= synced && step.bytes.length > 0 && offset < after.length) lastStart = offset;
        offset += step.bytes.length;
      }
      for (let i = 0; i < after.length; i++) {
        if (i === damaged) {
          expect(i, 'the damaged byte is outside the last kept write').toBeGreaterThanOrEqual(lastStart);
          continue;
        }
        expect(after[i], `byte ${i} changed in the crash`).toBe(written[i]);
      }
    },
  );

  it('over many crashes every outcome happens: none, all, a clean cut, a torn write, damage', async () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const fs = new SimulatedFileSystem({ seed });
      const { written, synced } = await play(fs, 'wal.log', [
        { bytes: new Uint8Array(10).fill(1), sync: true },
        { bytes: new Uint8Array(10).fill(2), sync: false },
        { bytes: new Uint8Array(10).fill(3), sync: false },
      ]);
      const report = fs.crash();
      const size = (await fs.readFile('wal.log')).length;
      if (size === synced) seen.add('none');
      if (size === written.length) seen.add('all');
      if (size === 20) seen.add('boundary');
      if (report.files[0]!.torn) seen.add('torn');
      if (report.files[0]!.damagedOffset !== null) seen.add('damage');
    }
    expect([...seen].sort(), 'some crash outcome never happened in 200 seeds').toEqual([
      'all',
      'boundary',
      'damage',
      'none',
      'torn',
    ]);
  });

  it('a crash model can fix the outcome: none keeps only synced bytes, all keeps everything', async () => {
    for (const [model, expected] of [
      [{ unsyncedBytes: 'none' }, 3],
      [{ unsyncedBytes: 'all', damageProbability: 0 }, 6],
    ] as [CrashModel, number][]) {
      const fs = new SimulatedFileSystem({ seed: 1 });
      await play(fs, 'a', [
        { bytes: Uint8Array.of(1, 2, 3), sync: true },
        { bytes: Uint8Array.of(4, 5, 6), sync: false },
      ]);
      fs.crash(model);
      expect((await fs.readFile('a')).length, `crash(${JSON.stringify(model)})`).toBe(expected);
    }
  });

  test.prop([fc.integer(), history, fc.nat()])('the same seed gives the same outcome', async (seed, steps, cut) => {
    const outcome = async () => {
      const fs = new SimulatedFileSystem({ seed });
      await fs.mkdir('x');
      await play(fs, 'x/a.log', steps);
      await play(fs, 'x/b.log', steps.slice(cut % (steps.length + 1)));
      const report = fs.crash();
      return { report, a: await fs.readFile('x/a.log').catch(() => null), files: fs.filePaths() };
    };
    expect(await outcome(), 'two runs from one seed differ').toEqual(await outcome());
  });

  it('truncate shortens the file and makes it durable; it never lengthens', async () => {
    const fs = new SimulatedFileSystem({ seed: 7 });
    const { file } = await play(fs, 'a', [{ bytes: Uint8Array.of(1, 2, 3, 4, 5), sync: false }]);
    await fs.truncate('a', 2);
    expect(fs.durableSize('a'), 'truncate must make the new length durable').toBe(2);
    await file.append(Uint8Array.of(9));
    expect(await fs.readFile('a'), 'an append after truncate lands at the new end').toEqual(Uint8Array.of(1, 2, 9));
    await expect(fs.truncate('a', 10), 'truncate past the end must throw').rejects.toThrow(RangeError);
    fs.crash({ unsyncedBytes: 'none' });
    expect(await fs.readFile('a'), 'the truncated length is what survives').toEqual(Uint8Array.of(1, 2));
  });

  it('flipBit changes exactly one bit, durable or not, and checks its range', async () => {
    const fs = new SimulatedFileSystem({ seed: 3 });
    await play(fs, 'a', [{ bytes: Uint8Array.of(0, 0), sync: true }]);
    fs.flipBit('a', 9);
    expect(await fs.readFile('a'), 'bit 9 is bit 1 of byte 1').toEqual(Uint8Array.of(0, 2));
    fs.crash();
    expect(await fs.readFile('a'), 'a flipped durable bit stays flipped').toEqual(Uint8Array.of(0, 2));
    expect(() => fs.flipBit('a', 16), 'a bit past the end').toThrow(RangeError);
  });
});

describe('names', () => {
  test.prop([fc.integer()])('a new file survives a crash only once its directory is synced', async (seed) => {
    const fs = new SimulatedFileSystem({ seed });
    await fs.mkdir('db');
    const file = await fs.openAppend('db/new.log');
    await file.append(Uint8Array.of(1));
    await file.sync();
    expect(fs.isNameDurable('db/new.log'), 'a create is durable before syncDir').toBe(false);
    fs.crash({ unsyncedNames: 'none' });
    expect(await fs.exists('db/new.log'), 'a synced file whose name was never synced survived').toBe(false);

    const again = await fs.openAppend('db/new.log');
    await again.append(Uint8Array.of(1));
    await again.sync();
    await fs.syncDir('db');
    fs.crash();
    expect(await fs.readFile('db/new.log'), 'a synced file in a synced directory was lost').toEqual(Uint8Array.of(1));
  });

  test.prop([fc.integer()])(
    'a rename is durable only after syncDir, and is never half done in one directory',
    async (seed) => {
      const fs = new SimulatedFileSystem({ seed });
      const tmp = await fs.openAppend('m.tmp');
      await tmp.append(Uint8Array.of(7));
      await tmp.sync();
      await fs.syncDir('');
      await fs.rename('m.tmp', 'MANIFEST');
      fs.crash();
      const names = await fs.list('');
      expect([['MANIFEST'], ['m.tmp']], `after a crash the rename must be all or nothing, got ${names}`).toContainEqual(
        names,
      );

      const fs2 = new SimulatedFileSystem({ seed });
      await (await fs2.openAppend('m.tmp')).sync();
      await fs2.syncDir('');
      await fs2.rename('m.tmp', 'MANIFEST');
      await fs2.syncDir('');
      fs2.crash();
      expect(await fs2.list(''), 'a rename followed by syncDir was lost').toEqual(['MANIFEST']);
    },
  );

  it('an unsynced rename can be lost, and the old name comes back', async () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const fs = new SimulatedFileSystem({ seed });
      await (await fs.openAppend('a')).sync();
      await fs.syncDir('');
      await fs.rename('a', 'b');
      fs.crash();
      outcomes.add((await fs.list('')).join());
    }
    expect([...outcomes].sort(), 'an unsynced rename should sometimes survive and sometimes not').toEqual(['a', 'b']);
  });

  test.prop([fc.integer()])('a remove is durable only after syncDir', async (seed) => {
    const fs = new SimulatedFileSystem({ seed });
    await (await fs.openAppend('old.log')).sync();
    await fs.syncDir('');
    await fs.remove('old.log');
    expect(await fs.exists('old.log'), 'a removed file still exists').toBe(false);
    fs.crash({ unsyncedNames: 'none' });
    expect(await fs.exists('old.log'), 'an unsynced remove must be lost in this crash').toBe(true);
    await fs.remove('old.log');
    await fs.syncDir('');
    fs.crash();
    expect(await fs.exists('old.log'), 'a synced remove was undone').toBe(false);
  });

  it('list, mkdir, exists and missing files', async () => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    expect(await fs.list('nope'), 'a missing directory lists as empty').toEqual([]);
    await fs.mkdir('db/sub');
    await fs.openAppend('db/b');
    await fs.openAppend('db/a');
    expect(await fs.list('db'), 'names, sorted, with subdirectories').toEqual(['a', 'b', 'sub']);
    expect(await fs.exists('db/sub'), 'a directory exists').toBe(true);
    await expect(fs.readFile('db/c'), 'reading a missing file').rejects.toThrow(FileNotFoundError);
    await expect(fs.openAppend('nodir/x'), 'a file in a missing directory').rejects.toThrow(/mkdir/);
  });
});

describe('handles', () => {
  it('a handle opened before a crash throws a clear error afterwards', async () => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    const file = await fs.openAppend('a');
    const reader = await fs.openRead('a');
    fs.crash();
    await expect(file.append(Uint8Array.of(1)), 'append on a stale handle').rejects.toThrow(StaleHandleError);
    await expect(file.sync(), 'sync on a stale handle').rejects.toThrow(/crash/);
    await expect(reader.read(0, 0), 'read on a stale handle').rejects.toThrow(StaleHandleError);
    await file.close();
  });

  it('reads are exact and never outside the file', async () => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    await play(fs, 'a', [{ bytes: Uint8Array.of(1, 2, 3, 4), sync: false }]);
    const reader = await fs.openRead('a');
    expect(reader.size, 'size').toBe(4);
    expect(await reader.read(1, 2), 'read(1, 2)').toEqual(Uint8Array.of(2, 3));
    await expect(reader.read(3, 2), 'a read past the end').rejects.toThrow(RangeError);
    await reader.close();
    await expect(reader.read(0, 1), 'a read after close').rejects.toThrow(StaleHandleError);
  });

  it('counts appends, syncs and directory syncs', async () => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    const file = await fs.openAppend('a');
    await file.append(Uint8Array.of(1, 2));
    await file.append(Uint8Array.of(3));
    await file.sync();
    await fs.syncDir('');
    expect([fs.appendCount, fs.appendedBytes, fs.syncCount, fs.dirSyncCount], 'the counters').toEqual([2, 3, 1, 1]);
  });
});

fileSystemContract(async () => new SimulatedFileSystem({ seed: 1 }));
