// Catches: sync() fsyncs even when nothing is unsynced
//
// A reference review test (see cli/review-examples.ts): an fsync costs milliseconds, so a sync
// with nothing to sync must not reach the disk.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';

test.prop([fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })], { numRuns: 20 })(
  'a second sync() with no append in between does not fsync',
  async (appends, extraSyncs) => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    await fs.mkdir('db');
    const writer = await WalWriter.open(fs, 'db/wal', { sync: { kind: 'manual' } });
    for (let i = 0; i < appends; i++) await writer.append(putEntry(i + 1, new Uint8Array([i]), new Uint8Array(1)));
    await writer.sync();
    const before = fs.syncCount;
    for (let i = 0; i < extraSyncs; i++) await writer.sync();
    expect(fs.syncCount, 'no fsync when nothing is unsynced').toBe(before);
    await writer.close();
  },
);
