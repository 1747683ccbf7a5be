// `npm test`'s configuration: one vitest project per check in cli/course-plan.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { courseTrees } from './cli/vite-plugin.ts';
import { coursePlan } from './cli/course-plan.ts';

const checks = await coursePlan();
// Why this adapter instead of the package: see its header comment.
const fastCheckVitest = fileURLToPath(new URL('./test/fast-check-vitest.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: checks.map((check) => ({
      plugins: [courseTrees(check.map)],
      resolve: { alias: { '@fast-check/vitest': fastCheckVitest } },
      test: {
        name: check.name,
        include: check.include,
        setupFiles: ['test/setup.ts'],
        env: { FERRIS_MAP: JSON.stringify(check.map), FERRIS_CHECK_KIND: check.kind },
        testTimeout: 60_000,
        isolate: check.isolate,
        // Threads start faster than child processes, and the check starts one per test file of
        // every mutant: 1,145 s of lesson tests became 881 s here.
        pool: 'threads',
      },
    })),
  },
});
