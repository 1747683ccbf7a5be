/**
 * The FileSystem contract (support/fs.ts) as tests, run against the learner's NodeFileSystem
 * (node-fs.test.ts) and against the simulated disk (test/support/sim-fs.test.ts), so that the
 * two behave the same and a WAL tested on one works on the other.
 *
 * Wrong implementations it catches: a size that forgets the bytes a file had before it was
 * opened; reads that return Buffers, or less than asked, or read outside the file; missing-file
 * errors that are raw ENOENT errors instead of FileNotFoundError; an unsorted list; truncate
 * that cannot be followed by an append at the new end; rename that does not replace; exists that
 * is always true.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { FileNotFoundError } from '@support/fs.ts';
import type { FileSystem } from '@support/fs.ts';
import { rejection } from './helpers.ts';

/** Registers the contract's tests; `make` returns a fresh, empty file system each time. */
export function fileSystemContract(make: () => Promise<FileSystem>): void {
  describe('the FileSystem contract', () => {
    test.prop(
      [
        fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 6 }),
        fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 3 }),
      ],
      {
        numRuns: 25,
      },
    )(
      'appends accumulate, a reopened file reports its old size, and readFile returns exactly the bytes',
      async (first, second) => {
        const fs = await make();
        const file = await fs.openAppend('a.log');
        expect(file.size, 'a new file is empty').toBe(0);
        const all: number[] = [];
        for (const chunk of first) {
          await file.append(chunk);
          all.push(...chunk);
        }
        expect(file.size, 'size after appends').toBe(all.length);
        await file.sync();
        await file.close();
        const again = await fs.openAppend('a.log');
        expect(again.size, 'a reopened file must report the bytes it already has').toBe(all.length);
        for (const chunk of second) {
          await again.append(chunk);
          all.push(...chunk);
        }
        await again.close();
        const bytes = await fs.readFile('a.log');
        expect(Object.getPrototypeOf(bytes), 'readFile must return a plain Uint8Array (not a Buffer)').toBe(
          Uint8Array.prototype,
        );
        expect(bytes, 'readFile must return every appended byte, in order').toEqual(Uint8Array.from(all));
      },
    );

    test.prop([fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.nat(), fc.nat()], { numRuns: 25 })(
      'reads return exactly the range asked for, and a range outside the file is a RangeError',
      async (data, a, b) => {
        const fs = await make();
        const file = await fs.openAppend('r.log');
        await file.append(data);
        await file.close();
        const reader = await fs.openRead('r.log');
        expect(reader.size, 'a reader knows the size').toBe(data.length);
        const offset = a % data.length;
        const length = b % (data.length - offset + 1);
        expect(await reader.read(offset, length), `read(${offset}, ${length})`).toEqual(
          data.slice(offset, offset + length),
        );
        await rejection(reader.read(offset, data.length - offset + 1), RangeError, 'a read past the end of the file');
        await reader.close();
      },
    );

    it('a missing file is a FileNotFoundError for openRead, readFile, truncate, rename and remove', async () => {
      const fs = await make();
      for (const [what, call] of [
        ['openRead', () => fs.openRead('nope')],
        ['readFile', () => fs.readFile('nope')],
        ['truncate', () => fs.truncate('nope', 0)],
        ['rename', () => fs.rename('nope', 'other')],
        ['remove', () => fs.remove('nope')],
      ] as const) {
        const error = await rejection(call(), FileNotFoundError, `${what} of a missing file`);
        expect(error.path, `${what}: the error must name the path`).toContain('nope');
      }
      expect(await fs.exists('nope'), 'exists of a missing file').toBe(false);
    });

    it('truncate shortens the file, a later append lands at the new end, and it never lengthens', async () => {
      const fs = await make();
      const file = await fs.openAppend('t.log');
      await file.append(Uint8Array.of(1, 2, 3, 4, 5));
      await fs.truncate('t.log', 2);
      await file.append(Uint8Array.of(9));
      await file.close();
      expect(await fs.readFile('t.log'), 'after truncate(2) and an append of 9').toEqual(Uint8Array.of(1, 2, 9));
      await rejection(fs.truncate('t.log', 10), RangeError, 'truncate past the end of the file');
    });

    it('rename replaces the target, remove removes, list is sorted, mkdir makes parents', async () => {
      const fs = await make();
      await fs.mkdir('d/e');
      for (const name of ['m', 'z', 'b', 'k']) await (await fs.openAppend(`d/${name}`)).close();
      const target = await fs.openAppend('d/target');
      await target.append(Uint8Array.of(1));
      await target.close();
      const source = await fs.openAppend('d/source');
      await source.append(Uint8Array.of(2));
      await source.close();
      await fs.rename('d/source', 'd/target');
      expect(await fs.readFile('d/target'), 'rename must replace the target').toEqual(Uint8Array.of(2));
      expect(await fs.exists('d/source'), 'the old name must be gone after rename').toBe(false);
      await fs.remove('d/m');
      expect(await fs.list('d'), 'list must give the names, sorted').toEqual(['b', 'e', 'k', 'target', 'z']);
      expect(await fs.list('missing'), 'a missing directory lists as empty').toEqual([]);
      expect(await fs.exists('d/e'), 'mkdir must make every parent').toBe(true);
      await fs.syncDir('d');
      await fs.syncDir('d/e');
    });
  });
}
