import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'multiplies with * instead of Math.imul (a double drops the low bits of the product)': {
    pr: 'I replaced Math.imul with a plain multiplication followed by `>>> 0` in scramble: it reads like the C code, and the `>>> 0` brings the result back to 32 bits anyway.',
    why: 'In C the product wraps at 32 bits, so `* then truncate` looks like a faithful port. A JavaScript double holds only 53 bits of the up-to-64-bit product; the low bits, the ones truncation keeps, are already rounded away.',
    see: 'README.md: **Multiply with `Math.imul`.**',
  },
  'reads the 4-byte blocks big-endian': {
    pr: 'I assemble each 4-byte block with the first byte in the high bits, the way you would read a number written out on paper.',
    why: 'Network order and reading order both put the first byte first in significance, so big-endian feels natural. MurmurHash3 reads blocks little-endian, and any other order gives other hashes, so other filter bits.',
    see: 'README.md: the 4 bytes read **little-endian**',
  },
  'ignores the tail bytes after the last whole block': {
    pr: 'I collect the 1 to 3 tail bytes into k as before, but skip mixing them into h: the length is mixed in at the end anyway, so keys of different lengths still hash apart.',
    why: 'The length does separate keys of different lengths, which makes the tail look covered. Keys of the same length that differ only in their last bytes then hash the same.',
    see: 'README.md: | the 1 to 3 bytes left |',
  },
  'mixes the tail in without scrambling it': {
    pr: 'The tail is at most three bytes, so I xor it into h directly instead of running it through the full C1/rotate/C2 scramble; the final avalanche spreads those bits anyway.',
    why: 'fmix32 does spread bits well, so the scramble looks redundant for a short tail. But the format is MurmurHash3 exactly, and the published vectors for short inputs then fail.',
    see: 'README.md: `k` = those bytes little-endian; `k = k * C1`',
  },
  'forgets to mix in the length': {
    pr: 'Mixing in the length before the finish seemed redundant, since every byte is already part of the hash, so I removed that step.',
    why: 'Every byte is mixed in, but zero bytes in the tail mix in as nothing: without the length, "a" and "a\\0" can collide. It is also part of the published algorithm, so the vectors fail.',
    see: 'README.md: | finish | `h = h ^ length`',
  },
  'ignores the seed': {
    pr: 'The hash now starts from h = 0; the seed parameter stays in the signature for compatibility, but the output was already well mixed.',
    why: 'One good hash is easy to think of as enough. The filter depends on two different seeds to get two independent hashes; with the seed ignored, h1 and delta are the same number.',
    see: 'README.md: | start | `h = seed` |',
  },
  'rotates the state by 15 instead of 13': {
    pr: 'I reused the rotation by 15 for the state too, so the block loop has one rotation constant instead of two.',
    why: 'Two nearby constants, 15 and 13, are easy to mix up when copying the algorithm, and any rotation still "mixes". Only the published constants give the published hash.',
    see: 'README.md: `h = rotl(h, 13)`',
  },
  "hashes the view's whole buffer (a DataView over .buffer) instead of the key's own bytes": {
    pr: 'Block reads now use a DataView with getUint32(at, true): one call per block instead of four byte reads and shifts.',
    why: 'A DataView is the standard way to read little-endian numbers. Made over `bytes.buffer`, though, it starts at the buffer, not at the view, and keys handed over as subarrays are read from the wrong place.',
    see: 'README.md: **Hash the view, not its buffer.**',
  },
  'k rounded down (floor, as LevelDB does) instead of rounded': {
    pr: 'I compute the number of probes with Math.floor, as LevelDB does: one probe fewer costs a little in false positives but saves a hash step on every lookup.',
    why: 'Following LevelDB is usually a safe bet, and the dialogue mentions its truncation. But the stored filter must be the format this lesson defines, and that says round.',
    see: 'README.md: k = round(b · ln 2) probes',
  },
  'k one more than round(bitsPerKey * ln 2)': {
    pr: 'I add one probe to the rounded k: an extra probe makes a false "maybe" a bit less likely, which felt like a cheap win for reads.',
    why: 'More probes sound like more checking, so fewer false positives. Past the optimum each probe sets more bits and the rate goes up; and the probe count is part of the file format.',
    see: 'README.md: k = round(b · ln 2) probes',
  },
  'k not clamped to at most 30': {
    pr: 'The upper clamp on probes looked arbitrary, so I dropped it: with more bits per key, more probes are what the formula asks for.',
    why: 'The formula does ask for 69 probes at 100 bits per key. The clamp is part of the format, and the decoder refuses a stored probe count over 30.',
    see: 'README.md: We clamp k to 1..30',
  },
  'k not clamped to at least 1 (zero probes say "maybe" to everything)': {
    pr: 'round() already gives at least one probe for any sensible bits per key, so I dropped the lower clamp.',
    why: 'For the usual 10 bits per key the lower clamp never acts, so it looks dead. Below about 0.72 bits per key round() gives 0, and a filter with no probes says "maybe" to every key.',
    see: 'README.md: zero probes would say "maybe" to everything',
  },
  'bits per key for a rate without the square: -ln(p) / ln 2': {
    pr: 'bitsPerKeyForRate uses -ln(p) / ln 2, the number of bits of information in the rate; simpler than the formula with the square.',
    why: 'Bits of information is an appealing reading of "bits per key", and it gives a number of the right size. The optimum with k = b ln 2 needs the square; without it the filter is too small, and its rate misses the target.',
    see: 'README.md: b = -ln(p) / (ln 2)^2 bits per key',
  },
  'no minimum filter size': {
    pr: 'I size each filter from its key count alone: a tiny table now gets a tiny filter instead of 64 bits it does not need.',
    why: 'Proportional sizing looks fair. But a table with one or two keys then gets a filter of a couple of bytes, whose false-positive rate is terrible, and an empty one gets zero bits.',
    see: 'README.md: The minimum of 64 bits keeps a table of two keys from getting a uselessly small filter.',
  },
  'the filter sized in bytes instead of bits (eight times too big)': {
    pr: 'filterBytes returns the computed size directly; the bits are already rounded to what we need, so I dropped the division.',
    why: 'Bits and bytes differ by a factor that type checks cannot see. The filter still works, with a much lower rate than asked for, at eight times the size.',
    see: 'README.md: rounded up to a multiple of 8',
  },
  'the delta never applied: every probe hits the same bit': {
    pr: 'I moved the step that advances h out of the probe loop while tidying it up; each probe reads h as computed from the key.',
    why: 'A loop that pushes h and one that advances h look almost the same. Without the advance, all k probes are one bit, and the filter is as weak as a single hash.',
    see: 'README.md: position i = (h1 + i * delta) mod m, for i = 0 .. k-1',
  },
  'positions kept signed (| 0 instead of >>> 0): negative half the time': {
    pr: 'I switched `(h + delta) >>> 0` to `| 0`, the usual asm.js idiom for keeping a number in 32-bit integer range.',
    why: '`| 0` is the familiar way to stay in int32, and it does wrap at 2^32. But it gives a signed result, negative half the time, and a negative position indexes nothing.',
    see: 'README.md: **Keep it unsigned.**',
  },
  'the position taken modulo the byte count instead of the bit count': {
    pr: 'The bit array is stored as bytes, so I take each position modulo the array length in bytes.',
    why: 'The array is a Uint8Array, so its length is the first size at hand. Positions then only reach the first eighth of the bits, and the filter behaves like one eight times smaller.',
    see: 'README.md: probe i of key is at position h mod m',
  },
  'the position taken with a mask h & (m - 1), right only when m is a power of two': {
    pr: 'I replaced `h % bitCount` with `h & (bitCount - 1)`: a mask is cheaper than a division on every probe.',
    why: 'Masking is a common speed-up, and it is exact when m is a power of two, which many hash tables ensure. Our filters are any multiple of 8 bits, and the mask then leaves some bits never used.',
    see: 'README.md: probe i of key is at position h mod m',
  },
  'only the low 16 bits of the hash used (the upper part of a big filter never set)': {
    pr: 'Filters for our tables are small, so I take the low 16 bits of h before the modulo; the high half adds nothing for them.',
    why: 'For filters under 65,536 bits it really makes no difference. A large table gets a filter with more bits, and positions past 65,535 can then never be set.',
    see: 'README.md: probe i of key is at position h mod m',
  },
  'one probe fewer than k': {
    pr: 'I start the probe loop at 1 so that i counts probes the way the formula numbers them.',
    why: 'Counting from 1 or from 0 is the classic off-by-one. The formula numbers probes from 0 to k-1; starting at 1 makes one fewer, and the bits differ from the format.',
    see: 'README.md: for i = 0 .. k-1',
  },
  'the same seed for both hashes (not the format: other implementations read other bits)': {
    pr: 'I use HASH_SEED for the delta as well: the delta is forced odd afterwards, so it does not need a separate seed to do its job.',
    why: 'An odd delta does keep the probes spread, so a second seed seems to buy nothing. But then delta equals h1 with its low bit set, and the positions are not the ones the format defines.',
    see: 'README.md: `HASH_SEED = 0xbc9f1d34`, `DELTA_SEED = 0x9747b28c`.',
  },
  "hashes the key's whole underlying buffer instead of its own bytes": {
    pr: 'probePositions hashes `new Uint8Array(key.buffer)`, so the hash always gets a plain array that starts at offset 0.',
    why: 'Normalising the input feels defensive. For a key that is a subarray, the buffer holds other bytes too, so the hash is of something else and the key is not found.',
    see: 'README.md: **Hash the view, not its buffer.**',
  },
  'sets 1 << position instead of 1 << (position & 7): a false negative for most keys': {
    pr: 'In add I shift by the position directly: JavaScript masks shift counts to 5 bits anyway, so the explicit `& 7` was noise.',
    why: 'Shift counts are masked, but to 5 bits (0 to 31), not 3. The bit lands outside the byte for most positions, and mayContain then says "no" to a key that was added.',
    see: 'README.md: bit p of the filter is bit (p mod 8) of byte floor(p / 8)',
  },
  'bit p stored most significant first in its byte (not the format)': {
    pr: 'I store bit p with `0x80 >>> (p & 7)`, the most significant bit first, so the bits read left to right in a hex dump.',
    why: 'Both bit orders work inside one program, as long as add and mayContain agree. The stored filter is a file format, and another implementation reading it expects the least significant bit first.',
    see: 'README.md: least significant bit first',
  },
  'mayContain says yes when any one probe bit is set instead of all of them': {
    pr: 'mayContain now returns as soon as it finds a set bit, which ends the probe loop earlier for most keys.',
    why: 'Returning early is a good instinct, but on the wrong condition here. A key is a "maybe" only if all of its bits are set; one set bit is what any key finds, so nearly everything is a "maybe".',
    see: 'README.md: a **maybe**',
  },
  'encode drops the probe count': {
    pr: 'The probe count follows from bits per key, which the policy already knows, so encode leaves out the trailing byte.',
    why: 'The count can be recomputed if you know the bits per key, so storing it looks redundant. The reader does not know them: it takes the count from the last byte, which is now a byte of bits.',
    see: 'README.md: | m/8 | probes |',
  },
  'decode ignores the stored probe count and assumes 7': {
    pr: 'Every filter we write uses the default 10 bits per key, so decode uses the matching 7 probes rather than trusting a byte from disk.',
    why: 'Seven is right for the default and every default test. A filter written with other settings is then read with the wrong number of probes, and it gives false negatives.',
    see: 'README.md: | m/8 | probes | k, the number of probes per key, 1 to 30 |',
  },
  'decode counts the probe-count byte as bits (a false negative)': {
    pr: 'decode keeps the whole stored array as the bit array (no subarray); the probe count is still read from the last byte as before.',
    why: 'The array is the filter, so using all of it looks natural. The bit count then includes the probe byte, positions are taken modulo the wrong m, and keys that were added are not found.',
    see: 'README.md: (m is the filter',
  },
  'decode accepts a probe count of 0': {
    pr: 'decode checks only the upper bound of the probe count; a count of zero cannot do any harm, since it simply probes nothing.',
    why: 'Probing nothing looks harmless, but it means every key is a "maybe": a damaged filter is then used silently instead of being refused.',
    see: 'README.md: or a probe count outside 1..30',
  },
  'decode does not check the length': {
    pr: 'The table block that holds the filter has its own checksum, so decode only makes sure there is a probe byte before using the array.',
    why: 'The block checksum is real, and the README calls this a second line of defence. But a filter shorter than 64 bits is not one we ever write, and decoding it gives a bit count nothing else expects.',
    see: 'README.md: so in practice this is a second line of defence',
  },
  'decode takes the bits from the start of the buffer, not of the view it was given': {
    pr: 'decode builds the bit array with `new Uint8Array(bytes.buffer, 0, bytes.length - 1)`, a view without a copy, which is lighter than a subarray chain.',
    why: 'The three-argument constructor is the usual way to make a view, and with offset 0 it works for every array that owns its buffer. A filter handed over as a view into a block starts elsewhere, so the bits read are other bytes.',
    see: 'README.md: **Hash the view, not its buffer.**',
  },
  'decode refuses a probe count of exactly MAX_PROBES': {
    pr: 'I wrote the probe-count check as `probes >= MAX_PROBES`, treating the maximum as the first value out of range, the way array bounds work.',
    why: 'Exclusive upper bounds are the habit from arrays. MAX_PROBES is a count that filters really use (44 or more bits per key gives 30 probes), and such a table could then never be read with its filter.',
    see: 'README.md: k, the number of probes per key, 1 to 30',
  },
  'the policy takes bitsPerKey as given (a bad one fails at the first table, not when the policy is made)': {
    pr: 'BloomFilter.build checks bitsPerKey anyway, so I removed the duplicate check from the policy constructor.',
    why: 'Checking twice looks redundant, and a bad value is still refused eventually. But then it is refused in the middle of the first flush, far from the line that made the policy.',
    see: 'README.md: const policy = new BloomFilterPolicy({ bitsPerKey: 10 });',
  },
};
