/**
 * Lesson 05's model run, shared: the commands that drive a memtable and its log (helpers.ts) side by
 * side, and the checks with messages that name the likely bug. memtable.test.ts runs them on lesson
 * 05's memtable; lesson 13 runs them on a memtable whose versions live in its typed-array skip list.
 */
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { deleteEntry, putEntry } from '@ferris/01-wal-entry/entry.ts';
import { ENTRY_OVERHEAD_BYTES, type Lookup, type MemTable } from '@ferris/05-memtable/memtable.ts';
import { upTo } from '../shared/iterate.ts';
import { expectedEntrySize, type LogModel, show, userKey, valueOrTombstone, type ModelLookup } from './helpers.ts';

function describeLookup(lookup: Lookup | ModelLookup): string {
  switch (lookup.kind) {
    case 'value':
      return `the value ${show(lookup.value)} written at sequence ${lookup.sequence}`;
    case 'deleted':
      return `'deleted' (a tombstone at sequence ${lookup.sequence})`;
    default:
      return "'missing'";
  }
}

/** Checks one get against the model, with a message that names the likely bug. */
export function expectLookup(
  actual: Lookup,
  expected: ModelLookup,
  key: Uint8Array,
  atSequence: number | undefined,
  model: LogModel,
): void {
  const at = atSequence === undefined ? 'with no atSequence (the newest)' : `at sequence ${atSequence}`;
  const plain = {
    kind: actual.kind,
    sequence: 'sequence' in actual ? actual.sequence : undefined,
    value: 'value' in actual ? actual.value : undefined,
  };
  const wanted = {
    kind: expected.kind,
    sequence: 'sequence' in expected ? expected.sequence : undefined,
    value: 'value' in expected ? expected.value : undefined,
  };
  let why = '';
  if (actual.kind !== 'missing' && atSequence !== undefined && actual.sequence > atSequence) {
    why = ` It returned a version newer than ${atSequence}: a read at a sequence number must not see later writes.`;
  } else if (expected.kind === 'deleted' && actual.kind === 'value') {
    why = ' A tombstone hides every older version: report it as deleted, do not look under it.';
  } else if (expected.kind === 'deleted' && actual.kind === 'missing') {
    why =
      " A tombstone is 'deleted', not 'missing' (later lessons stop at a tombstone but keep looking after 'missing'). " +
      'Or the seek to (key, atSequence) went past every version of the key: versions must sort newest first.';
  } else if (expected.kind === 'value' && actual.kind === 'missing') {
    why = ' The seek to (key, atSequence) went past the visible version: versions of one key must sort newest first.';
  } else if (expected.kind === 'missing' && actual.kind !== 'missing') {
    why = ' That key has no version visible there: is get returning a version of the next key?';
  } else if (actual.kind !== 'missing' && expected.kind !== 'missing' && actual.sequence < expected.sequence) {
    why = ' It found an older version: versions of one key must be ordered newest first.';
  }
  const history = model.log
    .filter((e) => Buffer.compare(e.key, key) === 0)
    .map((e) => `${e.value === null ? 'delete' : `put ${show(e.value)}`} at ${e.sequence}`)
    .join(', ');
  expect(
    plain,
    `get(${show(key)}) ${at} returned ${describeLookup(actual)}, expected ${describeLookup(expected)}.${why} ` +
      `The key's history: ${history || 'none'}`,
  ).toEqual(wanted);
}

export function expectScan(
  table: MemTable,
  model: LogModel,
  start?: Uint8Array,
  end?: Uint8Array,
  atSequence?: number,
): void {
  const options = { start, end, atSequence };
  const actual = upTo(table.scan(options), model.log.length, 'scan');
  const expected = model.scan(start, end, atSequence);
  const range = `scan(start ${show(start)}, end ${show(end)}, atSequence ${atSequence ?? 'newest'})`;
  const shown = (rows: Array<[Uint8Array, Uint8Array]>) => rows.map(([k, v]) => `${show(k)}=${show(v)}`).join(' ');
  expect(
    actual.map(([k, v]) => [Array.from(k), Array.from(v)]),
    `${range} yielded ${shown(actual) || 'nothing'}; expected ${shown(expected) || 'nothing'}. ` +
      'Each live key once, in key order, start included, end excluded, with its newest value at atSequence; ' +
      'a key whose newest visible version is a tombstone is left out.',
  ).toEqual(expected.map(([k, v]) => [Array.from(k), Array.from(v)]));
}

export function expectVersions(table: MemTable, model: LogModel): void {
  const actual = upTo(table.entries(), model.log.length, 'entries()').map(
    (e) => `${show(e.key)}@${e.sequence}=${show(e.value)}`,
  );
  const expected = model.versions().map((e) => `${show(e.key)}@${e.sequence}=${show(e.value)}`);
  expect(
    actual,
    'entries() must yield every version, tombstones included, by key ascending and then sequence descending',
  ).toEqual(expected);
}

export function expectSize(table: MemTable, model: LogModel): void {
  const expected = model.log.reduce((sum, e) => sum + expectedEntrySize(e), 0);
  expect(
    table.approximateSize,
    `approximateSize must be the sum over every entry applied of key length + value length + ${ENTRY_OVERHEAD_BYTES}`,
  ).toBe(expected);
}

// ---------------------------------------------------------------------------------------------
// Model-based commands.

export interface Real {
  readonly table: MemTable;
}

export class WriteCommand implements fc.Command<LogModel, Real> {
  constructor(
    readonly key: Uint8Array,
    readonly value: Uint8Array | null,
    readonly step: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LogModel, real: Real): void {
    const sequence = Math.max(model.lastSequence, 0) + this.step;
    const entry = this.value === null ? deleteEntry(sequence, this.key) : putEntry(sequence, this.key, this.value);
    if (this.value === null) real.table.delete(sequence, this.key);
    else real.table.put(sequence, this.key, this.value);
    model.apply(entry);
    expect(real.table.lastSequence, 'lastSequence must be the sequence of the last write').toBe(sequence);
    expectSize(real.table, model);
  }
  toString(): string {
    return this.value === null
      ? `delete(+${this.step}, ${show(this.key)})`
      : `put(+${this.step}, ${show(this.key)}, ${show(this.value)})`;
  }
}

export class GetCommand implements fc.Command<LogModel, Real> {
  constructor(
    readonly key: Uint8Array,
    readonly at: number | null,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LogModel, real: Real): void {
    const atSequence = this.at === null ? undefined : this.at % (model.lastSequence + 3);
    expectLookup(real.table.get(this.key, atSequence), model.get(this.key, atSequence), this.key, atSequence, model);
  }
  toString(): string {
    return `get(${show(this.key)}, at ${this.at ?? 'newest'})`;
  }
}

export class ScanCommand implements fc.Command<LogModel, Real> {
  constructor(
    readonly start: Uint8Array | undefined,
    readonly end: Uint8Array | undefined,
    readonly at: number | null,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LogModel, real: Real): void {
    const atSequence = this.at === null ? undefined : this.at % (model.lastSequence + 3);
    expectScan(real.table, model, this.start, this.end, atSequence);
  }
  toString(): string {
    return `scan(${show(this.start)}, ${show(this.end)}, at ${this.at ?? 'newest'})`;
  }
}

export class EntriesCommand implements fc.Command<LogModel, Real> {
  check(): boolean {
    return true;
  }
  run(model: LogModel, real: Real): void {
    expectVersions(real.table, model);
  }
  toString(): string {
    return 'entries()';
  }
}

const at = fc.option(fc.nat(), { nil: null, freq: 3 });
export const bound = fc.option(userKey, { nil: undefined, freq: 3 });
/** Random puts, deletes, gets, scans and entries() calls, for fc.commands. */
export const commands = [
  fc.tuple(userKey, valueOrTombstone, fc.constantFrom(0, 1, 1, 2, 3)).map(([k, v, s]) => new WriteCommand(k, v, s)),
  fc.tuple(userKey, valueOrTombstone, fc.constantFrom(0, 1, 1, 2, 3)).map(([k, v, s]) => new WriteCommand(k, v, s)),
  fc.tuple(userKey, at).map(([k, a]) => new GetCommand(k, a)),
  fc.tuple(bound, bound, at).map(([s, e, a]) => new ScanCommand(s, e, a)),
  fc.constant(new EntriesCommand()),
];
