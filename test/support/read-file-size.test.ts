/**
 * A ReadFile's size is fixed when it is opened (support/fs.ts), on the simulated disk and on the
 * real one alike, and both refuse the same reads with checkReadRange's error.
 *
 * Catches a file system that:
 * - reports a size that grows while another handle appends (the simulator once did; the real
 *   disk's NodeReadFile never did, so code tested on one would behave differently on the other);
 * - lets a reader read bytes appended after it was opened;
 * - checks read ranges its own way (a negative, fractional or past-the-end range accepted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { ReadOutOfRangeError, checkReadRange } from '@support/read-range.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const fileSystems: [string, () => FileSystem][] = [
  ['the simulated disk', () => new SimulatedFileSystem({ seed: 7 })],
  [
    'the real disk (lesson 03)',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'read-size-'));
      made.push(dir);
      return new NodeFileSystem(dir);
    },
  ],
];

const bytes = fc.uint8Array({ minLength: 0, maxLength: 32 });

describe.each(fileSystems)('a reader on %s', (_name, makeFs) => {
  test.prop([bytes, fc.uint8Array({ minLength: 1, maxLength: 32 })], { numRuns: 20 })(
    'keeps the size the file had when it was opened, while another handle appends',
    async (before, after) => {
      const fs = makeFs();
      const writer = await fs.openAppend('f');
      await writer.append(before);
      await writer.sync();
      const reader = await fs.openRead('f');
      await writer.append(after);
      await writer.sync();
      expect(reader.size, 'the size is fixed at open').toBe(before.length);
      await expect(
        reader.read(before.length, 1),
        'a byte appended after the open is outside this reader',
      ).rejects.toThrow(ReadOutOfRangeError);
      expect(await reader.read(0, before.length), 'the bytes there at open read back').toEqual(before);
      const again = await fs.openRead('f');
      expect(again.size, 'a reader opened later sees the appended bytes').toBe(before.length + after.length);
      await Promise.all([reader.close(), again.close(), writer.close()]);
    },
  );
});

describe('checkReadRange', () => {
  test.prop([fc.nat(64), fc.integer({ min: -4, max: 70 }), fc.integer({ min: -4, max: 70 })])(
    'accepts exactly the whole-number ranges inside the size',
    (size, offset, length) => {
      const inside = offset >= 0 && length >= 0 && offset + length <= size;
      const check = () => checkReadRange('f', offset, length, size);
      if (inside) expect(check, 'a range inside the file is accepted').not.toThrow();
      else expect(check, 'a range outside the file is refused, naming the file').toThrow(/read\(f, offset/);
    },
  );

  test.prop([fc.constantFrom(0.5, Number.NaN, Number.POSITIVE_INFINITY)])(
    'refuses offsets and lengths that are not whole numbers',
    (bad) => {
      expect(() => checkReadRange('f', bad, 0, 10), 'a fractional offset is refused').toThrow(RangeError);
      expect(() => checkReadRange('f', 0, bad, 10), 'a fractional length is refused').toThrow(RangeError);
    },
  );
});
