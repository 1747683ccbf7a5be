// Which test file caught each mutant the last time `npm test` ran it (test/mutant-catchers.json).
//
// A mutant only has to fail one test, yet running it against all of its lesson's test files is
// most of `npm test`'s time. So the check runs each mutant against the one file that caught it
// last time, and only a mutant that file no longer catches is run again against every file. The
// proof is the same (some test of the lesson fails against the mutant); the record only chooses
// where to look first, as mutation testers such as Stryker do with their incremental mode. A local
// `npm test` keeps the record up to date; CI only reads it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './trees.mjs';

export const CATCHERS_FILE = path.join(ROOT, 'test', 'mutant-catchers.json');

/** Lesson slug -> mutant name -> test file, relative to test/<slug>/. */
export type Catchers = Record<string, Record<string, string>>;

export function readCatchers(file = CATCHERS_FILE): Catchers {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Catchers;
  } catch {
    return {}; // A damaged record only costs time: every mutant runs against every file.
  }
}

/** The recorded catcher of a mutant as an include glob, if that test file still exists. */
export function catcherInclude(catchers: Catchers, slug: string, mutantName: string): string | undefined {
  const file = catchers[slug]?.[mutantName];
  if (!file || !existsSync(path.join(ROOT, 'test', slug, file))) return undefined;
  return `test/${slug}/${file}`;
}

/** Writes the record with sorted keys (a stable diff); returns whether anything changed. */
export function writeCatchers(catchers: Catchers, file = CATCHERS_FILE): boolean {
  const sorted: Catchers = {};
  for (const slug of Object.keys(catchers).sort()) {
    const entries = Object.entries(catchers[slug]!).sort(([a], [b]) => a.localeCompare(b));
    sorted[slug] = Object.fromEntries(entries);
  }
  const text = `${JSON.stringify(sorted, null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}
