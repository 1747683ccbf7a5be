// What `npm test` checks, as vitest projects: the reference, each starter, and each mutant.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { lessons, type Lesson } from './catalog.ts';
import { ROOT, type TreeMap } from './trees.mjs';
import type { Mutant } from '../test/mutant.ts';
import type { ReviewRole } from './review-check.ts';
import { reviewExampleChecks } from './review-examples.ts';
import { catcherInclude, readCatchers } from './mutant-catchers.ts';

export type CheckKind = 'reference' | 'starter' | 'mutant' | 'review';

export interface Check {
  /** The vitest project name; unique. */
  readonly name: string;
  readonly kind: CheckKind;
  readonly lesson?: Lesson;
  readonly mutant?: Mutant;
  /** A reference review test (test/review-examples/), run as one of cli/review-check.ts's runs. */
  readonly review?: { readonly example: string; readonly role: ReviewRole };
  readonly map: TreeMap;
  /** Test file globs, relative to the repo root. */
  readonly include: string[];
  /**
   * For a mutant: `include` is only the test file that caught it last time (cli/mutant-catchers.ts),
   * so if it is not caught there it must run again against all of the lesson's files.
   */
  readonly narrowed?: boolean;
  /**
   * Whether each test file gets fresh modules. Starters and mutants only need to fail, so they
   * share one module cache per check (much faster), unless the lesson's tests mock modules,
   * which could leak from one file into the next.
   */
  readonly isolate: boolean;
}

function mocksModules(lesson: Lesson): boolean {
  const dir = path.join(ROOT, 'test', lesson.slug);
  return readdirSync(dir).some(
    (f) => f.endsWith('.ts') && /\bvi\.(do)?mock\(/.test(readFileSync(path.join(dir, f), 'utf8')),
  );
}

const SOLUTIONS = path.join(ROOT, 'solutions');
const LESSONS = path.join(ROOT, 'lessons');
export const MUTANT_DIR = path.join(ROOT, '.ferris', 'check', 'mutants');

export async function loadMutants(lesson: Lesson): Promise<Mutant[]> {
  const file = path.join(ROOT, 'test', lesson.slug, 'mutants.ts');
  if (!existsSync(file)) return [];
  // tsImport: the config may be loaded by a plain `npx vitest`, without a TypeScript loader.
  const module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { mutants?: Mutant[] };
  return module.mutants ?? [];
}

/** Writes a copy of the lesson's reference with the mutant applied; returns the tree root. */
export function materializeMutant(
  lesson: Lesson,
  mutant: Mutant,
  index: number,
  tree = path.join(MUTANT_DIR, lesson.slug, String(index)),
): string {
  const folder = path.join(tree, lesson.slug);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  cpSync(path.join(SOLUTIONS, lesson.slug), folder, { recursive: true });
  const file = path.join(folder, mutant.file);
  if (!existsSync(file)) {
    throw new Error(
      `Mutant "${mutant.name}" of ${lesson.slug} names ${mutant.file}, which the reference does not have.`,
    );
  }
  const source = readFileSync(file, 'utf8');
  const count = source.split(mutant.find).length - 1;
  if (count !== 1) {
    throw new Error(
      `Mutant "${mutant.name}" of ${lesson.slug} no longer applies: its text occurs ${count} times in ${mutant.file} (it must occur once). Update test/${lesson.slug}/mutants.ts.`,
    );
  }
  writeFileSync(
    file,
    source.replace(mutant.find, () => mutant.replace),
  );
  return tree;
}

/**
 * FERRIS_CHECK_ONLY="01-wal-entry,02-serialization" limits the plan to those lessons.
 * FERRIS_CHECK_RERUN="mutant 03-recovery #4,..." makes the plan only those mutants, each against
 * all of its lesson's test files (the second pass of `npm test`, see cli/mutant-catchers.ts).
 */
export async function coursePlan(
  only = process.env.FERRIS_CHECK_ONLY,
  rerun = process.env.FERRIS_CHECK_RERUN,
): Promise<Check[]> {
  const wanted = only ? new Set(only.split(',')) : null;
  const again = rerun ? new Set(rerun.split(',')) : null;
  const all = lessons().filter(
    (l) => (!wanted || wanted.has(l.slug)) && (!again || [...again].some((name) => name.includes(` ${l.slug} #`))),
  );
  const catchers = readCatchers();
  const checks: Check[] = [];
  if (!again)
    checks.push({
      name: 'reference',
      kind: 'reference',
      map: { default: SOLUTIONS },
      include: wanted
        ? all.map((l) => `test/${l.slug}/**/*.test.ts`)
        : ['test/[0-9][0-9]-*/**/*.test.ts', 'test/support/**/*.test.ts'],
      isolate: true,
    });
  for (const lesson of all) {
    const include = [`test/${lesson.slug}/**/*.test.ts`];
    const isolate = mocksModules(lesson);
    if (!again)
      checks.push({
        name: `starter ${lesson.slug}`,
        kind: 'starter',
        lesson,
        map: { default: SOLUTIONS, lessons: { [lesson.slug]: LESSONS } },
        include,
        isolate,
      });
    const mutants = await loadMutants(lesson);
    const trees = mutants.map((mutant, i) => materializeMutant(lesson, mutant, i));
    mutants.forEach((mutant, i) => {
      const name = `mutant ${lesson.slug} #${i + 1}`;
      if (again && !again.has(name)) return;
      const catcher = again ? undefined : catcherInclude(catchers, lesson.slug, mutant.name);
      checks.push({
        name,
        kind: 'mutant',
        lesson,
        mutant,
        map: { default: SOLUTIONS, lessons: { [lesson.slug]: trees[i]! } },
        include: catcher ? [catcher] : include,
        narrowed: catcher !== undefined,
        isolate,
      });
    });
    if (!again) checks.push(...reviewExampleChecks(lesson, mutants, trees));
  }
  return checks;
}
