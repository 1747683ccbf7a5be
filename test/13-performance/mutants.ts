import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  { name: 'the cache counts blocks instead of bytes', file: 'block-cache.ts', find: 'this.used += block.length;', replace: 'this.used += 1;' },
  { name: 'the cache forgets the bytes of a block it evicts', file: 'block-cache.ts', find: '      this.used -= oldest.length;\n', replace: '\n' },
  { name: 'the cache forgets the bytes of a block it replaces', file: 'block-cache.ts', find: '      this.used -= old.length;\n', replace: '\n' },
  { name: 'a get does not make the block the most recently used', file: 'block-cache.ts', find: '    this.blocks.delete(key);\n    this.blocks.set(key, block);\n    return block;', replace: '    return block;' },
  { name: 'the cache key leaves out the file (two tables share offsets)', file: 'block-cache.ts', find: 'const key = `${id}:${offset}:${length}`;', replace: 'const key = `${offset}:${length}`;' },
  { name: 'the cache key leaves out the length', file: 'block-cache.ts', find: 'const key = `${id}:${offset}:${length}`;', replace: 'const key = `${id}:${offset}`;' },
  { name: 'the compression flag is ignored on read (every chunk inflated)', file: 'compression.ts', find: '  if (flag === CHUNK_STORED) return body;\n', replace: '' },
  { name: 'the compression flag is ignored on read (every chunk taken as stored)', file: 'compression.ts', find: '  if (flag === CHUNK_STORED) return body;', replace: '  if (flag === CHUNK_STORED || flag === CHUNK_DEFLATE) return body;' },
  { name: 'a read spanning two chunks stops at the end of the first', file: 'compression.ts', find: 'const take = Math.min(length - done, data.length - from);', replace: 'const take = length - done;' },
  { name: 'chunks are never compressed', file: 'compression.ts', find: 'const smaller = packed.length < chunk.length;', replace: 'const smaller = false;' },
  { name: 'group commit acknowledges a write before the shared sync', file: 'group-commit.ts', find: '        queue.push({ batch, resolve, reject });', replace: '        queue.push({ batch, resolve: () => {}, reject });\n        resolve();' },
  { name: 'group commit acknowledges the group when it starts, before it is written', file: 'group-commit.ts', find: '          await writeGroup(group.map((w) => w.batch));\n          for (const w of group) w.resolve();', replace: '          for (const w of group) w.resolve();\n          await writeGroup(group.map((w) => w.batch));' },
  { name: 'group commit writes one batch at a time (a queue of one)', file: 'group-commit.ts', find: "while (take < queue.length && (take === 0 || ops + queue[take]!.batch.count <= maxGroupOps)) {", replace: 'while (take < 1) {' },
  { name: 'group commit starts a second drain while one is running', file: 'group-commit.ts', find: '        if (!writing) {', replace: '        if (true) {' },
  { name: 'a failed group is not reported to its writers', file: 'group-commit.ts', find: '          for (const w of group) w.reject(error);', replace: '          for (const w of group) w.resolve();' },
  { name: 'the append buffer syncs the file before writing the buffer out', file: 'buffered-appends.ts', find: '    await this.flush();\n    await this.file.sync();', replace: '    await this.file.sync();\n    await this.flush();' },
  { name: 'the append buffer forgets buffered bytes in its size', file: 'buffered-appends.ts', find: 'return this.file.size + this.pending;', replace: 'return this.file.size;' },
  { name: "close drops the bytes still in the append buffer", file: "buffered-appends.ts", find: "  async close(): Promise<void> {\n    await this.flush();\n", replace: "  async close(): Promise<void> {\n" },
  { name: "set replaces a block without making it the most recently used", file: "block-cache.ts", find: "    if (old !== undefined) {\n      this.blocks.delete(key);\n      this.used -= old.length;\n    }", replace: "    if (old !== undefined) {\n      this.used -= old.length;\n    }" },
];
