// Catches: the overlap test misses a table that shares only an edge key
//
// A reference review test (see cli/review-examples.ts): key ranges are inclusive at both ends,
// so a table whose last key is the first key of the range overlaps it.
import { expect, it } from 'vitest';
import type { TableMeta } from '@ferris/10-lsm-engine/version.ts';
import { overlapping } from '@ferris/12-compaction/leveled.ts';

const table = (fileNumber: number, smallest: number, largest: number): TableMeta => ({
  fileNumber,
  fileSize: 100,
  entryCount: 2,
  smallest: { userKey: Uint8Array.of(smallest), sequence: 1 },
  largest: { userKey: Uint8Array.of(largest), sequence: 1 },
});

it('tables that touch a key range only at its first or last key overlap it', () => {
  const tables = [table(1, 1, 5), table(2, 9, 12), table(3, 20, 30)];
  const found = overlapping(tables, Uint8Array.of(5), Uint8Array.of(9)).map((t) => t.fileNumber);
  expect(found, 'table 1 ends at 5, table 2 starts at 9').toEqual([1, 2]);
});
