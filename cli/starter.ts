// The pristine starter of a lesson file, and backups of the learner's work (for reset and restore).
//
// Where the pristine starter comes from: the course as the learner received it. That is the
// upstream commit their checkout is based on (the merge base of HEAD and the branch they cloned,
// e.g. origin/main), so commits of their own work on top are never mistaken for the starter.
// Without an upstream (a checkout with no remote, like the course authors' own), HEAD is the record.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { progressLogPath } from './progress.ts';
import { ROOT } from './trees.mjs';

function git(args: string[], trim = true): string | undefined {
  try {
    const out = execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return trim ? out.trim() : out;
  } catch {
    return undefined;
  }
}

/** The branch the learner's course came from: the current branch's upstream, else origin/HEAD, else any remote branch. */
function upstreamRef(): string | undefined {
  const candidates = [
    git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']),
    git(['rev-parse', '--verify', '--quiet', 'refs/remotes/origin/HEAD']) ? 'refs/remotes/origin/HEAD' : undefined,
    git(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/remotes'])?.split('\n')[0],
  ];
  return candidates.find((c) => c !== undefined && c !== '');
}

export interface StarterRecord {
  /** The commit the starter was read from (abbreviated). */
  readonly commit: string;
  /** How that commit was chosen, in words, for the message reset prints. */
  readonly from: string;
}

/** The commit that records the course as the learner received it (see the header). */
export function starterCommit(): StarterRecord | undefined {
  const upstream = upstreamRef();
  if (upstream) {
    const base = git(['merge-base', 'HEAD', upstream]) ?? git(['rev-parse', upstream]);
    if (base)
      return {
        commit: base.slice(0, 10),
        from: `the course as published (${upstream.replace(/^refs\/remotes\//, '')}, commit ${base.slice(0, 10)})`,
      };
  }
  const head = git(['rev-parse', 'HEAD']);
  return head
    ? {
        commit: head.slice(0, 10),
        from: `your checkout's HEAD (commit ${head.slice(0, 10)}; there is no upstream remote)`,
      }
    : undefined;
}

/** The starter file as recorded at `starterCommit()`, or undefined if git has no record of it. */
export function pristineStarter(
  relativePath: string,
  record = starterCommit(),
): { source: string; commit: string } | undefined {
  if (!record) return undefined;
  const source = git(['show', `${record.commit}:${relativePath.replaceAll(path.sep, '/')}`], false);
  return source === undefined ? undefined : { source, commit: record.commit };
}

/** Backups live beside the progress log: .ferris/backups/<lesson>/ unless FERRIS_PROGRESS_LOG moves both. */
export function backupRoot(lessonSlug: string): string {
  return path.join(path.dirname(progressLogPath()), 'backups', lessonSlug);
}

/** Copies the learner's files to <backupRoot>/<time>/ and returns that folder. */
export function backup(lessonSlug: string, files: string[], from: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let dir = path.join(backupRoot(lessonSlug), stamp);
  for (let n = 2; existsSync(dir); n++) dir = path.join(backupRoot(lessonSlug), `${stamp}-${n}`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const source = path.join(from, f);
    if (existsSync(source)) copyFileSync(source, path.join(dir, f));
  }
  return dir;
}

/** The lesson's backups, oldest first (their names are timestamps). */
export function listBackups(lessonSlug: string): string[] {
  const root = backupRoot(lessonSlug);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d{4}-\d\d-\d\dT/.test(name))
    .sort();
}
