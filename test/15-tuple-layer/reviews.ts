import type { Reviews } from '../review.ts';

const NEG_LENGTH = 'README.md: byte is flipped too (`9` becomes `f6`)';
const NESTED_NULL = 'README.md: so a null inside one is written `00 ff`';
const COPIES = 'README.md: Byte strings, UUIDs and versionstamps in the result are copies.';
const TRUNCATED = "README.md: Missing bytes: `TupleDecodeError` `'truncated'`";
const RANK = 'README.md: all integers one rank, both booleans one rank';

export const reviews: Reviews = {
  'flips only the sign bit of a negative float (so -2 sorts after -1)': {
    pr: 'orderFloatBytes now flips just the sign bit for every number, negative or not: that alone moves negatives below positives, and the branch for negatives looked like a leftover.',
    why: 'Flipping the sign bit does fix the order between the signs, and every test with one negative passes. Among negatives the order stays backwards unless every bit is flipped.',
    see: 'README.md: | every bit | bigger magnitudes now sort first |',
  },
  'decodes floats with the encoding rule (looks at the sign bit the wrong way round)': {
    pr: 'decodeFloat calls orderFloatBytes with the same flag as the encoder; the flip is its own inverse, so one rule for both directions keeps the code symmetric.',
    why: 'Flips are their own inverse, which makes it feel symmetric. But which flip to undo depends on the first bit as written, which the encoding changed.',
    see: 'README.md: To decode, look at the first bit *as written*',
  },
  'writes a Float32 as 8 bytes like a double': {
    pr: "Float32 values are now written with the double's 8 bytes, so no precision is lost on the way through pack.",
    why: 'More precision sounds strictly better. But the type code says 4 bytes follow, and every binding reading this key takes the next element from the wrong place.',
    see: 'README.md: 4 bytes: IEEE 754 big-endian, adjusted (below)',
  },
  'reads a float through a DataView over the whole buffer, ignoring byteOffset': {
    pr: 'decodeFloat copies its bytes from the underlying buffer with new Uint8Array(bytes.buffer), which avoids a view-of-a-view and reads a little faster.',
    why: 'For a key that owns its buffer the two are the same, so most tests pass. A key that is a view into a bigger buffer starts at byteOffset, not at 0.',
    see: 'README.md: - A key that is a view into a bigger buffer unpacks correctly; `unpack(key, start)` reads only',
  },
  'does not escape a 00 inside a byte string': {
    pr: 'encodeEscaped copies the bytes as they are; byte strings are binary data and I did not want pack to change them.',
    why: 'Not touching binary data sounds respectful. But a 00 ends the string, so an unescaped one cuts it short on the way back.',
    see: 'README.md: A `00` inside one is written `00 ff`.',
  },
  'writes a null inside a nested tuple as a bare 00': {
    pr: 'A null is one 00 byte wherever it appears, so encodeElement no longer needs the nested flag for it.',
    why: "One encoding per type looks cleaner. Inside a nested tuple a bare 00 is the tuple's own terminator, so the null ends the tuple.",
    see: NESTED_NULL,
  },
  'writes every null as 00 ff, at the top level too': {
    pr: 'Nulls are written 00 ff everywhere, not just inside nested tuples: one rule is simpler, and the escape is harmless at the top level.',
    why: "The escape looks harmless, and the result even unpacks. But the bytes are no longer FoundationDB's, so keys written by other bindings do not match.",
    see: 'README.md: nothing at the top level; inside a nested tuple the null is `00 ff`',
  },
  'accepts -0 as the integer 0': {
    pr: 'encodeElement accepts -0 as an integer; it is a safe integer, it equals 0, and refusing it surprised a caller.',
    why: '-0 === 0 is true in JavaScript, so it looks like zero. But -0 is a float value with its own key, and as an integer it silently loses its sign.',
    see: 'README.md: integer: only a safe integer, and not `-0`',
  },
  'lets TextEncoder replace a lone surrogate with U+FFFD': {
    pr: 'I removed the lone-surrogate check: TextEncoder already handles any string, and pack should not reject text a user typed.',
    why: 'TextEncoder never throws, which makes the check look unnecessary. It replaces the surrogate silently, so two different strings pack to one key.',
    see: 'README.md: a lone surrogate has no UTF-8',
  },
  'swaps the codes of true and false': {
    pr: 'Booleans are written with true first, matching how our older records listed flags.',
    why: 'Either assignment round-trips, so the change looks cosmetic. But false must sort before true, and other bindings read 26 as false.',
    see: 'README.md: | `26` | false | nothing | `26` |',
  },
  'allows one level of nesting more than MAX_NESTING_DEPTH in pack': {
    pr: 'pack compares the depth with > MAX_NESTING_DEPTH + 1, because the path includes the top-level tuple and I did not want to count it.',
    why: 'Whether the top level counts is easy to argue either way. Then pack writes keys that unpack refuses as too deep.',
    see: 'README.md: nesting deeper than `MAX_NESTING_DEPTH`',
  },
  "stores negative integers in two's complement instead of one's complement": {
    pr: "Negative integers are now stored in two's complement, the form every CPU and DataView uses, so the bytes look familiar in a hex dump.",
    why: "Two's complement is what everyone learns. FoundationDB uses one's complement, and the two differ by one.",
    see: "README.md: Two's complement (the CPU's usual form) would make `-1` into `13 ff`",
  },
  "reads negative integers back as if they were two's complement": {
    pr: 'decodeInteger subtracts 2^(8n) for negatives, the usual way to read a signed number.',
    why: "The usual way is two's complement. Here the magnitude is stored as 2^(8n) - 1 - |value|, so every negative comes back one too small.",
    see: 'README.md: or equally `2^(8n) - 1 - |value|`',
  },
  'gives a negative integer the positive code (0x14 + n)': {
    pr: "The code of an integer is 0x14 + its byte count for every sign; the sign is already in the one's complement bytes.",
    why: 'The bytes do differ by sign, which makes the code look redundant. But the code is what sorts negatives before positives and says how to read the bytes.',
    see: 'README.md: under code `14 - n`',
  },
  'counts bytes one too many when the magnitude is exactly 2^(8n) - 1 (255 takes 2 bytes)': {
    pr: 'byteLength counts the bytes needed for magnitude + 1, so the boundary values always have room.',
    why: 'Leaving room sounds safe. But 255 fits in one byte, and a wider encoding is a different key for the same number.',
    see: 'README.md: | 255 | 1 | `15 ff` |',
  },
  'counts bytes one too few at a power of 256 (256 fits in 1 byte)': {
    pr: 'byteLength starts from magnitude - 1 so that an exact power of 256 does not get a spare leading byte.',
    why: 'A power of 256 looks like it should fit exactly. But 256 needs a 01 in front of its 00, two bytes.',
    see: 'README.md: | 256 | 2 | `16 01 00` |',
  },
  "sends 2^64 - 1 to the bigint code, as Python's binding does": {
    pr: 'I made 2^64 - 1 use the bigint code, matching the Python binding, which is the one most of our tools use.',
    why: 'Python is the reference many people check against. But this course follows Java and Go, and the two spellings are different keys.',
    see: 'README.md: while the Java and Go bindings, and this course, write it as the 8-byte `1c ff ...`',
  },
  "does not flip the bits of a negative bigint's length byte": {
    pr: 'The length byte of a big negative integer is written as it is: a length is a count, not part of the number.',
    why: 'A length being "just a count" is reasonable. But it is compared first, and unflipped it sorts longer, more negative numbers last.',
    see: NEG_LENGTH,
  },
  "reads a negative bigint's length byte without flipping it": {
    pr: 'decodeInteger reads the big-integer length byte as a plain count for both signs, one fewer special case.',
    why: 'Both signs share a code path, so one rule looks natural. The negative length byte was flipped on the way in and must be flipped back.',
    see: NEG_LENGTH,
  },
  'writes a positive bigint without its length byte': {
    pr: 'A positive bigint is the 1d code followed by its bytes; the reader can count them, so the length byte was redundant.',
    why: 'Nothing follows in a one-element test, so it looks fine. In a tuple the reader cannot tell where the number ends.',
    see: 'README.md: a length byte, then the bytes, big-endian',
  },
  'returns every decoded integer as a number, losing precision past 2^53': {
    pr: 'decodeInteger now always returns a number; callers found the number-or-bigint result awkward to handle.',
    why: 'Most integers are small, so numbers look fine. Past 2^53 the value silently changes.',
    see: 'README.md: `unpack` returns an integer as a `number` when it is a safe integer',
  },
  "reads an integer's bytes without checking they are all there": {
    pr: 'I dropped the length check in decodeInteger: reading past the end of a Uint8Array gives undefined, which we would notice anyway.',
    why: 'Out-of-range reads do not throw in JavaScript, which makes the check look redundant. They give undefined, which turns into a wrong number, not an error.',
    see: TRUNCATED,
  },
  'keeps the ff of an escaped 00 when reading a byte string': {
    pr: 'decodeEscaped pushes the 00 when it sees 00 ff and moves on; the loop skips what it has handled.',
    why: 'The loop looks like it handles both bytes. Without advancing past the ff, the ff is read again as data.',
    see: 'README.md: followed by `ff` is a data byte',
  },
  'treats a byte string with no terminator as ending at the end of the key': {
    pr: 'A byte string that runs to the end of the key now just ends there: the caller clearly meant the rest of the key.',
    why: 'Being lenient with a missing terminator looks friendly. But a cut key then unpacks to a different, valid-looking tuple.',
    see: 'README.md: - Every strict prefix of a key is refused with `TupleDecodeError`, or is exactly the key of what it',
  },
  "returns a byte string without escapes as a view into the caller's bytes": {
    pr: 'When a byte string has no escapes, unpack returns a subarray of the input instead of a copy; most keys have no zeros in them, and this saves a copy per element.',
    why: 'A view is free and usually fine. The caller owns the input buffer, and reusing it changes the tuple unpack returned.',
    see: COPIES,
  },
  'reads a 00 ff inside a nested tuple as the end of the tuple': {
    pr: 'decodeNested ends the tuple at the first 00 it meets, like every other terminated element.',
    why: 'Every other element does end at 00, which makes it look consistent. Inside a nested tuple, 00 ff is a null.',
    see: 'README.md: nested tuple is `05 00`, the one holding a null is `05 00 ff 00`',
  },
  'decodes strings leniently (bad UTF-8 becomes U+FFFD)': {
    pr: 'The string decoder is no longer fatal: a key with a bad byte still unpacks and shows a replacement character.',
    why: 'Showing something beats throwing, in a UI. But two different keys then unpack to one string, and the damage is hidden.',
    see: 'README.md: a `TextDecoder` with `fatal: true` throws a `TypeError`',
  },
  'reads a UUID without checking its 16 bytes are there': {
    pr: 'fixed() checks that the type code is inside the key; slice simply returns fewer bytes when the key is short.',
    why: 'slice never throws, so a short read looks handled. A cut UUID comes back short instead of being refused.',
    see: 'README.md: 16 bytes in network order (RFC 4122)',
  },
  'has no nesting limit in unpack': {
    pr: 'unpack no longer checks the depth: pack already refuses deep tuples, so a deep key cannot exist.',
    why: 'Our own pack never writes one. But unpack reads keys from anywhere, and a crafted key overflows the stack.',
    see: 'dialogue.md: Because the decoder recurses, and a key of ten thousand `05` bytes would overflow',
  },
  'reports an unknown type code at the start of the key instead of where it stands': {
    pr: 'An unknown type code now reports offset 0, meaning "this key is bad"; the exact offset looked like noise to users.',
    why: 'The message still says what is wrong, so it seems fine. The offset is how someone finds the bad byte in a long key.',
    see: 'README.md: be read (its type code), counted in `bytes`',
  },
  'compares doubles with < and > (so -0 equals +0 and NaN equals everything)': {
    pr: 'compareTuples compares doubles as numbers with < and >; building their bytes just to compare them looked wasteful.',
    why: 'Numeric comparison is right for almost every value. For -0, +0 and NaN it disagrees with the bytes pack writes.',
    see: 'README.md: So `-0` and `+0` are different keys, and NaN has a place',
  },
  'compares strings with JavaScript < (UTF-16 units, not code points)': {
    pr: "Strings are compared with JavaScript's < now, which is fast and needs no encoding.",
    why: 'It is right for almost all text. Characters above U+FFFF sort differently in UTF-16 units than in UTF-8 bytes.',
    see: "README.md: strings by code point (U+FFFF before an emoji, unlike JavaScript's `<`)",
  },
  'ranks bigints as a type of their own, after numbers': {
    pr: 'typeRank gives bigints their own rank after numbers, since they are a different JavaScript type.',
    why: 'Different JavaScript types look like different tuple types. But 5n packs exactly like 5, so they must compare as one type.',
    see: RANK,
  },
  'sorts a longer tuple before a shorter one it starts with': {
    pr: 'When one tuple is a prefix of the other, compareTuples puts the longer one first, as it carries more information.',
    why: 'Either order is a choice until you look at the bytes. The shorter key is a prefix of the longer one, so it sorts first.',
    see: 'README.md: a tuple before every longer tuple that starts with it.',
  },
  'ranks booleans before floats': {
    pr: 'I ranked booleans just before floats in typeRank, next to the numbers, since true and false are often used as 1 and 0.',
    why: 'Booleans do feel number-like. The rank must follow the type codes, and 26 comes after the float codes.',
    see: 'README.md: - Types sort by type code',
  },
  'strinc does not strip trailing 0xff bytes (ff + 1 wraps to 00)': {
    pr: 'strinc now strips ff bytes only when the whole key is ff; otherwise it increments the last byte, which is the common case.',
    why: 'The common case does have no trailing ff. When there is one, incrementing it wraps to 00 and gives a key before the prefix.',
    see: 'README.md: incrementing the `ff` would wrap it to `00`',
  },
  "strinc increments the caller's key in place": {
    pr: 'strinc takes a subarray of the key instead of a slice, saving a copy on a path that builds every range.',
    why: "subarray and slice look interchangeable. The subarray shares memory, so the increment changes the caller's prefix.",
    see: "README.md: 10. `strinc`: FoundationDB's rule, into a new array.",
  },
  'strinc of an empty key returns an empty key instead of throwing': {
    pr: 'strinc of an empty key now returns an empty key instead of throwing; an empty prefix has no meaningful successor, and an exception felt heavy.',
    why: 'Returning something avoids a crash. But an empty end key makes an empty range, so a scan of "everything" returns nothing.',
    see: 'README.md: empty or all `ff` has no successor: `StrincError`.',
  },
  "a subspace's range begins at its own key (without the 00)": {
    pr: 'Subspace.range now begins at the packed prefix itself, so the range covers every key that starts with it.',
    why: 'A range from the prefix looks inclusive and complete. It also takes in the key of the tuple itself, which FoundationDB leaves out.',
    see: 'README.md: itself is not in the range, as in FoundationDB',
  },
  'Subspace.unpack does not check the key is in the subspace': {
    pr: 'Subspace.unpack skips the contains check: callers only pass keys from their own range reads.',
    why: 'Callers usually do. A key from elsewhere unpacks from the wrong offset into nonsense, with no error.',
    see: 'README.md: checks the prefix and unpacks the rest',
  },
  'Subspace.unpack unpacks a copy without the prefix, so error offsets are not offsets in the key': {
    pr: 'Subspace.unpack slices the prefix off and unpacks the rest, which is easier to read than passing a start offset.',
    why: "Both give the same tuple. But an error's offset then counts from the slice, not from the key the caller holds.",
    see: 'README.md: 11. `Subspace`: its own copy of the prefix; `unpack(key, prefix.length)` so that error offsets',
  },
  'a subspace hands out its own prefix array': {
    pr: 'The prefix getter returns the array itself; prefixes are small and read often.',
    why: 'Small and read-only in practice. A caller that writes into it changes every key the subspace packs.',
    see: 'README.md: 11. `Subspace`: its own copy of the prefix',
  },
  'contains() compares only as many bytes as the key has': {
    pr: 'contains() compares the overlapping bytes of key and prefix, which also works when the key is shorter.',
    why: 'Comparing the overlap looks robust. A key that is only part of the prefix is not in the subspace.',
    see: 'README.md: checks the prefix and unpacks the rest',
  },
  'returns Number.MAX_SAFE_INTEGER itself as a bigint (< instead of <= at the safe edge)': {
    pr: 'decodeInteger returns a number for values strictly inside the safe range and a bigint for the rest; the strict bound reads like the usual half-open range.',
    why: 'Every integer a test is likely to pick still comes back right. But 2^53 - 1 is a safe integer, so it must come back as a number, and pack then unpack changes its type.',
    see: 'README.md: `unpack` returns an integer as a `number` when it is a safe integer and as a `bigint` otherwise,',
  },
  'skips the ff after a top-level null too, as if 00 ff were a null everywhere': {
    pr: 'decodeElement now reads a null as 00, with an optional ff after it, so the top level and nested tuples share one rule for null.',
    why: 'One rule for both places looks tidier, and every packed key still unpacks. But at the top level a null is just 00: an ff after it is an unknown type code, and accepting it reads bytes no binding wrote.',
    see: 'README.md: nothing at the top level; inside a nested tuple the null is `00 ff`',
  },
  "reports bad UTF-8 at the string's first byte instead of at its type code": {
    pr: 'The invalid-utf8 error now points at the first byte of the string, since that is where the bad bytes are.',
    why: 'Pointing at the content feels more precise. But every other error points at the type code of the element it cannot read, and a caller relies on one rule for all of them.',
    see: 'README.md: `TupleDecodeError(offset, problem, detail)` with `offset` the start of the element that cannot',
  },
  'decodes strings with a TextDecoder that drops a leading U+FEFF (no ignoreBOM)': {
    pr: "The string decoder is now `new TextDecoder('utf-8', { fatal: true })`; the ignoreBOM option looked like noise, since keys never hold byte-order marks.",
    why: 'Without ignoreBOM, TextDecoder treats a leading EF BB BF as a byte-order mark and drops it, so a string that starts with U+FEFF comes back one character shorter.',
    see: 'README.md: - Every generated tuple comes back as itself: -0, NaN, the infinities, every integer at a width',
  },
};
