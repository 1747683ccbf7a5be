// A simulated disk to start from, and files written on it by hand.
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';

/** A fresh simulated disk with the directory `dir` made. */
export async function freshDisk(seed = 1, dir = 'db'): Promise<SimulatedFileSystem> {
  const sim = new SimulatedFileSystem({ seed });
  await sim.mkdir(dir);
  return sim;
}

/** Writes `bytes` as a new file at `path` with the file system's own calls, synced, then closed. */
export async function writeDurably(fs: FileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const file = await fs.openAppend(path);
  await file.append(bytes);
  await file.sync();
  await file.close();
}
