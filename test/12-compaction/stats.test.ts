/**
 * Lesson 12, `stats`: what compaction did, counted against the version edits it really made.
 * The test wraps the strategy's host to record every edit, then compares. What it catches:
 *
 * - a merge whose written bytes are not added to `bytesWritten` (write amplification reads 0,
 *   or too low), or whose read tables and bytes are left out of `tablesRead` / `bytesRead`;
 * - counting only the inputs of the upper level as read (the overlapping tables below are read too);
 * - a move not counted as a compaction, or a merge counted as a move (or the other way round);
 * - a move counted as read or written (it is neither: its tables go down unread and unwritten).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { CompactionHost, CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import type { TableMeta, VersionEdit } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { op, unwrapStopped } from '../10-lsm-engine/helpers.ts';

/** What the edits a strategy made say it must have counted. */
interface Expected {
  compactions: number;
  moves: number;
  tablesRead: number;
  bytesRead: number;
  bytesWritten: number;
}

/** The file numbers of `tables`, sorted, as one string. */
const fileNumbers = (tables: readonly TableMeta[]) =>
  tables
    .map((t) => t.fileNumber)
    .sort((a, b) => a - b)
    .join();

/** `inner`, with every edit it makes recorded into `expected` (sizes of removed tables looked up before the edit). */
function recording(inner: CompactionStrategy, expected: Expected): CompactionStrategy {
  return {
    name: `recording ${inner.name}`,
    compact: (host) =>
      inner.compact(
        new Proxy(host, {
          get(target, property) {
            if (property === 'applyEdit') {
              return async (edit: VersionEdit) => {
                const live = new Map<number, TableMeta>(
                  target.version.levels.flat().map((t): [number, TableMeta] => [t.fileNumber, t]),
                );
                const added = (edit.added ?? []).map((a) => a.table);
                const removed = (edit.removed ?? []).map((r) => live.get(r.fileNumber)!);
                expected.compactions++;
                if (added.length > 0 && fileNumbers(added) === fileNumbers(removed)) expected.moves++;
                else {
                  expected.tablesRead += removed.length;
                  expected.bytesRead += removed.reduce((n, t) => n + t.fileSize, 0);
                  expected.bytesWritten += added.reduce((n, t) => n + t.fileSize, 0);
                }
                await target.applyEdit(edit);
              };
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }) as CompactionHost,
      ),
  };
}

test.prop([fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 30 }), fc.boolean()], {
  numRuns: 30,
})(
  'stats count every compaction, every move, and the tables and bytes each merge read and wrote',
  async (batches, sequential) => {
    const compaction = leveledCompaction({ level0Tables: 2, level1Bytes: 300, sizeRatio: 2, targetTableBytes: 120 });
    const expected: Expected = { compactions: 0, moves: 0, tablesRead: 0, bytesRead: 0, bytesWritten: 0 };
    const db = await openDb(new SimulatedFileSystem({ seed: 12 }), 'db', {
      memtableBytes: 64,
      blockSize: 64,
      compaction: recording(compaction, expected),
    });
    let n = 0;
    for (const ops of batches) {
      // Half the runs write keys in order (moves), half random keys (merges).
      const written = sequential ? ops.map((o) => ({ ...o, key: Uint8Array.of(n >> 8, n++ & 0xff) })) : ops;
      for (const o of written) await unwrapStopped(o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
      await unwrapStopped(db.flush());
    }
    expect(
      { ...compaction.stats },
      `stats after ${batches.length} flushes of ${sequential ? 'keys in order' : 'random keys'}: every edit counts one compaction; a move (its tables go down as they are) counts in moves only; a merge counts the tables it removed (both levels) as read and the tables it added as written, in bytes (fileSize)`,
    ).toEqual(expected);
    await db.close();
  },
);
