/**
 * Lesson 05, the memtable as a projection of the log: replaying the log rebuilds it. Each
 * property below targets a bug learners really write:
 *
 * - "replaying a log gives the memtable the writes built": a replay that applies the entries out
 *   of order (sorted by key to "insert faster", or backwards), which the memtable refuses, or
 *   which picks the wrong one of two writes of a key at one sequence number; a replay that skips
 *   tombstones ("nothing to insert for a delete"), which brings deleted values back.
 * - "reading at sequence s is the same as replaying the log up to s": reads that see writes from
 *   the future, or do not hide a tombstone, seen from another side: a snapshot read must be
 *   exactly the state the log had at that point.
 * - "replay refuses a log whose sequence numbers go down": a replay that sorts the log instead
 *   of reporting it, hiding a damaged log.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, putEntry } from '@ferris/01-wal-entry/entry.ts';
import { type MemTable, replayLog, SequenceOrderError } from '@ferris/05-memtable/memtable.ts';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { seededRandom } from '@support/random.ts';
import { expectedEntrySize, interestingSequences, LogModel, logOf, show, thrown } from './helpers.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** Everything a memtable shows, as plain data that toEqual compares and failure messages show. */
/** With `atSequence`, the versions are left out: entries() has no sequence to read at. */
function snapshot(table: MemTable, keys: Uint8Array[], atSequence?: number) {
  return {
    ...(atSequence === undefined
      ? { versions: [...table.entries()].map((e) => `${show(e.key)}@${e.sequence}=${show(e.value)}`) }
      : {}),
    scan: [...table.scan({ atSequence })].map(([k, v]) => `${show(k)}=${show(v)}`),
    gets: keys.map((key) => {
      const found = table.get(key, atSequence);
      return `${show(key)}: ${found.kind}${found.kind === 'value' ? ` ${show(found.value)}` : ''}`;
    }),
  };
}

describe('replaying the log', () => {
  test.prop([logOf(40), fc.integer()])('replaying a log gives the memtable the writes built', (log, seed) => {
    const model = new LogModel();
    for (const entry of log) model.apply(entry);
    const replayed = replayLog(log, { random: seededRandom(seed) });
    const keys = model.keys();
    expect(
      snapshot(replayed, keys),
      'the replayed memtable differs from the log it was built from: apply every entry, in the order of the log',
    ).toEqual({
      versions: model.versions().map((e) => `${show(e.key)}@${e.sequence}=${show(e.value)}`),
      scan: model.scan().map(([k, v]) => `${show(k)}=${show(v)}`),
      gets: keys.map((key) => {
        const found = model.get(key);
        return `${show(key)}: ${found.kind}${found.kind === 'value' ? ` ${show(found.value)}` : ''}`;
      }),
    });
    expect(replayed.approximateSize, 'the replayed memtable must count every entry of the log').toBe(
      log.reduce((sum, e) => sum + expectedEntrySize(e), 0),
    );
    expect(replayed.lastSequence, "lastSequence after a replay is the log's last sequence").toBe(model.lastSequence);
  });

  test.prop([logOf(30)], { numRuns: 50 })('reading at sequence s is the same as replaying the log up to s', (log) => {
    const full = replayLog(log);
    const model = new LogModel();
    for (const entry of log) model.apply(entry);
    const keys = model.keys();
    for (const s of interestingSequences(log)) {
      const prefix = replayLog(log.filter((e) => e.sequence <= s));
      expect(
        snapshot(full, keys, s),
        `reads at sequence ${s} must show exactly the state after replaying the writes up to ${s}`,
      ).toEqual((({ scan, gets }) => ({ scan, gets }))(snapshot(prefix, keys)));
    }
  });

  it('replay keeps the order of the log: of two writes of a key at one sequence, the later one wins', () => {
    const log = [
      putEntry(1, bytes(2), bytes(0)),
      putEntry(3, bytes(1), bytes(1)),
      putEntry(3, bytes(1), bytes(2)),
      deleteEntry(3, bytes(2)),
    ];
    const table = replayLog(log);
    expect(table.get(bytes(1)), 'the second write at sequence 3 must win').toEqual({
      kind: 'value',
      value: bytes(2),
      sequence: 3,
    });
    expect(table.get(bytes(2)), 'the delete at 3 hides the put at 1').toEqual({ kind: 'deleted', sequence: 3 });
  });

  it('replay refuses a log whose sequence numbers go down', () => {
    const log = [putEntry(1, bytes(1), bytes(1)), putEntry(3, bytes(2), bytes(2)), putEntry(2, bytes(3), bytes(3))];
    thrown(() => replayLog(log), 'a log with sequence 2 after 3', SequenceOrderError);
  });

  it('replay charges the counter it is given', () => {
    const counter = new SizeCounter();
    counter.add(1_000);
    const log = [putEntry(1, bytes(1, 2), bytes(3)), deleteEntry(2, bytes(1, 2))];
    const table = replayLog(log, { counter });
    expect(table.counter, 'replayLog must pass its options to the memtable').toBe(counter);
    expect(counter.value, 'the counter must grow by the replayed entries').toBe(1_000 + 19 + 18);
  });
});
