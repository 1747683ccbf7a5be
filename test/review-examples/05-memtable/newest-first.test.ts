// Catches: versions ordered by sequence ascending (get finds the oldest version)
//
// A reference review test (see cli/review-examples.ts): a read sees the newest version at or
// below its snapshot.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemTable } from '@ferris/05-memtable/memtable.ts';

test.prop([fc.array(fc.uint8Array({ maxLength: 4 }), { minLength: 2, maxLength: 8 })])(
  'get returns the value of the latest put of a key',
  (values) => {
    const table = new MemTable();
    const key = new Uint8Array([1]);
    values.forEach((value, i) => table.put(i + 1, key, value));
    const found = table.get(key);
    expect(found.kind, 'the key has a value').toBe('value');
    expect(found.kind === 'value' ? [...found.value] : null, 'the newest value').toEqual([
      ...values[values.length - 1]!,
    ]);
  },
);
