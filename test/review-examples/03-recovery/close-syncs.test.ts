// Catches: close() does not sync
//
// A reference review test (see cli/review-examples.ts): what was appended before close() is
// durable once close() resolves, whatever the policy.
import { expect, it } from 'vitest';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { recoverWal } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';

it('an entry appended under the manual policy survives a crash after close()', async () => {
  const fs = new SimulatedFileSystem({ seed: 1 });
  await fs.mkdir('db');
  const writer = await WalWriter.open(fs, 'db/wal', { sync: { kind: 'manual' } });
  await writer.append(putEntry(1, new Uint8Array([1]), new Uint8Array([2])));
  await writer.close();
  fs.crash({ unsyncedBytes: 'none', unsyncedNames: 'none' });
  const { entries } = await recoverWal(fs, 'db/wal');
  expect(
    entries.map((e) => e.sequence),
    'the closed log keeps its entry',
  ).toEqual([1]);
});
