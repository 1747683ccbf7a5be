/**
 * The SSTable half of the corruption sweep: builds tables with lesson 07's `writeTable` on the
 * real file system, then judges `TableReader` on each damaged copy.
 *
 * A table has no "valid prefix": its footer is at the end. So every damaged copy must either
 * raise the typed corruption error (naming the file and an offset in it) when it is opened or
 * read, or, when the damage touched nothing that is read, answer every read correctly. A wrong
 * value, a written key reported missing, a key that was never written, any other exception or a
 * hang is a failure.
 *
 * Lesson 07's module layout is found at run time: every file of the tree's 07-sstable folder is
 * imported and searched for `writeTable`, `TableReader` and the exported corruption error classes
 * (classes extending Error whose name says "Corrupt"). Reads use `get(key, atSequence?)`, and a
 * full scan when the reader offers an iterator (`iterator()`, `newIterator()` or `entries()`,
 * either seek/next/valid/current or an (async) iterable).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom, randomInt } from '@support/random.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { FileSystem } from '@support/fs.ts';
import { treeOf } from './launch.ts';
import { MemoryFileSystem } from './memory-fs.ts';
import {
  applyCase,
  judgeTypedError,
  serializeWrite,
  type Case,
  type CasePlan,
  type Judgement,
  type Subject,
} from './sweep-cases.ts';
import { describeError } from './cli-args.ts';
import { sameBytes, type Write } from './workload.ts';

type Lookup =
  | { kind: 'value'; value: Uint8Array; sequence: number }
  | { kind: 'deleted'; sequence: number }
  | { kind: 'missing' };

interface Reader {
  get(key: Uint8Array, atSequence?: number): Lookup | Promise<Lookup>;
  close?(): unknown;
  [method: string]: unknown;
}

interface TableApi {
  writeTable(fs: FileSystem, path: string, entries: Iterable<WalEntry>, options?: object): Promise<unknown>;
  /** TableReader.open, with the filter policy the table was written with. */
  open(fs: FileSystem, path: string): Promise<Reader>;
  corruptionErrors: Array<new (...args: never[]) => Error>;
  filterPolicy?: object;
}

let api: Promise<TableApi> | undefined;

/** Finds lesson 07's API in whatever files it is split into. */
export function tableApi(): Promise<TableApi> {
  api ??= (async () => {
    const dir = path.join(treeOf('07-sstable'), '07-sstable');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const exported: Record<string, unknown> = {};
    const corruptionErrors: TableApi['corruptionErrors'] = [];
    for (const file of files) {
      const module = (await import(`@ferris/07-sstable/${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        exported[name] ??= value;
        if (typeof value === 'function' && /corrupt/i.test(name) && value.prototype instanceof Error) {
          corruptionErrors.push(value as TableApi['corruptionErrors'][number]);
        }
      }
    }
    const writeTable = exported.writeTable as TableApi['writeTable'] | undefined;
    const TableReader = exported.TableReader as
      | { open(fs: FileSystem, path: string, options?: object): Promise<Reader> }
      | undefined;
    if (typeof writeTable !== 'function' || typeof TableReader?.open !== 'function') {
      throw new Error(
        `${dir} does not export writeTable() and TableReader.open(): update tools/durability/sweep-sstable.ts`,
      );
    }
    if (corruptionErrors.length === 0) {
      throw new Error(`${dir} exports no corruption error class (a class extending Error named *Corrupt*)`);
    }
    let filterPolicy: object | undefined;
    try {
      const bloom = (await import('@ferris/08-bloom-filter/bloom.ts')) as {
        BloomFilterPolicy?: new (o: { bitsPerKey: number }) => object;
      };
      if (bloom.BloomFilterPolicy) filterPolicy = new bloom.BloomFilterPolicy({ bitsPerKey: 10 });
    } catch {
      // No lesson 08 in this tree: tables without a filter block.
    }
    // The reader gets the same filter policy, so that the filter block is read and checked too.
    return {
      writeTable,
      open: (fs, p) => TableReader.open(fs, p, filterPolicy ? { filterPolicy } : {}),
      corruptionErrors,
      filterPolicy,
    };
  })();
  return api;
}

const text = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Entries in internal-key order (user key ascending, sequence descending): `keys` user keys,
 * some with several versions, some versions deletes.
 */
export function tableEntries(seed: number, keys: number, minValue: number, maxValue: number): Write[] {
  const random = seededRandom(seed);
  const writes: Write[] = [];
  let sequence = 1;
  for (let k = 0; k < keys; k++) {
    const key = text.encode(`user-${String(k * 7 + randomInt(random, 7)).padStart(6, '0')}`);
    const versions = random() < 0.25 ? 2 + randomInt(random, 3) : 1;
    for (let v = 0; v < versions; v++) {
      let value: Uint8Array | null = null;
      if (random() >= 0.15) {
        value = new Uint8Array(minValue + randomInt(random, maxValue - minValue + 1));
        for (let i = 0; i < value.length; i++) value[i] = randomInt(random, 256);
      }
      writes.push({ sequence: sequence++, key, value });
    }
  }
  return writes.sort((a, b) => compareBytes(a.key, b.key) || b.sequence - a.sequence);
}

export async function buildTable(
  dir: string,
  name: string,
  writes: readonly Write[],
  plan: Omit<CasePlan, 'size'>,
  blockSize: number,
): Promise<Subject[]> {
  const { writeTable, filterPolicy } = await tableApi();
  const file = path.join(dir, `${name}.sst`);
  const entries = writes.map((w) => ({ sequence: w.sequence, key: w.key, value: w.value }) as WalEntry);
  await writeTable(new NodeFileSystem(), file, entries, { blockSize, ...(filterPolicy ? { filterPolicy } : {}) });
  const size = (await readFile(file)).length;
  return [
    {
      name,
      kind: 'sstable',
      path: `db/${name}.sst`,
      bytesFile: file,
      writes: writes.map(serializeWrite),
      plan: { ...plan, size },
    },
  ];
}

function sameLookup(got: Lookup, want: Lookup): boolean {
  if (got?.kind !== want.kind) return false;
  if (want.kind === 'missing') return true;
  if (got.kind === 'missing' || got.sequence !== want.sequence) return false;
  return want.kind === 'deleted' || (got.kind === 'value' && sameBytes(got.value, want.value));
}

function show(l: Lookup): string {
  if (l?.kind === 'value') return `value of ${l.value.length} bytes at sequence ${l.sequence}`;
  if (l?.kind === 'deleted') return `deleted at sequence ${l.sequence}`;
  return l?.kind === 'missing' ? 'missing' : String(l);
}

function lookupOf(w: Write): Lookup {
  return w.value === null
    ? { kind: 'deleted', sequence: w.sequence }
    : { kind: 'value', value: w.value, sequence: w.sequence };
}

type Entry = { sequence: number; key: Uint8Array; value: Uint8Array | null };

/** Every entry of the table through its iterator, or undefined if the reader has none we know. */
async function scan(reader: Reader): Promise<Entry[] | undefined> {
  const make = ['iterator', 'newIterator', 'entries'].find((m) => typeof reader[m] === 'function');
  if (!make) return undefined;
  const it = (reader[make] as () => unknown).call(reader) as Record<string | symbol, unknown>;
  const out: Entry[] = [];
  if (
    typeof it.seek === 'function' &&
    typeof it.next === 'function' &&
    'valid' in it &&
    typeof it.current === 'function'
  ) {
    await (it.seek as () => unknown).call(it);
    while (it.valid) {
      out.push((it.current as () => Entry).call(it));
      await (it.next as () => unknown).call(it);
    }
    return out;
  }
  if (Symbol.asyncIterator in it || Symbol.iterator in it) {
    for await (const e of it as unknown as AsyncIterable<Entry | [unknown, unknown]>) {
      if (Array.isArray(e)) return undefined; // [key, value] pairs: not every version; skip the scan
      out.push(e);
    }
    return out;
  }
  return undefined;
}

async function readEverything(reader: Reader, writes: readonly Write[]): Promise<Judgement> {
  // The newest version of each key, then every older version at its own sequence number.
  const byKey = new Map<string, Write[]>();
  for (const w of writes) {
    const id = Buffer.from(w.key).toString('hex');
    byKey.set(id, [...(byKey.get(id) ?? []), w]);
  }
  for (const versions of byKey.values()) {
    const newest = versions[0]!;
    const got = await reader.get(newest.key);
    if (!sameLookup(got, lookupOf(newest))) {
      return {
        verdict: got?.kind === 'missing' ? 'silent-loss' : 'wrong-value',
        detail: `get(${new TextDecoder().decode(newest.key)}) gave ${show(got)}, not ${show(lookupOf(newest))}`,
      };
    }
    for (const older of versions.slice(1)) {
      const old = await reader.get(older.key, older.sequence);
      if (!sameLookup(old, lookupOf(older))) {
        return {
          verdict: old?.kind === 'missing' ? 'silent-loss' : 'wrong-value',
          detail: `get(${new TextDecoder().decode(older.key)}, ${older.sequence}) gave ${show(old)}, not ${show(lookupOf(older))}`,
        };
      }
    }
  }
  for (const absent of ['', 'user-', 'user-000000x', 'zzz']) {
    const got = await reader.get(text.encode(absent));
    if (got?.kind !== 'missing')
      return { verdict: 'wrong-value', detail: `get("${absent}"), a key never written, gave ${show(got)}` };
  }
  const all = await scan(reader);
  if (all !== undefined) {
    const bad = all.findIndex((e, i) => {
      const w = writes[i];
      return !w || e.sequence !== w.sequence || !sameBytes(e.key, w.key) || !sameBytes(e.value, w.value);
    });
    if (bad >= 0) return { verdict: 'wrong-value', detail: `the scan's entry ${bad} is not the entry written there` };
    if (all.length < writes.length)
      return { verdict: 'silent-loss', detail: `the scan gave ${all.length} of ${writes.length} entries` };
  }
  return { verdict: 'no-effect' };
}

export async function checkTableCase(
  subject: Subject,
  intact: Uint8Array,
  writes: readonly Write[],
  c: Case,
): Promise<Judgement> {
  const { open, corruptionErrors } = await tableApi();
  const fs = new MemoryFileSystem();
  await fs.mkdir('db');
  const damaged = applyCase(intact, c);
  fs.put(subject.path, damaged);
  let reader: Reader | undefined;
  try {
    reader = await open(fs, subject.path);
    const judged = await readEverything(reader, writes);
    if (!sameBytes(fs.get(subject.path) ?? new Uint8Array(0), damaged)) {
      return { verdict: 'changed-on-refusal', detail: 'reading the table changed the file' };
    }
    return judged;
  } catch (error) {
    if (!corruptionErrors.some((E) => error instanceof E))
      return { verdict: 'untyped-error', detail: describeError(error) };
    // The error must point into the file, at or before the damage; when it names a range
    // (\`length\`), a flipped byte must be inside it.
    if (c.kind === 'intact')
      return { verdict: 'untyped-error', detail: `the intact table was refused: ${describeError(error)}` };
    const damaged = c.kind === 'truncate' ? c.at : c.bit >>> 3;
    const typed = error as Error & { file?: unknown; offset?: unknown; length?: unknown };
    const judged = judgeTypedError(typed, subject.path, 0, Math.min(damaged, intact.length));
    if (judged.verdict !== 'typed-error' || c.kind === 'truncate' || typeof typed.length !== 'number') return judged;
    const end = (typed.offset as number) + typed.length;
    if (damaged >= end) {
      return {
        verdict: 'misnamed-error',
        detail: `the error names bytes ${String(typed.offset)}..${end - 1}, but byte ${damaged} was damaged`,
      };
    }
    return judged;
  } finally {
    try {
      await reader?.close?.();
    } catch {
      // Closing a reader of a damaged table may fail too; the verdict is already made.
    }
  }
}
