import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // Internal keys.
  {
    name: 'versions ordered by sequence ascending (get finds the oldest version)',
    file: 'internal-key.ts',
    find: 'return b.sequence - a.sequence;',
    replace: 'return a.sequence - b.sequence;',
  },
  {
    name: 'sequence numbers compared in 32 bits (`| 0`)',
    file: 'internal-key.ts',
    find: 'return b.sequence - a.sequence;',
    replace: 'return (b.sequence - a.sequence) | 0;',
  },
  {
    name: 'sequence compared before the user key',
    file: 'internal-key.ts',
    find: 'if (byUserKey !== 0) return byUserKey;\n  return b.sequence - a.sequence;',
    replace: 'if (a.sequence !== b.sequence) return b.sequence - a.sequence;\n  return byUserKey;',
  },
  {
    name: 'byte strings compared by length first (shortlex)',
    file: 'internal-key.ts',
    find: 'const common = Math.min(a.length, b.length);',
    replace: 'if (a.length !== b.length) return a.length - b.length;\n  const common = Math.min(a.length, b.length);',
  },
  {
    name: 'byte strings compared as decoded text',
    file: 'internal-key.ts',
    find: 'const common = Math.min(a.length, b.length);',
    replace:
      'const [x, y] = [new TextDecoder().decode(a), new TextDecoder().decode(b)];\n  if (x !== y) return x < y ? -1 : 1;\n  return 0;\n  const common = Math.min(a.length, b.length);',
  },
  {
    name: 'byte strings compared as signed bytes (0x80 before 0x7f)',
    file: 'internal-key.ts',
    find: 'const difference = a[i]! - b[i]!;',
    replace: 'const difference = ((a[i]! << 24) >> 24) - ((b[i]! << 24) >> 24);',
  },
  {
    name: 'a prefix compares equal to the longer key',
    file: 'internal-key.ts',
    find: 'return a.length - b.length;',
    replace: 'return 0;',
  },

  // The size counter.
  {
    name: 'size counter updated with a non-atomic read-add-write',
    file: 'size-counter.ts',
    find: 'const before = Atomics.add(this.cells, 0, delta);',
    replace: 'const before = this.cells[0]!;\n    this.cells[0] = before + delta;',
  },
  {
    name: 'add returns the old total (what Atomics.add returns)',
    file: 'size-counter.ts',
    find: 'return Number(before + delta);',
    replace: 'return Number(before);',
  },
  {
    name: 'the count kept in a private field instead of the shared buffer',
    file: 'size-counter.ts',
    find: 'return Number(before + delta);\n  }\n\n  /** The current total, read atomically. */\n  get value(): number {\n    return Number(Atomics.load(this.cells, 0));',
    replace:
      'this.local = (this.local ?? 0) + bytes;\n    return this.local;\n  }\n  private local?: number;\n  get value(): number {\n    return this.local ?? 0;',
  },
  {
    name: 'a 32-bit counter (Int32Array) that wraps around at 2 GiB',
    file: 'size-counter.ts',
    find: 'return Number(before + delta);\n  }\n\n  /** The current total, read atomically. */\n  get value(): number {\n    return Number(Atomics.load(this.cells, 0));',
    replace:
      'return Number(BigInt.asIntN(32, before + delta));\n  }\n  get value(): number {\n    return Number(BigInt.asIntN(32, Atomics.load(this.cells, 0)));',
  },
  {
    name: 'a plain ArrayBuffer accepted',
    file: 'size-counter.ts',
    find: 'if (!(buffer instanceof SharedArrayBuffer)) {',
    replace: 'if (!(buffer instanceof SharedArrayBuffer || buffer instanceof ArrayBuffer)) {',
  },

  // Writes and size.
  {
    name: 'size formula forgets the key length',
    file: 'memtable.ts',
    find: 'return entry.key.length + valueBytes + ENTRY_OVERHEAD_BYTES;',
    replace: 'return valueBytes + ENTRY_OVERHEAD_BYTES;',
  },
  {
    name: 'size formula forgets the fixed overhead',
    file: 'memtable.ts',
    find: 'return entry.key.length + valueBytes + ENTRY_OVERHEAD_BYTES;',
    replace: 'return entry.key.length + valueBytes;',
  },
  {
    name: 'the memtable does not charge the counter it was given',
    file: 'memtable.ts',
    find: 'this.counter.add(size);',
    replace: '',
  },
  {
    name: "approximateSize reports the counter's (shared) value",
    file: 'memtable.ts',
    find: 'return this.bytes;',
    replace: 'return this.counter.value;',
  },
  {
    name: 'a write older than the last one accepted (no order check)',
    file: 'memtable.ts',
    find: 'if (entry.sequence < this.last) throw new SequenceOrderError(entry.sequence, this.last);',
    replace: '',
  },
  {
    name: "put stores the caller's buffers instead of a lesson 01 entry",
    file: 'memtable.ts',
    find: 'this.apply(putEntry(sequence, key, value));',
    replace: 'this.apply({ sequence, key, value });',
  },

  // get.
  {
    name: 'get ignores atSequence (sees writes from the future)',
    file: 'memtable.ts',
    find: 'this.versions.entries({ userKey: key, sequence: atSequence }).next();',
    replace: 'this.versions.entries({ userKey: key, sequence: MAX_SEQUENCE }).next();',
  },
  {
    name: 'get seeks to (key, 0), the oldest possible version',
    file: 'memtable.ts',
    find: 'this.versions.entries({ userKey: key, sequence: atSequence }).next();',
    replace: 'this.versions.entries({ userKey: key, sequence: 0 }).next();',
  },
  {
    name: 'get skips a tombstone and returns the older value under it',
    file: 'memtable.ts',
    find: 'const first = this.versions.entries({ userKey: key, sequence: atSequence }).next();',
    replace:
      'const found = this.versions.entries({ userKey: key, sequence: atSequence });\n    let first = found.next();\n    while (!first.done && first.value[1].value === null && compareBytes(first.value[1].key, key) === 0) first = found.next();',
  },
  {
    name: "get reports a tombstone as 'missing' instead of 'deleted'",
    file: 'memtable.ts',
    find: "if (entry.value === null) return { kind: 'deleted', sequence: entry.sequence };",
    replace: 'if (entry.value === null) return MISSING;',
  },
  {
    name: "get returns the next key's version when the key has none",
    file: 'memtable.ts',
    find: 'if (compareBytes(entry.key, key) !== 0) return MISSING;',
    replace: '',
  },

  // scan.
  {
    name: 'scan end inclusive',
    file: 'memtable.ts',
    find: 'if (end !== undefined && compareBytes(entry.key, end) >= 0) return;',
    replace: 'if (end !== undefined && compareBytes(entry.key, end) > 0) return;',
  },
  {
    name: 'scan returns several versions of one key',
    file: 'memtable.ts',
    find: 'if (decided !== null && compareBytes(entry.key, decided) === 0) continue; // an older version',
    replace: '',
  },
  {
    name: 'scan shows a tombstone (as an empty value)',
    file: 'memtable.ts',
    find: 'if (entry.value !== null) yield [entry.key, entry.value]; // a tombstone hides its key',
    replace: 'yield [entry.key, entry.value ?? new Uint8Array(0)];',
  },
  {
    name: 'scan skips a tombstone and shows the older value under it',
    file: 'memtable.ts',
    find: 'if (entry.sequence > atSequence) continue; // written after the snapshot: invisible',
    replace: 'if (entry.sequence > atSequence || entry.value === null) continue;',
  },
  {
    name: 'scan ignores atSequence',
    file: 'memtable.ts',
    find: 'if (entry.sequence > atSequence) continue; // written after the snapshot: invisible',
    replace: '',
  },
  {
    name: 'scan seeks to (start, 0), skipping the newer versions of start',
    file: 'memtable.ts',
    find: '{ userKey: start, sequence: atSequence }',
    replace: '{ userKey: start, sequence: 0 }',
  },
  {
    name: 'scan leaves out the start key (start exclusive)',
    file: 'memtable.ts',
    find: 'if (entry.sequence > atSequence) continue; // written after the snapshot: invisible',
    replace:
      'if (entry.sequence > atSequence) continue;\n      if (start !== undefined && compareBytes(entry.key, start) === 0) continue;',
  },

  // entries() and replay.
  {
    name: 'entries() drops tombstones (a flush would lose the deletes)',
    file: 'memtable.ts',
    find: 'for (const [, entry] of this.versions.entries()) yield entry;',
    replace: 'for (const [, entry] of this.versions.entries()) if (entry.value !== null) yield entry;',
  },
  {
    name: 'replay applies the entries out of order (sorted by key)',
    file: 'memtable.ts',
    find: 'for (const entry of entries) table.apply(entry);',
    replace: 'for (const entry of [...entries].sort((a, b) => compareBytes(a.key, b.key))) table.apply(entry);',
  },
  {
    name: 'replay applies the entries backwards',
    file: 'memtable.ts',
    find: 'for (const entry of entries) table.apply(entry);',
    replace: 'for (const entry of [...entries].reverse()) table.apply(entry);',
  },
  {
    name: 'replay skips tombstones',
    file: 'memtable.ts',
    find: 'for (const entry of entries) table.apply(entry);',
    replace: 'for (const entry of entries) if (entry.value !== null) table.apply(entry);',
  },
  {
    name: 'scan lets a version newer than atSequence decide its key (the key vanishes from old snapshots)',
    file: 'memtable.ts',
    find: '      if (entry.sequence > atSequence) continue; // written after the snapshot: invisible\n      if (decided !== null && compareBytes(entry.key, decided) === 0) continue; // an older version\n      decided = entry.key;',
    replace:
      '      if (decided !== null && compareBytes(entry.key, decided) === 0) continue; // an older version\n      decided = entry.key;\n      if (entry.sequence > atSequence) continue; // written after the snapshot: invisible',
  },
  {
    name: 'replayLog ignores its options (a replayed memtable does not charge the shared counter)',
    file: 'memtable.ts',
    find: 'const table = new MemTable(options);',
    replace: 'const table = new MemTable();',
  },
  {
    name: 'versions with the same key and sequence never compare equal (a rewrite adds a second version)',
    file: 'internal-key.ts',
    find: 'return b.sequence - a.sequence;',
    replace: 'return a.sequence > b.sequence ? -1 : 1;',
  },
  {
    name: "compareBytes wraps each key's whole backing buffer (Buffer.from(a.buffer)), ignoring a view's offset and length",
    file: 'internal-key.ts',
    find: '  const common = Math.min(a.length, b.length);',
    replace:
      '  if (a.length >= 0) return Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer));\n  const common = Math.min(a.length, b.length);',
  },
  {
    name: 'the memtable ignores options.versions and makes its own skip list',
    file: 'memtable.ts',
    find: 'options.versions ?? new SkipList',
    replace: 'new SkipList',
  },
];
