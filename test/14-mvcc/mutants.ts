import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  {
    name: 'oldestVersion trails the latest by one version less than the window',
    file: 'versioned-store.ts',
    find: 'this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS);',
    replace: 'this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS + 1);',
  },
  {
    name: 'oldestVersion trails the latest by one version more than the window',
    file: 'versioned-store.ts',
    find: 'this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS);',
    replace: 'this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS - 1);',
  },
  {
    name: 'a read exactly at oldestVersion is refused as too old',
    file: 'versioned-store.ts',
    find: 'if (version < this.oldest) {\n      throw new TransactionTooOld(`${what} at version ${version}, oldest',
    replace: 'if (version <= this.oldest) {\n      throw new TransactionTooOld(`${what} at version ${version}, oldest',
  },
  {
    name: 'a read exactly at latestVersion is refused as a future version',
    file: 'versioned-store.ts',
    find: 'if (version > this.latest) throw new FutureVersion',
    replace: 'if (version >= this.latest) throw new FutureVersion',
  },
  {
    name: 'reads above latestVersion are answered (with the latest state) instead of FutureVersion',
    file: 'versioned-store.ts',
    find: 'if (version > this.latest) throw new FutureVersion',
    replace: 'if (version > this.latest + 1) throw new FutureVersion',
  },
  {
    name: 'a read takes the newest set of the key, not the newest at or below the read version',
    file: 'window.ts',
    find: '      if (changes[i]!.version <= version) {',
    replace: '      if (changes[i]!.version <= Infinity) {',
  },
  {
    name: 'a range clear applies at every version, not only at and after its own',
    file: 'window.ts',
    find: 'if (clear.version <= version && inRange(key, clear.begin, clear.end)) return CLEARED;',
    replace: 'if (inRange(key, clear.begin, clear.end)) return CLEARED;',
  },
  {
    name: 'a clear range also clears its end key',
    file: 'window.ts',
    find: 'return compareBytes(key, begin) >= 0 && compareBytes(key, end) < 0;',
    replace: 'return compareBytes(key, begin) >= 0 && compareBytes(key, end) <= 0;',
  },
  {
    name: 'a set and a clear of the same version are ordered by version only (a clear before a set in one version hides the set)',
    file: 'window.ts',
    find: 'if (set !== undefined && clear.order < set.order) break;',
    replace: 'if (set !== undefined && clear.version < set.version) break;',
  },
  {
    name: 'getRange ignores range clears for keys only the engine holds',
    file: 'versioned-store.ts',
    find: "const unknown = memory === undefined ? !cleared : memory.found.kind === 'unknown';",
    replace: "const unknown = memory === undefined ? true : memory.found.kind === 'unknown';",
  },
  {
    name: 'makeDurable writes the clears of keys memory holds, but not of keys only the engine holds',
    file: 'versioned-store.ts',
    find: '      for await (const [key] of this.engine.scan({ start: clear.begin, end: clear.end })) touched.set(hexOf(key), key);\n',
    replace: '',
  },
  {
    name: 'makeDurable writes values but not deletions (a cleared key comes back after reopen)',
    file: 'versioned-store.ts',
    find: "      else if (found.kind === 'cleared') batch.delete(key);\n",
    replace: '',
  },
  {
    name: 'makeDurable forgets the whole window, not only the versions it wrote',
    file: 'versioned-store.ts',
    find: '    this.window.forgetUpTo(upTo);\n    this.durable = upTo;',
    replace: '    this.window.forgetUpTo(Infinity);\n    this.durable = upTo;',
  },
  {
    name: 'makeDurable forgets nothing (memory grows without end)',
    file: 'versioned-store.ts',
    find: '    this.window.forgetUpTo(upTo);\n    this.durable = upTo;',
    replace: '    this.durable = upTo;',
  },
  {
    name: 'makeDurable accepts targets up to the latest version (it forgets versions still inside the window)',
    file: 'versioned-store.ts',
    find: 'upTo < this.durable || upTo > this.oldest)',
    replace: 'upTo < this.durable || upTo > this.latest)',
  },
  {
    name: 'makeDurable writes the durable version in a batch of its own, before the data',
    file: 'versioned-store.ts',
    find: '    batch.put(DURABLE_VERSION_KEY, encodeVersion(upTo));\n    await this.engine.write(batch);',
    replace:
      '    await this.engine.write(new WriteBatch().put(DURABLE_VERSION_KEY, encodeVersion(upTo)));\n    await this.engine.write(batch);',
  },
  {
    name: 'makeDurable writes the durable version in a batch of its own, after the data',
    file: 'versioned-store.ts',
    find: '    batch.put(DURABLE_VERSION_KEY, encodeVersion(upTo));\n    await this.engine.write(batch);',
    replace:
      '    await this.engine.write(batch);\n    await this.engine.write(new WriteBatch().put(DURABLE_VERSION_KEY, encodeVersion(upTo)));',
  },
  {
    name: 'makeDurable claims the new durable version before the batch is written',
    file: 'versioned-store.ts',
    find: '    batch.put(DURABLE_VERSION_KEY, encodeVersion(upTo));\n    await this.engine.write(batch);\n    this.window.forgetUpTo(upTo);\n    this.durable = upTo;',
    replace:
      '    batch.put(DURABLE_VERSION_KEY, encodeVersion(upTo));\n    this.durable = upTo;\n    await this.engine.write(batch);\n    this.window.forgetUpTo(upTo);',
  },
  {
    name: 'open ignores the durable version in the engine (starts at 0)',
    file: 'versioned-store.ts',
    find: 'return new VersionedStore(engine, stored === undefined ? 0 : decodeVersion(stored));',
    replace: 'return new VersionedStore(engine, 0);',
  },
  {
    name: "apply keeps the caller's key and value buffers instead of copying them",
    file: 'versioned-store.ts',
    find: 'this.window.add(version, copyMutation(mutation));',
    replace: 'this.window.add(version, mutation);',
  },
  {
    name: "get hands out the store's own value bytes",
    file: 'versioned-store.ts',
    find: "if (known.kind === 'value') return Uint8Array.from(known.value);",
    replace: "if (known.kind === 'value') return known.value;",
  },
  {
    name: "getRange hands out the store's own value bytes",
    file: 'versioned-store.ts',
    find: "if (found.kind === 'value') rows.push({ key: Uint8Array.from(key), value: Uint8Array.from(found.value) });",
    replace: "if (found.kind === 'value') rows.push({ key, value: found.value });",
  },
  {
    name: 'apply checks each mutation as it applies it (a bad one leaves the ones before it applied)',
    file: 'versioned-store.ts',
    find: '    for (const [i, mutation] of mutations.entries()) checkMutation(mutation, `apply(${version}), mutation ${i}`);\n    for (const mutation of mutations) this.window.add(version, copyMutation(mutation));',
    replace:
      '    for (const [i, mutation] of mutations.entries()) {\n      checkMutation(mutation, `apply(${version}), mutation ${i}`);\n      this.window.add(version, copyMutation(mutation));\n    }',
  },
  {
    name: 'apply accepts a version equal to the latest one',
    file: 'versioned-store.ts',
    find: 'version <= this.latest) throw new VersionOrderError',
    replace: 'version < this.latest) throw new VersionOrderError',
  },
  {
    name: 'getRange with reverse and a limit keeps the first keys of the range, not the last',
    file: 'versioned-store.ts',
    find: '    if (options.reverse === true) rows.reverse();\n    return rows.slice(0, limit);',
    replace:
      '    const kept = rows.slice(0, limit);\n    if (options.reverse === true) kept.reverse();\n    return kept;',
  },
  {
    name: 'getRange reads limit 0 as no limit',
    file: 'versioned-store.ts',
    find: '  if (limit === undefined) return Infinity;',
    replace: '  if (limit === undefined || limit === 0) return Infinity;',
  },
  {
    name: 'get asks memory only after the engine answered (makeDurable may have forgotten what the engine had not seen)',
    file: 'versioned-store.ts',
    find: "    const known = this.window.lookup(key, version);\n    if (known.kind === 'value') return Uint8Array.from(known.value);\n    if (known.kind === 'cleared') return undefined;\n    const stored = await this.engine.get(key);",
    replace:
      "    const stored = await this.engine.get(key);\n    const known = this.window.lookup(key, version);\n    if (known.kind === 'value') return Uint8Array.from(known.value);\n    if (known.kind === 'cleared') return undefined;",
  },
  {
    name: 'a read does not check the window again after the engine answered (the engine may have moved past its version)',
    file: 'versioned-store.ts',
    find: '    if (version < this.oldest) {\n      throw new TransactionTooOld(`${what} at version ${version}: the window moved',
    replace:
      '    if (version < -1) {\n      throw new TransactionTooOld(`${what} at version ${version}: the window moved',
  },
  {
    name: "get does not check its key (a 0xff key reads the store's own metadata)",
    file: 'versioned-store.ts',
    find: "    checkUserKey(key, 'get');\n",
    replace: '',
  },
  {
    name: 'makeDurable forgets the window before the engine write resolved (a failed write loses those versions)',
    file: 'versioned-store.ts',
    find: '    await this.engine.write(batch);\n    this.window.forgetUpTo(upTo);\n    this.durable = upTo;',
    replace: '    this.window.forgetUpTo(upTo);\n    await this.engine.write(batch);\n    this.durable = upTo;',
  },
  {
    name: 'one failed makeDurable makes every later makeDurable fail (the queue keeps the rejection)',
    file: 'versioned-store.ts',
    find: 'this.durableQueue = run.catch(() => {});',
    replace: 'this.durableQueue = run;',
  },
  {
    name: 'makeDurable calls are not queued (two calls made together overlap)',
    file: 'versioned-store.ts',
    find: 'const run = this.durableQueue.then(() => this.writeDurable(upTo));',
    replace: 'const run = this.writeDurable(upTo);',
  },
  {
    name: 'apply checks only that the version is above the latest (NaN and Infinity pass)',
    file: 'versioned-store.ts',
    find: 'if (!Number.isSafeInteger(version) || version <= this.latest)',
    replace: 'if (version <= this.latest)',
  },
  {
    name: 'makeDurable checks only the bounds of its target (NaN and fractions pass)',
    file: 'versioned-store.ts',
    find: 'if (!Number.isSafeInteger(upTo) || upTo < this.durable',
    replace: 'if (upTo < this.durable',
  },
  {
    name: 'a read checks only the bounds of its version (NaN and fractions are read)',
    file: 'versioned-store.ts',
    find: '    if (!Number.isSafeInteger(version)) throw new TypeError(`${what}: a version is a whole number, got ${version}.`);\n',
    replace: '',
  },
  {
    name: 'getRange accepts a negative limit (it drops pairs from the end instead)',
    file: 'versioned-store.ts',
    find: '|| limit < 0) {',
    replace: ') {',
  },
  {
    name: 'apply moves oldestVersion before it checks the mutations (a refused apply still moves the window)',
    file: 'versioned-store.ts',
    find: '    for (const [i, mutation] of mutations.entries()) checkMutation',
    replace:
      '    this.oldest = Math.max(this.oldest, version - MVCC_WINDOW_VERSIONS);\n    for (const [i, mutation] of mutations.entries()) checkMutation',
  },
  {
    name: "get hands out the engine's value bytes instead of a copy",
    file: 'versioned-store.ts',
    find: 'return stored === undefined ? undefined : Uint8Array.from(stored);',
    replace: 'return stored;',
  },
  {
    name: "getRange hands out the engine's key and value bytes instead of copies",
    file: 'versioned-store.ts',
    find: 'if (unknown) rows.push({ key: Uint8Array.from(key), value: Uint8Array.from(value) });',
    replace: 'if (unknown) rows.push({ key, value });',
  },
];
