import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // crc32c.ts
  {
    name: 'uses the CRC-32 (IEEE, zlib) polynomial 0xEDB88320 instead of Castagnoli',
    file: 'crc32c.ts',
    find: 'export const CRC32C_POLYNOMIAL = 0x82f63b78;',
    replace: 'export const CRC32C_POLYNOMIAL = 0xedb88320;',
  },
  {
    name: 'uses the unreflected Castagnoli polynomial 0x1EDC6F41 in a reflected CRC',
    file: 'crc32c.ts',
    find: 'export const CRC32C_POLYNOMIAL = 0x82f63b78;',
    replace: 'export const CRC32C_POLYNOMIAL = 0x1edc6f41;',
  },
  {
    name: 'returns a signed checksum (crc | 0 instead of crc >>> 0)',
    file: 'crc32c.ts',
    find: 'return ~crc >>> 0;',
    replace: 'return ~crc | 0;',
  },
  {
    name: 'forgets the final inversion',
    file: 'crc32c.ts',
    find: 'return ~crc >>> 0;',
    replace: 'return crc >>> 0;',
  },
  {
    name: 'shifts the register with the sign-extending >> instead of >>>',
    file: 'crc32c.ts',
    find: 'crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);',
    replace: 'crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >> 8);',
  },
  {
    name: 'builds the table with 7 shifts instead of 8',
    file: 'crc32c.ts',
    find: 'for (let bit = 0; bit < 8; bit++) {',
    replace: 'for (let bit = 0; bit < 7; bit++) {',
  },
  {
    name: 'ignores the previous checksum (a running checksum starts over)',
    file: 'crc32c.ts',
    find: 'let crc = ~previous;',
    replace: 'let crc = ~0;',
  },
  {
    name: 'continues from the previous checksum without inverting it back',
    file: 'crc32c.ts',
    find: 'let crc = ~previous;',
    replace: 'let crc = previous === 0 ? ~0 : previous;',
  },
  {
    name: 'slicing-by-8 leaves the register out of the eight-byte step',
    file: 'crc32c.ts',
    find: 'const low = crc ^ (',
    replace: 'const low = 0 ^ (',
  },
  {
    name: 'slicing-by-8 looks the first byte up in the slice for no bytes after it',
    file: 'crc32c.ts',
    find: 'slices[7 * 256 + (low & 0xff)]!',
    replace: 'slices[low & 0xff]!',
  },
  {
    name: 'slicing-by-8 reads the first four bytes big-endian',
    file: 'crc32c.ts',
    find: '(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))',
    replace: '((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!)',
  },
  {
    name: 'the slices are built with the sign-extending >> instead of >>>',
    file: 'crc32c.ts',
    find: 'result[k * 256 + n] = base[before & 0xff]! ^ (before >>> 8);',
    replace: 'result[k * 256 + n] = base[before & 0xff]! ^ (before >> 8);',
  },
  // entry-codec.ts
  {
    name: 'encodes a delete as a put of an empty value',
    file: 'entry-codec.ts',
    find: 'const { key, value } = entry;',
    replace: 'const { key } = entry;\n  const value = entry.value ?? new Uint8Array(0);',
  },
  {
    name: "writes the sequence's high half with >>> 32 (a shift by 0 in JavaScript)",
    file: 'entry-codec.ts',
    find: 'Math.floor(entry.sequence / 2 ** 32)',
    replace: 'entry.sequence >>> 32',
  },
  {
    name: 'writes only the low 32 bits of the sequence',
    file: 'entry-codec.ts',
    find: 'Math.floor(entry.sequence / 2 ** 32)',
    replace: '0',
  },
  {
    name: "never reads the sequence's high half back",
    file: 'entry-codec.ts',
    find: 'const sequence = view.getUint32(SEQUENCE_AT + 4, true) * 2 ** 32 + view.getUint32(SEQUENCE_AT, true);',
    replace: 'const sequence = view.getUint32(SEQUENCE_AT, true);',
  },
  {
    name: 'writes the key length big-endian',
    file: 'entry-codec.ts',
    find: 'view.setUint32(at + KEY_LENGTH_AT, key.length, true);',
    replace: 'view.setUint32(at + KEY_LENGTH_AT, key.length);',
  },
  {
    name: 'does not check the kind byte (anything that is not a delete is a put)',
    file: 'entry-codec.ts',
    find: 'if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) {',
    replace: 'if (false) {',
  },
  {
    name: "forgets the value length field when computing a put's length",
    file: 'entry-codec.ts',
    find: 'return valueLengthAt + LENGTH_FIELD_BYTES + view.getUint32(valueLengthAt, true);',
    replace: 'return valueLengthAt + view.getUint32(valueLengthAt, true);',
  },
  {
    name: 'accepts bytes left over after the last field of a body',
    file: 'entry-codec.ts',
    find: 'if (length !== body.length) {',
    replace: 'if (length === undefined || length > body.length) {',
  },
  {
    name: "builds a decoded delete without lesson 01's validation",
    file: 'entry-codec.ts',
    find: 'if (body[KIND_AT] === WAL_KIND_DELETE) return deleteEntry(sequence, key);',
    replace:
      'if (body[KIND_AT] === WAL_KIND_DELETE) return Object.freeze({ sequence, key: key.slice(), value: null });',
  },
  {
    name: "lets lesson 01's EntryValidationError escape instead of reporting a corrupt frame",
    file: 'entry-codec.ts',
    find: "if (error instanceof EntryValidationError) throw new EntryFormatError('entry', error.message);",
    replace: '',
  },
  {
    name: "returns the decoded value as a view into the caller's bytes (no copy, no validation)",
    file: 'entry-codec.ts',
    find: 'return putEntry(sequence, key, body.subarray(keyEnd + LENGTH_FIELD_BYTES));',
    replace: 'return Object.freeze({ sequence, key: key.slice(), value: body.subarray(keyEnd + LENGTH_FIELD_BYTES) });',
  },
  // bytes.ts
  {
    name: 'makes a DataView over bytes.buffer, ignoring byteOffset',
    file: 'bytes.ts',
    find: 'return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);',
    replace: 'return new DataView(bytes.buffer);',
  },
  // frame.ts
  {
    name: 'writes a length field that counts the header',
    file: 'frame.ts',
    find: 'view.setUint32(0, length, true);',
    replace: 'view.setUint32(0, frame.length, true);',
  },
  {
    name: 'computes the checksum over the body only, not the length field',
    file: 'frame.ts',
    find: 'return crc32c(body, crc32c(lengthField));',
    replace: 'return crc32c(body);',
  },
  {
    name: 'does not check the checksum',
    file: 'frame.ts',
    find: 'if (stored !== computed) {',
    replace: 'if (false) {',
  },
  {
    name: 'reports a checksum mismatch as truncated',
    file: 'frame.ts',
    find: "throw new CorruptFrameError(offset, 'checksum', `stored 0x${hex(stored)}, computed 0x${hex(computed)}`);",
    replace: 'throw new TruncatedFrameError(offset, frameBytes, available);',
  },
  {
    name: 'checks the checksum of the length field at byte 0 instead of at offset',
    file: 'frame.ts',
    find: 'const computed = frameChecksum(bytes.subarray(offset, offset + LENGTH_BYTES), body);',
    replace: 'const computed = frameChecksum(bytes.subarray(0, LENGTH_BYTES), body);',
  },
  {
    name: 'reads the length field at byte 0 instead of at offset',
    file: 'frame.ts',
    find: 'const length = view.getUint32(offset, true);',
    replace: 'const length = view.getUint32(0, true);',
  },
  {
    name: 'decodes from byte 0 whatever the offset',
    file: 'frame.ts',
    find: 'const available = bytes.length - offset;',
    replace: 'offset = 0;\n  const available = bytes.length - offset;',
  },
  {
    name: 'returns nextOffset without the header (offset + length)',
    file: 'frame.ts',
    find: 'return { entry: decodeEntry(body), nextOffset: offset + frameBytes };',
    replace: 'return { entry: decodeEntry(body), nextOffset: offset + length };',
  },
  {
    name: 'trusts the length before bounding it (waits for 4 GB instead of reporting corruption)',
    file: 'frame.ts',
    find: 'if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {',
    replace:
      'if (available >= FRAME_HEADER_BYTES + length && (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES)) {',
  },
  {
    name: 'bounds the length without counting the header (8 bytes too loose)',
    file: 'frame.ts',
    find: 'if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {',
    replace: 'if (length < MIN_ENTRY_BYTES || length > MAX_FRAME_BYTES) {',
  },
  {
    name: 'bounds the length one byte too tight (>= instead of >)',
    file: 'frame.ts',
    find: 'if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {',
    replace: 'if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length >= MAX_FRAME_BYTES) {',
  },
  {
    name: 'has no lower bound on the length',
    file: 'frame.ts',
    find: 'if (length < MIN_ENTRY_BYTES || FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {',
    replace: 'if (FRAME_HEADER_BYTES + length > MAX_FRAME_BYTES) {',
  },
  {
    name: 'reports a frame cut short as corrupt',
    file: 'frame.ts',
    find: 'throw new TruncatedFrameError(offset, frameBytes, available);',
    replace: "throw new CorruptFrameError(offset, 'length', 'the frame runs past the end of the bytes');",
  },
  {
    name: 'reports a header cut short as corrupt',
    file: 'frame.ts',
    find: 'if (available < FRAME_HEADER_BYTES) throw new TruncatedFrameError(offset, FRAME_HEADER_BYTES, available);',
    replace: "if (available < FRAME_HEADER_BYTES) throw new CorruptFrameError(offset, 'length', 'no header');",
  },
  {
    name: 'reads the header without checking it is all there',
    file: 'frame.ts',
    find: 'if (available < FRAME_HEADER_BYTES) throw new TruncatedFrameError(offset, FRAME_HEADER_BYTES, available);',
    replace: '',
  },
  {
    name: 'reports a truncated frame as needing its length, forgetting the header',
    file: 'frame.ts',
    find: 'throw new TruncatedFrameError(offset, frameBytes, available);',
    replace: 'throw new TruncatedFrameError(offset, length, available);',
  },
  {
    name: 'reports a wrong length field as a torn tail (never compares it with the body)',
    file: 'frame.ts',
    find: 'if (implied !== undefined && implied !== length) {',
    replace: 'if (false) {',
  },
  {
    name: 'reports corruption at the body instead of at the start of the frame',
    file: 'frame.ts',
    find: "throw new CorruptFrameError(offset, 'checksum',",
    replace: "throw new CorruptFrameError(bodyStart, 'checksum',",
  },
  {
    name: 'accepts an offset past the end of the bytes',
    file: 'frame.ts',
    find: 'if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {',
    replace: 'if (offset < 0) {',
  },
  {
    name: 'reads the low half of the sequence as a signed number (getInt32)',
    file: 'entry-codec.ts',
    find: 'const sequence = view.getUint32(SEQUENCE_AT + 4, true) * 2 ** 32 + view.getUint32(SEQUENCE_AT, true);',
    replace: 'const sequence = view.getUint32(SEQUENCE_AT + 4, true) * 2 ** 32 + view.getInt32(SEQUENCE_AT, true);',
  },
  {
    name: 'a torn tail is told from a wrong length only when the body says it is longer',
    file: 'frame.ts',
    find: 'if (implied !== undefined && implied !== length) {',
    replace: 'if (implied !== undefined && implied > length) {',
  },
  {
    name: "encodeFrame caches each (frozen) entry's frame and returns the same array again",
    file: 'frame.ts',
    find: 'export function encodeFrame(entry: WalEntry): Uint8Array<ArrayBuffer> {\n  const length = encodedEntryLength(entry);',
    replace:
      'const frameCache = new WeakMap<WalEntry, Uint8Array<ArrayBuffer>>();\n' +
      'export function encodeFrame(entry: WalEntry): Uint8Array<ArrayBuffer> {\n' +
      '  const cached = frameCache.get(entry);\n' +
      '  if (cached !== undefined) return cached;\n' +
      '  frameCache.set(entry, encodeFrameOnce(entry));\n' +
      '  return frameCache.get(entry)!;\n' +
      '}\n' +
      'function encodeFrameOnce(entry: WalEntry): Uint8Array<ArrayBuffer> {\n  const length = encodedEntryLength(entry);',
  },
  {
    name: "encodeEntry caches each (frozen) entry's body and returns the same array again",
    file: 'entry-codec.ts',
    find: 'export function encodeEntry(entry: WalEntry): Uint8Array<ArrayBuffer> {\n  const body = new Uint8Array(encodedEntryLength(entry));',
    replace:
      'const bodyCache = new WeakMap<WalEntry, Uint8Array<ArrayBuffer>>();\n' +
      'export function encodeEntry(entry: WalEntry): Uint8Array<ArrayBuffer> {\n' +
      '  const cached = bodyCache.get(entry);\n' +
      '  if (cached !== undefined) return cached;\n' +
      '  bodyCache.set(entry, encodeEntryOnce(entry));\n' +
      '  return bodyCache.get(entry)!;\n' +
      '}\n' +
      'function encodeEntryOnce(entry: WalEntry): Uint8Array<ArrayBuffer> {\n  const body = new Uint8Array(encodedEntryLength(entry));',
  },
  {
    name: 'encodedEntryLength counts a value length field for a delete too',
    file: 'entry-codec.ts',
    find: 'return entry.value === null ? keyEnd : keyEnd + LENGTH_FIELD_BYTES + entry.value.length;',
    replace: 'return keyEnd + LENGTH_FIELD_BYTES + (entry.value?.length ?? 0);',
  },
  {
    name: 'writeEntry copies the key to KEY_AT of the array, not KEY_AT after `at`',
    file: 'entry-codec.ts',
    find: 'out.set(key, at + KEY_AT);',
    replace: 'out.set(key, KEY_AT);',
  },
  {
    name: 'writeEntry places the value length as if the body started at 0',
    file: 'entry-codec.ts',
    find: 'const valueLengthAt = at + KEY_AT + key.length;',
    replace: 'const valueLengthAt = KEY_AT + key.length;',
  },
  {
    name: "writeEntry makes its DataView over out.buffer, ignoring out's byteOffset",
    file: 'entry-codec.ts',
    find: 'const view = viewOf(out);',
    replace: 'const view = new DataView(out.buffer);',
  },
  {
    name: 'encodeFrame writes the body at 0, under the header',
    file: 'frame.ts',
    find: 'writeEntry(entry, frame, FRAME_HEADER_BYTES);',
    replace: 'writeEntry(entry, frame, 0);',
  },
  {
    name: 'encodeFrame checksums from the checksum field on, not from the body',
    file: 'frame.ts',
    find: 'frameChecksum(frame.subarray(0, LENGTH_BYTES), frame.subarray(FRAME_HEADER_BYTES))',
    replace: 'frameChecksum(frame.subarray(0, LENGTH_BYTES), frame.subarray(LENGTH_BYTES))',
  },
  {
    name: 'encodeFrame writes every frame into one scratch array it reuses',
    file: 'frame.ts',
    find: 'const frame = frames.allocate(FRAME_HEADER_BYTES + length);',
    replace:
      'const scratch = ((globalThis as { frameScratch?: Uint8Array<ArrayBuffer> }).frameScratch ??= new Uint8Array(MAX_FRAME_BYTES));\n' +
      '  const frame = scratch.subarray(0, FRAME_HEADER_BYTES + length);',
  },
];
