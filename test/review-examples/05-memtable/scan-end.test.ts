// Catches: scan end inclusive
//
// A reference review test (see cli/review-examples.ts): a scan's end is exclusive, like
// Array.slice.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemTable } from '@ferris/05-memtable/memtable.ts';

test.prop([fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 20 }), fc.nat()])(
  'a scan never yields its end key',
  (keys, pick) => {
    const table = new MemTable();
    keys.forEach((k, i) => table.put(i + 1, new Uint8Array([k]), new Uint8Array([k])));
    const end = new Uint8Array([keys[pick % keys.length]!]);
    const seen = [...table.scan({ end })].map(([key]) => key[0]);
    expect(seen, 'the end key is left out').not.toContain(end[0]);
  },
);
