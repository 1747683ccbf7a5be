import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The random height.
  {
    name: 'random height can be 0 (the height starts at 0 instead of 1)',
    file: 'skip-list.ts',
    find: 'let height = 1;',
    replace: 'let height = 0;',
  },
  {
    name: 'towers never reach maxHeight (off by one at the top)',
    file: 'skip-list.ts',
    find: 'while (height < this.maxHeight && this.random() < this.probability) height++;',
    replace: 'while (height < this.maxHeight - 1 && this.random() < this.probability) height++;',
  },
  {
    name: 'towers can grow one level past maxHeight',
    file: 'skip-list.ts',
    find: 'while (height < this.maxHeight && this.random() < this.probability) height++;',
    replace: 'while (height <= this.maxHeight && this.random() < this.probability) height++;',
  },
  {
    name: 'the random height ignores the configured probability (always 1/2)',
    file: 'skip-list.ts',
    find: 'while (height < this.maxHeight && this.random() < this.probability) height++;',
    replace: 'while (height < this.maxHeight && this.random() < 0.5) height++;',
  },
  {
    name: 'the random height grows with chance 1 - probability',
    file: 'skip-list.ts',
    find: 'while (height < this.maxHeight && this.random() < this.probability) height++;',
    replace: 'while (height < this.maxHeight && this.random() >= this.probability) height++;',
  },
  {
    name: 'the random height uses Math.random instead of the injected random source',
    file: 'skip-list.ts',
    find: 'while (height < this.maxHeight && this.random() < this.probability) height++;',
    replace: 'while (height < this.maxHeight && Math.random() < this.probability) height++;',
  },
  // Linking a new node.
  {
    name: 'set links the new node on level 0 only (forgets the higher levels)',
    file: 'skip-list.ts',
    find: 'for (let level = 0; level < height; level++) {',
    replace: 'for (let level = 0; level < 1; level++) {',
  },
  {
    name: 'set links every level after the level-0 predecessor',
    file: 'skip-list.ts',
    find: 'const before = update[level]!;',
    replace: 'const before = update[0]!;',
  },
  {
    name: 'set forgets to point the new node at its successor (the rest of the level is cut off)',
    file: 'skip-list.ts',
    find: 'node.next[level] = before.next[level] ?? null;',
    replace: '',
  },
  // Replace and size.
  {
    name: 'setting an existing key inserts a duplicate instead of replacing the value',
    file: 'skip-list.ts',
    find: 'if (found !== null && this.compare(found.key, key) === 0) {\n      found.value = value;\n      return;\n    }',
    replace: '',
  },
  {
    name: 'setting an existing key keeps the old value',
    file: 'skip-list.ts',
    find: 'found.value = value;',
    replace: '',
  },
  {
    name: 'size is not updated on insert',
    file: 'skip-list.ts',
    find: 'this.count++;',
    replace: '',
  },
  {
    name: 'size also grows when a value is replaced',
    file: 'skip-list.ts',
    find: 'found.value = value;',
    replace: 'found.value = value;\n      this.count++;',
  },
  {
    name: 'keys are compared with === instead of the comparator when replacing',
    file: 'skip-list.ts',
    find: 'if (found !== null && this.compare(found.key, key) === 0) {',
    replace: 'if (found !== null && found.key === key) {',
  },
  // The search.
  {
    name: 'the comparator sign is flipped in the search',
    file: 'skip-list.ts',
    find: 'if (next !== null && this.compare(next.key, key) < 0) {',
    replace: 'if (next !== null && this.compare(next.key, key) > 0) {',
  },
  {
    name: 'the comparator arguments are swapped in the search',
    file: 'skip-list.ts',
    find: 'if (next !== null && this.compare(next.key, key) < 0) {',
    replace: 'if (next !== null && this.compare(key, next.key) < 0) {',
  },
  {
    name: 'the search moves past an equal key (<= 0), so seek skips a key equal to its target',
    file: 'skip-list.ts',
    find: 'if (next !== null && this.compare(next.key, key) < 0) {',
    replace: 'if (next !== null && this.compare(next.key, key) <= 0) {',
  },
  {
    name: 'the search returns the node before the target (where it stopped) instead of the one after',
    file: 'skip-list.ts',
    find: 'if (level === 0) return next;',
    replace: 'if (level === 0) return x === this.head ? next : (x as Node<K, V>);',
  },
  {
    name: 'the search starts at level 0 (a linear scan)',
    file: 'skip-list.ts',
    find: 'let level = this.maxHeight - 1;',
    replace: 'let level = 0;\n    if (update) for (let l = 1; l < this.maxHeight; l++) update[l] = this.head;',
  },
  {
    name: 'get walks level 0 from the head (a linear scan) instead of using the towers',
    file: 'skip-list.ts',
    find: 'const node = this.findGreaterOrEqual(key);\n    return',
    replace:
      'let node = this.head.next[0] ?? null;\n    while (node !== null && this.compare(node.key, key) < 0) node = node.next[0] ?? null;\n    return',
  },
  {
    name: 'get returns the value of the next key when the key is missing',
    file: 'skip-list.ts',
    find: 'return node !== null && this.compare(node.key, key) === 0 ? node.value : undefined;',
    replace: 'return node !== null ? node.value : undefined;',
  },
  // Iteration.
  {
    name: 'entries(from) walks level 0 from the head to find its start (a linear seek)',
    file: 'skip-list.ts',
    find: 'let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);',
    replace:
      'let node = this.head.next[0] ?? null;\n    while (node !== null && from !== undefined && this.compare(node.key, from) < 0) node = node.next[0] ?? null;',
  },
  {
    name: 'entries(from) starts after a key equal to from',
    file: 'skip-list.ts',
    find: 'let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);',
    replace:
      'let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);\n    if (node !== null && from !== undefined && this.compare(node.key, from) === 0) node = node.next[0] ?? null;',
  },
  {
    name: 'iteration copies the list into an array first (a snapshot) instead of following the live list',
    file: 'skip-list.ts',
    find: 'while (node !== null) {\n      yield [node.key, node.value];',
    replace:
      'const snapshot: Array<[K, V]> = [];\n    for (; node !== null; node = node.next[0] ?? null) snapshot.push([node.key, node.value]);\n    yield* snapshot;\n    while (node !== null) {\n      yield [node.key, node.value];',
  },
  {
    name: 'iteration reads the next node before yielding the current one (a prefetch)',
    file: 'skip-list.ts',
    find: 'yield [node.key, node.value];\n      // Read the successor only now, after the caller has resumed us: whatever they inserted\n      // right after this node in the meantime is linked in already.\n      node = node.next[0] ?? null;',
    replace:
      'const after: Node<K, V> | null = node.next[0] ?? null;\n      yield [node.key, node.value];\n      node = after;',
  },
  {
    name: 'iteration places its cursor when entries() is called, not at the first next()',
    file: 'skip-list.ts',
    find: '  *entries(from?: K): IterableIterator<[K, V]> {\n    let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);\n    while (node !== null) {',
    replace:
      '  entries(from?: K): IterableIterator<[K, V]> {\n    return this.walkFrom(from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from));\n  }\n\n  private *walkFrom(start: Node<K, V> | null): IterableIterator<[K, V]> {\n    let node = start;\n    while (node !== null) {',
  },
  {
    name: 'towers() reports the height minus one (levels above the first)',
    file: 'skip-list.ts',
    find: 'towers.push({ key: node.key, height: node.next.length });',
    replace: 'towers.push({ key: node.key, height: node.next.length - 1 });',
  },
  {
    name: 'get compares keys with === instead of the comparator',
    file: 'skip-list.ts',
    find: 'return node !== null && this.compare(node.key, key) === 0 ? node.value : undefined;',
    replace: 'return node !== null && node.key === key ? node.value : undefined;',
  },
  {
    name: 'set links the new node on every level of its tower but the top one',
    file: 'skip-list.ts',
    find: 'for (let level = 0; level < height; level++) {',
    replace: 'for (let level = 0; level < height - 1; level++) {',
  },
  {
    name: 'entries(from) tests from for truthiness, so a seek to the key 0 starts at the smallest key',
    file: 'skip-list.ts',
    find: 'let node = from === undefined ? (this.head.next[0] ?? null) : this.findGreaterOrEqual(from);',
    replace: 'let node = from ? this.findGreaterOrEqual(from) : (this.head.next[0] ?? null);',
  },
  {
    name: "replace checks found.key for truthiness, so setting 0 or '' again adds a duplicate",
    file: 'skip-list.ts',
    find: 'if (found !== null && this.compare(found.key, key) === 0) {',
    replace: 'if (found && found.key && this.compare(found.key, key) === 0) {',
  },
];
