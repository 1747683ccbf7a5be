/**
 * Lesson 07, failures through every route. A crash is one way for writeTable to stop half-way
 * (crash.test.ts); a file-system call that fails and a disk that then works again is another, and
 * so are entries or a filter policy that throw. Reading has its routes too: open, get and a scan.
 * What it catches:
 *
 * - "whichever file-system call of writeTable fails, it rejects with that failure, closes its
 *   file and leaves no temporary file": clean-up written only for TableOrderError (an I/O failure
 *   then leaves `<path>.tmp` behind), the file left open on failure ("remove() gets rid of it
 *   anyway"), a table left at its path that is not complete.
 * - "when the disk goes away in the middle of writeTable, the caller hears the first failure":
 *   a clean-up without its own try/catch, so the failure of its close or remove replaces the
 *   failure that says what went wrong.
 * - "when the entries or the filter policy fail, writeTable rejects with that failure and leaves
 *   nothing behind": the same clean-up bugs, reached from the caller's side.
 * - "a table that cannot be opened leaves no file open": open() throwing its CorruptTableError
 *   (or a read's failure) without closing the file it opened.
 * - "a failed read in get or in a scan is passed on as it is": every error of a block read turned
 *   into a CorruptTableError (the disk said "I/O error", and the table is called damaged and the
 *   user told to restore it), and a reader that cannot answer after one failed read.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { CorruptTableError } from '@ferris/07-sstable/format.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf } from '../shared/bytes.ts';
import { freshDisk, writeDurably } from '../shared/disk.ts';
import { type FsCall, SteppingFileSystem } from '../shared/stepping-fs.ts';
import {
  blockSize,
  FailingHook,
  InjectedFailure,
  modelGet,
  parseTable,
  show,
  showLookup,
  tableEntries,
} from './helpers.ts';
import { injected, outcome, PATH, writerFailures } from './writer-failures.ts';

const damage = (error: unknown): boolean => error instanceof CorruptTableError;

describe('writeTable fails', () => writerFailures('writeTable', writeTable));

describe('reading fails', () => {
  test.prop([tableEntries(30), blockSize, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat(3)], { numRuns: 40 })(
    'a table that cannot be opened (damaged, or a read fails) leaves no file open',
    async (entries, size, where, xor, failRead) => {
      const sim = await freshDisk();
      await writeTable(sim, PATH, entries, { blockSize: size });
      const bytes = await sim.readFile(PATH);
      const t = parseTable(bytes);
      // Damage the footer, the index block or the meta block: open() reads all three.
      const regions = [{ offset: bytes.length - 40, size: 40 }, t.index, t.meta];
      const region = regions[where % regions.length]!;
      const at = region.offset + (where % region.size);
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= xor;
      await writeDurably(sim, 'db/damaged.sst', damaged);
      const broken = new FailingHook(-1, 'once');
      const error = await outcome(
        () => TableReader.open(new SteppingFileSystem(sim, broken.hook, { also: ['close'] }), 'db/damaged.sst'),
        damage,
      );
      expect(error, `byte ${at} was changed: open() must refuse the table`).toBeInstanceOf(CorruptTableError);
      expect(broken.closed, `byte ${at} was changed: open() refused the table, and must close the file it opened`).toBe(
        broken.opened,
      );
      // A read that fails: openRead is step 0, then open's reads (footer, index, meta).
      const failing = new FailingHook(1 + (failRead % 3), 'once');
      const got = await outcome(
        () => TableReader.open(new SteppingFileSystem(sim, failing.hook, { also: ['close', 'read'] }), PATH),
        (e) => injected(e) || damage(e),
      );
      const what = `open() while ${failing.first?.message ?? 'nothing failed'}`;
      expect(got, `${what}: open must reject with that failure`).toBe(failing.first);
      expect(failing.closed, `${what}: open must close the file it opened`).toBe(failing.opened);
    },
  );

  test.prop([tableEntries(40).filter((e) => e.length > 0), blockSize, fc.nat(), fc.nat(), fc.boolean()], {
    numRuns: 40,
  })(
    'a failed read in get or in a scan is passed on as it is, not reported as damage, and the reader answers correctly afterwards',
    async (entries, size, which, nth, scan) => {
      const sim = await freshDisk();
      await writeTable(sim, PATH, entries, { blockSize: size });
      let failNext = -1;
      const fired: { failure: InjectedFailure | null } = { failure: null };
      const hook = (call: FsCall): void => {
        if (call.op !== 'read' || failNext < 0) return;
        if (failNext-- > 0) return;
        fired.failure = new InjectedFailure(call);
        throw fired.failure;
      };
      const reader = await TableReader.open(new SteppingFileSystem(sim, hook, { also: ['read'] }), PATH);
      const blocks = parseTable(await sim.readFile(PATH)).blocks.length;
      const key = entries[which % entries.length]!.key;
      failNext = scan ? nth % blocks : 0;
      const got = await outcome(
        async () => {
          if (!scan) return reader.get(key);
          for await (const _ of reader.entries());
        },
        (e) => injected(e) || damage(e),
      );
      const what = scan
        ? `a full scan of ${blocks} data blocks, the read of block ${nth % blocks} failing`
        : `get(${hexOf(key)}) with its data block read failing`;
      expect(got instanceof CorruptTableError, `${what}: an I/O failure is not damage to the table`).toBe(false);
      expect(got, `${what}: the caller must get the read's own failure (${fired.failure?.message})`).toBe(
        fired.failure,
      );
      for (const e of entries) {
        expect(showLookup(await reader.get(e.key)), `${what}, then get(${hexOf(e.key)})`).toBe(
          showLookup(modelGet(entries, e.key)),
        );
      }
      const again: WalEntry[] = [];
      for await (const e of reader.entries()) again.push(e);
      expect(show(again), `${what}, then a full scan`).toEqual(show(entries));
      await reader.close();
    },
  );
});
