// `npm test`'s configuration: one vitest project per check in cli/course-plan.ts.
import { defineConfig } from 'vitest/config';
import { courseTrees } from './cli/vite-plugin.ts';
import { coursePlan } from './cli/course-plan.ts';

const checks = await coursePlan();

export default defineConfig({
  test: {
    projects: checks.map((check) => ({
      plugins: [courseTrees(check.map)],
      test: {
        name: check.name,
        include: check.include,
        setupFiles: ['test/setup.ts'],
        env: { FERRIS_MAP: JSON.stringify(check.map) },
        testTimeout: 60_000,
      },
    })),
  },
});
