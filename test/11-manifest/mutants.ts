import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // ---- edit-codec.ts ----
  {
    name: 'a u64 is written as 32 bits (numbers past 4 GiB wrap)',
    file: 'edit-codec.ts',
    find: 'return this.u32(n % 2 ** 32).u32(Math.floor(n / 2 ** 32));',
    replace: 'return this.u32(n % 2 ** 32).u32(0);',
  },
  {
    name: 'the sequence number after a key is not written',
    file: 'edit-codec.ts',
    find: '  w.u32(key.userKey.length).raw(key.userKey).u64(key.sequence);',
    replace: '  w.u32(key.userKey.length).raw(key.userKey);',
  },
  {
    name: 'an unknown tag is skipped instead of refused',
    file: 'edit-codec.ts',
    find: "        throw new CorruptEditError(at, 'tag', `tag ${tag} is not one of 1 to 5.`);",
    replace: '        break;',
  },
  {
    name: 'the removed tables are not encoded',
    file: 'edit-codec.ts',
    find: '  for (const { level, fileNumber } of edit.removed ?? []) w.u8(TAG_REMOVED).u8(level).u64(fileNumber);',
    replace: '',
  },
  // ---- manifest.ts ----
  {
    name: 'replay applies each edit twice',
    file: 'manifest.ts',
    find: '      version = applyEdit(version, decodeEdit(entry.value));',
    replace: '      version = applyEdit(applyEdit(version, decodeEdit(entry.value)), decodeEdit(entry.value));',
  },
  {
    name: 'replay reads the snapshot only (later edits not replayed)',
    file: 'manifest.ts',
    find: '  for (const entry of entries) {\n    try {',
    replace: '  for (const entry of entries.slice(0, 1)) {\n    try {',
  },
  {
    name: 'CURRENT is switched before the new manifest is synced',
    file: 'manifest.ts',
    find: `    for (const record of snapshotRecords(version, 1)) await writer.append(record);
    await writer.sync();
    return writer;`,
    replace: `    for (const record of snapshotRecords(version, 1)) await writer.append(record);
    return writer;`,
  },
  {
    name: 'the old manifest is deleted before CURRENT names the new one',
    file: 'manifest.ts',
    find: `    const writer = await ManifestCatalog.writeSnapshot(this.fs, this.dir, number, version);
    await writeCurrent(this.fs, this.dir, number);`,
    replace: `    const writer = await ManifestCatalog.writeSnapshot(this.fs, this.dir, number, version);
    await this.fs.remove(\`\${this.dir}/\${manifestName(this.manifestNumber)}\`);
    await this.fs.syncDir(this.dir);
    await writeCurrent(this.fs, this.dir, number);`,
  },
  {
    name: 'an edit is appended but not synced before apply resolves',
    file: 'manifest.ts',
    find: `      await this.writer.append(editRecord(this.records, edit));
      await this.writer.sync();`,
    replace: '      await this.writer.append(editRecord(this.records, edit));',
  },
  {
    name: 'the rewrite snapshots the version before the edit (the edit that triggered it is lost)',
    file: 'manifest.ts',
    find: '      await this.rewrite(next);',
    replace: '      await this.rewrite(this.version);',
  },
  {
    name: 'the manifest is never rewritten',
    file: 'manifest.ts',
    find: 'if (this.writer.size >= this.maxBytes) {',
    replace: 'if (this.writer.size >= this.maxBytes * 1e9) {',
  },
  {
    name: 'obsolete-manifest deletion removes the live manifest too',
    file: 'manifest.ts',
    find: 'if ((number !== null && number !== this.manifestNumber) || name === CURRENT_TEMP)',
    replace: 'if ((number !== null && number !== this.manifestNumber + 1) || name === CURRENT_TEMP)',
  },
  {
    name: 'old manifests are never deleted',
    file: 'manifest.ts',
    find: 'if ((number !== null && number !== this.manifestNumber) || name === CURRENT_TEMP)',
    replace: 'if (name === CURRENT_TEMP)',
  },
  {
    name: 'replay never advances its byte offset (every bad record is reported at byte 0)',
    file: 'manifest.ts',
    find: '    offset += encodeFrame(entry).length;\n',
    replace: '\n',
  },
  {
    name: "replay advances its offset by the edit's length only, forgetting the frame header and entry fields",
    file: 'manifest.ts',
    find: '    offset += encodeFrame(entry).length;',
    replace: '    offset += entry.value?.length ?? 0;',
  },
  // ---- edges.test.ts ----
  {
    name: 'a counter of 0 is not written (if (edit.logNumber) instead of !== undefined)',
    file: 'edit-codec.ts',
    find: 'if (edit.logNumber !== undefined) w.u8(TAG_LOG_NUMBER).u64(edit.logNumber);',
    replace: 'if (edit.logNumber) w.u8(TAG_LOG_NUMBER).u64(edit.logNumber);',
  },
  {
    name: 'a counter given twice is accepted (the later value wins)',
    file: 'edit-codec.ts',
    find: "if (counters[name] !== undefined) throw new CorruptEditError(at, 'repeated', `${name} appears twice.`);",
    replace: '',
  },
  {
    name: 'a repeated counter is caught by truthiness (a first value of 0 lets the second through)',
    file: 'edit-codec.ts',
    find: "if (counters[name] !== undefined) throw new CorruptEditError(at, 'repeated', `${name} appears twice.`);",
    replace: "if (counters[name]) throw new CorruptEditError(at, 'repeated', `${name} appears twice.`);",
  },
  {
    name: 'decodeEdit reads the whole buffer behind the view it was given',
    file: 'edit-codec.ts',
    find: 'const r = new EditReader(bytes);',
    replace: 'const r = new EditReader(new Uint8Array(bytes.buffer));',
  },
  {
    name: 'a snapshot is never split (one record, however large)',
    file: 'manifest.ts',
    find: 'if (batch.length > 0 && encodeEdit(next).length > MAX_EDIT_BYTES) {',
    replace: 'if (false) {',
  },
  {
    name: 'a snapshot of exactly MAX_EDIT_BYTES is split (>= instead of >)',
    file: 'manifest.ts',
    find: 'if (batch.length > 0 && encodeEdit(next).length > MAX_EDIT_BYTES) {',
    replace: 'if (batch.length > 0 && encodeEdit(next).length >= MAX_EDIT_BYTES) {',
  },
  {
    name: 'an edit of exactly MAX_EDIT_BYTES is refused',
    file: 'manifest.ts',
    find: 'if (bytes.length > MAX_EDIT_BYTES) throw new EditTooLargeError(bytes.length);',
    replace: 'if (bytes.length >= MAX_EDIT_BYTES) throw new EditTooLargeError(bytes.length);',
  },
  // ---- failures.test.ts ----
  {
    name: 'apply updates the version before the edit is durable',
    file: 'manifest.ts',
    find: '    const next = applyEdit(this.version, edit);\n    if (this.writer.size >= this.maxBytes) {',
    replace:
      '    const next = applyEdit(this.version, edit);\n    this.version = next;\n    if (this.writer.size >= this.maxBytes) {',
  },
  {
    name: 'a rewrite switches to the new manifest before CURRENT names it',
    file: 'manifest.ts',
    find: '    await writeCurrent(this.fs, this.dir, number);\n    const old = this.writer;\n    this.writer = writer;\n    this.manifestNumber = number;',
    replace:
      '    const old = this.writer;\n    this.writer = writer;\n    this.manifestNumber = number;\n    await writeCurrent(this.fs, this.dir, number);',
  },
  {
    name: 'a rewrite appends its snapshot to a manifest that a failed rewrite left behind',
    file: 'manifest.ts',
    find: '    if (await fs.exists(path)) await fs.remove(path);\n    const writer = await WalWriter.open(',
    replace: '    const writer = await WalWriter.open(',
  },
  {
    name: 'any error while the manifest is read becomes a CorruptManifestError, a failed read of a sound manifest included',
    file: 'manifest.ts',
    find: '    if (error instanceof WalCorruptionError)\n      throw new CorruptManifestError(path, error.offset,',
    replace:
      '    if (error instanceof Error)\n      throw new CorruptManifestError(path, error instanceof WalCorruptionError ? error.offset : 0,',
  },
  {
    name: 'a damaged record is reported without its cause (the WalCorruptionError that found it is dropped)',
    file: 'manifest.ts',
    find: '`a record failed its ${error.check} check.`, {\n        cause: error,\n      });',
    replace: '`a record failed its ${error.check} check.`);',
  },
  // ---- added by the bug hunt: the rewrite threshold at its edge (manifest.test.ts) ----
  {
    name: 'the manifest is rewritten only once it is past maxManifestBytes (an edit that finds it exactly there appends)',
    file: 'manifest.ts',
    find: 'this.writer.size >= this.maxBytes',
    replace: 'this.writer.size > this.maxBytes',
  },
];
