import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // ---- table-key.ts: internal keys as bytes ----
  {
    name: 'the sequence number is written little-endian',
    file: 'table-key.ts',
    find: 'for (let i = SEQUENCE_BYTES - 1; i >= 0; i--) {',
    replace: 'for (let i = 0; i < SEQUENCE_BYTES; i++) {',
  },
  {
    name: 'the sequence number is cut to 32 bits (>>> on a 53-bit number)',
    file: 'table-key.ts',
    find: 'rest = Math.floor(rest / 256);',
    replace: 'rest = rest >>> 8;',
  },
  {
    name: 'trailers compare ascending (the oldest version first)',
    file: 'table-key.ts',
    find: 'return compareRanges(target, targetSplit, target.length, bytes, split, end);',
    replace: 'return compareRanges(bytes, split, end, target, targetSplit, target.length);',
  },
  {
    name: 'whole encoded keys are compared as bytes (the trailer is compared with the next user key byte)',
    file: 'table-key.ts',
    find: 'const byUserKey = compareRanges(bytes, start, split, target, 0, targetSplit);',
    replace: 'const byUserKey = compareRanges(bytes, start, end, target, 0, target.length);',
  },
  {
    name: 'compareEncodedKeyAt reads the user key from the start of the array, not from start',
    file: 'table-key.ts',
    find: 'const byUserKey = compareRanges(bytes, start, split, target, 0, targetSplit);',
    replace: 'const byUserKey = compareRanges(bytes, 0, split - start, target, 0, targetSplit);',
  },
  {
    name: 'compareEncodedKeyAt splits the key at the end of the array, not at end',
    file: 'table-key.ts',
    find: 'const split = Math.max(start, end - TRAILER_BYTES);',
    replace: 'const split = Math.max(start, bytes.length - TRAILER_BYTES);',
  },
  {
    name: 'compareEncodedKeyAt lets a key shorter than a trailer split before its start',
    file: 'table-key.ts',
    find: 'const split = Math.max(start, end - TRAILER_BYTES);',
    replace: 'const split = Math.max(0, end - TRAILER_BYTES);',
  },
  {
    name: 'compareEncodedKeyAt compares the trailers to the end of the array, not to end',
    file: 'table-key.ts',
    find: 'return compareRanges(target, targetSplit, target.length, bytes, split, end);',
    replace: 'return compareRanges(target, targetSplit, target.length, bytes, split, bytes.length);',
  },
  {
    name: 'the kinds are swapped (a put is 0, a delete 1)',
    file: 'table-key.ts',
    find: 'export const TABLE_KIND_DELETE = 0;\n/** The kind byte of a put. Larger than TABLE_KIND_DELETE, so at one sequence number a put sorts first. */\nexport const TABLE_KIND_PUT = 1;',
    replace: 'export const TABLE_KIND_DELETE = 1;\n/** The kind byte of a put. */\nexport const TABLE_KIND_PUT = 0;',
  },
  {
    name: 'decoding accepts any kind byte',
    file: 'table-key.ts',
    find: 'if (kind !== TABLE_KIND_DELETE && kind !== TABLE_KIND_PUT) {\n    throw new CorruptKeyError',
    replace: 'if (false) {\n    throw new CorruptKeyError',
  },
  {
    name: 'decoding accepts a sequence number past MAX_SEQUENCE',
    file: 'table-key.ts',
    find: 'if (sequence > MAX_SEQUENCE) {',
    replace: 'if (false) {',
  },
  {
    name: 'decoding accepts a key shorter than its trailer',
    file: 'table-key.ts',
    find: 'if (encoded.length < TRAILER_BYTES) {',
    replace: 'if (false) {',
  },
  // ---- format.ts: the footer ----
  {
    name: 'the magic number is not checked',
    file: 'format.ts',
    find: 'if (bytes[FOOTER_MAGIC_AT + i] !== MAGIC[i]) {',
    replace: 'if (false) {',
  },
  {
    name: "the footer's checksum is not checked",
    file: 'format.ts',
    find: "if (stored !== actual) throw fail('checksum'",
    replace: "if (false) throw fail('checksum'",
  },
  {
    name: "the footer's checksum is checked without the version",
    file: 'format.ts',
    find: 'const actual = crc32c(bytes.subarray(0, FOOTER_CHECKSUM_AT));',
    replace: 'const actual = crc32c(bytes.subarray(0, FOOTER_VERSION_AT));',
  },
  {
    name: 'the format version is not checked',
    file: 'format.ts',
    find: 'if (version !== FORMAT_VERSION) {',
    replace: 'if (false) {',
  },
  {
    name: 'footer handles are not checked against the file',
    file: 'format.ts',
    find: 'if (h === null || h.size < EMPTY_BLOCK_BYTES || h.offset + h.size > at) {',
    replace: 'if (h === null) {',
  },
  {
    name: 'footer handles may reach into the footer',
    file: 'format.ts',
    find: 'if (h === null || h.size < EMPTY_BLOCK_BYTES || h.offset + h.size > at) {',
    replace: 'if (h === null || h.size < EMPTY_BLOCK_BYTES || h.offset + h.size > at + FOOTER_BYTES) {',
  },
  {
    name: 'the footer holds the index handle before the meta handle',
    file: 'format.ts',
    find: '  encodeBlockHandle(footer.meta, sink);\n  encodeBlockHandle(footer.index, sink);',
    replace: '  encodeBlockHandle(footer.index, sink);\n  encodeBlockHandle(footer.meta, sink);',
  },
  // ---- table-writer.ts ----
  {
    name: "the index key is the block's first key (too small: a seek inside the block goes to the next one)",
    file: 'table-writer.ts',
    find: '      const lastKey = data.lastKeyAdded!;\n      const handle = await append(data.finish());',
    replace:
      '      const block = data.finish();\n      const lastKey = block.subarray(3, 3 + block[1]!);\n      const handle = await append(block);',
  },
  {
    name: 'the index key is the last user key with the largest trailer (too large when the next block starts with the same user key)',
    file: 'table-writer.ts',
    find: 'index.add(lastKey, encodeBlockHandle(handle).toBytes());',
    replace:
      'index.add(encodeInternalKey(lastKey.subarray(0, lastKey.length - 8), 0, TABLE_KIND_DELETE), encodeBlockHandle(handle).toBytes());',
  },
  {
    name: "a data block handle's offset is off by one",
    file: 'table-writer.ts',
    find: 'index.add(lastKey, encodeBlockHandle(handle).toBytes());',
    replace: 'index.add(lastKey, encodeBlockHandle({ offset: handle.offset + 1, size: handle.size }).toBytes());',
  },
  {
    name: "a data block handle's size is one short",
    file: 'table-writer.ts',
    find: 'index.add(lastKey, encodeBlockHandle(handle).toBytes());',
    replace: 'index.add(lastKey, encodeBlockHandle({ offset: handle.offset, size: handle.size - 1 }).toBytes());',
  },
  {
    name: 'the table is written straight to its final name (no temporary file, no rename)',
    file: 'table-writer.ts',
    find: 'const temp = path + TEMP_SUFFIX;',
    replace: 'const temp = path;',
  },
  {
    name: 'the directory is not synced after the rename',
    file: 'table-writer.ts',
    find: '    await fs.syncDir(parentDir(path));\n',
    replace: '\n',
  },
  {
    name: 'the file is not synced before the rename',
    file: 'table-writer.ts',
    find: '    await file.sync();\n    await file.close();',
    replace: '    await file.close();',
  },
  {
    name: 'the file is renamed before it is synced',
    file: 'table-writer.ts',
    find: '    await file.sync();\n    await file.close();\n    closed = true;\n    await fs.rename(temp, path);',
    replace: '    await fs.rename(temp, path);\n    await file.sync();\n    await file.close();\n    closed = true;',
  },
  {
    name: 'a temporary file left by a crash is appended to instead of replaced',
    file: 'table-writer.ts',
    find: '  if (await fs.exists(temp)) await fs.remove(temp);\n  const file',
    replace: '  const file',
  },
  {
    name: 'the order of entries is not checked by the writer (only inside each block)',
    file: 'table-writer.ts',
    find: 'if (order <= 0) throw new TableOrderError(entry, previous, count);',
    replace: 'if (false) throw new TableOrderError(entry, previous, count);',
  },
  {
    name: 'the same version twice is accepted (< instead of <=)',
    file: 'table-writer.ts',
    find: 'if (order <= 0) throw new TableOrderError(entry, previous, count);',
    replace: 'if (order < 0) throw new TableOrderError(entry, previous, count);',
  },
  {
    name: 'a refused table leaves its temporary file behind',
    file: 'table-writer.ts',
    find: '    if (await fs.exists(temp)) await fs.remove(temp);\n  } catch {',
    replace: '  } catch {',
  },
  {
    name: 'a tombstone is written as a put of an empty value',
    file: 'table-writer.ts',
    find: 'const kind = entry.value === null ? TABLE_KIND_DELETE : TABLE_KIND_PUT;',
    replace: 'const kind = TABLE_KIND_PUT;',
  },
  {
    name: 'the last data block is never written',
    file: 'table-writer.ts',
    find: 'if (data.entryCount > 0) await finishDataBlock();',
    replace: '',
  },
  {
    name: 'blockSize is ignored (one data block for everything)',
    file: 'table-writer.ts',
    find: 'if (data.estimatedSize() >= blockSize) await finishDataBlock();',
    replace: '',
  },
  {
    name: 'data blocks are cut at half of blockSize',
    file: 'table-writer.ts',
    find: 'if (data.estimatedSize() >= blockSize) await finishDataBlock();',
    replace: 'if (data.estimatedSize() >= blockSize / 2) await finishDataBlock();',
  },
  {
    name: 'the filter is made from the encoded internal keys instead of the user keys',
    file: 'table-writer.ts',
    find: 'if (previous === null || compareBytes(entry.key, previous.key) !== 0) userKeys.push(entry.key);',
    replace: 'userKeys.push(encodeInternalKey(entry.key, entry.sequence, TABLE_KIND_PUT));',
  },
  {
    name: 'the filter is given a user key once per version',
    file: 'table-writer.ts',
    find: 'if (previous === null || compareBytes(entry.key, previous.key) !== 0) userKeys.push(entry.key);',
    replace: 'userKeys.push(entry.key);',
  },
  {
    name: 'the filter is stored under the bare policy name',
    file: 'table-writer.ts',
    find: 'meta.add(new TextEncoder().encode(FILTER_KEY_PREFIX + policy.name)',
    replace: 'meta.add(new TextEncoder().encode(policy.name)',
  },
  {
    name: 'TableInfo.entryCount counts puts only',
    file: 'table-writer.ts',
    find: '      count++;\n',
    replace: '      if (entry.value !== null) count++;\n',
  },
  // ---- table-reader.ts ----
  {
    name: 'a file shorter than a footer is read anyway',
    file: 'table-reader.ts',
    find: 'if (fileSize < FOOTER_BYTES) {',
    replace: 'if (fileSize < 0) {',
  },
  {
    name: 'the meta block is read and checked only when a filter policy asks for it',
    file: 'table-reader.ts',
    find: "      const meta = await readBlock(file, path, footer.meta, 'meta', { compare: compareBytes });\n      let filter: OpenTable['filter'] = null;\n      const policy = options.filterPolicy;\n      if (policy) {",
    replace:
      "      let filter: OpenTable['filter'] = null;\n      const policy = options.filterPolicy;\n      if (policy) {\n        const meta = await readBlock(file, path, footer.meta, 'meta', { compare: compareBytes });",
  },
  {
    name: 'the first filter in the meta block is used, whatever its name',
    file: 'table-reader.ts',
    find: '        it.seek(name);\n        if (it.valid && compareBytes(it.key(), name) === 0)',
    replace: '        it.seekToFirst();\n        if (it.valid)',
  },
  {
    name: 'get does not consult the filter',
    file: 'table-reader.ts',
    find: 'if (filter && !filter.policy.mayContain(filter.bytes, userKey)) return MISSING;',
    replace: '',
  },
  {
    name: 'get seeks with the kind of a delete (a put at exactly atSequence is skipped)',
    file: 'table-reader.ts',
    find: 'const target = encodeInternalKey(userKey, atSequence, TABLE_KIND_PUT);',
    replace: 'const target = encodeInternalKey(userKey, atSequence, TABLE_KIND_DELETE);',
  },
  {
    name: 'get ignores atSequence (always the newest version)',
    file: 'table-reader.ts',
    find: 'const target = encodeInternalKey(userKey, atSequence, TABLE_KIND_PUT);',
    replace: 'const target = encodeInternalKey(userKey, MAX_SEQUENCE, TABLE_KIND_PUT);',
  },
  {
    name: "get returns the next user key's version when the key is not there",
    file: 'table-reader.ts',
    find: 'if (compareBytes(found.userKey, userKey) !== 0) return MISSING;',
    replace: '',
  },
  {
    name: 'get reports a tombstone as missing',
    file: 'table-reader.ts',
    find: "if (found.kind === TABLE_KIND_DELETE) return { kind: 'deleted', sequence: found.sequence };",
    replace: 'if (found.kind === TABLE_KIND_DELETE) return MISSING;',
  },
  {
    name: 'index handles are checked against the file, not against the data blocks',
    file: 'table-reader.ts',
    find: 'handle.offset + handle.size > table.dataEnd) {',
    replace: 'handle.offset + handle.size > table.fileSize) {',
  },
  {
    name: 'index handles are trusted',
    file: 'table-reader.ts',
    find: 'if (handle === null || handle.size < EMPTY_BLOCK_BYTES || handle.offset + handle.size > table.dataEnd) {',
    replace: 'if (handle === null) {',
  },
  {
    name: 'the iterator does not move on to the next data block',
    file: 'table-reader.ts',
    find: 'while (this.block !== null && !this.block.valid) {',
    replace: 'while (false) {',
  },
  {
    name: "the iterator's seek searches from the first data block",
    file: 'table-reader.ts',
    find: 'else this.indexIt.seek(key);',
    replace: 'else this.indexIt.seekToFirst();',
  },
  {
    name: 'the iterator gives tombstones an empty value instead of null',
    file: 'table-reader.ts',
    find: 'const value = key.kind === TABLE_KIND_DELETE ? null : iteratedValues.copy(this.block.value());',
    replace: 'const value = iteratedValues.copy(this.block.value());',
  },
  // ---- failures through every route (failures.test.ts) ----
  {
    name: 'writeTable cleans up only after a TableOrderError (an I/O failure leaves its temporary file)',
    file: 'table-writer.ts',
    find: '  } catch (error) {\n    await cleanUp(fs, file, closed, temp);',
    replace: '  } catch (error) {\n    if (error instanceof TableOrderError) await cleanUp(fs, file, closed, temp);',
  },
  {
    name: 'a failed writeTable removes its temporary file without closing it',
    file: 'table-writer.ts',
    find: '    if (!closed) await file.close();\n',
    replace: '',
  },
  {
    name: "a failure of writeTable's clean-up replaces the failure that stopped it",
    file: 'table-writer.ts',
    find: '  try {\n    if (!closed) await file.close();\n    if (await fs.exists(temp)) await fs.remove(temp);\n  } catch {\n    // The original error says what went wrong; a failed clean-up (after a crash, say) must not replace it.\n  }',
    replace: '  if (!closed) await file.close();\n  if (await fs.exists(temp)) await fs.remove(temp);',
  },
  {
    name: 'open() leaves the file open when the table is refused',
    file: 'table-reader.ts',
    find: '    } catch (error) {\n      await file.close();\n      throw error;',
    replace: '    } catch (error) {\n      throw error;',
  },
  {
    name: 'every failed block read is reported as a damaged block (an I/O error becomes a CorruptTableError)',
    file: 'table-reader.ts',
    find: '  const bytes = await file.read(handle.offset, handle.size);\n  try {\n    return Block.decode(bytes, order);\n  } catch (error) {\n    if (error instanceof CorruptBlockError) {',
    replace:
      '  try {\n    const bytes = await file.read(handle.offset, handle.size);\n    return Block.decode(bytes, order);\n  } catch (error) {\n    {',
  },
  // ---- ownership (ownership.test.ts) ----
  {
    name: 'get returns a view into the block instead of a copy of the value',
    file: 'table-reader.ts',
    find: "return { kind: 'value', value: returnedValues.copy(it.value()), sequence: found.sequence };",
    replace: "return { kind: 'value', value: it.value(), sequence: found.sequence };",
  },
  {
    name: 'the iterator returns views into the block instead of copies of the values',
    file: 'table-reader.ts',
    find: 'const value = key.kind === TABLE_KIND_DELETE ? null : iteratedValues.copy(this.block.value());',
    replace: 'const value = key.kind === TABLE_KIND_DELETE ? null : this.block.value();',
  },
  {
    name: "decoding reads the sequence number from the start of the key's buffer, not of the view",
    file: 'table-key.ts',
    find: 'for (let i = 0; i < SEQUENCE_BYTES; i++) sequence = sequence * 256 + encoded[split + i]!;',
    replace:
      'const view = new DataView(encoded.buffer);\n  for (let i = 0; i < SEQUENCE_BYTES; i++) sequence = sequence * 256 + view.getUint8(split + i);',
  },
  {
    name: 'encoding copies the user key from the start of its buffer, not of the view',
    file: 'table-key.ts',
    find: 'out.set(userKey, 0);',
    replace: 'out.set(new Uint8Array(userKey.buffer, 0, userKey.length), 0);',
  },
  // ---- edge shapes (edges.test.ts) ----
  {
    name: 'get at sequence 0 returns the newest version (atSequence || MAX_SEQUENCE)',
    file: 'table-reader.ts',
    find: 'const target = encodeInternalKey(userKey, atSequence, TABLE_KIND_PUT);',
    replace: 'const target = encodeInternalKey(userKey, atSequence || MAX_SEQUENCE, TABLE_KIND_PUT);',
  },
  {
    name: 'a seek to the empty key goes to the first entry, whatever its sequence number',
    file: 'table-reader.ts',
    find: 'const key = target === undefined ? undefined : encodeInternalKey(',
    replace: 'const key = target === undefined || target.userKey.length === 0 ? undefined : encodeInternalKey(',
  },
  {
    name: "the iterator's seek uses the kind of a delete (a put at exactly the target's sequence is skipped)",
    file: 'table-reader.ts',
    find: 'encodeInternalKey(target.userKey, target.sequence, TABLE_KIND_PUT);',
    replace: 'encodeInternalKey(target.userKey, target.sequence, TABLE_KIND_DELETE);',
  },
  {
    name: 'a data block is finished only once it is larger than blockSize (> instead of >=)',
    file: 'table-writer.ts',
    find: 'if (data.estimatedSize() >= blockSize) await finishDataBlock();',
    replace: 'if (data.estimatedSize() > blockSize) await finishDataBlock();',
  },
  {
    name: 'blockSize of exactly MAX_BLOCK_SIZE is refused',
    file: 'table-writer.ts',
    find: 'blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE)',
    replace: 'blockSize < MIN_BLOCK_SIZE || blockSize >= MAX_BLOCK_SIZE)',
  },
  {
    name: 'get reads its data block past the block cache (readBlock instead of readDataBlock)',
    file: 'table-reader.ts',
    find: 'const it = (await readDataBlock(this.table, handle)).iterator();',
    replace:
      "const it = (await readBlock(this.table.file, this.table.path, handle, 'data', encodedKeyOrder)).iterator();",
  },
  {
    name: 'the iterator reads its data blocks past the block cache',
    file: 'table-reader.ts',
    find: '    this.block = (await readDataBlock(this.table, this.handle)).iterator();',
    replace:
      "    this.block = (await readBlock(this.table.file, this.table.path, this.handle, 'data', encodedKeyOrder)).iterator();",
  },
  {
    name: 'open leaves the block cache out (blocks: null)',
    file: 'table-reader.ts',
    find: 'const blocks = cachedBlocks(options);',
    replace: 'const blocks = null;',
  },
  {
    name: 'every reader uses the same cache keys (no prefix per reader)',
    file: 'table-reader.ts',
    find: 'prefix: `${nextReaderId++}:`',
    replace: "prefix: ''",
  },
];
