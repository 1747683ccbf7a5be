// The progress hook: which lessons show as done, for the sidebar, the course map and the lesson
// page's "Mark this lesson done" button. The logic is in progress.ts; this file only connects it
// to localStorage and React.
//
// Hydration: the server cannot see the reader's localStorage, so the first render (on the server
// and while the browser hydrates) shows only what the server knew, the progress log's passes.
// useSyncExternalStore's server snapshot gives exactly that; React then re-renders with the
// browser's marks after hydration, without a mismatch.
import { useSyncExternalStore } from 'react';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { CourseData } from '../../plugins/course-plugin';
import { PROGRESS_KEY, doneLessons, parseStored, serializeStored, withMark, type DoneBecause } from './progress';

const NOTHING: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
let cached: { raw: string | null; marked: ReadonlySet<string> } | undefined;

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(PROGRESS_KEY);
  } catch {
    return null; // storage disabled (a private window, a policy): nothing is marked
  }
}

function marked(): ReadonlySet<string> {
  const raw = readRaw();
  if (!cached || cached.raw !== raw) cached = { raw, marked: parseStored(raw) };
  return cached.marked;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab marked a lesson.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === PROGRESS_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Marks or unmarks a lesson in this browser; every component showing progress updates. */
export function markLesson(lesson: string, on: boolean): void {
  try {
    window.localStorage.setItem(PROGRESS_KEY, serializeStored(withMark(marked(), lesson, on)));
  } catch {
    return; // storage disabled: the mark cannot be kept, so it is not shown either
  }
  for (const listener of listeners) listener();
}

export interface Progress {
  /** Why a lesson shows as done, or undefined when it does not. */
  doneBecause(lesson: string): DoneBecause | undefined;
  mark(lesson: string, on: boolean): void;
}

export function useProgress(): Progress {
  const { passed } = usePluginData('ferris-course') as CourseData;
  const browser = useSyncExternalStore(subscribe, marked, () => NOTHING);
  const done = doneLessons(passed, browser);
  return { doneBecause: (lesson) => done.get(lesson), mark: markLesson };
}
