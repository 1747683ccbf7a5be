import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // ---- the builder ----
  {
    name: 'a restart point does not reset the shared prefix (computed against the previous key anyway)',
    file: 'block-builder.ts',
    find: 'const shared = restart ? 0 : sharedPrefixLength(this.lastKey, key);',
    replace: 'const shared = sharedPrefixLength(this.lastKey, key);',
  },
  {
    name: 'the restart interval is off by one (a restart every interval + 1 entries)',
    file: 'block-builder.ts',
    find: 'const restart = this.sinceRestart === this.restartInterval;',
    replace: 'const restart = this.sinceRestart === this.restartInterval + 1;',
  },
  {
    name: 'the restart interval is off by one (a restart every interval - 1 entries)',
    file: 'block-builder.ts',
    find: 'const restart = this.sinceRestart === this.restartInterval;',
    replace: 'const restart = this.sinceRestart === Math.max(1, this.restartInterval - 1);',
  },
  {
    name: 'the prefix stops one byte short of what the keys really share',
    file: 'block-builder.ts',
    find: 'while (i < limit && a[i] === b[i]) i++;\n  return i;',
    replace: 'while (i < limit && a[i] === b[i]) i++;\n  return Math.max(0, i - 1);',
  },
  {
    name: 'a restart offset recorded after the entry instead of at its start',
    file: 'block-builder.ts',
    find: '    if (restart) {\n      this.restarts.push(this.sink.length);\n      this.sinceRestart = 0;\n    }',
    replace: '    if (restart) this.sinceRestart = 0;',
  },
  {
    name: 'an out-of-order key is accepted',
    file: 'block-builder.ts',
    find: 'if (this.count > 0 && this.compare(key, this.lastKey) <= 0) {',
    replace: 'if (false) {',
  },
  {
    name: 'an equal key is accepted (< instead of <=)',
    file: 'block-builder.ts',
    find: 'if (this.count > 0 && this.compare(key, this.lastKey) <= 0) {',
    replace: 'if (this.count > 0 && this.compare(key, this.lastKey) < 0) {',
  },
  {
    name: 'the builder compares with compareBytes instead of its comparator',
    file: 'block-builder.ts',
    find: 'this.compare = options.compare ?? compareBytes;',
    replace: 'this.compare = compareBytes;',
  },
  {
    name: "the builder keeps the caller's key buffer as the last key",
    file: 'block-builder.ts',
    find: 'this.lastKey = Uint8Array.from(key);',
    replace: 'this.lastKey = key;',
  },
  {
    name: 'estimatedSize() forgets the checksum',
    file: 'block-builder.ts',
    find: 'RESTART_COUNT_BYTES + CHECKSUM_BYTES;',
    replace: 'RESTART_COUNT_BYTES;',
  },
  {
    name: 'estimatedSize() forgets the restart array',
    file: 'block-builder.ts',
    find: 'return this.sink.length + RESTART_BYTES * this.restarts.length + ',
    replace: 'return this.sink.length + ',
  },
  {
    name: 'the checksum leaves out the restart array and the count',
    file: 'block-builder.ts',
    find: '    for (const offset of this.restarts) this.sink.uint32(offset);\n    this.sink.uint32(this.restarts.length);\n    this.sink.uint32(crc32c(this.sink.view()));',
    replace:
      '    const checksum = crc32c(this.sink.view());\n    for (const offset of this.restarts) this.sink.uint32(offset);\n    this.sink.uint32(this.restarts.length);\n    this.sink.uint32(checksum);',
  },
  {
    name: 'finish() does not reset the restart points',
    file: 'block-builder.ts',
    find: '    this.restarts = [0];\n    this.sinceRestart = 0;\n    this.count = 0;',
    replace: '    this.sinceRestart = 0;\n    this.count = 0;',
  },
  // ---- the reader ----
  {
    name: 'the checksum is not checked',
    file: 'block.ts',
    find: 'if (stored !== actual) {',
    replace: 'if (false) {',
  },
  {
    name: 'the checksum is checked over the entries only, not the restart array and count',
    file: 'block.ts',
    find: 'const actual = crc32c(bytes.subarray(0, checksumAt));',
    replace:
      'const actual = crc32c(bytes.subarray(0, checksumAt - RESTART_COUNT_BYTES - RESTART_BYTES * readUint32(bytes, checksumAt - RESTART_COUNT_BYTES)));',
  },
  {
    name: 'seek skips the entry it lands on (misses the first key of a restart run)',
    file: 'block.ts',
    find: '    this.moveToRestart(lo);\n    while (this.isValid && compareAt(this.keyBuffer, 0, this.keyLength, target) < 0) this.next();',
    replace:
      '    this.moveToRestart(lo);\n    do this.next(); while (this.isValid && compareAt(this.keyBuffer, 0, this.keyLength, target) < 0);',
  },
  {
    name: 'seek starts at the first restart at or after the target (misses the end of the run before)',
    file: 'block.ts',
    find: 'if (this.restartKeyBefore(mid, target)) lo = mid;',
    replace: 'if (this.restartKeyBefore(mid, target)) lo = Math.min(mid + 1, restarts.length - 1);',
  },
  {
    name: 'the reader compares with compareBytes instead of the block comparator',
    file: 'block.ts',
    find: 'return new Block(bytes, entriesEnd, restarts, rangeComparator(options));',
    replace: 'return new Block(bytes, entriesEnd, restarts, compareBytesAt);',
  },
  {
    name: 'next() runs into the restart array',
    file: 'block.ts',
    find: '    if (offset >= this.block.entriesEnd) {\n      this.isValid = false;',
    replace: '    if (offset >= this.block.entriesEnd + RESTART_BYTES) {\n      this.isValid = false;',
  },
  {
    name: 'an entry length is trusted without checking it against the end of the entries',
    file: 'block.ts',
    find: 'if (header.valueEnd > entriesEnd) {',
    replace: 'if (false) {',
  },
  {
    name: 'a shared prefix longer than the previous key is trusted',
    file: 'block.ts',
    find: 'if (shared > Math.max(0, previousLength)) {',
    replace: 'if (false) {',
  },
  {
    name: 'the restart count is not checked against the block size',
    file: 'block.ts',
    find: 'if (count < 1 || count > maxCount) {',
    replace: 'if (count < 1) {',
  },
  {
    name: 'restart offsets are not checked',
    file: 'block.ts',
    find: 'const ok = i === 0 ? offset === 0 : previous !== undefined && offset > previous && offset < entriesEnd;',
    replace: 'const ok = true;',
  },
  {
    name: 'a block shorter than the trailer is read anyway',
    file: 'block.ts',
    find: 'if (bytes.length < EMPTY_BLOCK_BYTES) {',
    replace: 'if (bytes.length < CHECKSUM_BYTES) {',
  },
  {
    name: "decode checksums from the start of the block's backing buffer, ignoring byteOffset",
    file: 'block.ts',
    find: 'const actual = crc32c(bytes.subarray(0, checksumAt));',
    replace: 'const actual = crc32c(new Uint8Array(bytes.buffer, 0, checksumAt));',
  },
  {
    name: "value() views the block's backing buffer from its start, ignoring byteOffset",
    file: 'block.ts',
    find: 'return this.block.bytes.subarray(this.valueStart, this.valueEnd);',
    replace: 'return new Uint8Array(this.block.bytes.buffer, this.valueStart, this.valueEnd - this.valueStart);',
  },
  {
    name: "finish() returns a view of the builder's buffer, which the next block overwrites",
    file: 'block-builder.ts',
    find: 'const block = this.sink.toBytes();',
    replace: 'const block = this.sink.view();',
  },
  // ---- keys compared where they lie, one reused key array ----
  {
    name: "key() returns a view of the iterator's reused key array",
    file: 'block.ts',
    find: 'this.keyCopy ??= this.keyBuffer.slice(0, this.keyLength);',
    replace: 'this.keyCopy ??= this.keyBuffer.subarray(0, this.keyLength);',
  },
  {
    name: 'key() returns the reused key array itself, cut to length only when it grows',
    file: 'block.ts',
    find: 'this.keyCopy ??= this.keyBuffer.slice(0, this.keyLength);',
    replace:
      'this.keyCopy ??= this.keyBuffer.length === this.keyLength ? this.keyBuffer : (this.keyBuffer = this.keyBuffer.slice(0, this.keyLength));',
  },
  {
    name: "a move does not forget the copy key() made, so key() gives the previous entry's key",
    file: 'block.ts',
    find: '    this.keyLength = length;\n    this.keyCopy = null;',
    replace: '    this.keyLength = length;',
  },
  {
    name: 'the key array grows without keeping the shared prefix',
    file: 'block.ts',
    find: '      grown.set(this.keyBuffer.subarray(0, shared));\n',
    replace: '',
  },
  {
    name: "a restart's key is compared from the entry's start, header bytes included",
    file: 'block.ts',
    find: 'return this.block.compareAt(this.block.bytes, header.keyStart, keyEnd, target) < 0;',
    replace: 'return this.block.compareAt(this.block.bytes, offset, keyEnd, target) < 0;',
  },
  {
    name: "a restart's key is compared with its value after it",
    file: 'block.ts',
    find: 'return this.block.compareAt(this.block.bytes, header.keyStart, keyEnd, target) < 0;',
    replace: 'return this.block.compareAt(this.block.bytes, header.keyStart, header.valueEnd, target) < 0;',
  },
  {
    name: 'the scan compares the whole key array, old bytes past the key included',
    file: 'block.ts',
    find: 'while (this.isValid && compareAt(this.keyBuffer, 0, this.keyLength, target) < 0) this.next();',
    replace: 'while (this.isValid && compareAt(this.keyBuffer, 0, this.keyBuffer.length, target) < 0) this.next();',
  },
  {
    name: "the binary search copies each restart's key out of the block to compare it",
    file: 'block.ts',
    find: 'return this.block.compareAt(this.block.bytes, header.keyStart, keyEnd, target) < 0;',
    replace:
      'return this.block.compareAt(this.block.bytes.slice(header.keyStart, keyEnd), 0, header.unshared, target) < 0;',
  },
  {
    name: 'the scan compares a new copy of each key',
    file: 'block.ts',
    find: 'while (this.isValid && compareAt(this.keyBuffer, 0, this.keyLength, target) < 0) this.next();',
    replace: 'while (this.isValid && compareAt(this.key(), 0, this.keyLength, target) < 0) this.next();',
  },
  {
    name: 'every entry gets a new key array (the shared prefix copied into it)',
    file: 'block.ts',
    find: 'if (length > this.keyBuffer.length) {',
    replace: 'if (length >= 0) {',
  },
  {
    name: 'a restart entry that claims a shared prefix is compared anyway during the binary search',
    file: 'block.ts',
    find: '    const header = this.readHeader(offset);\n    this.checkShared(offset, AT_RESTART);',
    replace: '    const header = this.readHeader(offset);',
  },
  {
    name: 'a block given compareAt seeks with compare instead',
    file: 'block.ts',
    find: '  if (compareAt !== undefined) return compareAt;\n',
    replace: '',
  },
  {
    name: 'the view-making fallback compares from the start of the array, not from start',
    file: 'block.ts',
    find: 'return (bytes, start, end, target) => compare(bytes.subarray(start, end), target);',
    replace: 'return (bytes, _start, end, target) => compare(bytes.subarray(0, end), target);',
  },
];
