// The configuration of `npm run course -- review NN --check`: one vitest project per run of
// cli/review-check.ts, handed over in FERRIS_REVIEW_RUNS (JSON: name, map, include).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { courseTrees } from './vite-plugin.ts';
import type { NamedRun } from './review-run.ts';

const runs = JSON.parse(process.env.FERRIS_REVIEW_RUNS ?? '[]') as NamedRun[];
// Why this adapter instead of the package: see its header comment.
const fastCheckVitest = fileURLToPath(new URL('../test/fast-check-vitest.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    projects: runs.map((run) => ({
      root,
      plugins: [courseTrees(run.map)],
      resolve: { alias: { '@fast-check/vitest': fastCheckVitest } },
      test: {
        name: run.name,
        include: run.include,
        setupFiles: ['test/setup.ts'],
        env: { FERRIS_MAP: JSON.stringify(run.map) },
        testTimeout: 30_000,
      },
    })),
  },
});
