import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // Push: durability.
  {
    name: 'a log that replies before its fsync (the fsync runs in the background after the reply)',
    file: 'transaction-log.ts',
    find: '      await this.files.sync();\n      this.index.add(record);\n      this.durable.set(version);\n',
    replace:
      "      this.index.add(record);\n      this.durable.set(version);\n      this.process.spawn('fsync', () => this.files.sync());\n",
  },
  {
    name: 'a repeat of a version still being written is acknowledged at once (before it is durable)',
    file: 'transaction-log.ts',
    find: '    this.checkRepeat(version, prevVersion);\n    await this.durable.whenAtLeast(this.process, version);\n',
    replace: '    this.checkRepeat(version, prevVersion);\n',
  },
  // Push: the chain.
  {
    name: 'a push does not wait for its predecessor (out of order, it is refused)',
    file: 'transaction-log.ts',
    find: '    await this.durable.whenAtLeast(this.process, prevVersion);\n',
    replace: '',
  },
  {
    name: 'a push polls for its predecessor with sleep(0) instead of waiting, so the clock stands still',
    file: 'transaction-log.ts',
    find: '    await this.durable.whenAtLeast(this.process, prevVersion);\n',
    replace: '    while (this.durable.get() < prevVersion) await this.process.sleep(0);\n',
  },
  {
    name: 'a push newer than the chain end is taken even if its predecessor is missing',
    file: 'transaction-log.ts',
    find: '    if (this.accepted === prevVersion) {',
    replace: '    if (version > this.accepted) {',
  },
  {
    name: 'a repeat is told from a new version by the durable version, so a repeat in flight is appended twice',
    file: 'transaction-log.ts',
    find: '    if (this.accepted === prevVersion) {',
    replace: '    if (this.durable.get() === prevVersion) {',
  },
  {
    name: 'the log keeps the pushed ops as they came (the sender’s buffers), not copies',
    file: 'transaction-log.ts',
    find: 'messages: copyMessages(request) };',
    replace: 'messages: request.messages };',
  },
  // Peek.
  {
    name: "peek's end leaves out the newest version (off by one)",
    file: 'transaction-log.ts',
    find: '    const end = this.durable.get() + 1;',
    replace: '    const end = this.durable.get();',
  },
  {
    name: "peek's end counts a version still being written",
    file: 'transaction-log.ts',
    find: '    const end = this.durable.get() + 1;',
    replace: '    const end = this.accepted + 1;',
  },
  {
    name: 'peek starts after `from` instead of at it',
    file: 'transaction-log.ts',
    find: 'this.index.peek(request.tag, request.from, end)',
    replace: 'this.index.peek(request.tag, request.from + 1, end)',
  },
  // Pop.
  {
    name: 'a pop forgets the versions of every tag, not only the popping one',
    file: 'tag-index.ts',
    find: '    const list = this.entries.get(tag)!;\n    list.splice(0, firstAtOrAfter(list, upTo + 1));',
    replace: '    for (const list of this.entries.values()) list.splice(0, firstAtOrAfter(list, upTo + 1));',
  },
  {
    name: 'a pop forgets one version past upTo',
    file: 'tag-index.ts',
    find: '    list.splice(0, firstAtOrAfter(list, upTo + 1));',
    replace: '    list.splice(0, firstAtOrAfter(list, upTo + 2));',
  },
  {
    name: 'the log forgets up to the tag that popped furthest, not the one that popped least',
    file: 'tag-index.ts',
    find: 'return Math.min(...this.popped.values());',
    replace: 'return Math.max(...this.popped.values());',
  },
  {
    name: 'a segment is removed once its first version is popped (its later versions are still needed)',
    file: 'log-files.ts',
    find: 'return oldest.lastVersion === null || oldest.lastVersion <= this.forgetUpTo;',
    replace: 'return oldest.firstVersion === null || oldest.firstVersion <= this.forgetUpTo;',
  },
  {
    name: 'the segment holding the newest version is removed when popped (a reboot loses the chain end)',
    file: 'log-files.ts',
    find: 'if (oldest === this.active || oldest === this.newest) return false;',
    replace: 'if (oldest === this.active) return false;',
  },
  {
    name: 'popped segments are never removed (the files grow without bound)',
    file: 'log-files.ts',
    find: '      while (this.canForgetOldest()) {',
    replace: '      while (this.canForgetOldest() && this.forgetUpTo < 0) {',
  },
  // Recovery.
  {
    name: 'recovery keeps a record a crash cut short',
    file: 'recovery.ts',
    find: '    if (at + header.entryCount > entries.length) break;\n',
    replace: '',
  },
  {
    name: "recovery stops at the first damaged frame and drops the rest (RocksDB's point-in-time mode)",
    file: 'recovery.ts',
    find: 'await recoverWal(fs, path)',
    replace: "await recoverWal(fs, path, { mode: 'point-in-time' })",
  },
  {
    name: 'recovery skips damaged frames and keeps going (salvage mode)',
    file: 'recovery.ts',
    find: 'await recoverWal(fs, path)',
    replace: "await recoverWal(fs, path, { mode: 'skip-any-corrupted' })",
  },
  // Files: counting, numbering and forgetting segments.
  {
    name: 'a segment counts a version as held as soon as it is appended, before its fsync',
    file: 'log-files.ts',
    find: '    this.unsynced.push(record.version);\n',
    replace:
      '    this.unsynced.push(record.version);\n    this.active.firstVersion ??= record.version;\n    this.active.lastVersion = record.version;\n',
  },
  {
    name: 'the fresh segment at boot is numbered by counting the segment files, not after the newest one',
    file: 'log-files.ts',
    find: 'number: (segments.at(-1)?.number ?? 0) + 1,',
    replace: 'number: segments.length + 1,',
  },
  {
    name: 'a new segment is numbered by counting the segments, not after the newest one',
    file: 'log-files.ts',
    find: 'const next: Segment = { number: this.active.number + 1,',
    replace: 'const next: Segment = { number: this.segments.length + 1,',
  },
  {
    name: 'two pops at once both remove segments (forgetThrough has no guard)',
    file: 'log-files.ts',
    find: '    if (this.forgetting) return;\n',
    replace: '',
  },
  {
    name: 'removed segments are not made durable with syncDir (a crash brings them back)',
    file: 'log-files.ts',
    find: '        await this.fs.syncDir(this.dir);\n',
    replace: '',
  },
  {
    name: 'a pop that arrives while segments are being removed is dropped (forgetThrough returns before it raises the target)',
    file: 'log-files.ts',
    find: '    this.forgetUpTo = Math.max(this.forgetUpTo, upTo);\n    if (this.forgetting) return;\n',
    replace: '    if (this.forgetting) return;\n    this.forgetUpTo = Math.max(this.forgetUpTo, upTo);\n',
  },
  {
    name: 'forgetThrough does not look again after its syncDir, so a pop that arrived during the sync waits for a later pop',
    file: 'log-files.ts',
    find: '        await this.fs.syncDir(this.dir);\n      }\n',
    replace: '        await this.fs.syncDir(this.dir);\n        break;\n      }\n',
  },
  {
    name: 'forgetting may remove the empty segment taking appends (a pop before the first push)',
    file: 'log-files.ts',
    find: 'if (oldest === this.active || oldest === this.newest) return false;',
    replace: 'if (oldest === this.newest) return false;',
  },
  // Recovery: the chain.
  {
    name: 'recovery does not check that each record follows the one before it',
    file: 'recovery.ts',
    find: "      const before = records.at(-1);\n      if (before !== undefined && record.prevVersion !== before.version) {\n        throw new CorruptLogRecordError(\n          path,\n          'chain',\n          `version ${record.version} follows ${record.prevVersion}, but the version before it is ${before.version}`,\n        );\n      }\n",
    replace: '',
  },
  {
    name: 'recovery checks the chain only inside each segment, not from one segment to the next',
    file: 'recovery.ts',
    find: '      const before = records.at(-1);\n',
    replace: '      const before = found[found.indexOf(record) - 1];\n',
  },
  {
    name: 'a late pop below an earlier one lowers the tag’s popped version, so poppedByAll goes back',
    file: 'tag-index.ts',
    find: '    if (upTo <= this.popped.get(tag)!) return;\n',
    replace: '',
  },
  {
    name: 'the tag index peeks the version `end` too ([from, end] instead of [from, end))',
    file: 'tag-index.ts',
    find: 'return list.slice(firstAtOrAfter(list, from), firstAtOrAfter(list, end));',
    replace: 'return list.slice(firstAtOrAfter(list, from), firstAtOrAfter(list, end + 1));',
  },
];
