import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  {
    name: "keeps the caller's key buffer instead of copying it",
    file: 'entry.ts',
    find: 'return entryBytes.copy(bytes);',
    replace: "return field === 'key' ? bytes : entryBytes.copy(bytes);",
  },
  {
    name: "keeps the caller's value buffer instead of copying it",
    file: 'entry.ts',
    find: 'return entryBytes.copy(bytes);',
    replace: "return field === 'value' ? bytes : entryBytes.copy(bytes);",
  },
  {
    name: 'rejects a key or value of exactly the limit (>= instead of >)',
    file: 'entry.ts',
    find: 'if (bytes.length > limit) {',
    replace: 'if (bytes.length >= limit) {',
  },
  {
    name: 'accepts one byte over the limit',
    file: 'entry.ts',
    find: 'if (bytes.length > limit) {',
    replace: 'if (bytes.length > limit + 1) {',
  },
  {
    name: 'checks the key limit against the value limit',
    file: 'entry.ts',
    find: "const keyCopy = copyBytes('key', key, MAX_KEY_BYTES);\n  if (value",
    replace: "const keyCopy = copyBytes('key', key, MAX_VALUE_BYTES);\n  if (value",
  },
  {
    name: 'a delete keeps an empty value instead of none',
    file: 'entry.ts',
    find: 'return Object.freeze({ sequence, key: keyCopy, value: null });',
    replace: 'return Object.freeze({ sequence, key: keyCopy, value: new Uint8Array(0) });',
  },
  {
    name: 'treats an empty value as a delete',
    file: 'entry.ts',
    find: 'return entry.value === null;',
    replace: 'return entry.value === null || entry.value.length === 0;',
  },
  {
    name: 'accepts a negative sequence number',
    file: 'entry.ts',
    find: 'if (sequence < 0 || sequence > MAX_SEQUENCE) {',
    replace: 'if (sequence > MAX_SEQUENCE) {',
  },
  {
    name: 'accepts a fractional sequence number',
    file: 'entry.ts',
    find: "if (typeof sequence !== 'number' || !Number.isInteger(sequence)) {",
    replace: "if (typeof sequence !== 'number' || Number.isNaN(sequence)) {",
  },
  {
    name: 'accepts sequence numbers past MAX_SAFE_INTEGER',
    file: 'entry.ts',
    find: 'if (sequence < 0 || sequence > MAX_SEQUENCE) {',
    replace: 'if (sequence < 0) {',
  },
  {
    name: '"copies" with a new view over the caller\'s buffer (shares its memory)',
    file: 'entry.ts',
    find: 'return entryBytes.copy(bytes);',
    replace: 'return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);',
  },
  {
    name: 'rejects sequence number 0 (<= 0 instead of < 0)',
    file: 'entry.ts',
    find: 'if (sequence < 0 || sequence > MAX_SEQUENCE) {',
    replace: 'if (sequence <= 0 || sequence > MAX_SEQUENCE) {',
  },
  {
    name: "copies the key or value's whole backing buffer, not just the view",
    file: 'entry.ts',
    find: 'return entryBytes.copy(bytes);',
    replace: 'return new Uint8Array(bytes.buffer.slice(0));',
  },
  {
    name: 'slices the backing buffer from byteOffset to length (the end is byteOffset + length)',
    file: 'entry.ts',
    find: 'return entryBytes.copy(bytes);',
    replace: 'return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.length));',
  },
  {
    name: "checks the size limit against the backing buffer's byteLength instead of the view's length",
    file: 'entry.ts',
    find: 'if (bytes.length > limit) {',
    replace: 'if (bytes.buffer.byteLength > limit) {',
  },
  {
    name: 'a delete entry is not frozen (only puts call Object.freeze)',
    file: 'entry.ts',
    find: 'return Object.freeze({ sequence, key: keyCopy, value: null });',
    replace: 'return { sequence, key: keyCopy, value: null };',
  },
];
