import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The resolver.
  {
    name: 'the resolver checks only the first key of each read range (point reads only)',
    file: 'resolver.ts',
    find: 'if (tr.readRanges.some((read) => this.conflicts(read, tr.readVersion, batchWrites))) return',
    replace:
      'if (tr.readRanges.some((read) => this.conflicts({ begin: read.begin, end: Uint8Array.of(...read.begin, 0) }, tr.readVersion, batchWrites))) return',
  },
  {
    name: 'the resolver ignores writes committed earlier in the same batch',
    file: 'resolver.ts',
    find: '      batchWrites.some((w) => rangesIntersect(w, read))',
    replace: '      false',
  },
  {
    name: 'the resolver uses >= instead of > on versions (a write the reader saw counts as a conflict)',
    file: 'resolver.ts',
    find: 'w.version > readVersion',
    replace: 'w.version >= readVersion',
  },
  {
    name: 'the resolver remembers the writes of refused transactions too',
    file: 'resolver.ts',
    find: "      if (tr.readRanges.some((read) => this.conflicts(read, tr.readVersion, batchWrites))) return 'conflict';\n      batchWrites.push(...tr.writeRanges);",
    replace:
      "      const conflict = tr.readRanges.some((read) => this.conflicts(read, tr.readVersion, batchWrites));\n      batchWrites.push(...tr.writeRanges);\n      if (conflict) return 'conflict';",
  },
  {
    name: 'the resolver forgets old writes but never refuses a reader older than its window',
    file: 'resolver.ts',
    find: "    if (tr.readRanges.length > 0 && tr.readVersion < this.oldest) return 'too_old';\n",
    replace: '',
  },
  {
    name: 'the resolver refuses a transaction below the window even when it read nothing',
    file: 'resolver.ts',
    find: 'if (tr.readRanges.length > 0 && tr.readVersion < this.oldest)',
    replace: 'if (tr.readVersion < this.oldest)',
  },
  {
    name: 'the resolver never forgets (its memory grows without bound)',
    file: 'resolver.ts',
    find: '    this.history = this.history.filter((w) => w.version >= oldest);\n',
    replace: '',
  },
  {
    name: 'the resolver only sees writes that cover a whole read range',
    file: 'resolver.ts',
    find: 'this.history.some((w) => w.version > readVersion && rangesIntersect(w.range, read))',
    replace:
      'this.history.some((w) => w.version > readVersion && rangesIntersect(w.range, read) && w.range.begin.length <= read.begin.length && rangesIntersect(w.range, { begin: read.begin, end: Uint8Array.of(...read.begin, 0) }))',
  },
  {
    name: 'the resolver moves its window only after a batch that remembered a write',
    file: 'resolver.ts',
    find: '    this.forgetBefore(version - this.windowVersions);',
    replace: '    if (batchWrites.length > 0) this.forgetBefore(version - this.windowVersions);',
  },
  // Read-your-writes.
  {
    name: 'read-your-writes ignores a cleared range',
    file: 'write-set.ts',
    find: "    if (this.cleared.some((range) => rangeContains(range, key))) return { kind: 'cleared' };\n",
    replace: '',
  },
  {
    name: "read-your-writes treats the transaction's own clear of a key as untouched",
    file: 'write-set.ts',
    find: "if (point !== undefined) return point.value === null ? { kind: 'cleared' } : { kind: 'set', value: point.value };",
    replace: "if (point !== undefined && point.value !== null) return { kind: 'set', value: point.value };",
  },
  {
    name: 'a range read leaves out the keys the transaction set',
    file: 'write-set.ts',
    find: '      if (point.value !== null && rangeContains(range, point.key)) merged.push({ key: point.key, value: point.value });',
    replace:
      '      if (point.value !== null && rangeContains(range, point.key) && snapshot.some((p) => compareBytes(p.key, point.key) === 0)) merged.push({ key: point.key, value: point.value });',
  },
  {
    name: 'a range read keeps the stored value of a key the transaction set (both appear)',
    file: 'write-set.ts',
    find: "snapshot.filter((pair) => this.lookup(pair.key).kind === 'untouched')",
    replace: "snapshot.filter((pair) => this.lookup(pair.key).kind !== 'cleared')",
  },
  {
    name: 'a range read with a limit fetches only `limit` stored pairs (own clears hide some)',
    file: 'transaction.ts',
    find: ': shape.limit + overlap.points;',
    replace: ': shape.limit;',
  },
  {
    name: 'a range read applies the limit to the stored pairs before merging the own writes',
    file: 'transaction.ts',
    find: 'const limit = shape.limit === 0 || overlap.clearedRanges > 0 ? undefined : shape.limit + overlap.points;',
    replace: 'const limit = shape.limit === 0 ? undefined : shape.limit;',
  },
  // Read conflict ranges.
  {
    name: 'a range read with a limit records the whole range as read (false conflicts)',
    file: 'read-conflicts.ts',
    find: '  if (shape.limit === 0 || returned.length < shape.limit || last === undefined) return range;',
    replace: '  return range;',
  },
  {
    name: 'a limited range read records up to its last key, leaving that key out',
    file: 'read-conflicts.ts',
    find: '{ begin: range.begin, end: keyAfter(last.key) }',
    replace: '{ begin: range.begin, end: last.key }',
  },
  {
    name: 'a reverse range read with a limit records the wrong end of the range',
    file: 'read-conflicts.ts',
    find: 'return shape.reverse ? { begin: last.key, end: range.end } :',
    replace: 'return shape.reverse ? { begin: range.begin, end: keyAfter(last.key) } :',
  },
  {
    name: 'snapshot reads add read conflicts',
    file: 'transaction.ts',
    find: '    if (options.snapshot !== true) this.reads.push(singleKeyRange(ownKey));',
    replace: '    this.reads.push(singleKeyRange(ownKey));',
  },
  {
    name: 'snapshot range reads add read conflicts',
    file: 'transaction.ts',
    find: '    if (options.snapshot !== true) this.reads.push(rangeReadConflict(range, pairs, shape));',
    replace: '    this.reads.push(rangeReadConflict(range, pairs, shape));',
  },
  {
    name: 'range reads add no read conflict at all',
    file: 'transaction.ts',
    find: '    if (options.snapshot !== true) this.reads.push(rangeReadConflict(range, pairs, shape));',
    replace: '',
  },
  {
    name: 'a get of a key the transaction wrote returns the stored value',
    file: 'transaction.ts',
    find: "    if (own.kind === 'set') return Uint8Array.from(own.value);\n",
    replace: '',
  },
  {
    name: "a get hands out the transaction's own value by reference",
    file: 'transaction.ts',
    find: "if (own.kind === 'set') return Uint8Array.from(own.value);",
    replace: "if (own.kind === 'set') return own.value;",
  },
  {
    name: "set keeps the caller's key and value by reference",
    file: 'transaction.ts',
    find: '    this.writes.set(Uint8Array.from(key), Uint8Array.from(value));',
    replace: '    this.writes.set(key, value);',
  },
  {
    name: 'a transaction can still be used after commit()',
    file: 'transaction.ts',
    find: '    if (this.commitStarted) {',
    replace: '    if (this.commitStarted && what === "commit") {',
  },
  {
    name: 'a transaction can be committed again after a failed commit',
    file: 'transaction.ts',
    find: "    this.checkUsable('commit');\n    this.commitStarted = true;",
    replace: "    this.checkUsable('commit');",
  },
  {
    name: 'read-only transactions go through the resolver too',
    file: 'transaction.ts',
    find: '    if (writeRanges.length === 0) return;\n',
    replace: '',
  },
  // The commit path.
  {
    name: 'the commit path acknowledges before the commit log is synced',
    file: 'commit-path.ts',
    find: '  if (mutations.length > 0) {\n    await path.log.append({ version, mutations });\n    await path.log.sync();',
    replace:
      "  batch.forEach((pending, i) => { if (verdicts[i] === 'committed') pending.acknowledge(version); });\n  if (mutations.length > 0) {\n    await path.log.append({ version, mutations });\n    await path.log.sync();",
  },
  {
    name: 'the commit path makes writes visible before the commit log is synced',
    file: 'commit-path.ts',
    find: '    await path.log.append({ version, mutations });\n    await path.log.sync();\n    path.store.apply(version, mutations);\n    path.sequencer.publish(version);',
    replace:
      '    path.store.apply(version, mutations);\n    path.sequencer.publish(version);\n    await path.log.append({ version, mutations });\n    await path.log.sync();',
  },
  {
    name: 'the commit path never syncs the commit log',
    file: 'commit-path.ts',
    find: '    await path.log.sync();\n',
    replace: '',
  },
  {
    name: 'the commit path ignores a failed sync and acknowledges anyway',
    file: 'commit-path.ts',
    find: '    await path.log.sync();\n',
    replace: '    await path.log.sync().catch(() => {});\n',
  },
  {
    name: 'the commit path logs the mutations of refused transactions too',
    file: 'commit-path.ts',
    find: "const mutations = batch.flatMap((pending, i) => (verdicts[i] === 'committed' ? pending.request.mutations : []));",
    replace: 'const mutations = batch.flatMap((pending) => pending.request.mutations);',
  },
  {
    name: 'the commit path tells a refused transaction that it committed',
    file: 'commit-path.ts',
    find: "    if (verdict === 'committed') pending.acknowledge(version);",
    replace: "    if (verdict !== 'too_old') pending.acknowledge(version);",
  },
  {
    name: "a get records the caller's key buffer as its read conflict range, not a copy",
    file: 'transaction.ts',
    find: '    if (options.snapshot !== true) this.reads.push(singleKeyRange(ownKey));',
    replace: '    if (options.snapshot !== true) this.reads.push(singleKeyRange(key));',
  },
  {
    name: 'a range read without a snapshot option is treated as a snapshot read',
    file: 'transaction.ts',
    find: '    if (options.snapshot !== true) this.reads.push(rangeReadConflict(range, pairs, shape));',
    replace: '    if (options.snapshot === false) this.reads.push(rangeReadConflict(range, pairs, shape));',
  },
  {
    name: 'the commit path answers every committed transaction first, then the refused ones',
    file: 'commit-path.ts',
    find: "  batch.forEach((pending, i) => {\n    const verdict = verdicts[i]!;\n    if (verdict === 'committed') pending.acknowledge(version);\n    else pending.refuse(refusal(verdict, pending.request, version));\n  });",
    replace:
      "  batch.forEach((pending, i) => { if (verdicts[i] === 'committed') pending.acknowledge(version); });\n  batch.forEach((pending, i) => {\n    const verdict = verdicts[i]!;\n    if (verdict !== 'committed') pending.refuse(refusal(verdict, pending.request, version));\n  });",
  },
  {
    name: 'the commit path appends one log record per committed transaction',
    file: 'commit-path.ts',
    find: '    await path.log.append({ version, mutations });',
    replace:
      "    for (const [i, pending] of batch.entries()) if (verdicts[i] === 'committed' && pending.request.mutations.length > 0) await path.log.append({ version, mutations: pending.request.mutations });",
  },
  {
    name: 'the commit path logs the mutations of transactions refused as too old',
    file: 'commit-path.ts',
    find: "(verdicts[i] === 'committed' ? pending.request.mutations : [])",
    replace: "(verdicts[i] !== 'conflict' ? pending.request.mutations : [])",
  },
  // Given code the tests also guard.
  {
    name: 'opening replays every record, even those the store already holds durably',
    file: 'database.ts',
    find: 'for (const record of records)\n      if (record.version > store.durableVersion) store.apply',
    replace: 'for (const record of records) store.apply',
  },
  {
    name: 'the log is trimmed up to the newest commit, not the durable version',
    file: 'database.ts',
    find: '    await this.log.trim(this.store.durableVersion);\n  }',
    replace: '    await this.log.trim(this.sequencer.committedVersion);\n  }',
  },
  // ---- added by the aliasing sweep: what a commit writes (copies.test.ts; given code) ----
  {
    name: 'clear() keeps the caller’s key for the mutation it commits (the given code)',
    file: 'transaction.ts',
    find: 'this.writes.clear(Uint8Array.from(key));',
    replace: 'this.writes.clear(key);',
  },
];
