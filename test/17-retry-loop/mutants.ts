import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The retry loop.
  {
    name: 'onError retries every FoundationDB error, retryable or not',
    file: 'retry.ts',
    find: '  if (!isRetryable(error)) throw error;',
    replace: '  if (!(error instanceof FdbError)) throw error;',
  },
  {
    name: 'onError does not retry transaction_too_old and future_version',
    file: 'retry.ts',
    find: '  if (!isRetryable(error)) throw error;',
    replace:
      "  if (!isRetryable(error) || isFdbError(error, 'transaction_too_old') || isFdbError(error, 'future_version')) throw error;",
  },
  {
    name: 'the backoff is not capped at maxBackoffMs',
    file: 'retry.ts',
    find: 'state.backoffMs = Math.min(state.backoffMs * BACKOFF_GROWTH_RATE, maxBackoff);',
    replace: 'state.backoffMs = state.backoffMs * BACKOFF_GROWTH_RATE;',
  },
  {
    name: 'the backoff never doubles',
    file: 'retry.ts',
    find: 'state.backoffMs = Math.min(state.backoffMs * BACKOFF_GROWTH_RATE, maxBackoff);',
    replace: 'state.backoffMs = Math.min(state.backoffMs, maxBackoff);',
  },
  {
    name: 'no jitter: the wait is the whole backoff',
    file: 'retry.ts',
    find: 'delay = state.backoffMs * env.random();',
    replace: 'delay = state.backoffMs;',
  },
  {
    name: 'too_old and future_version grow the backoff like a conflict',
    file: 'retry.ts',
    find: "if (isFdbError(error, 'transaction_too_old') || isFdbError(error, 'future_version')) {",
    replace: 'if (false) {',
  },
  {
    name: 'the retry limit is off by one (one retry too many)',
    file: 'retry.ts',
    find: 'state.retries >= retryLimit',
    replace: 'state.retries > retryLimit',
  },
  {
    name: 'the timeout is counted from the latest attempt, not the first',
    file: 'retry.ts',
    find: '    checkTimeout(state, env, options, undefined);\n    const tr = createTransaction();',
    replace: '    Object.assign(state, { startedAt: env.now() });\n    const tr = createTransaction();',
  },
  {
    name: 'run returns before committing',
    file: 'retry.ts',
    find: '      await tr.commit();\n      return result;',
    replace: '      void tr.commit().catch(() => {});\n      return result;',
  },
  // Atomic operations.
  {
    name: 'add forgets the carry between bytes',
    file: 'atomic.ts',
    find: '    carry = sum >> 8;',
    replace: '    carry = 0;',
  },
  {
    name: 'add is big-endian (the carry runs from the last byte to the first)',
    file: 'atomic.ts',
    find: '  for (let i = 0; i < param.length; i++) {\n    const sum = old[i]! + param[i]! + carry;',
    replace: '  for (let i = param.length - 1; i >= 0; i--) {\n    const sum = old[i]! + param[i]! + carry;',
  },
  {
    name: 'max compares signed bytes',
    file: 'atomic.ts',
    find: '  return compareLittleEndian(old, param) > 0 ? old : Uint8Array.from(param);',
    replace:
      '  return compareLittleEndian(Int8Array.from(old) as unknown as Uint8Array, Int8Array.from(param) as unknown as Uint8Array) > 0 ? old : Uint8Array.from(param);',
  },
  {
    name: 'max and min compare big-endian (first byte most significant)',
    file: 'atomic.ts',
    find: '  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;',
    replace: '  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;',
  },
  {
    name: "the old value keeps its own length instead of the parameter's",
    file: 'atomic.ts',
    find: '  const out = new Uint8Array(length);\n  out.set(existing.subarray(0, length));',
    replace: '  const out = new Uint8Array(Math.max(length, existing.length));\n  out.set(existing);',
  },
  {
    name: 'byteMax compares numerically (little-endian) instead of lexicographically',
    file: 'atomic.ts',
    find: 'existing !== undefined && compareBytes(existing, param) > 0 ? existing : param',
    replace:
      'existing !== undefined && compareLittleEndian(fitted(existing, param.length), param) > 0 ? existing : param',
  },
  {
    name: 'appendIfFits refuses a result of exactly the value limit',
    file: 'atomic.ts',
    find: 'existing.length + param.length > VALUE_SIZE_LIMIT',
    replace: 'existing.length + param.length >= VALUE_SIZE_LIMIT',
  },
  {
    name: 'compareAndClear keeps a key with no value as an empty value',
    file: 'atomic.ts',
    find: '  if (existing === undefined || compareBytes(existing, param) === 0) return undefined;',
    replace:
      '  if (existing === undefined) return new Uint8Array(0);\n  if (compareBytes(existing, param) === 0) return undefined;',
  },
  {
    name: 'an atomic operation records a read conflict on its key',
    file: 'transaction.ts',
    find: '    this.base.addWriteConflictRange(key, keyAfter(key));\n    const own = { op, key',
    replace:
      '    this.base.addWriteConflictRange(key, keyAfter(key));\n    this.base.addReadConflictRange(key, keyAfter(key));\n    const own = { op, key',
  },
  // Versionstamps.
  {
    name: "the versionstamp's version is little-endian",
    file: 'versionstamp.ts',
    find: 'view.setBigUint64(0, BigInt(version), false);',
    replace: 'view.setBigUint64(0, BigInt(version), true);',
  },
  {
    name: 'the batch order is little-endian',
    file: 'versionstamp.ts',
    find: 'view.setUint16(8, order, false);',
    replace: 'view.setUint16(8, order, true);',
  },
  {
    name: 'the 4-byte offset is read big-endian',
    file: 'versionstamp.ts',
    find: '.getInt32(0, true);',
    replace: '.getInt32(0, false);',
  },
  {
    name: 'the 4 offset bytes are left at the end of the key or value',
    file: 'versionstamp.ts',
    find: '  const out = param.slice(0, param.length - OFFSET_BYTES);',
    replace: '  const out = param.slice();',
  },
  {
    name: 'a stamp that runs one byte past the end is accepted',
    file: 'versionstamp.ts',
    find: 'offset + VERSIONSTAMP_BYTES > body',
    replace: 'offset + VERSIONSTAMP_BYTES > body + 1',
  },
  // Limits.
  {
    name: 'a key of exactly KEY_SIZE_LIMIT bytes is refused',
    file: 'limits.ts',
    find: 'key.length > KEY_SIZE_LIMIT',
    replace: 'key.length >= KEY_SIZE_LIMIT',
  },
  {
    name: 'a value of exactly VALUE_SIZE_LIMIT bytes is refused',
    file: 'limits.ts',
    find: 'value.length > VALUE_SIZE_LIMIT',
    replace: 'value.length >= VALUE_SIZE_LIMIT',
  },
  {
    name: 'a transaction one byte over the limit is allowed',
    file: 'limits.ts',
    find: 'bytes > TRANSACTION_SIZE_LIMIT',
    replace: 'bytes > TRANSACTION_SIZE_LIMIT + 1',
  },
  // Watches.
  {
    name: 'a watch is armed when created, before its transaction commits',
    file: 'watches.ts',
    find: '    this.entries.push({ watch, value: undefined, armed: false, resolve, reject });',
    replace: '    this.entries.push({ watch, value: undefined, armed: true, resolve, reject });',
  },
  {
    name: 'a watch fires on any write of its key, even of the same value',
    file: 'watches.ts',
    find: ' || sameValue(entry.value, value)) continue;',
    replace: ') continue;',
  },
  {
    name: 'the watch limit is off by one (one watch too many allowed)',
    file: 'watches.ts',
    find: 'this.entries.length >= this.limit',
    replace: 'this.entries.length > this.limit',
  },
  {
    name: 'a fired watch keeps its slot',
    file: 'watches.ts',
    find: '      this.entries.splice(this.entries.indexOf(entry), 1);\n      entry.resolve();',
    replace: '      entry.armed = false;\n      entry.resolve();',
  },
  {
    name: 'a cancelled watch is forgotten but its promise never settles',
    file: 'watches.ts',
    find: '    const [entry] = this.entries.splice(at, 1);\n    entry!.reject(error);',
    replace: '    this.entries.splice(at, 1);',
  },
];
