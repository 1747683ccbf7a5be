// Catches: a restart point does not reset the shared prefix (computed against the previous key anyway)
//
// A reference review test (see cli/review-examples.ts): a seek jumps to a restart point and
// decodes from there, so every key must come back from a seek as well as from a walk.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Block } from '@ferris/06-block/block.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';

const sortedKeys = fc
  .uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 6 }), {
    minLength: 2,
    maxLength: 30,
    selector: (k) => k.join(','),
  })
  .map((keys) => keys.map((k) => Uint8Array.from([7, 7, ...k])).sort(Buffer.compare));

test.prop([sortedKeys, fc.integer({ min: 1, max: 4 })])(
  'seek to each key of a block lands on that key',
  (keys, restartInterval) => {
    const builder = new BlockBuilder({ restartInterval });
    for (const key of keys) builder.add(key, new Uint8Array(0));
    const iterator = Block.decode(builder.finish()).iterator();
    for (const key of keys) {
      iterator.seek(key);
      expect(iterator.valid && [...iterator.key()], `seek to ${key.join(',')}`).toEqual([...key]);
    }
  },
);
