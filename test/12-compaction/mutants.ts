import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  {
    name: 'a tombstone is dropped above the bottom level (an older value comes back)',
    file: 'leveled.ts',
    find: 'if (entry.value === null && isBottomFor(version, output, entry.key)) continue;',
    replace: 'if (entry.value === null) continue;',
  },
  {
    name: 'level 0 is compacted without the level-1 tables it overlaps (level 1 overlaps)',
    file: 'leveled.ts',
    find: 'return { level: 0, inputs: level0, overlapping: overlapping(version.levels[1]!, smallest, largest) };',
    replace: 'return { level: 0, inputs: level0, overlapping: [] };',
  },
  {
    name: 'the overlap test misses a table that shares only an edge key',
    file: 'leveled.ts',
    find: 'compareBytes(t.largest.userKey, smallest) >= 0 && compareBytes(t.smallest.userKey, largest) <= 0',
    replace: 'compareBytes(t.largest.userKey, smallest) > 0 && compareBytes(t.smallest.userKey, largest) < 0',
  },
  {
    name: 'input tables are deleted before the output is recorded',
    file: 'leveled.ts',
    find: '    await writeChunk();\n    stats.compactions++;\n',
    replace:
      '    await writeChunk();\n    stats.compactions++;\n    for (const t of sources) await host.fs.remove(host.tablePath(t.fileNumber));\n',
  },
  {
    name: 'an output table is cut without writing the last entries',
    file: 'leveled.ts',
    find: '    await writeChunk();\n    stats.compactions++;',
    replace: '    stats.compactions++;',
  },
  {
    name: 'level 0 is never compacted',
    file: 'leveled.ts',
    find: 'if (level0.length >= level0Tables) {',
    replace: 'if (level0.length >= level0Tables * 1000) {',
  },
  {
    name: 'level 0 is compacted one table at a time, newest first (older level-0 tables then hide newer values in level 1)',
    file: 'leveled.ts',
    find: 'return { level: 0, inputs: level0, overlapping: overlapping(version.levels[1]!, smallest, largest) };',
    replace:
      'const one = [level0[0]!]; const r = keyRange(one); return { level: 0, inputs: one, overlapping: overlapping(version.levels[1]!, r.smallest, r.largest) };',
  },
  {
    name: 'isBottomFor stops before the last level (a value there comes back)',
    file: 'leveled.ts',
    find: 'for (let deeper = level + 1; deeper < LEVEL_COUNT; deeper++) {',
    replace: 'for (let deeper = level + 1; deeper < LEVEL_COUNT - 1; deeper++) {',
  },
  {
    name: 'tombstones are never dropped, even at the bottom (space is never given back)',
    file: 'leveled.ts',
    find: 'if (entry.value === null && isBottomFor(version, output, entry.key)) continue;',
    replace: 'if (entry.value === null && false) continue;',
  },
  {
    name: 'the bottom test starts at the output level, whose overlapping tables are inputs (tombstones kept for nothing)',
    file: 'leveled.ts',
    find: 'if (entry.value === null && isBottomFor(version, output, entry.key)) continue;',
    replace: 'if (entry.value === null && isBottomFor(version, job.level, entry.key)) continue;',
  },
  {
    name: 'every version of a key is kept, not only the newest',
    file: 'leveled.ts',
    find: 'if (previous !== null && compareBytes(previous, entry.key) === 0) continue;',
    replace: 'if (false) continue;',
  },
  {
    name: 'a level holding exactly its budget is compacted (< for <=)',
    file: 'leveled.ts',
    find: 'if (bytes <= levelBudget(level, level1Bytes, sizeRatio)) continue;',
    replace: 'if (bytes < levelBudget(level, level1Bytes, sizeRatio)) continue;',
  },
  {
    name: 'the budget loop stops one level early (level 5 is never compacted)',
    file: 'leveled.ts',
    find: 'for (let level = 1; level < LEVEL_COUNT - 1; level++) {',
    replace: 'for (let level = 1; level < LEVEL_COUNT - 2; level++) {',
  },
  {
    name: 'the budget loop runs into the last level, which has no level below it',
    file: 'leveled.ts',
    find: 'for (let level = 1; level < LEVEL_COUNT - 1; level++) {',
    replace: 'for (let level = 1; level < LEVEL_COUNT; level++) {',
  },
  {
    name: 'a pick is moved onto the tables below that it overlaps',
    file: 'leveled.ts',
    find: '  if (job.overlapping.length > 0) return false;\n',
    replace: '\n',
  },
  {
    name: 'two tables of a pick that share one key are moved together (<= for <)',
    file: 'leveled.ts',
    find: 'compareBytes(sorted[i - 1]!.largest.userKey, t.smallest.userKey) < 0',
    replace: 'compareBytes(sorted[i - 1]!.largest.userKey, t.smallest.userKey) <= 0',
  },
  {
    name: "the pick's tables are compared in the order they come (level 0 is newest first, not by key)",
    file: 'leveled.ts',
    find: 'const sorted = [...job.inputs].sort((a, b) => compareBytes(a.smallest.userKey, b.smallest.userKey));',
    replace: 'const sorted = [...job.inputs];',
  },
  {
    name: 'nothing is ever moved (every pick is merged and rewritten)',
    file: 'leveled.ts',
    find: '    if (canMove(job)) {',
    replace: '    if (false) {',
  },
  {
    name: 'the cursor is never moved (every pick takes the first table of the level)',
    file: 'leveled.ts',
    find: 'cursor.set(level, table.largest.userKey);',
    replace: '',
  },
  {
    name: 'the next pick may start at the cursor, not after it (a table holding one key is picked again)',
    file: 'leveled.ts',
    find: 'compareBytes(t.smallest.userKey, after) > 0) ?? tables[0]!',
    replace: 'compareBytes(t.smallest.userKey, after) >= 0) ?? tables[0]!',
  },
  {
    name: 'the bytes a merge writes are not counted (write amplification reads 0)',
    file: 'leveled.ts',
    find: 'stats.bytesWritten += info.fileSize;',
    replace: '',
  },
  {
    name: 'only the upper-level inputs are counted as read, not the overlapping tables below',
    file: 'leveled.ts',
    find: 'stats.tablesRead += sources.length;\n    stats.bytesRead += sources.reduce((n, t) => n + t.fileSize, 0);',
    replace:
      'stats.tablesRead += job.inputs.length;\n    stats.bytesRead += job.inputs.reduce((n, t) => n + t.fileSize, 0);',
  },
  {
    name: 'a move is not counted as a compaction',
    file: 'leveled.ts',
    find: '      stats.compactions++;\n      stats.moves++;',
    replace: '      stats.moves++;',
  },
  {
    name: 'compact goes on to the next pick when the host asks for one compaction at a time',
    file: 'leveled.ts',
    find: '        if (host.oneAtATime) return;\n',
    replace: '',
  },
  {
    name: "compaction writes with lesson 07's writeTable, not the engine's options.writeTable",
    file: 'leveled.ts',
    find: 'const info = await host.options.writeTable(host.fs, host.tablePath(fileNumber), chunk, {',
    replace:
      "const info = await (await import('@ferris/07-sstable/table-writer.ts')).writeTable(host.fs, host.tablePath(fileNumber), chunk, {",
  },
  // Output table sizes and level budgets.
  {
    name: 'an output table counts only the keys toward its size, so tables of long values come out many times the target',
    file: 'leveled.ts',
    find: 'chunkBytes += entry.key.length + (entry.value?.length ?? 0) + 16;',
    replace: 'chunkBytes += entry.key.length + 16;',
  },
  {
    name: 'the running size is not reset when a table is cut, so after the first table every entry becomes a table of its own',
    file: 'leveled.ts',
    find: '      chunk = [];\n      chunkBytes = 0;\n',
    replace: '      chunk = [];\n',
  },
  {
    name: 'a level’s budget is a level off (level1Bytes * sizeRatio^level), so level 1 holds ten times its budget before it compacts',
    file: 'leveled.ts',
    find: 'return level1Bytes * sizeRatio ** (level - 1);',
    replace: 'return level1Bytes * sizeRatio ** level;',
  },
];
