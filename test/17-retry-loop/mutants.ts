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
  // Found by a bug hunt: retry details, empty and prefix values, views, and watches.
  {
    name: 'onError waits the full 10 ms after too_old even when maxBackoffMs is smaller',
    file: 'retry.ts',
    find: 'delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);',
    replace: 'delay = FUTURE_VERSION_RETRY_DELAY_MS;',
  },
  {
    name: 'too_old and future_version reset the backoff to its first value',
    file: 'retry.ts',
    find: 'delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);',
    replace: 'delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);\n    state.backoffMs = DEFAULT_BACKOFF_MS;',
  },
  {
    name: 'the retry limit counts only conflicts, not too_old and future_version',
    file: 'retry.ts',
    find: "  state.retries++;\n  const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;\n  let delay: number;\n  if (isFdbError(error, 'transaction_too_old') || isFdbError(error, 'future_version')) {\n    delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);\n  } else {\n",
    replace:
      "  const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;\n  let delay: number;\n  if (isFdbError(error, 'transaction_too_old') || isFdbError(error, 'future_version')) {\n    delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);\n  } else {\n    state.retries++;\n",
  },
  {
    name: 'onError retries only the four errors the README names',
    file: 'retry.ts',
    find: '  if (!isRetryable(error)) throw error;',
    replace: '  if (!(error instanceof FdbError && [1020, 1021, 1007, 1009].includes(error.code))) throw error;',
  },
  {
    name: 'run retries a refused commit but not an error thrown by the function',
    file: 'retry.ts',
    find: '    try {\n      const result = await fn(tr);\n      await tr.commit();',
    replace: '    const result = await fn(tr);\n    try {\n      await tr.commit();',
  },
  {
    name: 'onError asks whether the error is retryable before checking the timeout',
    file: 'retry.ts',
    find: '  checkTimeout(state, env, options, error);\n  if (!isRetryable(error)) throw error;',
    replace: '  if (!isRetryable(error)) throw error;\n  checkTimeout(state, env, options, error);',
  },
  {
    name: 'onError does not wait for its sleep to end',
    file: 'retry.ts',
    find: '  await env.sleep(delay);\n}',
    replace: '  void env.sleep(delay);\n}',
  },
  {
    name: 'min takes the parameter when the old value is empty, as if there were none',
    file: 'atomic.ts',
    find: 'export function min(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {\n  if (existing === undefined)',
    replace:
      'export function min(existing: Uint8Array | undefined, param: Uint8Array): Uint8Array {\n  if (existing === undefined || existing.length === 0)',
  },
  {
    name: "compareAndClear compares only the parameter's length of the old value",
    file: 'atomic.ts',
    find: 'compareBytes(existing, param) === 0) return undefined;',
    replace: 'compareBytes(fitted(existing, param.length), param) === 0) return undefined;',
  },
  {
    name: "the versionstamp's version is written as 32 bits",
    file: 'versionstamp.ts',
    find: 'view.setBigUint64(0, BigInt(version), false);',
    replace: 'view.setUint32(4, version, false);',
  },
  {
    name: "the offset is read from the start of the parameter's buffer, not of its view",
    file: 'versionstamp.ts',
    find: 'new DataView(param.buffer, param.byteOffset + body, OFFSET_BYTES)',
    replace: 'new DataView(param.buffer, body, OFFSET_BYTES)',
  },
  {
    name: 'a parameter shorter than its 4-byte offset is not refused',
    file: 'versionstamp.ts',
    find: '  if (param.length < OFFSET_BYTES) {',
    replace: '  if (false) {',
  },
  {
    name: "placeVersionstamp writes the stamp into the caller's parameter",
    file: 'versionstamp.ts',
    find: '  const out = param.slice(0, param.length - OFFSET_BYTES);',
    replace: '  const out = param.subarray(0, param.length - OFFSET_BYTES);',
  },
  {
    name: "a watch keeps the caller's key buffer",
    file: 'watches.ts',
    find: 'const watch = { key: Uint8Array.from(key), fired };',
    replace: 'const watch = { key, fired };',
  },
  {
    name: 'a watch takes no value and the empty value for the same',
    file: 'watches.ts',
    find: '  return a === undefined || b === undefined ? a === b : sameBytes(a, b);',
    replace: '  return sameBytes(a ?? new Uint8Array(0), b ?? new Uint8Array(0));',
  },
  {
    name: 'changed() removes fired watches from the list it is walking',
    file: 'watches.ts',
    find: '    for (const entry of [...this.entries]) {',
    replace: '    for (const entry of this.entries) {',
  },
  {
    name: 'close() forgets the watches without rejecting them',
    file: 'watches.ts',
    find: '    for (const entry of this.entries.splice(0)) entry.reject(error);',
    replace: '    this.entries.splice(0);',
  },
  {
    name: 'changed() stops after the first watch it fires',
    file: 'watches.ts',
    find: '      this.entries.splice(this.entries.indexOf(entry), 1);\n      entry.resolve();\n',
    replace: '      this.entries.splice(this.entries.indexOf(entry), 1);\n      entry.resolve();\n      return;\n',
  },
  {
    name: 'appendIfFits hands back the old value itself when the parameter does not fit',
    file: 'atomic.ts',
    find: 'if (existing.length + param.length > VALUE_SIZE_LIMIT) return Uint8Array.from(existing);',
    replace: 'if (existing.length + param.length > VALUE_SIZE_LIMIT) return existing;',
  },
  // ---- added by the bug hunt: a wait that ends exactly at the timeout (retry.test.ts) ----
  {
    name: 'a wait that ends exactly at the timeout is waited out and retried (> instead of >=)',
    file: 'retry.ts',
    find: 'env.now() + delay >= state.startedAt + timeout',
    replace: 'env.now() + delay > state.startedAt + timeout',
  },
  // ---- added by the aliasing sweep: the value a watch saw (database.test.ts) ----
  {
    name: 'arm() keeps the caller’s buffer of the value the watch saw, not a copy',
    file: 'watches.ts',
    find: 'entry.value = value === undefined ? undefined : Uint8Array.from(value);',
    replace: 'entry.value = value;',
  },
];
