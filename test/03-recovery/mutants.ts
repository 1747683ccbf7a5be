import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // NodeFileSystem
  {
    name: 'AppendFile.sync() does not fsync (the bytes stay in the page cache)',
    file: 'node-fs.ts',
    find: '  async sync(): Promise<void> {\n    await this.handle.sync();\n  }',
    replace: '  async sync(): Promise<void> {}',
  },
  {
    name: 'syncDir() opens the directory but does not fsync it',
    file: 'node-fs.ts',
    find: "const handle = await open(this.resolve(dir), 'r');\n    try {\n      await handle.sync();",
    replace: "const handle = await open(this.resolve(dir), 'r');\n    try {",
  },
  {
    name: 'truncate() does not fsync the shortened file',
    file: 'node-fs.ts',
    find: '      await handle.truncate(length);\n      // The new length is durable only once the file is synced.\n      await handle.sync();',
    replace: '      await handle.truncate(length);',
  },
  {
    name: "openAppend's size forgets what the file already holds",
    file: 'node-fs.ts',
    find: 'return new NodeAppendFile(path, handle, size);',
    replace: 'return new NodeAppendFile(path, handle, 0 * size);',
  },
  {
    name: 'list() returns names in the order the OS gives',
    file: 'node-fs.ts',
    find: 'return (await readdir(this.resolve(dir))).sort();',
    replace: 'return (await readdir(this.resolve(dir))).sort().reverse();',
  },
  {
    name: 'readFile() of a missing file throws a raw ENOENT error',
    file: 'node-fs.ts',
    find: '      return plain(await readFile(this.resolve(path)));\n    } catch (error) {\n      if (isNotFound(error)) throw new FileNotFoundError(path);',
    replace: '      return plain(await readFile(this.resolve(path)));\n    } catch (error) {',
  },
  // WalWriter
  {
    name: 'the sync policy is ignored: the writer never fsyncs',
    file: 'wal-writer.ts',
    find: 'if (this.syncDue()) await this.syncFile();',
    replace: 'if (this.syncDue()) this.appendsSinceSync = this.bytesSinceSync = 0;',
  },
  {
    name: 'syncs before writing the frame (the newest entry is never synced)',
    file: 'wal-writer.ts',
    find: '      await this.file.append(frame);\n      this.currentSize += frame.length;\n      this.appendsSinceSync += 1;\n      this.bytesSinceSync += frame.length;\n      if (this.syncDue()) await this.syncFile();',
    replace:
      '      this.appendsSinceSync += 1;\n      this.bytesSinceSync += frame.length;\n      if (this.syncDue()) await this.syncFile();\n      await this.file.append(frame);\n      this.currentSize += frame.length;',
  },
  {
    name: "counts N wrongly: 'every-n' syncs after N + 1 appends",
    file: 'wal-writer.ts',
    find: 'this.appendsSinceSync >= policy.appends',
    replace: 'this.appendsSinceSync > policy.appends',
  },
  {
    name: "'every-n' ignores the bytes limit",
    file: 'wal-writer.ts',
    find: '(policy.bytes !== undefined && this.bytesSinceSync >= policy.bytes)',
    replace: '(policy.bytes !== undefined && policy.appends === undefined && this.appendsSinceSync >= 1e9)',
  },
  {
    name: 'fsyncs on every append whatever the policy',
    file: 'wal-writer.ts',
    find: "      case 'manual':\n        return false;",
    replace: "      case 'manual':\n        return true;",
  },
  {
    name: 'does not reset the counters after a sync (then syncs on every later append)',
    file: 'wal-writer.ts',
    find: '    await this.file.sync();\n    this.appendsSinceSync = 0;\n    this.bytesSinceSync = 0;',
    replace: '    await this.file.sync();',
  },
  {
    name: 'sync() fsyncs even when nothing is unsynced',
    file: 'wal-writer.ts',
    find: '    if (this.appendsSinceSync === 0) return;\n',
    replace: '',
  },
  {
    name: 'does not sync the directory after creating the log',
    file: 'wal-writer.ts',
    find: 'if (!existed) await fs.syncDir(parentDir(path));',
    replace: 'void existed;',
  },
  {
    name: 'close() does not sync',
    file: 'wal-writer.ts',
    find: "      if (this.state === 'open') await this.sync();\n",
    replace: '',
  },
  {
    name: 'carries on after a failed append or sync',
    file: 'wal-writer.ts',
    find: "    this.state = 'failed';\n",
    replace: '',
  },
  {
    name: 'size forgets the bytes a reopened log already holds',
    file: 'wal-writer.ts',
    find: '    this.currentSize = file.size;',
    replace: '    this.currentSize = 0;',
  },
  // recoverWal
  {
    name: 'recovery throws on a torn tail (TruncatedFrameError not caught)',
    file: 'recovery.ts',
    find: "    if (error instanceof TruncatedFrameError) return { ok: false, check: 'truncated' };\n",
    replace: '',
  },
  {
    name: 'appending without truncating after recovery (the damaged tail stays in the file)',
    file: 'recovery.ts',
    find: '  if (truncatedBytes > 0) await fs.truncate(path, offset);',
    replace: '',
  },
  {
    name: 'a torn tail is kept (only a corrupt tail is cut), so the next append lands after garbage',
    file: 'recovery.ts',
    find: '  if (truncatedBytes > 0) await fs.truncate(path, offset);',
    replace:
      "  if (truncatedBytes > 0 && damage[damage.length - 1]?.check !== 'truncated') await fs.truncate(path, offset);",
  },
  {
    name: 'truncates at the wrong offset: one header too far',
    file: 'recovery.ts',
    find: '  if (truncatedBytes > 0) await fs.truncate(path, offset);',
    replace:
      "  if (truncatedBytes > 0) await fs.truncate(path, Math.min(bytes.length, offset + (await import('@ferris/02-serialization/frame.ts')).FRAME_HEADER_BYTES));",
  },
  {
    name: 'truncates at the wrong offset: one header too early',
    file: 'recovery.ts',
    find: '  if (truncatedBytes > 0) await fs.truncate(path, offset);',
    replace:
      "  if (truncatedBytes > 0) await fs.truncate(path, Math.max(0, offset - (await import('@ferris/02-serialization/frame.ts')).FRAME_HEADER_BYTES));",
  },
  {
    name: 'a damaged but complete last frame throws instead of being cut as a tail',
    file: 'recovery.ts',
    find: '    if (next < 0) {',
    replace:
      "    if (next < 0 && frame.check !== 'truncated') throw new WalCorruptionError(path, offset, frame.check, mode, false);\n    if (next < 0) {",
  },
  {
    name: 'recovery stops silently at mid-log corruption (synced entries dropped without an error)',
    file: 'recovery.ts',
    find: "    if (mode === 'tolerate-corrupted-tail') {\n      throw new WalCorruptionError(path, offset, frame.check, mode, true);\n    }",
    replace:
      "    if (mode === 'tolerate-corrupted-tail') {\n      damage.push({ offset, length: bytes.length - offset, check: frame.check, action: 'truncated' });\n      break;\n    }",
  },
  {
    name: 'the default (strict) mode skips over mid-log corruption silently',
    file: 'recovery.ts',
    find: "    if (mode === 'tolerate-corrupted-tail') {\n      throw new WalCorruptionError(path, offset, frame.check, mode, true);\n    }",
    replace: '',
  },
  {
    name: 'never looks past the damage, so every damage looks like a torn tail',
    file: 'recovery.ts',
    find: "    if (screenFrame(bytes, offset) === 'candidate' && frameAt(bytes, offset).ok) return offset;",
    replace:
      "    if (screenFrame(bytes, offset) === 'candidate' && frameAt(bytes, offset).ok && offset < 0) return offset;",
  },
  {
    name: 'reports the offset where the scan found the next frame, not where the damage starts',
    file: 'recovery.ts',
    find: "    if (mode === 'tolerate-corrupted-tail') {\n      throw new WalCorruptionError(path, offset, frame.check, mode, true);",
    replace:
      "    if (mode === 'tolerate-corrupted-tail') {\n      throw new WalCorruptionError(path, next, frame.check, mode, true);",
  },
  {
    name: "'absolute-consistency' accepts a torn tail",
    file: 'recovery.ts',
    find: "    if (mode === 'absolute-consistency') {",
    replace: "    if (mode === 'absolute-consistency' && next >= 0) {",
  },
  {
    name: "'point-in-time' keeps the frames after the damage",
    file: 'recovery.ts',
    find: "    if (mode === 'point-in-time') {",
    replace: "    if (mode === 'point-in-time' && next < 0) {",
  },
  {
    name: "'skip-any-corrupted' steps one byte too far and loses the next good frame",
    file: 'recovery.ts',
    find: '    offset = next;',
    replace: '    offset = next + 1;',
  },
  {
    name: 'a missing log throws instead of recovering as empty',
    file: 'recovery.ts',
    find: '  if (!(await fs.exists(path))) return { entries: [], validBytes: 0, truncatedBytes: 0, damage: [] };\n',
    replace: '',
  },
  {
    name: 'checks whether the log existed after opening it (so a new log never syncs its directory)',
    file: 'wal-writer.ts',
    find: '    const existed = await fs.exists(path);\n    const file = await fs.openAppend(path);',
    replace: '    const file = await fs.openAppend(path);\n    const existed = await fs.exists(path);',
  },
  {
    name: 'cuts the log before refusing it (a refused log is changed)',
    file: 'recovery.ts',
    find: "if (mode === 'tolerate-corrupted-tail') {\n      throw",
    replace: "if (mode === 'tolerate-corrupted-tail') {\n      await fs.truncate(path, offset);\n      throw",
  },
  {
    name: "'every-n' with bytes counts appends instead of bytes",
    file: 'wal-writer.ts',
    find: 'this.bytesSinceSync += frame.length;',
    replace: 'this.bytesSinceSync += 1;',
  },
  {
    name: 'sync() lets a failed fsync through without failing the writer',
    file: 'wal-writer.ts',
    find: '      await this.syncFile();\n    } catch (error) {\n      this.fail(error);\n    }',
    replace: '      await this.syncFile();\n    } finally {\n      // (no failed state)\n    }',
  },
  {
    name: 'sync() retries a failed fsync once and reports success (fsyncgate)',
    file: 'wal-writer.ts',
    find: '      await this.syncFile();\n    } catch (error) {\n      this.fail(error);\n    }',
    replace: '      await this.syncFile();\n    } catch {\n      await this.syncFile();\n    }',
  },
  {
    name: "close() swallows its sync's error",
    file: 'wal-writer.ts',
    find: "      if (this.state === 'open') await this.sync();",
    replace: "      if (this.state === 'open') await this.sync().catch(() => undefined);",
  },
  // the fast scan: screenFrame and nextIntactFrame
  {
    name: 'the quick look rules out every delete (its kind check knows only puts)',
    file: 'recovery.ts',
    find: "  if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) return 'kind';",
    replace: "  if (kind !== WAL_KIND_PUT) return 'kind';",
  },
  {
    name: 'the quick look rules out the smallest body (off by one at the lower length bound)',
    file: 'recovery.ts',
    find: 'if (length < MIN_ENTRY_BYTES || length > MAX_ENTRY_BYTES)',
    replace: 'if (length <= MIN_ENTRY_BYTES || length > MAX_ENTRY_BYTES)',
  },
  {
    name: 'the quick look rules out the largest body (off by one at the upper length bound)',
    file: 'recovery.ts',
    find: 'if (length < MIN_ENTRY_BYTES || length > MAX_ENTRY_BYTES)',
    replace: 'if (length < MIN_ENTRY_BYTES || length >= MAX_ENTRY_BYTES)',
  },
  {
    name: 'the quick look rules out a frame that ends exactly at the end of the bytes',
    file: 'recovery.ts',
    find: "  if (end > bytes.length) return 'end';",
    replace: "  if (end >= bytes.length) return 'end';",
  },
  {
    name: 'the scan stops one offset early and misses a smallest frame at the very end',
    file: 'recovery.ts',
    find: 'offset + MIN_FRAME_BYTES <= bytes.length; offset++',
    replace: 'offset + MIN_FRAME_BYTES < bytes.length; offset++',
  },
  {
    name: 'the scan trusts the quick look and never decodes (a checksummed frame with a bad body counts as intact)',
    file: 'recovery.ts',
    find: "    if (screenFrame(bytes, offset) === 'candidate' && frameAt(bytes, offset).ok) return offset;",
    replace: "    if (screenFrame(bytes, offset) === 'candidate') return offset;",
  },
  {
    name: 'the scan accepts a frame whose checksum fails once the other quick checks pass',
    file: 'recovery.ts',
    find: "    if (screenFrame(bytes, offset) === 'candidate' && frameAt(bytes, offset).ok) return offset;",
    replace: "    if (['candidate', 'checksum'].includes(screenFrame(bytes, offset))) return offset;",
  },
  {
    name: 'the quick look checksums the body alone, without the length field (so it rules out every frame)',
    file: 'recovery.ts',
    find: 'const computed = crc32c(bytes.subarray(bodyStart, end), crc32c(bytes.subarray(offset, offset + LENGTH_BYTES)));',
    replace: 'const computed = crc32c(bytes.subarray(bodyStart, end));',
  },
  {
    name: 'the quick look never compares the checksum (every header-shaped offset is decoded, and throws)',
    file: 'recovery.ts',
    find: "  return computed === uint32At(bytes, offset + LENGTH_BYTES) ? 'candidate' : 'checksum';",
    replace: "  return computed === computed ? 'candidate' : 'checksum';",
  },
  {
    name: 'the quick look reads the kind byte at the start of the frame, not of the body',
    file: 'recovery.ts',
    find: '  const kind = bytes[bodyStart + KIND_AT];',
    replace: '  const kind = bytes[offset + KIND_AT];',
  },
  {
    name: 'the quick look reads the length through a DataView of the whole buffer, not of the view',
    file: 'recovery.ts',
    find: '  const length = uint32At(bytes, offset);',
    replace: '  const length = new DataView(bytes.buffer).getUint32(offset, true);',
  },
  {
    name: "the quick look bounds the frame by the view's buffer, not by the view",
    file: 'recovery.ts',
    find: "  if (end > bytes.length) return 'end';",
    replace: "  if (end > bytes.buffer.byteLength) return 'end';",
  },
  {
    name: 'the quick look checks the kind before the frame is known to fit',
    file: 'recovery.ts',
    find: "  if (end > bytes.length) return 'end';\n  const kind = bytes[bodyStart + KIND_AT];\n  if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) return 'kind';",
    replace:
      "  const kind = bytes[bodyStart + KIND_AT];\n  if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) return 'kind';\n  if (end > bytes.length) return 'end';",
  },
  // ---- added by the bug hunt: the bytes limit at its edge (wal-writer.test.ts) ----
  {
    name: 'every-n syncs by bytes only once the limit is passed (the append that reaches it exactly is not synced)',
    file: 'wal-writer.ts',
    find: 'this.bytesSinceSync >= policy.bytes',
    replace: 'this.bytesSinceSync > policy.bytes',
  },
];
