import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // floats.ts
  {
    name: 'flips only the sign bit of a negative float (so -2 sorts after -1)',
    file: 'floats.ts',
    find: 'if (encoding === signSet) {',
    replace: 'if (false) {',
  },
  {
    name: 'decodes floats with the encoding rule (looks at the sign bit the wrong way round)',
    file: 'floats.ts',
    find: 'orderFloatBytes(copy, false);',
    replace: 'orderFloatBytes(copy, true);',
  },
  {
    name: 'writes a Float32 as 8 bytes like a double',
    file: 'pack.ts',
    find: 'out.push(FLOAT_CODE, ...floatBytes(value.value, FLOAT_BYTES));',
    replace: 'out.push(FLOAT_CODE, ...floatBytes(value.value, DOUBLE_BYTES));',
  },
  {
    name: 'reads a float through a DataView over the whole buffer, ignoring byteOffset',
    file: 'floats.ts',
    find: 'const copy = bytes.slice(start, end);',
    replace: 'const copy = new Uint8Array(bytes.buffer).slice(start, end);',
  },
  // pack.ts
  {
    name: 'does not escape a 00 inside a byte string',
    file: 'pack.ts',
    find: 'if (byte === TERMINATOR) out.push(ESCAPE_BYTE);',
    replace: '',
  },
  {
    name: 'writes a null inside a nested tuple as a bare 00',
    file: 'pack.ts',
    find: 'if (nested) out.push(ESCAPE_BYTE);',
    replace: '',
  },
  {
    name: 'writes every null as 00 ff, at the top level too',
    file: 'pack.ts',
    find: 'if (nested) out.push(ESCAPE_BYTE);',
    replace: 'out.push(ESCAPE_BYTE);',
  },
  {
    name: 'accepts -0 as the integer 0',
    file: 'pack.ts',
    find: 'if (!Number.isSafeInteger(value) || Object.is(value, -0)) {',
    replace: 'if (!Number.isSafeInteger(value)) {',
  },
  {
    name: 'lets TextEncoder replace a lone surrogate with U+FFFD',
    file: 'pack.ts',
    find: "if (LONE_SURROGATE.test(value))\n      throw new TupleEncodeError(path, 'the string has a lone surrogate, which UTF-8 cannot encode');",
    replace: '',
  },
  {
    name: 'swaps the codes of true and false',
    file: 'pack.ts',
    find: 'out.push(value ? TRUE_CODE : FALSE_CODE);',
    replace: 'out.push(value ? FALSE_CODE : TRUE_CODE);',
  },
  {
    name: 'allows one level of nesting more than MAX_NESTING_DEPTH in pack',
    file: 'pack.ts',
    find: 'if (path.length > MAX_NESTING_DEPTH)\n      throw',
    replace: 'if (path.length > MAX_NESTING_DEPTH + 1)\n      throw',
  },
  // integers.ts
  {
    name: "stores negative integers in two's complement instead of one's complement",
    file: 'integers.ts',
    find: 'pushBigEndian(out, allOnes(length) + value, length);',
    replace: 'pushBigEndian(out, allOnes(length) + 1n + value, length);',
  },
  {
    name: "reads negative integers back as if they were two's complement",
    file: 'integers.ts',
    find: 'const value = negative ? magnitude - allOnes(length) : magnitude;',
    replace: 'const value = negative ? magnitude - allOnes(length) - 1n : magnitude;',
  },
  {
    name: 'gives a negative integer the positive code (0x14 + n)',
    file: 'integers.ts',
    find: 'if (length <= MAX_INT_BYTES) out.push(INT_ZERO_CODE - length);',
    replace: 'if (length <= MAX_INT_BYTES) out.push(INT_ZERO_CODE + length);',
  },
  {
    name: 'counts bytes one too many when the magnitude is exactly 2^(8n) - 1 (255 takes 2 bytes)',
    file: 'integers.ts',
    find: 'for (let rest = magnitude; rest > 0n; rest >>= 8n) length++;',
    replace: 'for (let rest = magnitude + 1n; rest > 1n; rest >>= 8n) length++;',
  },
  {
    name: 'counts bytes one too few at a power of 256 (256 fits in 1 byte)',
    file: 'integers.ts',
    find: 'for (let rest = magnitude; rest > 0n; rest >>= 8n) length++;',
    replace: 'for (let rest = magnitude - 1n; rest > 0n; rest >>= 8n) length++;',
  },
  {
    name: "sends 2^64 - 1 to the bigint code, as Python's binding does",
    file: 'integers.ts',
    find: 'if (length <= MAX_INT_BYTES) out.push(INT_ZERO_CODE + length);',
    replace: 'if (length <= MAX_INT_BYTES && value < allOnes(MAX_INT_BYTES)) out.push(INT_ZERO_CODE + length);',
  },
  {
    name: "does not flip the bits of a negative bigint's length byte",
    file: 'integers.ts',
    find: 'else out.push(NEG_BIGINT_CODE, length ^ 0xff);',
    replace: 'else out.push(NEG_BIGINT_CODE, length);',
  },
  {
    name: "reads a negative bigint's length byte without flipping it",
    file: 'integers.ts',
    find: 'const length = big ? bytes[at + 1]! ^ (negative ? 0xff : 0) : Math.abs(code - INT_ZERO_CODE);',
    replace: 'const length = big ? bytes[at + 1]! : Math.abs(code - INT_ZERO_CODE);',
  },
  {
    name: 'writes a positive bigint without its length byte',
    file: 'integers.ts',
    find: 'else out.push(POS_BIGINT_CODE, length);',
    replace: 'else out.push(POS_BIGINT_CODE);',
  },
  {
    name: 'returns every decoded integer as a number, losing precision past 2^53',
    file: 'integers.ts',
    find: 'return { value: Number.MIN_SAFE_INTEGER <= value && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value, end };',
    replace: 'return { value: Number(value), end };',
  },
  {
    name: "reads an integer's bytes without checking they are all there",
    file: 'integers.ts',
    find: "if (end > bytes.length) {\n    throw new TupleDecodeError(\n      at,\n      'truncated',\n      `an integer",
    replace: "if (false) {\n    throw new TupleDecodeError(\n      at,\n      'truncated',\n      `an integer",
  },
  {
    name: 'returns Number.MAX_SAFE_INTEGER itself as a bigint (< instead of <= at the safe edge)',
    file: 'integers.ts',
    find: 'value <= Number.MAX_SAFE_INTEGER ? Number(value)',
    replace: 'value < Number.MAX_SAFE_INTEGER ? Number(value)',
  },
  // unpack.ts
  {
    name: 'skips the ff after a top-level null too, as if 00 ff were a null everywhere',
    file: 'unpack.ts',
    find: 'if (code === NULL_CODE) return { value: null, end: at + 1 };',
    replace: 'if (code === NULL_CODE) return { value: null, end: bytes[at + 1] === ESCAPE_BYTE ? at + 2 : at + 1 };',
  },
  {
    name: "reports bad UTF-8 at the string's first byte instead of at its type code",
    file: 'unpack.ts',
    find: "throw new TupleDecodeError(at, 'invalid-utf8'",
    replace: "throw new TupleDecodeError(at + 1, 'invalid-utf8'",
  },
  {
    name: 'decodes strings with a TextDecoder that drops a leading U+FEFF (no ignoreBOM)',
    file: 'unpack.ts',
    find: "new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });",
    replace: "new TextDecoder('utf-8', { fatal: true });",
  },
  {
    name: 'keeps the ff of an escaped 00 when reading a byte string',
    file: 'unpack.ts',
    find: 'else if (bytes[i + 1] === ESCAPE_BYTE) out.push(bytes[i++]!);',
    replace: 'else if (bytes[i + 1] === ESCAPE_BYTE) out.push(bytes[i]!);',
  },
  {
    name: 'treats a byte string with no terminator as ending at the end of the key',
    file: 'unpack.ts',
    find: "throw new TupleDecodeError(at, 'truncated', 'a byte string or string with no 00 terminator');",
    replace: 'return { value: Uint8Array.from(out), end: bytes.length };',
  },
  {
    name: "returns a byte string without escapes as a view into the caller's bytes",
    file: 'unpack.ts',
    find: 'if (code === BYTES_CODE) return decodeEscaped(bytes, at);',
    replace:
      'if (code === BYTES_CODE) {\n    const decoded = decodeEscaped(bytes, at);\n    return decoded.end - at - 2 === decoded.value.length ? { value: bytes.subarray(at + 1, decoded.end - 1), end: decoded.end } : decoded;\n  }',
  },
  {
    name: 'reads a 00 ff inside a nested tuple as the end of the tuple',
    file: 'unpack.ts',
    find: 'if (bytes[i + 1] !== ESCAPE_BYTE) return { value: elements, end: i + 1 };',
    replace: 'return { value: elements, end: i + 1 };',
  },
  {
    name: 'decodes strings leniently (bad UTF-8 becomes U+FFFD)',
    file: 'unpack.ts',
    find: "const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });",
    replace: "const strictUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });",
  },
  {
    name: 'reads a UUID without checking its 16 bytes are there',
    file: 'unpack.ts',
    find: 'if (at + 1 + length > bytes.length) {',
    replace: 'if (at + 1 > bytes.length) {',
  },
  {
    name: 'has no nesting limit in unpack',
    file: 'unpack.ts',
    find: 'if (depth > MAX_NESTING_DEPTH) {',
    replace: 'if (false) {',
  },
  {
    name: 'reports an unknown type code at the start of the key instead of where it stands',
    file: 'unpack.ts',
    find: "throw new TupleDecodeError(at, 'unknown-type-code',",
    replace: "throw new TupleDecodeError(0, 'unknown-type-code',",
  },
  // compare.ts
  {
    name: 'compares doubles with < and > (so -0 equals +0 and NaN equals everything)',
    file: 'compare.ts',
    find: 'if (a instanceof Double)\n    return Math.sign(compareBytes(floatBytes(a.value, DOUBLE_BYTES), floatBytes((b as Double).value, DOUBLE_BYTES)));',
    replace:
      'if (a instanceof Double) return a.value < (b as Double).value ? -1 : a.value > (b as Double).value ? 1 : 0;',
  },
  {
    name: 'compares strings with JavaScript < (UTF-16 units, not code points)',
    file: 'compare.ts',
    find: "if (typeof a === 'string') return Math.sign(compareBytes(utf8.encode(a), utf8.encode(b as string)));",
    replace: "if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;",
  },
  {
    name: 'ranks bigints as a type of their own, after numbers',
    file: 'compare.ts',
    find: "if (typeof value === 'number' || typeof value === 'bigint') return INT_ZERO_CODE;",
    replace:
      "if (typeof value === 'number') return INT_ZERO_CODE;\n  if (typeof value === 'bigint') return INT_ZERO_CODE + 0.5;",
  },
  {
    name: 'sorts a longer tuple before a shorter one it starts with',
    file: 'compare.ts',
    find: 'return Math.sign(a.length - b.length);',
    replace: 'return Math.sign(b.length - a.length);',
  },
  {
    name: 'ranks booleans before floats',
    file: 'compare.ts',
    find: "if (typeof value === 'boolean') return FALSE_CODE;",
    replace: "if (typeof value === 'boolean') return FLOAT_CODE - 1;",
  },
  // strinc.ts
  {
    name: 'strinc does not strip trailing 0xff bytes (ff + 1 wraps to 00)',
    file: 'strinc.ts',
    find: 'while (end > 0 && key[end - 1] === MAX_BYTE) end--;',
    replace: 'if (key.every((b) => b === MAX_BYTE)) end = 0;',
  },
  {
    name: "strinc increments the caller's key in place",
    file: 'strinc.ts',
    find: 'const next = key.slice(0, end);',
    replace: 'const next = key.subarray(0, end);',
  },
  {
    name: 'strinc of an empty key returns an empty key instead of throwing',
    file: 'strinc.ts',
    find: 'if (end === 0) throw new StrincError(key);',
    replace: 'if (end === 0 && key.length > 0) throw new StrincError(key);',
  },
  // subspace.ts
  {
    name: "a subspace's range begins at its own key (without the 00)",
    file: 'subspace.ts',
    find: 'return { begin: concat(packed, Uint8Array.of(TERMINATOR)), end: concat(packed, Uint8Array.of(ESCAPE_BYTE)) };',
    replace: 'return { begin: packed, end: concat(packed, Uint8Array.of(ESCAPE_BYTE)) };',
  },
  {
    name: 'Subspace.unpack does not check the key is in the subspace',
    file: 'subspace.ts',
    find: 'if (!this.contains(key)) {',
    replace: 'if (false) {',
  },
  {
    name: 'Subspace.unpack unpacks a copy without the prefix, so error offsets are not offsets in the key',
    file: 'subspace.ts',
    find: 'return unpack(key, this.#prefix.length);',
    replace: 'return unpack(key.slice(this.#prefix.length));',
  },
  {
    name: 'a subspace hands out its own prefix array',
    file: 'subspace.ts',
    find: 'return this.#prefix.slice();',
    replace: 'return this.#prefix;',
  },
  {
    name: 'contains() compares only as many bytes as the key has',
    file: 'subspace.ts',
    find: 'return key.length >= prefix.length && compareBytes(key.subarray(0, prefix.length), prefix) === 0;',
    replace: 'return compareBytes(key.subarray(0, prefix.length), prefix.subarray(0, key.length)) === 0;',
  },
];
