/**
 * Lesson 03, NodeFileSystem: the FileSystem contract on the real disk (in a fresh temporary
 * directory), and the fsyncs themselves. A crash cannot be caused here, so the tests watch
 * node:fs/promises instead: every FileHandle that `open()` returns records its sync() and
 * datasync() calls. The plausible wrong solutions each test catches:
 *
 * - "AppendFile.sync() calls fsync on the file": a sync() that does nothing, or only flushes
 *   JavaScript buffers (the bytes sit in the OS page cache and a power cut loses them).
 * - "syncDir() opens the directory and fsyncs it": a syncDir that does nothing, so a new or
 *   renamed file can vanish in a power cut though its bytes were synced.
 * - "truncate() fsyncs the shortened file": a truncate whose new length a crash can undo, which
 *   brings a torn tail back after recovery cut it off.
 * - the contract (fs-contract.ts): sizes, exact reads, typed missing-file errors, sorted lists.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { fileSystemContract } from './fs-contract.ts';

/** Every fsync made through node:fs/promises: the absolute path of the handle, and the call. */
const fsyncs = vi.hoisted(() => [] as { path: string; call: 'sync' | 'datasync' }[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const path = nodePath.resolve(String(args[0]));
    const sync = handle.sync.bind(handle);
    const datasync = handle.datasync.bind(handle);
    handle.sync = async () => {
      fsyncs.push({ path, call: 'sync' });
      return sync();
    };
    handle.datasync = async () => {
      fsyncs.push({ path, call: 'datasync' });
      return datasync();
    };
    return handle;
  }) as typeof real.open;
  return { ...real, open, default: { ...real, open } };
});

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(nodePath.join(os.tmpdir(), 'ferris-03-'));
  made.push(dir);
  return dir;
}

/** The fsyncs of `path` made while `run` ran. */
async function fsyncsOf(path: string, run: () => Promise<void>): Promise<number> {
  const start = fsyncs.length;
  await run();
  return fsyncs.slice(start).filter((s) => s.path === nodePath.resolve(path)).length;
}

fileSystemContract(async () => new NodeFileSystem(await tempDir()));

describe('fsync on the real disk', () => {
  it('AppendFile.sync() calls fsync on the file (FileHandle.sync or datasync)', async () => {
    const root = await tempDir();
    const fs = new NodeFileSystem(root);
    const file = await fs.openAppend('wal.log');
    await file.append(Uint8Array.of(1, 2, 3));
    const count = await fsyncsOf(nodePath.join(root, 'wal.log'), () => file.sync());
    await file.close();
    expect(count, 'sync() must fsync the file: the bytes are in the OS page cache until then').toBeGreaterThanOrEqual(
      1,
    );
  });

  it('syncDir() opens the directory and fsyncs it', async () => {
    const root = await tempDir();
    const fs = new NodeFileSystem(root);
    await fs.mkdir('db');
    await (await fs.openAppend('db/new.log')).close();
    const count = await fsyncsOf(nodePath.join(root, 'db'), () => fs.syncDir('db'));
    expect(count, "syncDir('db') must open the directory db and fsync it: that makes a new name durable").toBe(1);
    const rootCount = await fsyncsOf(root, () => fs.syncDir(''));
    expect(rootCount, "syncDir('') must fsync the root directory").toBe(1);
  });

  it('truncate() fsyncs the shortened file', async () => {
    const root = await tempDir();
    const fs = new NodeFileSystem(root);
    const file = await fs.openAppend('wal.log');
    await file.append(Uint8Array.of(1, 2, 3));
    await file.close();
    const count = await fsyncsOf(nodePath.join(root, 'wal.log'), () => fs.truncate('wal.log', 1));
    expect(count, 'truncate() must fsync the file, or a crash may bring the cut bytes back').toBeGreaterThanOrEqual(1);
    expect(await fs.readFile('wal.log'), 'truncate(1)').toEqual(Uint8Array.of(1));
  });
});
