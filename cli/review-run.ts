// Runs named vitest projects (each a tree map and test files) in one vitest process, quietly,
// and returns the test modules of each. The review check's runs go through here.
import path from 'node:path';
import { createVitest } from 'vitest/node';
import type { TestModule } from 'vitest/node';
import { ROOT, type TreeMap } from './trees.mjs';

export interface NamedRun {
  readonly name: string;
  readonly map: TreeMap;
  readonly include: string[];
}

export async function runProjects(runs: readonly NamedRun[]): Promise<Map<string, TestModule[]>> {
  process.env.FERRIS_REVIEW_RUNS = JSON.stringify(runs);
  const vitest = await createVitest('test', {
    config: path.join(ROOT, 'cli', 'review.vitest.config.ts'),
    root: ROOT,
    watch: false,
    reporters: [{}],
  });
  try {
    const result = await vitest.start();
    const byRun = new Map<string, TestModule[]>(runs.map((r) => [r.name, []]));
    for (const module of result.testModules) byRun.get(module.project.name)?.push(module);
    return byRun;
  } finally {
    await vitest.close();
  }
}
