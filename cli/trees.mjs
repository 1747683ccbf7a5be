// Which tree each lesson's code comes from.
//
// Lesson code imports other lessons through one alias, `@ferris/NN-slug/file.ts`, and the course's
// shared support code through `@support/file.ts`. A "tree map" says, per lesson folder, which
// tree (lessons/, solutions/, a mutant, or any folder laid out like solutions/) serves it. The map
// travels in the FERRIS_MAP environment variable so that vitest workers, worker_threads and
// child processes all resolve the same way. Plain JavaScript, because Node's loader hooks load it
// before any TypeScript loader is in place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ default: string, lessons?: Record<string, string> }} TreeMap
 * `default` serves every lesson not named in `lessons`; paths are absolute.
 */

/** @returns {TreeMap} */
export function treeMapFromEnv(env = process.env) {
  const raw = env.FERRIS_MAP;
  if (!raw) return { default: path.join(ROOT, 'lessons') };
  return JSON.parse(raw);
}

/**
 * @param {TreeMap} map
 * @param {string} lesson
 */
export function treeFor(map, lesson) {
  return map.lessons?.[lesson] ?? map.default;
}

/** A file a lesson imports is missing from the tree that serves that lesson. */
export class MissingLessonFileError extends Error {
  /** @param {string} file @param {string} specifier @param {string} lesson */
  constructor(file, specifier, lesson) {
    super(
      `The lesson folder ${path.relative(process.cwd(), path.dirname(file)) || path.dirname(file)} ` +
        `has no file ${path.basename(file)} (imported as ${specifier}). ` +
        `Restore the starter with: npm run course -- reset ${lesson.slice(0, 2)}`,
    );
    this.name = 'MissingLessonFileError';
  }
}

const FERRIS = /^@ferris\/(\d\d-[a-z0-9-]+)\/(.+)$/;
const SUPPORT = /^@support\/(.+)$/;

/**
 * Maps an import specifier to an absolute file path, or returns null if it is not ours.
 * @param {string} specifier
 * @param {TreeMap} map
 * @returns {string | null}
 */
export function resolveCourseSpecifier(specifier, map) {
  const support = SUPPORT.exec(specifier);
  if (support) return path.join(ROOT, 'support', support[1]);
  const m = FERRIS.exec(specifier);
  if (!m) return null;
  const [, lesson, file] = m;
  const resolved = path.join(treeFor(map, lesson), lesson, file);
  if (!existsSync(resolved)) throw new MissingLessonFileError(resolved, specifier, lesson);
  return resolved;
}
