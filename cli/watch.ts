// Noticing saves. Editors save in three ways: writing the file in place, appending, or writing a
// temporary file and renaming it over the old one (a new inode). File events (fs.watch) report
// all three quickly but are not delivered everywhere (some network, container and VM mounts), so
// a poll of the files' inode, size and modification time runs beside them as a fallback. Both
// only say "look now"; a change counts when the snapshot of the .ts files differs.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export type Snapshot = Map<string, string>;

/** inode:size:mtime of every .ts file under the folders (node_modules and dot-folders skipped). */
export function snapshot(dirs: readonly string[]): Snapshot {
  const files: Snapshot = new Map();
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // a folder that is gone or unreadable has no files
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const file = path.join(dir, name);
      try {
        const s = statSync(file);
        if (s.isDirectory()) visit(file);
        else if (name.endsWith('.ts')) files.set(file, `${s.ino}:${s.size}:${s.mtimeMs}`);
      } catch {
        // removed between readdir and stat: it shows up (or not) in the next snapshot
      }
    }
  };
  for (const dir of dirs) visit(dir);
  return files;
}

/** The files added, removed or changed between two snapshots. */
export function changedFiles(before: Snapshot, after: Snapshot): string[] {
  const changed = [...after].filter(([file, sig]) => before.get(file) !== sig).map(([file]) => file);
  return [...changed, ...[...before.keys()].filter((file) => !after.has(file))];
}

export interface WatchOptions {
  /** How often the fallback poll looks, in milliseconds. */
  readonly pollMs?: number;
  /** Use file events as well as the poll (FERRIS_WATCH=poll turns them off, to test the fallback). */
  readonly events?: boolean;
  /** The files as they were when the caller last ran the tests: a save since then counts at once. */
  readonly since?: Snapshot;
}

/** Calls `onChange` with the changed files after every save under `dirs`; returns a stop function. */
export function watchTrees(
  dirs: readonly string[],
  onChange: (files: string[]) => void,
  options: WatchOptions = {},
): () => void {
  const pollMs = options.pollMs ?? 1000;
  const events = options.events ?? process.env.FERRIS_WATCH !== 'poll';
  let last = options.since ?? snapshot(dirs);
  let soon: NodeJS.Timeout | undefined;
  const look = () => {
    soon = undefined;
    const now = snapshot(dirs);
    const changed = changedFiles(last, now);
    last = now;
    if (changed.length > 0) onChange(changed);
  };
  // Editors write in several steps (temporary file, rename): wait for them to settle.
  const lookSoon = () => {
    if (soon) clearTimeout(soon);
    soon = setTimeout(look, 120);
  };
  const watchers: FSWatcher[] = [];
  if (events) {
    for (const dir of dirs) {
      try {
        const w = watch(dir, { recursive: true }, lookSoon);
        w.on('error', () => w.close()); // the poll carries on
        watchers.push(w);
      } catch {
        // no file events here: the poll is the watcher
      }
    }
  }
  const poll = setInterval(look, pollMs);
  if (options.since) lookSoon();
  return () => {
    clearInterval(poll);
    if (soon) clearTimeout(soon);
    for (const w of watchers) w.close();
  };
}
