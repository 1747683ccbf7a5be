// Finding the pristine starter of a lesson file, and keeping backups of the learner's work.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './trees.mjs';

/**
 * The starter is the newest committed version of the file that still throws NotImplemented.
 * (If you commit your own work into lessons/, reset skips those commits.)
 */
export function pristineStarter(relativePath: string): { source: string; commit: string } | undefined {
  let commits: string[];
  try {
    commits = execFileSync('git', ['log', '--format=%H', '--', relativePath], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return undefined;
  }
  for (const commit of commits) {
    try {
      const source = execFileSync('git', ['show', `${commit}:${relativePath}`], { cwd: ROOT, encoding: 'utf8' });
      if (source.includes('new NotImplemented(')) return { source, commit: commit.slice(0, 10) };
    } catch {
      // the file did not exist in that commit under this name
    }
  }
  return undefined;
}

/** Copies the learner's files to .ferris/backups/<lesson>/<time>/ and returns that folder. */
export function backup(lessonSlug: string, files: string[], from: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(ROOT, '.ferris', 'backups', lessonSlug, stamp);
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const source = path.join(from, f);
    if (existsSync(source)) copyFileSync(source, path.join(dir, f));
  }
  return dir;
}
