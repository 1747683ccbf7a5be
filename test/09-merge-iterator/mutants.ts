import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The heap.
  {
    name: 'sift-down compares the right child with the parent instead of with the smaller child',
    file: 'heap.ts',
    find: 'if (right < length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;',
    replace: 'if (right < length && this.compare(items[right]!, items[index]!) < 0) smallest = right;',
  },
  {
    name: 'sift-down looks at the left child only',
    file: 'heap.ts',
    find: 'if (right < length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;',
    replace: '',
  },
  {
    name: 'sift-up uses the wrong parent slot (i >> 1)',
    file: 'heap.ts',
    find: 'const parent = (index - 1) >> 1;',
    replace: 'const parent = index >> 1;',
  },
  {
    name: 'pop does not move the last item into the root when one item is left',
    file: 'heap.ts',
    find: 'if (items.length > 0) {\n      items[0] = last;',
    replace: 'if (items.length > 1) {\n      items[0] = last;',
  },
  // The sources.
  {
    name: 'seek leaves a source before the target (if where a while belongs)',
    file: 'source.ts',
    find: 'while (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) < 0) {',
    replace: 'if (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) < 0) {',
  },
  {
    name: 'seek skips an entry equal to the target (<= for <)',
    file: 'source.ts',
    find: 'while (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) < 0) {',
    replace: 'while (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) <= 0) {',
  },
  {
    name: 'seek compares user keys only, so it lands on a version newer than the target',
    file: 'source.ts',
    find: 'while (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) < 0) {',
    replace:
      'while (this.entry !== null && compareInternalKeys({ userKey: this.entry.key, sequence: target.sequence }, target) < 0) {',
  },
  {
    name: 'seek continues the old pass instead of starting a new one',
    file: 'source.ts',
    find: 'this.iterator = this.open()[Symbol.iterator]();',
    replace: 'this.iterator ??= this.open()[Symbol.iterator]();',
  },
  {
    name: 'seek reads forward without checking the order (read(null) in the loop)',
    file: 'source.ts',
    find: '      this.entry = this.read(this.entry);',
    replace: '      this.entry = this.read(null);',
  },
  {
    name: 'seek() without a target keeps the old pass instead of going back to the first entry',
    file: 'source.ts',
    find: '    this.iterator = this.open()[Symbol.iterator]();\n    this.entry = this.read(null);\n    if (target === undefined) return;',
    replace:
      '    if (target === undefined && this.iterator !== null) return;\n    this.iterator = this.open()[Symbol.iterator]();\n    this.entry = this.read(null);\n    if (target === undefined) return;',
  },
  // The merge.
  {
    name: 'equal internal keys: the tie broken toward the older source',
    file: 'merge.ts',
    find: 'return compareEntries(a.entry, b.entry) || a.index - b.index;',
    replace: 'return compareEntries(a.entry, b.entry) || b.index - a.index;',
  },
  {
    name: 'the heap ordered by user key only (versions of one key come out in any order)',
    file: 'merge.ts',
    find: 'return compareEntries(a.entry, b.entry) || a.index - b.index;',
    replace: 'return compareEntries({ ...a.entry, sequence: 0 }, { ...b.entry, sequence: 0 }) || a.index - b.index;',
  },
  {
    name: 'an exhausted source is not removed from the heap',
    file: 'merge.ts',
    find: 'if (source.valid) this.heap.push({ source, index, entry: source.current() });',
    replace: 'this.heap.push({ source, index, entry: source.current() });',
  },
  {
    name: 'a source is not pushed back after it advanced',
    file: 'merge.ts',
    find: '      await cursor.source.next();\n      this.enter(cursor.source, cursor.index);',
    replace: '      await cursor.source.next();',
  },
  {
    name: 'next advances only the top source: an older copy of the same write comes out again',
    file: 'merge.ts',
    find: 'while (this.heap.size > 0 && compareEntries(this.heap.peek()!.entry, passed) === 0) {',
    replace: 'for (let once = passed !== null; once; once = false) {',
  },
  {
    name: 'seek does not empty the heap: cursors from before the seek stay in it',
    file: 'merge.ts',
    find: '    this.heap.clear();\n',
    replace: '',
  },
  {
    name: 'seek skips the sources that are exhausted',
    file: 'merge.ts',
    find: 'await Promise.all(this.sources.map((source) => source.seek(target)));',
    replace:
      'await Promise.all(this.sources.map((source) => (this.seeded && !source.valid ? undefined : source.seek(target))));\n    this.seeded = true;',
  },
  // The top level.
  {
    name: 'equal user keys not de-duplicated: older versions leak after the newest',
    file: 'scan.ts',
    find: 'const older = decided !== null && compareBytes(entry.key, decided) === 0;',
    replace: 'const older = false;',
  },
  {
    name: 'tombstones returned to the reader',
    file: 'scan.ts',
    find: 'if (entry.value !== null) yield [entry.key, entry.value]; // a tombstone hides its key',
    replace: 'yield [entry.key, entry.value as Uint8Array];',
  },
  {
    name: 'tombstones dropped before they hide anything: the older put comes back',
    file: 'scan.ts',
    find: '      decided = entry.key;\n      if (entry.value !== null) yield [entry.key, entry.value]; // a tombstone hides its key',
    replace:
      '      if (entry.value !== null) {\n        decided = entry.key;\n        yield [entry.key, entry.value];\n      }',
  },
  {
    name: 'atSequence ignored: writes after the snapshot are visible',
    file: 'scan.ts',
    find: 'const visible = entry.sequence <= atSequence;',
    replace: 'const visible = true;',
  },
  {
    name: 'the write at exactly atSequence is invisible (< for <=)',
    file: 'scan.ts',
    find: 'const visible = entry.sequence <= atSequence;',
    replace: 'const visible = entry.sequence < atSequence;',
  },
  {
    name: 'seek to (start, 0) instead of (start, atSequence): the versions of start are skipped',
    file: 'scan.ts',
    find: '{ userKey: start, sequence: atSequence }',
    replace: '{ userKey: start, sequence: 0 }',
  },
  {
    name: 'the end key included (> for >=)',
    file: 'scan.ts',
    find: 'if (end !== undefined && compareBytes(entry.key, end) >= 0) return;',
    replace: 'if (end !== undefined && compareBytes(entry.key, end) > 0) return;',
  },
  {
    name: 'seek waits with Promise.allSettled: a source whose seek failed is treated as empty',
    file: 'merge.ts',
    find: 'await Promise.all(this.sources.map((source) => source.seek(target)));',
    replace: 'await Promise.allSettled(this.sources.map((source) => source.seek(target)));',
  },
  {
    name: "next() swallows a source's failure and drops the source as if it were exhausted",
    file: 'merge.ts',
    find: 'await cursor.source.next();',
    replace: 'await cursor.source.next().catch(() => undefined);',
  },
];
