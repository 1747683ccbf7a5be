// Catches: setting an existing key keeps the old value
//
// A reference review test (see cli/review-examples.ts): a map holds the last value set for a key.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';

test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer()), { maxLength: 40 })])(
  'after any sets, get returns the last value set for each key, and size counts distinct keys',
  (writes) => {
    const list = new SkipList<number, number>((a, b) => a - b);
    const model = new Map<number, number>();
    for (const [key, value] of writes) {
      list.set(key, value);
      model.set(key, value);
    }
    for (const [key, value] of model) expect(list.get(key), `the value of key ${key}`).toBe(value);
    expect(list.size, 'one per distinct key').toBe(model.size);
  },
);
