import type { Plugin } from 'vite';
import { resolveCourseSpecifier, type TreeMap } from './trees.mjs';

/** Resolves `@ferris/NN-slug/...` and `@support/...` imports through a tree map. */
export function courseTrees(map: TreeMap): Plugin {
  return {
    name: 'ferris-course-trees',
    enforce: 'pre',
    resolveId(source) {
      return resolveCourseSpecifier(source, map);
    },
  };
}
