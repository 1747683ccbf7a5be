// Catches: a missing log throws instead of recovering as empty
//
// A reference review test (see cli/review-examples.ts): a brand-new database has no log yet.
import { expect, it } from 'vitest';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { recoverWal } from '@ferris/03-recovery/recovery.ts';

it('recovering a log that does not exist gives no entries and cuts nothing', async () => {
  const fs = new SimulatedFileSystem({ seed: 1 });
  await fs.mkdir('db');
  const result = await recoverWal(fs, 'db/wal');
  expect(result.entries, 'no entries').toEqual([]);
  expect(result.truncatedBytes, 'nothing cut').toBe(0);
});
