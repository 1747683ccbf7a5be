/**
 * Lesson 17, versionstamp.ts on its own: the stamp's bytes and the parameter with its offset.
 * Catches:
 *
 * - a version written as 32 bits, or with JavaScript's 32-bit shifts, so that versions past
 *   2^32 lose their high bytes (the database's versions are small, so only this test sees it);
 * - an offset read from the start of the parameter's buffer instead of its view (byteOffset
 *   forgotten), or a stamp placed into the caller's parameter instead of a new array;
 * - a parameter too short to hold its 4-byte offset that is not client_invalid_operation (2000).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  MAX_BATCH_ORDER,
  OFFSET_BYTES,
  placeVersionstamp,
  VERSIONSTAMP_BYTES,
  versionstamp,
  versionstampOffset,
} from '@ferris/17-retry-loop/versionstamp.ts';
import { concat, hexOf, u32le, viewInto } from '../shared/bytes.ts';
import { codeOf } from './helpers.ts';

/** Versions biased to the edges: small, around 2^32, and up to the largest safe integer. */
const versions = fc.oneof(
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 2 ** 32 - 2, max: 2 ** 32 + 2 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

/** `n` as `length` bytes, big-endian, computed with BigInt. */
function bigEndian(n: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = BigInt(n);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

describe('versionstamp.ts', () => {
  test.prop([versions, fc.integer({ min: 0, max: MAX_BATCH_ORDER })])(
    'a versionstamp is the version as 8 bytes big-endian then the order as 2, for every safe version',
    (version, order) => {
      expect(hexOf(versionstamp(version, order)), `the stamp of version ${version}, order ${order}`).toBe(
        hexOf(concat(bigEndian(version, 8), bigEndian(order, 2))),
      );
    },
  );

  test.prop([
    fc.uint8Array({ minLength: VERSIONSTAMP_BYTES, maxLength: 30 }),
    fc.nat(),
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 0, max: 9 }),
  ])(
    'a parameter given as a view into a bigger buffer is read through the view and left unchanged',
    (body, at, before, after) => {
      const offset = at % (body.length - VERSIONSTAMP_BYTES + 1);
      const param = concat(body, u32le(offset));
      const view = viewInto(param, { before, after });
      const whole = hexOf(new Uint8Array(view.buffer));
      const stamp = versionstamp(7, 3);
      expect(versionstampOffset(view, 'test'), `the offset ${offset} at the end of the view`).toBe(offset);
      const placed = placeVersionstamp(view, stamp, 'test');
      const want = Uint8Array.from(body);
      want.set(stamp, offset);
      expect(hexOf(placed), `the stamp at ${offset}, the ${OFFSET_BYTES} offset bytes dropped`).toBe(hexOf(want));
      expect(hexOf(new Uint8Array(view.buffer)), 'the caller’s parameter and its buffer are unchanged').toBe(whole);
    },
  );

  test.prop([fc.uint8Array({ minLength: 0, maxLength: OFFSET_BYTES - 1 })])(
    'a parameter too short to hold its 4-byte offset is client_invalid_operation',
    async (param) => {
      expect(await codeOf(() => versionstampOffset(param, 'test')), `versionstampOffset of ${param.length} bytes`).toBe(
        2000,
      );
      expect(
        await codeOf(() => placeVersionstamp(param, versionstamp(1, 0), 'test')),
        `placeVersionstamp of ${param.length} bytes`,
      ).toBe(2000);
    },
  );
});
