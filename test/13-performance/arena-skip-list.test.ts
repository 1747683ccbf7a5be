/**
 * Lesson 13, the skip list in typed arrays (arena-skip-list.ts), checked against a sorted list of
 * versions and, inside lesson 05's memtable and lesson 10's engine, against their models. The
 * arrays start with room for one node and one key byte, so every run makes them grow. What it
 * catches:
 *
 * - a comparison that is not lesson 05's internal-key order: sequence numbers ascending or
 *   ignored (versions of one key collapse into one), a longer key before its own prefix, bytes
 *   read as signed numbers (0x80 before 0x7f);
 * - a version set twice kept twice, instead of its entry replaced;
 * - arrays that lose what they held when they grow, an arena grown by doubling when one key is
 *   longer than that, a key copied from its buffer without its byteOffset, a key handed out as a
 *   view into the arena (a caller writing to it changes the map);
 * - an iteration that keeps the links array it started with, and misses what set() linked in after
 *   the array grew.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { ArenaSkipList } from '@ferris/13-performance/arena-skip-list.ts';
import { seededRandom } from '@support/random.ts';
import { byteOrder, EDGE_KEYS, LogModel, show, userKey } from '../05-memtable/helpers.ts';
import { commands, EntriesCommand } from '../05-memtable/model-run.ts';
import { op } from '../10-lsm-engine/helpers.ts';
import { scribble, viewInto } from '../shared/bytes.ts';
import { upTo } from '../shared/iterate.ts';
import { engineMatchesModel } from './engine-model.ts';

/** Room for one node and one key byte: the arrays grow at once, and again and again. */
const SMALLEST = { initialNodes: 1, initialKeyBytes: 1 } as const;

/** lesson 05's short edge keys, and now and then a long one (longer than twice the arena so far). */
const anyKey = fc.oneof({ weight: 5, arbitrary: userKey }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) });
/** Few sequence numbers, so that versions pile up on one key and the same version comes again. */
const version = fc.record({ userKey: anyKey, sequence: fc.nat({ max: 4 }) });

function internalOrder(a: InternalKey, b: InternalKey): number {
  return byteOrder(a.userKey, b.userKey) || b.sequence - a.sequence;
}

function showKey(key: InternalKey): string {
  return `${show(key.userKey)}@${key.sequence}`;
}

/** Every version from `from` on; `sets` bounds how many there can be (a cycle fails in words). */
function listed(list: ArenaSkipList, sets: number, from?: InternalKey): [InternalKey, WalEntry][] {
  return upTo(list.entries(from), sets, `entries(${from === undefined ? '' : showKey(from)})`);
}

/** The model: the last entry set for each version, in internal-key order. */
function sortedVersions(sets: readonly [InternalKey, WalEntry][]): [InternalKey, WalEntry][] {
  const last = new Map<string, [InternalKey, WalEntry]>();
  for (const [key, entry] of sets) last.set(showKey(key), [key, entry]);
  return [...last.values()].sort(([a], [b]) => internalOrder(a, b));
}

const shown = (rows: readonly [InternalKey, WalEntry][]) =>
  rows.map(([key, entry]) => `${showKey(key)}=${show(entry.value)}`);

test.prop([fc.array(version, { maxLength: 60 }), fc.array(version, { maxLength: 6 }), fc.integer()])(
  'the typed-array skip list keeps every version in internal-key order, from any starting key, and a version set twice keeps its later entry',
  (versions, starts, seed) => {
    const list = new ArenaSkipList({ ...SMALLEST, random: seededRandom(seed) });
    const sets = versions.map((key, i): [InternalKey, WalEntry] => [
      key,
      putEntry(key.sequence, key.userKey, Uint8Array.of(i)),
    ]);
    for (const [key, entry] of sets) list.set(key, entry);
    const expected = sortedVersions(sets);
    const history = `after setting ${versions.map(showKey).join(', ') || 'nothing'}`;
    expect(
      shown(listed(list, sets.length)),
      `entries() ${history}: each version once, user key ascending (unsigned bytes, a prefix first), newest first, with the entry set last`,
    ).toEqual(shown(expected));
    expect(list.size, `size ${history}: one per distinct (key, sequence)`).toBe(expected.length);
    const edges = EDGE_KEYS.map((k) => ({ userKey: k, sequence: MAX_SEQUENCE }));
    for (const from of [...starts, ...edges, ...versions.slice(0, 5)]) {
      expect(
        shown(listed(list, sets.length, from)),
        `entries(from ${showKey(from)}) ${history}: every version at or after it, in order`,
      ).toEqual(shown(expected.filter(([key]) => internalOrder(key, from) >= 0)));
    }
  },
);

test.prop([fc.integer(), fc.commands(commands, { maxCommands: 60 })])(
  "a memtable whose versions are in the typed-array skip list behaves like its log (lesson 05's model run)",
  (seed, cmds) => {
    const setup = () => ({
      model: new LogModel(),
      real: { table: new MemTable({ versions: new ArenaSkipList({ ...SMALLEST, random: seededRandom(seed) }) }) },
    });
    fc.modelRun(setup, [...cmds, new EntriesCommand()]);
  },
);

test.prop([fc.array(version, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 9 })])(
  'keys are copied in and handed out as copies: a view into a larger buffer, a buffer the caller reuses, a key the caller changes',
  (versions, shift) => {
    const list = new ArenaSkipList(SMALLEST);
    const sets: [InternalKey, WalEntry][] = [];
    for (const [i, { userKey: bytes, sequence }] of versions.entries()) {
      const view = viewInto(bytes, { before: shift, after: 3 });
      const entry = putEntry(sequence, bytes, Uint8Array.of(i));
      list.set({ userKey: view, sequence }, entry);
      scribble(view); // the caller reuses its buffer
      sets.push([{ userKey: bytes, sequence }, entry]);
    }
    const expected = shown(sortedVersions(sets));
    expect(
      shown(listed(list, sets.length)),
      'each key set as a view into a larger buffer (then overwritten by its caller) must read as its own bytes: copy key.length bytes from its byteOffset',
    ).toEqual(expected);
    for (const [key] of listed(list, sets.length)) key.userKey.fill(0xa5);
    expect(
      shown(listed(list, sets.length)),
      'a key that entries() handed out was changed by its caller: hand out copies',
    ).toEqual(expected);
  },
);

test.prop([fc.array(version, { maxLength: 8 }), fc.array(version, { minLength: 1, maxLength: 40 })])(
  'an iteration yields what set() adds ahead of it and not what it adds behind it, also when the arrays grow meanwhile',
  (before, during) => {
    const list = new ArenaSkipList(SMALLEST);
    const entry = (key: InternalKey) => putEntry(key.sequence, key.userKey, new Uint8Array(0));
    for (const key of before) list.set(key, entry(key));
    const ahead: InternalKey[] = [];
    const yielded: InternalKey[] = [];
    let added = 0;
    for (const [key] of list.entries()) {
      if (yielded.length > before.length + during.length)
        expect.fail('the iteration yielded more versions than were ever set: its links lead back to a node it visited');
      yielded.push(key);
      // Only new versions: one set again is already where it is.
      const next = during[added++];
      if (next === undefined) continue;
      const isNew = ![...before, ...during.slice(0, added - 1)].some((k) => internalOrder(k, next) === 0);
      if (isNew && internalOrder(next, key) > 0) ahead.push(next);
      list.set(next, entry(next));
    }
    const seen = new Set(yielded.map(showKey));
    for (const key of ahead)
      expect(
        seen.has(showKey(key)),
        `${showKey(key)} was set ahead of the cursor while iterating over ${before.map(showKey).join(', ')}: the iteration must reach it (read the next link after each yield, from the links array as it is then)`,
      ).toBe(true);
    for (let i = 1; i < yielded.length; i++)
      expect(
        internalOrder(yielded[i - 1]!, yielded[i]!),
        `the iteration went from ${showKey(yielded[i - 1]!)} to ${showKey(yielded[i]!)}: never backwards, never twice`,
      ).toBeLessThan(0);
  },
);

test.prop([fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 })], { numRuns: 30 })(
  'an engine whose memtables keep their versions in typed arrays answers like the model, through freezes, flushes, compaction and reopening',
  async (writes) => {
    await engineMatchesModel({
      writes,
      options: { memtable: () => new MemTable({ versions: new ArenaSkipList(SMALLEST) }) },
      setting: 'with the typed-array memtable',
      afterFlush: ['after the flush'],
    });
  },
);

it('the room options are whole numbers of at least 1, and the smallest room grows as versions arrive', () => {
  for (const bad of [0, -1, 1.5, Number.NaN])
    for (const option of ['initialNodes', 'initialKeyBytes'] as const)
      expect(() => new ArenaSkipList({ [option]: bad }), `${option}: ${bad}`).toThrow(RangeError);
  const list = new ArenaSkipList(SMALLEST);
  const keys = Array.from({ length: 200 }, (_, i) => ({ userKey: Uint8Array.of(i % 7, i), sequence: i }));
  for (const key of keys) list.set(key, putEntry(key.sequence, key.userKey, new Uint8Array(0)));
  expect(shown(listed(list, keys.length))).toEqual(
    shown(sortedVersions(keys.map((k) => [k, putEntry(k.sequence, k.userKey, new Uint8Array(0))]))),
  );
});
