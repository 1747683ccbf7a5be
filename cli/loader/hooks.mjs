// Node module-resolution hooks for `@ferris/...` and `@support/...` (see ../trees.mjs), so that
// scripts, benchmarks, child processes and worker_threads resolve lessons as the tests do.
import { pathToFileURL } from 'node:url';
import { resolveCourseSpecifier, treeMapFromEnv } from '../trees.mjs';

export async function resolve(specifier, context, nextResolve) {
  const file = resolveCourseSpecifier(specifier, treeMapFromEnv());
  if (file) return nextResolve(pathToFileURL(file).href, context);
  return nextResolve(specifier, context);
}
