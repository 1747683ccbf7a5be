import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The hash.
  {
    name: 'multiplies with * instead of Math.imul (a double drops the low bits of the product)',
    file: 'murmur3.ts',
    find: 'k = Math.imul(k, C1);',
    replace: 'k = (k * C1) >>> 0;',
  },
  {
    name: 'reads the 4-byte blocks big-endian',
    file: 'murmur3.ts',
    find: 'const k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);',
    replace: 'const k = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;',
  },
  {
    name: 'ignores the tail bytes after the last whole block',
    file: 'murmur3.ts',
    find: '      k ^= bytes[tail]!;\n      h ^= scramble(k);',
    replace: '      k ^= bytes[tail]!;',
  },
  {
    name: 'mixes the tail in without scrambling it',
    file: 'murmur3.ts',
    find: '      h ^= scramble(k);\n  }',
    replace: '      h ^= k;\n  }',
  },
  {
    name: 'forgets to mix in the length',
    file: 'murmur3.ts',
    find: '  h ^= length;\n',
    replace: '',
  },
  {
    name: 'ignores the seed',
    file: 'murmur3.ts',
    find: 'let h = seed >>> 0;',
    replace: 'let h = 0;',
  },
  {
    name: 'rotates the state by 15 instead of 13',
    file: 'murmur3.ts',
    find: 'h = rotl32(h, 13);',
    replace: 'h = rotl32(h, 15);',
  },
  {
    name: "hashes the view's whole buffer (a DataView over .buffer) instead of the key's own bytes",
    file: 'murmur3.ts',
    find: 'const k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);',
    replace: 'const k = new DataView(bytes.buffer).getUint32(at, true);',
  },
  // Sizing.
  {
    name: 'k rounded down (floor, as LevelDB does) instead of rounded',
    file: 'bloom.ts',
    find: 'const probes = Math.round(bitsPerKey * Math.LN2);',
    replace: 'const probes = Math.floor(bitsPerKey * Math.LN2);',
  },
  {
    name: 'k one more than round(bitsPerKey * ln 2)',
    file: 'bloom.ts',
    find: 'const probes = Math.round(bitsPerKey * Math.LN2);',
    replace: 'const probes = Math.round(bitsPerKey * Math.LN2) + 1;',
  },
  {
    name: 'k not clamped to at most 30',
    file: 'bloom.ts',
    find: 'return Math.min(MAX_PROBES, Math.max(MIN_PROBES, probes));',
    replace: 'return Math.max(MIN_PROBES, probes);',
  },
  {
    name: 'k not clamped to at least 1 (zero probes say "maybe" to everything)',
    file: 'bloom.ts',
    find: 'return Math.min(MAX_PROBES, Math.max(MIN_PROBES, probes));',
    replace: 'return Math.min(MAX_PROBES, probes);',
  },
  {
    name: 'bits per key for a rate without the square: -ln(p) / ln 2',
    file: 'bloom.ts',
    find: 'const bitsPerKey = -Math.log(rate) / (Math.LN2 * Math.LN2);',
    replace: 'const bitsPerKey = -Math.log(rate) / Math.LN2;',
  },
  {
    name: 'no minimum filter size',
    file: 'bloom.ts',
    find: 'const bits = Math.max(MIN_FILTER_BITS, Math.ceil(keyCount * bitsPerKey));',
    replace: 'const bits = Math.ceil(keyCount * bitsPerKey);',
  },
  {
    name: 'the filter sized in bytes instead of bits (eight times too big)',
    file: 'bloom.ts',
    find: 'return Math.ceil(bits / 8);',
    replace: 'return bits;',
  },
  // Probe positions.
  {
    name: 'the delta never applied: every probe hits the same bit',
    file: 'bloom.ts',
    find: '    h = (h + delta) >>> 0;\n',
    replace: '',
  },
  {
    name: 'positions kept signed (| 0 instead of >>> 0): negative half the time',
    file: 'bloom.ts',
    find: '    h = (h + delta) >>> 0;\n',
    replace: '    h = (h + delta) | 0;\n',
  },
  {
    name: 'the position taken modulo the byte count instead of the bit count',
    file: 'bloom.ts',
    find: 'positions.push(h % bitCount);',
    replace: 'positions.push(h % (bitCount / 8));',
  },
  {
    name: 'the position taken with a mask h & (m - 1), right only when m is a power of two',
    file: 'bloom.ts',
    find: 'positions.push(h % bitCount);',
    replace: 'positions.push(h & (bitCount - 1));',
  },
  {
    name: 'only the low 16 bits of the hash used (the upper part of a big filter never set)',
    file: 'bloom.ts',
    find: 'positions.push(h % bitCount);',
    replace: 'positions.push((h & 0xffff) % bitCount);',
  },
  {
    name: 'one probe fewer than k',
    file: 'bloom.ts',
    find: 'for (let i = 0; i < probes; i++) {',
    replace: 'for (let i = 1; i < probes; i++) {',
  },
  {
    name: 'the same seed for both hashes (not the format: other implementations read other bits)',
    file: 'bloom.ts',
    find: 'const delta = (murmur3_32(key, DELTA_SEED) | 1) >>> 0;',
    replace: 'const delta = (murmur3_32(key, HASH_SEED) | 1) >>> 0;',
  },
  {
    name: "hashes the key's whole underlying buffer instead of its own bytes",
    file: 'bloom.ts',
    find: 'let h = murmur3_32(key, HASH_SEED);',
    replace: 'let h = murmur3_32(new Uint8Array(key.buffer), HASH_SEED);',
  },
  // Setting and testing bits.
  {
    name: 'sets 1 << position instead of 1 << (position & 7): a false negative for most keys',
    file: 'bloom.ts',
    find: 'this.bits[position >>> 3]! |= 1 << (position & 7);',
    replace: 'this.bits[position >>> 3]! |= 1 << position;',
  },
  {
    name: 'bit p stored most significant first in its byte (not the format)',
    file: 'bloom.ts',
    find: 'this.bits[position >>> 3]! |= 1 << (position & 7);',
    replace: 'this.bits[position >>> 3]! |= 0x80 >>> (position & 7);',
  },
  {
    name: 'mayContain says yes when any one probe bit is set instead of all of them',
    file: 'bloom.ts',
    find: 'if ((this.bits[position >>> 3]! & (1 << (position & 7))) === 0) return false;\n    }\n    return true;',
    replace: 'if ((this.bits[position >>> 3]! & (1 << (position & 7))) !== 0) return true;\n    }\n    return false;',
  },
  // The stored form.
  {
    name: 'encode drops the probe count',
    file: 'bloom.ts',
    find: 'bytes[this.bits.length] = this.probes;',
    replace: '',
  },
  {
    name: 'decode ignores the stored probe count and assumes 7',
    file: 'bloom.ts',
    find: 'return new BloomFilter(bytes.subarray(0, bytes.length - 1), probes);',
    replace: 'return new BloomFilter(bytes.subarray(0, bytes.length - 1), 7);',
  },
  {
    name: 'decode counts the probe-count byte as bits (a false negative)',
    file: 'bloom.ts',
    find: 'return new BloomFilter(bytes.subarray(0, bytes.length - 1), probes);',
    replace: 'return new BloomFilter(bytes, probes);',
  },
  {
    name: 'decode accepts a probe count of 0',
    file: 'bloom.ts',
    find: 'if (probes < MIN_PROBES || probes > MAX_PROBES) {',
    replace: 'if (probes > MAX_PROBES) {',
  },
  {
    name: 'decode does not check the length',
    file: 'bloom.ts',
    find: 'if (bytes.length < MIN_FILTER_BITS / 8 + 1) {',
    replace: 'if (bytes.length < 1) {',
  },
  // ---- edges.test.ts ----
  {
    name: 'decode takes the bits from the start of the buffer, not of the view it was given',
    file: 'bloom.ts',
    find: 'return new BloomFilter(bytes.subarray(0, bytes.length - 1), probes);',
    replace: 'return new BloomFilter(new Uint8Array(bytes.buffer, 0, bytes.length - 1), probes);',
  },
  {
    name: 'decode refuses a probe count of exactly MAX_PROBES',
    file: 'bloom.ts',
    find: 'if (probes < MIN_PROBES || probes > MAX_PROBES) {',
    replace: 'if (probes < MIN_PROBES || probes >= MAX_PROBES) {',
  },
  {
    name: 'the policy takes bitsPerKey as given (a bad one fails at the first table, not when the policy is made)',
    file: 'bloom.ts',
    find: "    this.bitsPerKey = 'bitsPerKey' in options ? options.bitsPerKey : bitsPerKeyForRate(options.falsePositiveRate);\n    checkBitsPerKey(this.bitsPerKey);",
    replace:
      "    this.bitsPerKey = 'bitsPerKey' in options ? options.bitsPerKey : bitsPerKeyForRate(options.falsePositiveRate);",
  },
];
