/**
 * Lesson 05, the memtable, checked against a model: the log itself (helpers.ts). Each property
 * below targets a bug learners really write:
 *
 * - "behaves like its log under any sequence of put, delete, get, scan and entries"
 *   (fast-check model-based commands) catches all of the bugs below in combination, on short
 *   histories where versions pile up on a few keys.
 * - "get returns the newest version at or below the requested sequence":
 *   - versions ordered by sequence ascending (get finds the OLDEST version);
 *   - get ignoring atSequence (it sees writes from the future);
 *   - get seeking to (key, 0) instead of (key, atSequence) (finds only a version at sequence 0);
 *   - get skipping a tombstone and returning the older value under it;
 *   - get reporting a tombstone as 'missing' instead of 'deleted' (later lessons would then look
 *     in older files and resurrect the deleted value).
 * - "get of a key that was never written is missing, whatever its neighbours": get returning the
 *   next key's version (no check that the entry found is the key asked for).
 * - "scan yields each live key once, in key order, with its newest visible value":
 *   - a deleted key shown (with an empty value), or its older value shown from under the tombstone;
 *   - several versions of one key yielded;
 *   - the end key included (end is exclusive), or the start key left out;
 *   - scan ignoring atSequence, or seeking to (start, 0), which skips the newer versions of start.
 * - "entries() yields every version, tombstones included, in internal-key order": a flush
 *   iterator that drops tombstones (the delete would be lost on disk) or collapses versions.
 * - "approximateSize is the documented formula ...": forgetting the key's length, the value's, or
 *   the fixed overhead; counting only new keys (every version takes memory); a memtable that does
 *   not charge the counter it was given, or reports the shared total as its own size.
 * - "a write older than the last one applied is refused": no order check (a memtable fed out of
 *   order silently serves wrong reads after a bad replay).
 * - "put keeps a copy ...": storing the caller's Uint8Array instead of going through lesson 01's
 *   putEntry, which copies and validates.
 * - "keys given as views into a larger buffer ...": comparing keys through their backing buffers
 *   (`Buffer.from(key.buffer)`, a DataView over `key.buffer`), which ignores a view's byteOffset
 *   and length; a get, a scan start or a scan end cut from a bigger buffer is the usual case.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  deleteEntry,
  EntryValidationError,
  MAX_SEQUENCE,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
import { ENTRY_OVERHEAD_BYTES, MemTable, SequenceOrderError, type VersionMap } from '@ferris/05-memtable/memtable.ts';
import { compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { seededRandom } from '@support/random.ts';
import {
  EDGE_KEYS,
  expectedEntrySize,
  interestingSequences,
  LogModel,
  logOf,
  show,
  thrown,
  userKey,
} from './helpers.ts';
import { viewInto } from '../shared/bytes.ts';
import { bound, commands, EntriesCommand, expectLookup, expectScan, expectSize, expectVersions } from './model-run.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('the memtable against its log', () => {
  test.prop([fc.integer(), fc.commands(commands, { maxCommands: 60 })])(
    'behaves like its log under any sequence of put, delete, get, scan and entries',
    (seed, cmds) => {
      const setup = () => ({ model: new LogModel(), real: { table: new MemTable({ random: seededRandom(seed) }) } });
      fc.modelRun(setup, [...cmds, new EntriesCommand()]);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// One rule at a time.

function build(log: readonly WalEntry[], seed = 1): { table: MemTable; model: LogModel } {
  const table = new MemTable({ random: seededRandom(seed) });
  const model = new LogModel();
  for (const entry of log) {
    if (entry.value === null) table.delete(entry.sequence, entry.key);
    else table.put(entry.sequence, entry.key, entry.value);
    model.apply(entry);
  }
  return { table, model };
}

describe('reads at a sequence number', () => {
  test.prop([logOf(40)])('get returns the newest version at or below the requested sequence', (log) => {
    const { table, model } = build(log);
    for (const key of model.keys()) {
      expectLookup(table.get(key), model.get(key), key, undefined, model);
      for (const s of interestingSequences(log)) expectLookup(table.get(key, s), model.get(key, s), key, s, model);
    }
  });

  test.prop([logOf(30), fc.uint8Array({ maxLength: 3 })])(
    'get of a key that was never written is missing, whatever its neighbours',
    (log, key) => {
      const { table, model } = build(log);
      fc.pre(model.visible(key) === undefined && !model.log.some((e) => Buffer.compare(e.key, key) === 0));
      expectLookup(table.get(key), { kind: 'missing' }, key, undefined, model);
      expectLookup(table.get(key, 0), { kind: 'missing' }, key, 0, model);
    },
  );

  it('a delete hides the older value from get and scan, but a read before the delete still sees it', () => {
    const key = bytes(0x6b);
    const table = new MemTable();
    table.put(1, key, bytes(1));
    table.put(2, bytes(0x6c), bytes(2));
    table.delete(3, key);
    expect(table.get(key), 'after the delete at 3, get must report the tombstone').toEqual({
      kind: 'deleted',
      sequence: 3,
    });
    expect(table.get(key, 2), 'a read at 2 is before the delete: it must see the put at 1').toEqual({
      kind: 'value',
      value: bytes(1),
      sequence: 1,
    });
    expect(table.get(key, 0), 'a read at 0 is before every write: missing').toEqual({ kind: 'missing' });
    expect([...table.scan()], 'scan must leave out the deleted key').toEqual([[bytes(0x6c), bytes(2)]]);
    expect([...table.scan({ atSequence: 2 })], 'a scan at 2 is before the delete').toEqual([
      [key, bytes(1)],
      [bytes(0x6c), bytes(2)],
    ]);
    table.put(4, key, bytes(4));
    expect(table.get(key), 'a put after the delete brings the key back').toEqual({
      kind: 'value',
      value: bytes(4),
      sequence: 4,
    });
  });

  it('reads at a sequence number that is not a whole number from 0 to MAX_SEQUENCE are refused', () => {
    const table = new MemTable();
    table.put(1, bytes(1), bytes(1));
    for (const bad of [-1, 1.5, Number.NaN, MAX_SEQUENCE + 1]) {
      thrown(() => table.get(bytes(1), bad), `get at sequence ${bad}`, RangeError);
      thrown(() => [...table.scan({ atSequence: bad })], `scan at sequence ${bad}`, RangeError);
    }
  });
});

describe('scans', () => {
  test.prop([
    logOf(40),
    fc.option(userKey, { nil: undefined }),
    fc.option(userKey, { nil: undefined }),
    fc.option(fc.nat({ max: 60 }), { nil: undefined }),
  ])('scan yields each live key once, in key order, with its newest visible value', (log, start, end, atSequence) => {
    const { table, model } = build(log);
    expectScan(table, model, start, end, atSequence);
  });

  it('scan includes its start key and excludes its end key', () => {
    const table = new MemTable();
    EDGE_KEYS.forEach((key, i) => table.put(i + 1, key, bytes(i)));
    const model = new LogModel();
    EDGE_KEYS.forEach((key, i) => model.apply(putEntry(i + 1, key, bytes(i))));
    expectScan(table, model, bytes(0, 0), bytes(0x80));
    expectScan(table, model, bytes(1), bytes(1, 2));
    expectScan(table, model, bytes(1), bytes(1));
    expectScan(table, model, undefined, bytes(0xff));
    expectScan(table, model, bytes(0x7f), undefined);
  });

  it('a scan from a key with several versions starts at the version visible at atSequence', () => {
    const key = bytes(5);
    const table = new MemTable();
    table.put(1, key, bytes(1));
    table.put(2, key, bytes(2));
    table.put(3, bytes(6), bytes(3));
    table.put(4, key, bytes(4));
    expect([...table.scan({ start: key })], 'the newest version of the start key').toEqual([
      [key, bytes(4)],
      [bytes(6), bytes(3)],
    ]);
    expect([...table.scan({ start: key, atSequence: 3 })], 'at 3, the start key has the value written at 2').toEqual([
      [key, bytes(2)],
      [bytes(6), bytes(3)],
    ]);
  });
});

describe('entries(), what a flush writes', () => {
  test.prop([logOf(40)])('entries() yields every version, tombstones included, in internal-key order', (log) => {
    const { table, model } = build(log);
    expectVersions(table, model);
  });
});

describe('size', () => {
  test.prop([logOf(40)])(
    'approximateSize is the documented formula summed over every entry, and the counter agrees',
    (log) => {
      const { table, model } = build(log);
      expectSize(table, model);
      expect(table.counter.value, "a memtable with a counter of its own must charge it every entry's size").toBe(
        table.approximateSize,
      );
      for (const entry of log) {
        expect(
          MemTable.entrySize(entry),
          `entrySize of a ${entry.value === null ? 'delete' : 'put'} with a ${entry.key.length}-byte key`,
        ).toBe(expectedEntrySize(entry));
      }
    },
  );

  it('entrySize counts the key, the value and ENTRY_OVERHEAD_BYTES', () => {
    expect(ENTRY_OVERHEAD_BYTES, 'the README documents 16 bytes of overhead per entry').toBe(16);
    expect(
      MemTable.entrySize(putEntry(1, new Uint8Array(10), new Uint8Array(100))),
      'a put of a 10-byte key and a 100-byte value',
    ).toBe(126);
    expect(MemTable.entrySize(deleteEntry(1, new Uint8Array(10))), 'a delete of a 10-byte key').toBe(26);
    expect(
      MemTable.entrySize(putEntry(1, new Uint8Array(0), new Uint8Array(0))),
      'an empty key with an empty value',
    ).toBe(16);
  });

  test.prop([logOf(20), logOf(20)])(
    'two memtables sharing one counter: the counter holds their sum, each size is its own',
    (first, second) => {
      const counter = new SizeCounter();
      const a = new MemTable({ counter });
      const b = new MemTable({ counter });
      expect(a.counter, 'the memtable must use the counter it was given').toBe(counter);
      const sizeOf = (log: WalEntry[]) => log.reduce((sum, e) => sum + expectedEntrySize(e), 0);
      for (const entry of first) a.apply(entry);
      for (const entry of second) b.apply(entry);
      expect(a.approximateSize, "the first memtable's size must count its own entries only").toBe(sizeOf(first));
      expect(b.approximateSize, "the second memtable's size must count its own entries only").toBe(sizeOf(second));
      expect(counter.value, 'the shared counter must hold the sum of both memtables').toBe(
        sizeOf(first) + sizeOf(second),
      );
    },
  );
});

describe('writes', () => {
  it('a write older than the last one applied is refused, and changes nothing', () => {
    const table = new MemTable();
    table.put(5, bytes(1), bytes(1));
    const error = thrown(() => table.put(4, bytes(2), bytes(2)), 'a put at 4 after a put at 5', SequenceOrderError);
    expect(error.sequence, 'the error names the late sequence').toBe(4);
    expect(error.lastSequence, 'the error names the last sequence applied').toBe(5);
    thrown(() => table.delete(4, bytes(1)), 'a delete at 4 after a put at 5', SequenceOrderError);
    expect([...table.entries()].length, 'a refused write must not be added').toBe(1);
    expect(table.approximateSize, 'a refused write must not be counted').toBe(
      expectedEntrySize(putEntry(5, bytes(1), bytes(1))),
    );
    expect(table.lastSequence, 'a refused write must not move lastSequence').toBe(5);
  });

  it('several keys may share one sequence number, and a key written twice at one sequence keeps the later write', () => {
    const table = new MemTable();
    expect(table.lastSequence, 'an empty memtable has lastSequence -1').toBe(-1);
    table.put(7, bytes(1), bytes(1));
    table.put(7, bytes(2), bytes(2));
    table.put(7, bytes(1), bytes(3));
    expect(table.get(bytes(1)), 'the later write at sequence 7 wins').toEqual({
      kind: 'value',
      value: bytes(3),
      sequence: 7,
    });
    expect(table.get(bytes(2)), 'another key at the same sequence').toEqual({
      kind: 'value',
      value: bytes(2),
      sequence: 7,
    });
    expect([...table.entries()].length, 'one version per key and sequence').toBe(2);
    const size = expectedEntrySize(putEntry(7, bytes(1), bytes(1)));
    expect(table.approximateSize, 'every write is counted, the replaced one too').toBe(3 * size);
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.uint8Array({ minLength: 1, maxLength: 8 })])(
    "put keeps a copy: changing the caller's buffers afterwards changes nothing",
    (key, value) => {
      const callerKey = Uint8Array.from(key);
      const callerValue = Uint8Array.from(value);
      const table = new MemTable();
      table.put(1, callerKey, callerValue);
      callerKey.fill(callerKey[0]! ^ 0xff);
      callerValue.fill(callerValue[0]! ^ 0xff);
      expect(table.get(key), 'put must store copies (lesson 01 putEntry copies and validates)').toEqual({
        kind: 'value',
        value,
        sequence: 1,
      });
    },
  );

  it('put and delete validate like lesson 01', () => {
    const table = new MemTable();
    thrown(
      () => table.put(1, new Uint8Array(10_001), bytes(1)),
      'a put of a key over MAX_KEY_BYTES',
      EntryValidationError,
    );
    thrown(() => table.delete(-1, bytes(1)), 'a delete at sequence -1', EntryValidationError);
    expect(table.approximateSize, 'refused writes are not counted').toBe(0);
  });
});

describe('keys that are views into a larger buffer', () => {
  test.prop([
    logOf(30),
    fc.integer({ min: 1, max: 9 }),
    bound,
    bound,
    fc.option(fc.nat({ max: 60 }), { nil: undefined }),
  ])(
    'keys given as views into a larger buffer (to put, delete, get and scan) read exactly like copies',
    (log, shift, start, end, atSequence) => {
      const table = new MemTable({ random: seededRandom(1) });
      const model = new LogModel();
      for (const entry of log) {
        const key = viewInto(entry.key, { before: shift, after: 3 });
        if (entry.value === null) table.delete(entry.sequence, key);
        else table.put(entry.sequence, key, entry.value);
        model.apply(entry);
      }
      for (const key of [...model.keys(), ...EDGE_KEYS]) {
        expectLookup(
          table.get(viewInto(key, { before: shift, after: 3 }), atSequence),
          model.get(key, atSequence),
          key,
          atSequence,
          model,
        );
      }
      const view = (key: Uint8Array | undefined) =>
        key === undefined ? undefined : viewInto(key, { before: shift, after: 3 });
      const actual = [...table.scan({ start: view(start), end: view(end), atSequence })];
      expect(
        actual.map(([k, v]) => [Array.from(k), Array.from(v)]),
        `scan with start ${show(start)} and end ${show(end)} given as views into a larger buffer: compare keys by their own bytes (length and byteOffset), not their buffer's`,
      ).toEqual(model.scan(start, end, atSequence).map(([k, v]) => [Array.from(k), Array.from(v)]));
    },
  );
});

describe('where the versions are kept', () => {
  it('a memtable keeps its versions in the map it is given, and reads them from there', () => {
    // Lesson 13 gives the memtable a faster map; one that is ignored would leave it on the skip list.
    const inner = new SkipList<InternalKey, WalEntry>(compareInternalKeys);
    const calls: string[] = [];
    const versions: VersionMap = {
      set(key, entry) {
        calls.push('set');
        inner.set(key, entry);
      },
      entries(from) {
        calls.push('entries');
        return inner.entries(from);
      },
    };
    const table = new MemTable({ versions });
    table.put(1, bytes(1), bytes(10));
    table.delete(2, bytes(2));
    table.apply(putEntry(3, bytes(1), bytes(11)));
    expect(calls, 'every write must be a set on options.versions').toEqual(['set', 'set', 'set']);
    expect(
      [...inner.entries()].map(([key, entry]) => `${show(key.userKey)}@${key.sequence}=${show(entry.value)}`),
      'the versions must be in the map given as options.versions',
    ).toEqual(['[1]@3=[11]', '[1]@1=[10]', '[2]@2=null (a tombstone)']);
    calls.length = 0;
    expect(table.get(bytes(1), 2)).toEqual({ kind: 'value', value: bytes(10), sequence: 1 });
    expect([...table.scan()].map(([k, v]) => [show(k), show(v)])).toEqual([['[1]', '[11]']]);
    expect([...table.entries()]).toHaveLength(3);
    expect(calls, 'get, scan and entries() must read options.versions').toEqual(['entries', 'entries', 'entries']);
  });
});
