import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'uses the CRC-32 (IEEE, zlib) polynomial 0xEDB88320 instead of Castagnoli': {
    pr: 'I switched the polynomial constant to the one zlib and PNG use, so our checksums match what every standard tool prints. Debugging a frame with a stock crc32 command is much easier now.',
    why: 'Both constants are famous 32-bit CRCs, and both are written reflected. It is easy to reach for the one you have seen most, and every round trip still passes: only a known check value tells them apart.',
    see: 'README.md: the code is the bit-reversed polynomial: **0x82F63B78** for CRC32C (0xEDB88320 for CRC-32).',
  },
  'uses the unreflected Castagnoli polynomial 0x1EDC6F41 in a reflected CRC': {
    pr: 'I replaced the magic constant with the Castagnoli polynomial exactly as the papers and Wikipedia list it, 0x1EDC6F41, so a reader can check it against the source at a glance.',
    why: 'The published polynomial is the right one for a most-significant-bit-first CRC. Our loop works least significant bit first, so it needs the bit-reversed constant, a detail the published number does not mention.',
    see: 'README.md: instruction for it. Both are computed *reflected*, least significant bit first, so the constant in',
  },
  'returns a signed checksum (crc | 0 instead of crc >>> 0)': {
    pr: 'I changed the final conversion to `| 0`, the usual idiom for "make this a 32-bit integer" in JavaScript. It is what the engines optimise best.',
    why: '`| 0` and `>>> 0` both truncate to 32 bits and agree on every value below 2^31, so half of all checksums come out right. The other half are negative numbers that no stored unsigned field ever equals.',
    see: 'README.md: `x | 0` does not. The check value below is over 2^31, so a signed result is a negative number',
  },
  'forgets the final inversion': {
    pr: 'The register already holds the remainder at the end of the loop, so I return it as it is. One operation less per checksum, and the code reads more directly.',
    why: 'The inversion at the end looks like decoration, and frames still round-trip without it since writer and reader agree. But the values no longer match CRC32C as the rest of the world computes it, and continuing a checksum breaks.',
    see: 'README.md: Starting from all ones (and inverting at the end) makes leading zero bytes count, and makes the',
  },
  'shifts the register with the sign-extending >> instead of >>>': {
    pr: 'I used the plain right shift in the inner loop of crc32c; the table lookup masks with 0xff anyway, so the two shifts give the same byte.',
    why: 'The mask does protect the index, which makes the shift look harmless. But the shifted register itself is kept, and >> drags the sign bit into its top bits whenever they are set.',
    see: 'README.md: - `>>>` is the unsigned shift; `>>` copies the sign bit into the register and ruins it.',
  },
  'builds the table with 7 shifts instead of 8': {
    pr: 'I tidied up makeTable so the bit loop is bounded the way I find clearer, and removed a comment that repeated the code.',
    why: 'An off-by-one in a loop bound over bits is hard to see, and the table is still 256 plausible numbers. Every checksum changes, but writer and reader agree, so only known check values catch it.',
    see: 'README.md: 1. `makeTable`: for each `n` in 0..255, eight shifts of `n`, XOR-ing `CRC32C_POLYNOMIAL` in after',
  },
  'ignores the previous checksum (a running checksum starts over)': {
    pr: 'crc32c now always starts from a fresh register. The optional previous argument made the function harder to reason about, and a checksum that depends only on its bytes is simpler.',
    why: 'Most calls pass no previous checksum, so starting fresh gives the right answer almost everywhere. The frame checksum is the one call that continues over the length field, and it silently stops covering it.',
    see: 'README.md: CRC32C of `00 00 00 00` nonzero. The `previous` argument continues a checksum: `crc32c(body,',
  },
  'continues from the previous checksum without inverting it back': {
    pr: 'To continue a checksum, crc32c now picks up the register straight from the previous value, and uses the all-ones start only when there is none. No double inversion any more.',
    why: 'Feeding the previous result straight into the register looks like the natural way to continue. But that result was inverted on its way out, so it must be inverted back, or the continued checksum differs from the one over the joined bytes.',
    see: 'README.md: crc = NOT previous                      (all ones for a fresh checksum)',
  },
  'slicing-by-8 leaves the register out of the eight-byte step': {
    pr: 'The eight-byte step now looks up the bytes as they are: the slices already carry the effect of the bytes before them, so XOR-ing the register in first looked redundant to me.',
    why: 'The slices account for the bytes that follow, not for the register that came before. Without folding the register in, each step forgets everything before it, and the byte loop alone cannot tell you, since short inputs never reach this step.',
    see: 'README.md: Fold the register into the first four bytes',
  },
  'slicing-by-8 looks the first byte up in the slice for no bytes after it': {
    pr: 'I made the first lookup of the eight-byte step use the base table, like the byte loop does, so the fast path starts the same way as the slow one.',
    why: 'In the byte loop every byte is the last one so far, so the base table is right there. In an eight-byte step the first byte has seven more after it, and each byte needs the slice that accounts for the bytes following it.',
    see: 'README.md: look each of the eight bytes up in the slice for the number of bytes after it',
  },
  'slicing-by-8 reads the first four bytes big-endian': {
    pr: 'I read the four bytes of the eight-byte step the way we read every other 32-bit number in our formats, most significant byte first, to keep one convention across the code base.',
    why: 'The register of a reflected CRC meets the bytes least significant first: the byte loop XORs each byte into the low end. Folding the register into four bytes only works if they are packed the same way, little-endian.',
    see: 'README.md: (little-endian), look each of the eight bytes up in the slice for the number of bytes after it,',
  },
  'the slices are built with the sign-extending >> instead of >>>': {
    pr: 'makeSlices uses the plain right shift: every slice entry is masked with 0xff before it is used as an index, so the shift cannot matter.',
    why: 'The mask protects the index but not the value stored in the slice, which carries the shifted register. With >> every entry whose top bit was set gets the sign bit smeared into it, and the eight-byte step reads those entries.',
    see: 'README.md: - `>>>` is the unsigned shift; `>>` copies the sign bit into the register and ruins it.',
  },
  'encodes a delete as a put of an empty value': {
    pr: 'encodeEntry now gives every entry a value, using an empty array for deletes, so puts and deletes go through one code path and the body layout is the same for both.',
    why: 'One code path is appealing, and an empty value looks like "no value". But a delete then carries a value length field, and the decoder has to trust the kind byte alone to tell it from a put of nothing.',
    see: 'README.md: ### Why a delete has no value field',
  },
  "writes the sequence's high half with >>> 32 (a shift by 0 in JavaScript)": {
    pr: 'I replaced the division by 2 ** 32 with an unsigned shift, which is the usual way to get the high word of a number and avoids a floating-point division on every encode.',
    why: 'In C or Rust a shift by 32 of a 64-bit value is exactly the high word. JavaScript shifts 32-bit numbers and takes the count modulo 32, so the shift does nothing and the low half is written twice.',
    see: 'README.md: and reads `high * 2 ** 32 + low`. A trap to know about: `sequence >>> 32` is **not** the high',
  },
  'writes only the low 32 bits of the sequence': {
    pr: 'Sequence numbers will not pass four billion for a very long time, so I write zero in the high half for now. The field stays in the layout for later.',
    why: 'Four billion writes feels far away, and every test with small numbers passes. But the format promises every sequence up to 2^53 - 1, and a log that silently wraps loses the order of its writes.',
    see: 'README.md: view.setUint32(at + 4, Math.floor(sequence / 2 ** 32), true); // high half',
  },
  "never reads the sequence's high half back": {
    pr: 'decodeEntry now reads the sequence from its first four bytes only. The high half is zero for every log we will see in practice, so reading it was wasted work.',
    why: 'Writing both halves and reading one is easy when the test data never reaches 2^32. The writer is right, so the bytes look correct in a hex dump; only a large sequence shows the loss.',
    see: 'README.md: and reads `high * 2 ** 32 + low`. A trap to know about: `sequence >>> 32` is **not** the high',
  },
  'writes the key length big-endian': {
    pr: 'I dropped the explicit endianness flag from the key length write in encodeEntry; DataView has a sensible default and the line is shorter.',
    why: 'DataView defaults to big-endian, which surprises nearly everyone. A key length of 0 reads the same either way, and the encoder and decoder disagree only on other lengths.',
    see: 'README.md: Every number is **little-endian** and **unsigned**. A frame is an 8-byte header and a body:',
  },
  'does not check the kind byte (anything that is not a delete is a put)': {
    pr: 'entryLengthFromPrefix no longer rejects kinds it does not know: anything that is not a delete is read as a put. That keeps the reader tolerant of future kinds.',
    why: 'Being liberal in what you accept sounds robust. But in a log a kind byte of 7 is damage, not a future feature, and reading it as a put turns corruption into a made-up write.',
    see: 'README.md: | 0 | 1 | `kind` | 1 = put, 2 = delete; anything else is corrupt |',
  },
  "forgets the value length field when computing a put's length": {
    pr: 'I simplified the arithmetic in entryLengthFromPrefix for puts: the body ends where the value length says, counted from where that field sits.',
    why: 'Adding up fields is where off-by-a-field errors live: the value starts after its 4-byte length field, not at it. The mistake makes every put 4 bytes shorter than its frame.',
    see: 'README.md: - `entryLengthFromPrefix` returns `undefined` until the length fields are all there, and the body',
  },
  'accepts bytes left over after the last field of a body': {
    pr: 'decodeEntry now only requires the body to be long enough for its fields; extra bytes at the end are ignored, which keeps it forward compatible if we ever add a trailing field.',
    why: 'Ignoring trailing bytes looks like harmless tolerance. But the frame length and the fields must agree exactly, or a damaged length field goes unnoticed and a frame decodes to the wrong entry.',
    see: "README.md:   `offset` (where the frame starts) and `check`, the check that failed: `'length'`, `'checksum'`,",
  },
  "builds a decoded delete without lesson 01's validation": {
    pr: 'Deletes now decode straight into a frozen object with a copied key; the checksum already vouches for the bytes, so running them through deleteEntry again seemed redundant.',
    why: 'A valid checksum only says the bytes are the ones written, not that they were valid when written. Bypassing the constructor also bypasses the limits, so a delete with a key past MAX_KEY_BYTES slips through.',
    see: "README.md:   the entry with lesson 01's `putEntry` or `deleteEntry`, which validate and copy, and turn their",
  },
  "lets lesson 01's EntryValidationError escape instead of reporting a corrupt frame": {
    pr: "I removed the catch that rewrapped lesson 01's error in decodeEntry. The original error is more specific, so callers get a better message.",
    why: "Letting the more specific error through looks kinder. But the caller of a decoder expects the decoder's own typed errors; an unexpected type escapes recovery's handling and crashes it.",
    see: "README.md: Anything else escaping from the decoder (a `RangeError` from a `DataView`, lesson 01's",
  },
  "returns the decoded value as a view into the caller's bytes (no copy, no validation)": {
    pr: 'Values can be large, so decodeEntry now returns a subarray of the body instead of copying the value out. Zero-copy decoding, and the key is still copied.',
    why: 'Zero-copy is a real technique and a subarray has exactly the right bytes. But the log is read through a reused buffer, so the next chunk overwrites every value that was decoded from the last one.',
    see: 'README.md: The decoded entry must not share memory with `bytes`: lesson 03 reads the log in chunks and may',
  },
  'makes a DataView over bytes.buffer, ignoring byteOffset': {
    pr: "viewOf now builds the DataView over the array's buffer with the defaults, which is the common idiom and saves passing two arguments around.",
    why: 'For an array you allocated yourself the buffer starts where the array does, so it works every time in a simple test. A frame inside a bigger buffer, or a subarray, is read from the wrong place.',
    see: 'README.md: `DataView` over exactly the bytes of a `Uint8Array`, respecting its `byteOffset` (a',
  },
  'writes a length field that counts the header': {
    pr: 'The length field now holds the size of the whole frame. A reader can then skip a frame with one addition, without knowing the header size.',
    why: "Plenty of formats do store the total size, so it is a reasonable design. But this one defines the length as the body's, and a writer and reader that disagree by 8 bytes make every frame look wrong.",
    see: 'README.md: | 0 | 4 | `length` | body length in bytes (the header is *not* counted); must be in 13..110,017 |',
  },
  'computes the checksum over the body only, not the length field': {
    pr: 'frameChecksum now covers just the body. The length field is already bounded and compared with the body, so covering it again in the CRC seemed redundant.',
    why: 'The argument that the length is checked elsewhere is half right. But with the body alone covered, an all-zero header is a valid empty frame, since the CRC of no bytes is 0.',
    see: 'README.md: **Does the checksum cover the length?** Yes: it covers every byte of the frame but itself. In',
  },
  'does not check the checksum': {
    pr: 'decodeFrame still computes the checksum, but I stopped refusing frames over it for now: the length bound and the body checks already catch the damage I have seen.',
    why: 'The structural checks catch a lot, so skipping the comparison looks safe in casual testing. But a flipped bit in a key or value leaves the structure intact, and only the checksum sees it.',
    see: "README.md: - Every single-bit flip of a frame is corrupt: never truncated, never another entry; the error's",
  },
  'reports a checksum mismatch as truncated': {
    pr: 'A checksum mismatch at the end of the bytes nearly always means the write was cut off, so decodeFrame now reports it as a truncated frame. Recovery handles that case already.',
    why: 'Torn writes do often show up as bad checksums, so the shortcut sounds practical. But a truncated frame is cut off and forgiven, and a corrupt frame in the middle of the log must not be.',
    see: 'README.md: ### Truncated or corrupt? The honest version',
  },
  'checks the checksum of the length field at byte 0 instead of at offset': {
    pr: 'I simplified the checksum call in decodeFrame: the length field is the first four bytes we read, so I take it from the start of the array.',
    why: "For the first frame of a log the offset is 0, so every single-frame test passes. From the second frame on, the checksum is computed over another frame's length field and fails.",
    see: 'README.md: - Frames written one after another decode in order from any offset, inside a larger buffer with',
  },
  'reads the length field at byte 0 instead of at offset': {
    pr: 'The length is the first field of a frame, so decodeFrame reads it from the start of the view. One less argument to thread through.',
    why: "At offset 0 the two are the same, and most tests start there. Every later frame reads the first frame's length instead of its own.",
    see: 'README.md: - Frames written one after another decode in order from any offset, inside a larger buffer with',
  },
  'decodes from byte 0 whatever the offset': {
    pr: 'decodeFrame now normalises its starting point at the top, so the rest of the function works from a known position and is easier to follow.',
    why: 'Normalising inputs is usually good, and it looks harmless while every test decodes the first frame. But the offset is the whole point of the function: the log is read frame after frame.',
    see: 'README.md: Decoding starts at an offset, reads one frame, and returns the entry and `nextOffset`, where the',
  },
  'returns nextOffset without the header (offset + length)': {
    pr: 'nextOffset is now computed from the length field directly, which is what the field is for, instead of a separately computed frame size.',
    why: 'The length field is right there and "offset plus length" sounds like the next frame. But the length counts the body only, so the next read starts 8 bytes early, inside this frame.',
    see: 'README.md:   G -->|good| OK["entry, nextOffset = offset + 8 + length"]',
  },
  'trusts the length before bounding it (waits for 4 GB instead of reporting corruption)': {
    pr: 'decodeFrame now checks the length bound only once the whole frame is there. Until then we cannot know anything for sure, so it says truncated and waits for more bytes.',
    why: 'Waiting for the bytes before judging them sounds careful. But a flipped high bit makes the length enormous, and a reader that waits for it calls a corrupt frame a torn write, and may try to allocate gigabytes.',
    see: 'README.md: ### Bound the length before you trust it',
  },
  'bounds the length without counting the header (8 bytes too loose)': {
    pr: 'I compare the length field with MAX_FRAME_BYTES directly. Both talk about frame sizes, so there is no need for the extra addition.',
    why: "The names invite the comparison: MAX_FRAME_BYTES sounds like the thing to compare the length with. But the length is the body's, so the header has to be added before the bound means anything.",
    see: 'README.md: | `MAX_FRAME_BYTES` | 110,025 | header + the largest body; a length field past it is corrupt |',
  },
  'bounds the length one byte too tight (>= instead of >)': {
    pr: 'I rewrote the upper bound in decodeFrame so it reads as "reaches the maximum", to match how we phrase the other limits.',
    why: 'Inclusive or exclusive is the classic slip, and only the largest legal entry sits exactly on the bound. That entry is written fine and then refused on the way back.',
    see: 'README.md: - The largest legal entry makes a frame of exactly `MAX_FRAME_BYTES`, and it decodes.',
  },
  'has no lower bound on the length': {
    pr: 'I dropped the minimum length check in decodeFrame: a body that is too short fails to decode anyway, so the check was doing the same work twice.',
    why: 'It is true that a short body fails later. But it fails with the wrong reason, or as a truncated frame when the bytes run out, so a damaged length is no longer reported as a bad length.',
    see: 'README.md: | 0 | 4 | `length` | body length in bytes (the header is *not* counted); must be in 13..110,017 |',
  },
  'reports a frame cut short as corrupt': {
    pr: 'A frame that runs past the end of the bytes is broken whichever way you look at it, so decodeFrame now reports it as corrupt with a clear detail. One kind of error is easier for callers.',
    why: "From the decoder's point of view the frame is indeed incomplete. But recovery forgives a torn tail and stops on corruption, so calling every torn write corrupt makes a crash unrecoverable.",
    see: 'README.md: - **`TruncatedFrameError`**: the bytes end inside the frame, and what is there agrees with itself.',
  },
  'reports a header cut short as corrupt': {
    pr: 'Fewer bytes than a header is not a frame at all, so decodeFrame now reports it as corrupt right away rather than pretending more might come.',
    why: 'A few stray bytes look like garbage. But the machine may have died after writing three bytes of a header, and that is the most ordinary torn write there is.',
    see: 'README.md:   A["fewer than 8 bytes from offset?"] -->|yes| T1["truncated<br/>(needed: 8)"]',
  },
  'reads the header without checking it is all there': {
    pr: 'I removed the early header-length check from decodeFrame; the later checks cover short input too, so it was redundant.',
    why: 'Later checks do catch most short input, but not before a DataView reads past the end. The result is a RangeError escaping the decoder instead of a typed truncated frame.',
    see: 'README.md:   A["fewer than 8 bytes from offset?"] -->|yes| T1["truncated<br/>(needed: 8)"]',
  },
  'reports a truncated frame as needing its length, forgetting the header': {
    pr: 'The truncated error now reports the length field as the bytes needed, which is the number the frame itself declares. Easier to read in a hex dump.',
    why: "The declared length is the obvious number to report. But needed counts from the frame's start, header included, and a reader that trusts it asks for 8 bytes too few.",
    see: 'README.md:   It carries `offset` (where the frame starts), `needed` (how many bytes from `offset` it needs:',
  },
  'reports a wrong length field as a torn tail (never compares it with the body)': {
    pr: "I removed the comparison between the length field and the body's own fields. The checksum and the bound already guard the length, and the comparison made decodeFrame hard to follow.",
    why: 'The comparison looks redundant next to a checksum. But when the length is damaged the frame appears to run past the end, the checksum is never reached, and the damage is read as a torn write.',
    see: 'README.md: length add up to its size. A torn write is a prefix of a good frame, so whatever part of the body',
  },
  'reports corruption at the body instead of at the start of the frame': {
    pr: 'A checksum mismatch is about the body, so the error now points at where the body starts. That is where a person should look in a hex dump.',
    why: "Pointing at the bytes that are wrong sounds helpful. But recovery cuts the log at the offset an error names, and every error of this decoder promises the frame's start.",
    see: 'README.md:   frame *starts*. A `RangeError` if `offset` is not a whole number in `0..bytes.length` (an',
  },
  'accepts an offset past the end of the bytes': {
    pr: 'I simplified the argument check of decodeFrame to the case that can actually go wrong, a negative offset; an offset past the end just means there is nothing to read.',
    why: 'Treating "past the end" as "nothing there" sounds reasonable. But an offset beyond the bytes is a bug in the caller, and the lesson asks for a RangeError rather than a quiet truncated frame.',
    see: 'README.md: - An offset outside the bytes is a `RangeError`.',
  },
  'reads the low half of the sequence as a signed number (getInt32)': {
    pr: 'I used getInt32 for the low half of the sequence in decodeEntry. It is the more common accessor, and the high half still carries the big numbers.',
    why: 'Signed and unsigned 32-bit reads agree below 2^31, which covers every small test. Past it the low half comes back negative and the sequence is off by 2^32.',
    see: 'README.md: Every number is **little-endian** and **unsigned**. A frame is an 8-byte header and a body:',
  },
  'a torn tail is told from a wrong length only when the body says it is longer': {
    pr: 'The length check against the body now only fires when the body claims more bytes than the length field. A shorter claim is what a cut-off write looks like, so I let that through as truncated.',
    why: 'Half of the comparison looks like enough, since torn writes come in one direction. But a damaged length can be too large as well as too small, and either disagreement is corruption.',
    see: 'README.md: - A length field changed to any other legal length is corrupt, never truncated.',
  },
  "encodeFrame caches each (frozen) entry's frame and returns the same array again": {
    pr: 'Entries are frozen, so encoding one twice gives the same bytes. encodeFrame now remembers the frame per entry in a WeakMap and returns it again: no re-encoding when a batch is retried.',
    why: 'The entry is frozen, but the returned array is not. The writer may change the bytes it got (padding, a reused buffer), and the next caller then gets a different frame for the same entry.',
    see: 'README.md: - Changing the bytes `encodeFrame` or `encodeEntry` returned never changes a later encoding of',
  },
  "encodeEntry caches each (frozen) entry's body and returns the same array again": {
    pr: "encodeEntry now keeps each entry's body in a WeakMap and hands it back on the next call, since a frozen entry always encodes the same. Cheaper retries.",
    why: "Memoising a pure function of an immutable input looks textbook. But the output is a mutable array shared with every caller, so one caller's change shows up in everyone else's encoding.",
    see: 'README.md: - Changing the bytes `encodeFrame` or `encodeEntry` returned never changes a later encoding of',
  },
  'encodedEntryLength counts a value length field for a delete too': {
    pr: 'encodedEntryLength no longer branches on the kind: every body has room for a value length, and a delete just writes a zero there. One formula is easier to check than two.',
    why: 'The formula looks like a harmless simplification, and writeEntry never notices the four spare bytes. But the body is now longer than its fields, so the decoder rejects every delete as bytes left over.',
    see: 'README.md: 3. `encodedEntryLength`: how many bytes the body takes. Deletes have no value length and no value.',
  },
  'writeEntry copies the key to KEY_AT of the array, not KEY_AT after `at`': {
    pr: 'In writeEntry the key goes to KEY_AT, where the layout table puts it. I kept the DataView writes relative to `at` as they were.',
    why: 'With `at` = 0, which is every body encodeEntry makes, KEY_AT and at + KEY_AT are the same place, so the body tests pass. In a frame the key lands eight bytes early, over the kind and sequence.',
    see: 'README.md:    `out`. Count every position from `at`, and make the `DataView` with `viewOf(out)`: `out` may',
  },
  'writeEntry places the value length as if the body started at 0': {
    pr: 'I computed the value length position straight from the layout: KEY_AT plus the key length. It matches the table in the README exactly.',
    why: 'The table gives positions inside a body, and a body at 0 hides the missing `at`. In a frame the value length and the value are written eight bytes early, over the key.',
    see: 'README.md:    `out`. Count every position from `at`, and make the `DataView` with `viewOf(out)`: `out` may',
  },
  "writeEntry makes its DataView over out.buffer, ignoring out's byteOffset": {
    pr: 'writeEntry builds its DataView from out.buffer directly instead of going through a helper; one import fewer in entry-codec.ts.',
    why: 'A fresh array starts at byte 0 of its buffer, so encodeEntry stays right. A frame cut from a slab does not, and its kind, sequence and lengths are written into another frame.',
    see: 'README.md:    `out`. Count every position from `at`, and make the `DataView` with `viewOf(out)`: `out` may',
  },
  'encodeFrame writes the body at 0, under the header': {
    pr: 'encodeFrame writes the body first, at the start of the frame, then the header; the order no longer matters since it is one array.',
    why: 'The header then overwrites the body it was meant to sit in front of, and the frame ends in eight zero bytes. Writer and reader of the length agree, but no frame decodes to its entry.',
    see: 'README.md:    `frames.allocate(n)`: the body is written straight into the frame with `writeEntry`, after the',
  },
  'encodeFrame checksums from the checksum field on, not from the body': {
    pr: 'Since the body is now inside the frame, encodeFrame checksums the rest of the frame after the length field in one view, instead of slicing out the body.',
    why: 'The rest of the frame after the length field starts with the checksum field itself, still zero when it is summed. The reader sums the body only, so every frame fails its checksum.',
    see: 'README.md: 6. `frameChecksum`: the CRC32C of the length field, continued over the body. One line.',
  },
  'encodeFrame writes every frame into one scratch array it reuses': {
    pr: 'Allocating per frame was the cost, so encodeFrame now writes into one scratch array of MAX_FRAME_BYTES and returns a view of it. No allocation at all per write.',
    why: 'Each frame is right when it is returned, so a test that encodes and decodes one at a time passes. The next encodeFrame writes over it, and a writer holding several frames before it appends them writes the last one several times.',
    see: 'README.md:   unrelated bytes before and after them. They are all made before any is read, so a frame that',
  },
};
