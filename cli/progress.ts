// The learner's progress: an append-only log of events, replayed to show where they stand.
// The course practises what it teaches: the log is the truth, the status is a projection.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './trees.mjs';
import { UsageError } from './errors.ts';

export type ProgressEvent =
  | { readonly type: 'started'; readonly lesson: string; readonly at: string }
  | { readonly type: 'passed'; readonly lesson: string; readonly at: string }
  | { readonly type: 'hint'; readonly lesson: string; readonly at: string; readonly level: number }
  | { readonly type: 'solution-viewed'; readonly lesson: string; readonly at: string }
  | { readonly type: 'reset'; readonly lesson: string; readonly at: string; readonly backup: string }
  // A review exercise (npm run course -- review NN): a mutant caught, a hint about one seen.
  | { readonly type: 'reviewed'; readonly lesson: string; readonly at: string; readonly mutant: string }
  | {
      readonly type: 'review-hint';
      readonly lesson: string;
      readonly at: string;
      /** A hash of the mutant's name, which would give the bug away. */
      readonly mutant: string;
      readonly level: number;
    };

export interface LessonProgress {
  status: 'not started' | 'in progress' | 'done';
  started?: string;
  passed?: string;
  hintsSeen: number;
  solutionViewed: boolean;
}

export function progressLogPath(): string {
  return process.env.FERRIS_PROGRESS_LOG ?? path.join(ROOT, '.ferris', 'progress.jsonl');
}

const TYPES = new Set(['started', 'passed', 'hint', 'solution-viewed', 'reset', 'reviewed', 'review-hint']);

/** Reads the log. A line that is not a valid event is a UsageError naming the line. */
export function readEvents(file = progressLogPath()): ProgressEvent[] {
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the progress log ${file}: ${(error as Error).message}.\n` +
        'Your lesson code is not affected. Fix the file permissions, or move the file away to start a new record.',
    );
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      event = undefined;
    }
    const e = event as Partial<ProgressEvent> | undefined;
    if (
      !e ||
      typeof e !== 'object' ||
      !TYPES.has(e.type ?? '') ||
      typeof e.lesson !== 'string' ||
      typeof e.at !== 'string'
    ) {
      throw new UsageError(
        `The progress log ${path.relative(process.cwd(), file)} has an unreadable line ${i + 1}: ${line.slice(0, 80)}\n` +
          'Your lesson code is not affected: the log only records progress. Delete or fix that line ' +
          '(each line is one JSON event), or move the file away to start a new record.',
      );
    }
    return [e as ProgressEvent];
  });
}

export function appendEvent(event: ProgressEvent, file = progressLogPath()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(event)}\n`);
}

/** The fold: every event applied in order to an empty state. */
export function replay(events: readonly ProgressEvent[]): Map<string, LessonProgress> {
  const state = new Map<string, LessonProgress>();
  for (const event of events) {
    const p = state.get(event.lesson) ?? { status: 'not started', hintsSeen: 0, solutionViewed: false };
    switch (event.type) {
      case 'started':
        p.started ??= event.at;
        if (p.status === 'not started') p.status = 'in progress';
        break;
      case 'passed':
        p.started ??= event.at;
        p.passed ??= event.at;
        p.status = 'done';
        break;
      case 'hint':
        p.hintsSeen = Math.max(p.hintsSeen, event.level);
        break;
      case 'solution-viewed':
        p.solutionViewed = true;
        break;
      case 'reset':
        p.status = 'in progress';
        p.passed = undefined;
        break;
    }
    state.set(event.lesson, p);
  }
  return state;
}

export function now(): string {
  return new Date().toISOString();
}

/** Records that the learner's tree passes a lesson, once per pass after a reset. */
export function recordPassed(lesson: string): boolean {
  const p = replay(readEvents()).get(lesson);
  if (p?.status === 'done') return false;
  appendEvent({ type: 'passed', lesson, at: now() });
  return true;
}

export function recordStarted(lesson: string): void {
  if (!replay(readEvents()).get(lesson)) appendEvent({ type: 'started', lesson, at: now() });
}
