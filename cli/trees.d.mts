export declare const ROOT: string;
export interface TreeMap {
  default: string;
  lessons?: Record<string, string>;
}
export declare function treeMapFromEnv(env?: NodeJS.ProcessEnv): TreeMap;
export declare function treeFor(map: TreeMap, lesson: string): string;
export declare class MissingLessonFileError extends Error {}
export declare function resolveCourseSpecifier(specifier: string, map: TreeMap): string | null;
