import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // ---- db.ts: the read path ----
  {
    name: 'reads ask the tables before the memtables (an old value in a table wins)',
    file: 'db.ts',
    find: `      for (const memtable of snapshot.memtables) {
        const found = memtable.get(key, snapshot.sequence);
        if (found.kind === 'value') return returned.copy(found.value);
        if (found.kind === 'deleted') return undefined;
      }
      // snapshot.tables[first + t] is the pinned reader of table t of a level whose tables start
      // at index first in level order. Never look a table up in this.tables after an await: a
      // compaction may have removed it from there.
      let first = 0;
      for (const [level, tables] of snapshot.version.levels.entries()) {
        // Level 0 overlaps: every table in range, newest first. Deeper levels: at most one table.
        const candidates = level === 0 ? tables.keys() : [findTable(tables, key)];
        for (const t of candidates) {
          if (t < 0 || !tableMayHold(tables[t]!, key)) continue;
          const found = await snapshot.tables[first + t]!.reader.get(key, snapshot.sequence);
          if (found.kind === 'value') return found.value;
          if (found.kind === 'deleted') return undefined;
        }
        first += tables.length;
      }`,
    replace: `      // snapshot.tables[first + t] is the pinned reader of table t of a level whose tables start
      // at index first in level order. Never look a table up in this.tables after an await: a
      // compaction may have removed it from there.
      let first = 0;
      for (const [level, tables] of snapshot.version.levels.entries()) {
        // Level 0 overlaps: every table in range, newest first. Deeper levels: at most one table.
        const candidates = level === 0 ? tables.keys() : [findTable(tables, key)];
        for (const t of candidates) {
          if (t < 0 || !tableMayHold(tables[t]!, key)) continue;
          const found = await snapshot.tables[first + t]!.reader.get(key, snapshot.sequence);
          if (found.kind === 'value') return found.value;
          if (found.kind === 'deleted') return undefined;
        }
        first += tables.length;
      }
      for (const memtable of snapshot.memtables) {
        const found = memtable.get(key, snapshot.sequence);
        if (found.kind === 'value') return returned.copy(found.value);
        if (found.kind === 'deleted') return undefined;
      }`,
  },
  {
    name: 'a tombstone in a memtable does not hide a value in a table',
    file: 'db.ts',
    find: `        if (found.kind === 'deleted') return undefined;
      }
      // snapshot.tables[first + t]`,
    replace: `      }
      // snapshot.tables[first + t]`,
  },
  {
    name: 'reads forget the frozen memtables (what is being flushed vanishes until its table is in)',
    file: 'db.ts',
    find: 'const memtables = [this.active, ...this.frozen.map((f) => f.memtable).reverse()];',
    replace: 'const memtables = [this.active];',
  },
  {
    name: 'the frozen memtables are read oldest first',
    file: 'db.ts',
    find: 'const memtables = [this.active, ...this.frozen.map((f) => f.memtable).reverse()];',
    replace: 'const memtables = [this.active, ...this.frozen.map((f) => f.memtable)];',
  },
  {
    name: 'a scan skips a table whose last key equals the start of the range (off by one)',
    file: 'db.ts',
    find: 'compareBytes(meta.largest.userKey, range.start) < 0',
    replace: 'compareBytes(meta.largest.userKey, range.start) <= 0',
  },
  {
    name: 'a scan skips a table whose first key is just before the end (off by one)',
    file: 'db.ts',
    find: 'compareBytes(meta.smallest.userKey, range.end) >= 0',
    replace: 'compareBytes(meta.smallest.userKey, range.end) >= -1',
  },
  // ---- db.ts: the write path and flush ----
  {
    name: 'the log is never synced under the every-write policy',
    file: 'db.ts',
    find: `      case 'every-append':
        return true;`,
    replace: `      case 'every-append':
        return false;`,
  },
  {
    name: 'the flush deletes the old logs before the table is durable',
    file: 'db.ts',
    find: '    const info = await this.options.writeTable(this.fs, tablePath(this.dir, number), frozen.memtable.entries(), {',
    replace:
      '    await this.deleteObsoleteFiles(frozen.nextLogNumber);\n    const info = await this.options.writeTable(this.fs, tablePath(this.dir, number), frozen.memtable.entries(), {',
  },
  {
    name: 'the flush records the active log as the oldest one needed (a frozen memtable still waiting loses its logs)',
    file: 'db.ts',
    find: 'logNumber: frozen.nextLogNumber,',
    replace: 'logNumber: this.logNumber,',
  },
  {
    name: 'the frozen memtable is dropped before its table is in the version',
    file: 'db.ts',
    find: `    await this.applyEdit({
      added,
      logNumber: frozen.nextLogNumber,
      nextFileNumber: this.nextFile,
      lastSequence: Math.max(this.current.lastSequence, frozen.memtable.lastSequence),
    });
    this.frozen.shift();`,
    replace: `    this.frozen.shift();
    await this.applyEdit({
      added,
      logNumber: frozen.nextLogNumber,
      nextFileNumber: this.nextFile,
      lastSequence: Math.max(this.current.lastSequence, frozen.memtable.lastSequence),
    });`,
  },
  {
    name: 'obsolete-file deletion removes tables older than the log number (live ones)',
    file: 'db.ts',
    find: '            ? live.has(file.number)\n            : false;',
    replace: '            ? live.has(file.number) && file.number >= logNumber\n            : false;',
  },
  {
    name: 'the last sequence comes from the logs only (sequence numbers reused after a reopen)',
    file: 'db.ts',
    find: '  let last = lastSequence;',
    replace: '  let last = 0;',
  },
  {
    name: 'the logs of the last open are not replayed (only the newest log)',
    file: 'db.ts',
    find: '  for (const number of logs) {',
    replace: '  for (const number of logs.slice(-1)) {',
  },
  // ---- batch.ts ----
  {
    name: 'a torn batch at the end of the log is replayed in part',
    file: 'batch.ts',
    find: 'if (at + 1 + count > entries.length) return { ops, batchCount, lastSequence, tornEntries: entries.length - at };',
    replace:
      'if (at + 1 + count > entries.length) return { ops: [...ops, ...entries.slice(at + 1)], batchCount, lastSequence: entries[entries.length - 1]!.sequence, tornEntries: 0 };',
  },
  {
    name: "every op of a batch gets the batch's first sequence number",
    file: 'batch.ts',
    find: 'entries.push(Object.freeze({ ...op, sequence: firstSequence + i }))',
    replace: 'entries.push(Object.freeze({ ...op, sequence: firstSequence }))',
  },
  {
    name: "never checks the last op's sequence number (only the header's putEntry checks the first)",
    file: 'batch.ts',
    find: 'if (batch.count - 1 > room) {',
    replace: 'if (batch.count - 1 > Number.MAX_VALUE) {',
  },
  {
    name: 'counts the room from one past the last op, refusing a batch that ends on MAX_SEQUENCE',
    file: 'batch.ts',
    find: 'if (batch.count - 1 > room) {',
    replace: 'if (batch.count > room) {',
  },
  {
    name: 'the header holds the count of entries (ops + 1) instead of ops',
    file: 'batch.ts',
    find: 'const entries = [putEntry(firstSequence, EMPTY, encodeCount(batch.count))];',
    replace: 'const entries = [putEntry(firstSequence, EMPTY, encodeCount(batch.count + 1))];',
  },
  {
    name: 'the reader accepts any entry as a header',
    file: 'batch.ts',
    find: 'if (header.key.length !== 0 || value === null || value.length !== BATCH_HEADER_VALUE_BYTES) {',
    replace: 'if (value === null || value.length !== BATCH_HEADER_VALUE_BYTES) {',
  },
  {
    name: "a get looks each table up again in the engine's open tables after an await (a compaction removed it meanwhile)",
    file: 'db.ts',
    find: 'const found = await snapshot.tables[first + t]!.reader.get(key, snapshot.sequence);',
    replace: 'const found = await this.tables.get(tables[t]!.fileNumber)!.reader.get(key, snapshot.sequence);',
  },
  {
    name: 'resolveOptions does not check blockSize (a bad one fails every flush later, in the background)',
    file: 'options.ts',
    find: "    blockSize: wholeNumber('blockSize', options.blockSize ?? DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE),",
    replace: '    blockSize: options.blockSize ?? DEFAULT_BLOCK_SIZE,',
  },
  {
    name: 'an option limit off by one: the smallest allowed value is refused',
    file: 'options.ts',
    find: '  if (!Number.isSafeInteger(value) || value < min || value > max) {',
    replace: '  if (!Number.isSafeInteger(value) || value <= min || value > max) {',
  },
  {
    name: 'an extension point (catalog, compaction, commit, filter) is accepted without its methods',
    file: 'options.ts',
    find: "  if (typeof value !== 'object' || record === null || methods.some((m) => typeof record[m] !== 'function')) {",
    replace: "  if (typeof value !== 'object' || record === null) {",
  },
  {
    name: "a leftover table being written is not recognised by its name (a suffix beside lesson 07's TEMP_SUFFIX)",
    file: 'files.ts',
    find: "  [TABLE_SUFFIX + TEMP_SUFFIX, 'table-temp'],",
    replace: "  [TABLE_SUFFIX + '.temp', 'table-temp'],",
  },
  // ---- ownership and visibility (ownership.test.ts, visibility.test.ts) ----
  {
    name: "get returns the memtable's own value buffer (a caller who changes it changes the database)",
    file: 'db.ts',
    find: "if (found.kind === 'value') return returned.copy(found.value);",
    replace: "if (found.kind === 'value') return found.value;",
  },
  {
    name: "scan yields the engine's own key and value buffers",
    file: 'db.ts',
    find: 'yield [returned.copy(key), returned.copy(value)];',
    replace: 'yield [key, value];',
  },
  {
    name: 'a write is applied to the memtable before its log is synced (visible before it is durable)',
    file: 'db.ts',
    find: `        if (this.syncDue()) await this.syncLog();
        // One synchronous step: a read sees all of the group or none of it.
        for (const op of ops) this.active.apply(op);
        this.sequence = next - 1;`,
    replace: `        // One synchronous step: a read sees all of the group or none of it.
        for (const op of ops) this.active.apply(op);
        this.sequence = next - 1;
        if (this.syncDue()) await this.syncLog();`,
  },
  // opening: the logs it replayed are retired (given code in Db.open, run on the learner's flushOldest)
  {
    name: 'opening replays the logs but never retires them (every open leaves one more log)',
    file: 'db.ts',
    find: `      memtable: resolved.memtable(),
      log,
      logNumber,
      sequence: lastSequence,
      nextFile,
    });
    for (const table of version.levels.flat()) await db.openTable(table.fileNumber);
    if (logs.length > 0) await db.retireRecoveredLogs(memtable);`,
    replace: `      memtable,
      log,
      logNumber,
      sequence: lastSequence,
      nextFile,
    });
    for (const table of version.levels.flat()) await db.openTable(table.fileNumber);`,
  },
  {
    name: 'opening retires only logs that held writes (empty logs pile up)',
    file: 'db.ts',
    find: '      await this.applyEdit({ logNumber: this.logNumber, nextFileNumber: this.nextFile, lastSequence: this.sequence });',
    replace: '      void this.applyEdit;',
  },
  {
    name: 'opening records the old log number when the logs held nothing (so they are never obsolete)',
    file: 'db.ts',
    find: '      await this.applyEdit({ logNumber: this.logNumber, nextFileNumber: this.nextFile, lastSequence: this.sequence });',
    replace:
      '      await this.applyEdit({ logNumber: this.current.logNumber, nextFileNumber: this.nextFile, lastSequence: this.sequence });',
  },
  {
    name: 'opening deletes the replayed logs before their table is durable and in the catalog',
    file: 'db.ts',
    find: `    if (logs.length > 0) await db.retireRecoveredLogs(memtable);
    await db.deleteObsoleteFiles();`,
    replace: `    await db.deleteObsoleteFiles(logNumber);
    if (logs.length > 0) await db.retireRecoveredLogs(memtable);`,
  },
  {
    name: 'a get takes the first table of a deeper level whose largest key is after the key (> instead of >=)',
    file: 'catalog.ts',
    find: 'if (compareBytes(tables[mid]!.largest.userKey, key) < 0) lo = mid + 1;',
    replace: 'if (compareBytes(tables[mid]!.largest.userKey, key) <= 0) lo = mid + 1;',
  },
  {
    name: 'a get reads the tables of a deeper level at the wrong place in the pinned list (first not advanced)',
    file: 'db.ts',
    find: '        first += tables.length;\n',
    replace: '\n',
  },
  {
    name: 'level 0 is searched like a deeper level (one table by binary search, though its tables overlap)',
    file: 'db.ts',
    find: 'const candidates = level === 0 ? tables.keys() : [findTable(tables, key)];',
    replace: 'const candidates = [findTable(tables, key)];',
  },
  {
    name: 'a view of the version is released while it is still current (its tables closed under later reads)',
    file: 'db.ts',
    find: '    if (view !== this.view && view.reads === 0) this.release(view);',
    replace: '    if (view.reads === 0) this.release(view);',
  },
  {
    name: 'a table moved to another level in one edit is closed (removed and added by the same edit)',
    file: 'db.ts',
    find: 'if (table === undefined || live.has(fileNumber)) continue;',
    replace: 'if (table === undefined) continue;',
  },
  // ---- added by the bug hunt: batches in the log (batch.test.ts) ----
  {
    name: 'the reader does not check the count in a header (0 or over MAX_BATCH_OPS is taken as a batch)',
    file: 'batch.ts',
    find: '    if (count < 1 || count > MAX_BATCH_OPS) {',
    replace: '    if (count > 0xffffffff) {',
  },
  {
    name: 'the reader does not check that a batch starts after the last sequence of the one before',
    file: 'batch.ts',
    find: '    if (header.sequence <= lastSequence) {',
    replace: '    if (header.sequence < 0) {',
  },
  {
    name: "the reader does not check the ops' sequence numbers inside a batch",
    file: 'batch.ts',
    find: '      if (op.sequence !== header.sequence + i) {',
    replace: '      if (op.sequence < header.sequence) {',
  },
  {
    name: 'the reader takes a put of the empty key with a 4-byte value inside a batch for the next header',
    file: 'batch.ts',
    find: '      const op = entries[at + 1 + i]!;\n',
    replace:
      '      const op = entries[at + 1 + i]!;\n      if (op.key.length === 0 && op.value !== null && op.value.length === BATCH_HEADER_VALUE_BYTES) return { ops, batchCount, lastSequence, tornEntries: entries.length - at };\n',
  },
  {
    name: 'a batch with no writes is logged as a header with a count of 0',
    file: 'batch.ts',
    find: '  if (batch.count === 0) return [];\n',
    replace: '',
  },
  // ---- added by the bug hunt: the write path (group.test.ts, failure.test.ts, crash.test.ts) ----
  {
    name: "every batch of a group is numbered from the engine's last sequence (the batches of a group share sequence numbers)",
    file: 'db.ts',
    find: '          const entries = batchEntries(batch, next);',
    replace: '          const entries = batchEntries(batch, this.sequence + 1);',
  },
  {
    name: 'a failed log append or sync is passed on but the database stays open (later writes follow a log whose end is unknown)',
    file: 'db.ts',
    find: '      } catch (error) {\n        this.fail(error);\n      }',
    replace: '      } catch (error) {\n        throw error;\n      }',
  },
  {
    name: 'the write path does not count its writes toward the sync policy (every-n never syncs by count)',
    file: 'db.ts',
    find: '        this.writesSinceSync += group.length;\n',
    replace: '',
  },
  // ---- added by the bug hunt: every-n under group commit (sync-policy.test.ts) ----
  {
    name: 'a group of batches counts as one write toward every-n (group commit syncs late by count)',
    file: 'db.ts',
    find: 'this.writesSinceSync += group.length;',
    replace: 'this.writesSinceSync += 1;',
  },
  {
    name: 'every-n syncs by bytes one write late (the write that reaches `bytes` exactly is not synced)',
    file: 'db.ts',
    find: 'this.log.size - this.bytesAtSync >= policy.bytes',
    replace: 'this.log.size - this.bytesAtSync > policy.bytes',
  },
  // ---- added by the bug hunt: the read path (visibility.test.ts) ----
  {
    name: 'a scan reads the memtables at the newest sequence (writes made during the scan show up in it)',
    file: 'db.ts',
    find: '        atSequence: snapshot.sequence,\n',
    replace: '        atSequence: Number.MAX_SAFE_INTEGER,\n',
  },
  {
    name: 'a scan lets go of its snapshot once its sources are made, before it reads them (a compaction closes its tables)',
    file: 'db.ts',
    find: '        sources.push(snapshot.tables[i]!.reader.iterator());\n      });\n',
    replace: '        sources.push(snapshot.tables[i]!.reader.iterator());\n      });\n      this.unpin(snapshot);\n',
  },
  {
    name: "the flush writes with lesson 07's writeTable, not options.writeTable",
    file: 'db.ts',
    find: 'const info = await this.options.writeTable(this.fs, tablePath(this.dir, number), frozen.memtable.entries(), {',
    replace:
      "const info = await (await import('@ferris/07-sstable/table-writer.ts')).writeTable(this.fs, tablePath(this.dir, number), frozen.memtable.entries(), {",
  },
];
