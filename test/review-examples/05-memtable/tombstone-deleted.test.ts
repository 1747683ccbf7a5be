// Catches: get reports a tombstone as 'missing' instead of 'deleted'
//
// A reference review test (see cli/review-examples.ts): a deleted key must stop the engine from
// looking in older tables.
import { expect, it } from 'vitest';
import { MemTable } from '@ferris/05-memtable/memtable.ts';

it('a key deleted in the memtable is deleted, not missing', () => {
  const table = new MemTable();
  const key = new Uint8Array([9]);
  table.put(1, key, new Uint8Array([1]));
  table.delete(2, key);
  expect(table.get(key), 'the tombstone answers').toEqual({ kind: 'deleted', sequence: 2 });
});
