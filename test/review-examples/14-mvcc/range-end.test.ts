// Catches: a clear range also clears its end key
//
// A reference review test (see cli/review-examples.ts): a range [begin, end) leaves out its end.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { inRange } from '@ferris/14-mvcc/window.ts';

test.prop([fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 })])(
  'a range never contains its end key',
  (begin, end) => {
    expect(inRange(end, begin, end), 'the end key is outside the range').toBe(false);
  },
);
