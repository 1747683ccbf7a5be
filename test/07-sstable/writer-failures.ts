// The failure properties of a table writer, shared by lesson 07's writeTable and lesson 13's
// writeFlatTable (which must fail the same way): a file-system call that fails, a disk that goes
// away, entries or a filter policy that throw. Each test file calls writerFailures inside its own
// describe, with the writer and its name.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import type { TableWriter } from '@ferris/10-lsm-engine/options.ts';
import type { FileSystem } from '@support/fs.ts';
import { freshDisk } from '../shared/disk.ts';
import { SteppingFileSystem } from '../shared/stepping-fs.ts';
import { blockSize, ExactSetPolicy, FailingHook, InjectedFailure, show, tableEntries } from './helpers.ts';

export const PATH = 'db/000006.sst';
const TEMP = `${PATH}.tmp`;

export async function readTable(fs: FileSystem, path = PATH): Promise<WalEntry[]> {
  const reader = await TableReader.open(fs, path);
  const out: WalEntry[] = [];
  try {
    for await (const e of reader.entries()) out.push(e);
  } finally {
    await reader.close();
  }
  return out;
}

/**
 * What `run` rejected with, or 'resolved'. Only the errors `expected` accepts are returned (the
 * test then checks which one it was); any other error (a starter's NotImplemented) is thrown as it is.
 */
export async function outcome(run: () => Promise<unknown>, expected: (error: unknown) => boolean): Promise<unknown> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    if (expected(error)) return error;
    throw error;
  }
}
export const injected = (error: unknown): boolean => error instanceof InjectedFailure;

/** How many steps `writer` takes on a disk that never fails. */
async function stepsOfWrite(writer: TableWriter, entries: WalEntry[], size: number): Promise<number> {
  const fs = new SteppingFileSystem(await freshDisk(), () => {}, { also: ['close'] });
  await writer(fs, PATH, entries, { blockSize: size });
  return fs.steps;
}

/** The three failure properties of `writer`, named after `name`. */
export function writerFailures(name: string, writer: TableWriter): void {
  test.prop([tableEntries(30), blockSize], { numRuns: 15 })(
    `whichever file-system call of ${name} fails, it rejects with that failure, closes its file and leaves no temporary file; writing the table again then works`,
    async (entries, size) => {
      const steps = await stepsOfWrite(writer, entries, size);
      for (let failAt = 0; failAt < steps; failAt++) {
        const sim = await freshDisk();
        const failing = new FailingHook(failAt, 'once');
        const fs = new SteppingFileSystem(sim, failing.hook, { also: ['close'] });
        const got = await outcome(() => writer(fs, PATH, entries, { blockSize: size }), injected);
        const what = `${name} of ${entries.length} entries (blocks of ${size} bytes), ${failing.first?.message ?? 'no failure'} (step ${failAt} of ${steps})`;
        expect(got, `${what}: ${name} must reject with that failure`).toBe(failing.first);
        expect(failing.closed, `${what}: every file ${name} opened must be closed when it rejects`).toBe(
          failing.opened,
        );
        expect(await sim.exists(TEMP), `${what}: the temporary file must be removed`).toBe(false);
        if (await sim.exists(PATH)) {
          expect(show(await readTable(sim)), `${what}: a table at ${PATH} must be complete`).toEqual(show(entries));
        }
        await writer(sim, PATH, entries, { blockSize: size });
        expect(show(await readTable(sim)), `${what}; then ${name} again: the table must be complete`).toEqual(
          show(entries),
        );
      }
    },
  );

  test.prop([tableEntries(30), blockSize], { numRuns: 15 })(
    `when the disk goes away in the middle of ${name}, the caller hears the first failure, not one from the clean-up`,
    async (entries, size) => {
      const steps = await stepsOfWrite(writer, entries, size);
      for (let failAt = 0; failAt < steps; failAt++) {
        const failing = new FailingHook(failAt, 'from then on');
        const fs = new SteppingFileSystem(await freshDisk(), failing.hook, { also: ['close'] });
        const got = await outcome(() => writer(fs, PATH, entries, { blockSize: size }), injected);
        expect(
          got instanceof InjectedFailure ? got.message : got,
          `every call from step ${failAt} of ${steps} on failed: ${name} must reject with the first failure (${failing.first?.message}), not with a failure of its clean-up`,
        ).toBe(failing.first?.message);
      }
    },
  );

  test.prop([tableEntries(30).filter((e) => e.length > 0), blockSize, fc.nat(), fc.boolean()], { numRuns: 40 })(
    `when the entries or the filter policy fail in the middle of ${name}, it rejects with that failure, closes its file and leaves nothing behind`,
    async (entries, size, where, inFilter) => {
      const sim = await freshDisk();
      const counting = new FailingHook(-1, 'once');
      const fs = new SteppingFileSystem(sim, counting.hook, { also: ['close'] });
      const failure = new Error('the source of the entries failed');
      const stopAt = where % entries.length;
      function* source(): Generator<WalEntry> {
        for (const [i, e] of entries.entries()) {
          if (!inFilter && i === stopAt) throw failure;
          yield e;
        }
      }
      const policy = new ExactSetPolicy();
      policy.createFilter = () => {
        throw failure;
      };
      const got = await outcome(
        () => writer(fs, PATH, source(), { blockSize: size, filterPolicy: inFilter ? policy : undefined }),
        (error) => error === failure,
      );
      const what = inFilter
        ? `the filter policy's createFilter threw after ${entries.length} entries`
        : `the entries threw at entry ${stopAt} of ${entries.length}`;
      expect(got, `${what}: ${name} must reject with that error`).toBe(failure);
      expect(counting.closed, `${what}: the file ${name} opened must be closed`).toBe(counting.opened);
      expect(await sim.list('db'), `${what}: neither the table nor its temporary file may be left`).toEqual([]);
    },
  );
}
