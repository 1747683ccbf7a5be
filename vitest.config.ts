// The learner's configuration: lesson tests against the tree in FERRIS_MAP (lessons/ by default).
// The course command sets FERRIS_MAP for --impl and --with-solutions; `npm test` uses
// cli/course-projects.ts instead, which checks solutions, starters and mutants in one run.
import { defineConfig } from 'vitest/config';
import { courseTrees } from './cli/vite-plugin.ts';
import { treeMapFromEnv } from './cli/trees.mjs';

const map = treeMapFromEnv();

export default defineConfig({
  plugins: [courseTrees(map)],
  test: {
    include: ['test/[0-9][0-9]-*/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    env: { FERRIS_MAP: JSON.stringify(map) },
    testTimeout: 30_000,
  },
});
