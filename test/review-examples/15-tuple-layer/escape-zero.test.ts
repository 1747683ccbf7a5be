// Catches: does not escape a 00 inside a byte string
//
// A reference review test (see cli/review-examples.ts): any byte string, zeros included, comes
// back from pack and unpack.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { unpack } from '@ferris/15-tuple-layer/unpack.ts';

test.prop([fc.uint8Array({ maxLength: 8 }).map((b) => Uint8Array.from([...b, 0, ...b])), fc.string({ maxLength: 4 })])(
  'a byte string with a zero inside, followed by another element, round-trips',
  (bytes, text) => {
    const [back, after] = unpack(pack([bytes, text]));
    expect([...(back as Uint8Array)], 'the byte string').toEqual([...bytes]);
    expect(after, 'the element after it').toBe(text);
  },
);
