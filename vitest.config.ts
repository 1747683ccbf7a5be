// The learner's configuration: lesson tests against the tree in FERRIS_MAP (lessons/ by default).
// The course command sets FERRIS_MAP for --impl and --with-solutions. `npm test` uses
// vitest.course.config.ts instead (one project per check of cli/course-plan.ts), which checks
// solutions, starters and mutants in one run.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { courseTrees } from './cli/vite-plugin.ts';
import { treeMapFromEnv } from './cli/trees.mjs';

const map = treeMapFromEnv();
// Why this adapter instead of the package: see its header comment.
const fastCheckVitest = fileURLToPath(new URL('./test/fast-check-vitest.ts', import.meta.url));

export default defineConfig({
  plugins: [courseTrees(map)],
  resolve: { alias: { '@fast-check/vitest': fastCheckVitest } },
  test: {
    include: ['test/[0-9][0-9]-*/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    env: { FERRIS_MAP: JSON.stringify(map) },
    testTimeout: 30_000,
    // Worker threads start faster than child processes: it shows on every re-run in watch mode.
    pool: 'threads',
  },
});
