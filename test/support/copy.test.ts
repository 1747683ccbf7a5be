// The given `SlabCopies` (support/copy.ts) that lessons 01, 07 and 10 copy keys and values with,
// and lesson 02 cuts frames from:
// a copy must equal what it copied, have its length, and share no byte with the original or with
// any other copy, whatever the original is a view into.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { COPY_SLAB_BYTES, MAX_SLAB_COPY_BYTES, SlabCopies } from '@support/copy.ts';
import { hexOf, viewInto } from '../shared/bytes.ts';

const length = fc.oneof(
  fc.constantFrom(0, 1, 64, 65, MAX_SLAB_COPY_BYTES, MAX_SLAB_COPY_BYTES + 1, COPY_SLAB_BYTES, COPY_SLAB_BYTES + 1),
  fc.integer({ min: 0, max: 2 * MAX_SLAB_COPY_BYTES }),
);
/** Bytes of a length from `length`, maybe a view into a bigger buffer, maybe a Buffer. */
const original = fc
  .tuple(length, fc.integer({ min: 0, max: 255 }), fc.nat(7), fc.nat(7), fc.boolean())
  .map(([n, seed, before, after, buffer]) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (seed + i * 31) & 0xff);
    const view = viewInto(bytes, { before, after });
    return buffer ? Buffer.from(view.buffer, view.byteOffset, view.length) : view;
  });

/**
 * Fills each array with its own byte (i % 200), then checks that each still holds only its own:
 * no array shares a byte with another. `changed(i)` says what it means when array i does not.
 */
function expectNoSharedBytes(arrays: readonly Uint8Array[], changed: (i: number, length: number) => string): void {
  arrays.forEach((out, i) => out.fill(i % 200));
  arrays.forEach((out, i) => {
    const stranger = out.findIndex((b) => b !== i % 200);
    expect(stranger, changed(i, out.length)).toBe(-1);
  });
}

test.prop([fc.array(original, { minLength: 1, maxLength: 60 })])(
  'copies equal their originals, are plain Uint8Arrays, and share no byte with an original or another copy',
  (originals) => {
    const wanted = originals.map((o) => hexOf(o));
    const slabs = new SlabCopies();
    const copies = originals.map((o) => slabs.copy(o));
    copies.forEach((copy, i) => {
      expect(Object.getPrototypeOf(copy), `copy ${i}: a plain Uint8Array, not a Buffer`).toBe(Uint8Array.prototype);
      expect(hexOf(copy), `copy ${i} of ${originals[i]!.length} bytes`).toBe(wanted[i]);
    });
    // Overwrite every original, then every copy with its own byte: each copy must keep only its own.
    for (const o of originals) o.fill(0xee);
    expectNoSharedBytes(
      copies,
      (i, n) => `copy ${i} (${n} bytes) was changed by writing into another copy or an original`,
    );
  },
);

test.prop([fc.array(fc.tuple(original, fc.boolean()), { minLength: 1, maxLength: 60 })])(
  'allocate gives zeroed arrays of the length asked, sharing no byte with each other or with copies made between them',
  (asks) => {
    const slabs = new SlabCopies();
    const made = asks.map(([o, allocate]) => (allocate ? slabs.allocate(o.length) : slabs.copy(o)));
    made.forEach((out, i) => {
      const [o, allocate] = asks[i]!;
      expect(out.length, `array ${i}: the length asked`).toBe(o.length);
      if (allocate)
        expect(
          out.findIndex((b) => b !== 0),
          `allocated array ${i} is all zeros`,
        ).toBe(-1);
    });
    expectNoSharedBytes(made, (i, n) => `array ${i} (${n} bytes) was changed by writing into another one`);
  },
);
