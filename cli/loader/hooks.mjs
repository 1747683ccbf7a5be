// Node module-resolution hooks for `@ferris/...` and `@support/...` (see ../trees.mjs), so that
// scripts, benchmarks, child processes and worker_threads resolve lessons as the tests do.
// The tree map comes from `register(..., { data: { map } })` or else FERRIS_MAP.
import { pathToFileURL } from 'node:url';
import { resolveCourseSpecifier, treeMapFromEnv } from '../trees.mjs';

let map;

export async function initialize(data) {
  if (data?.map) map = data.map;
}

export async function resolve(specifier, context, nextResolve) {
  const file = resolveCourseSpecifier(specifier, map ?? treeMapFromEnv());
  if (file) {
    const resolved = await nextResolve(pathToFileURL(file).href, context);
    // Lesson code is ES modules wherever it lives (an --impl folder may have no package.json).
    return file.endsWith('.ts') ? { ...resolved, format: 'module' } : resolved;
  }
  return nextResolve(specifier, context);
}
