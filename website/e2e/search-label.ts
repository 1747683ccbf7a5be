// The search index's labels, read from the build (called from run.ts): a guide is labelled as a
// guide ("Guides"), never under "Lessons" (issue 15: "Lessons > Guides > Durability"), and a
// lesson under "Lessons" and its part.
import { readFileSync } from 'node:fs';
import path from 'node:path';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface IndexedDocument {
  readonly t: string;
  readonly u: string;
  readonly b?: readonly string[];
}

export async function searchLabels(build: string, guides: readonly string[], lesson: string): Promise<void> {
  const index = JSON.parse(readFileSync(path.join(build, 'search-index.json'), 'utf8')) as {
    documents: IndexedDocument[];
  }[];
  const documents = index.flatMap((part) => part.documents);
  for (const guide of guides) {
    const doc = documents.find((d) => d.u === guide);
    check(doc, `the search index has no page ${guide}`);
    check(
      JSON.stringify(doc.b) === JSON.stringify(['Guides']),
      `the search should label ${guide} "Guides", not ${JSON.stringify(doc.b)}`,
    );
  }
  const page = documents.find((d) => d.u === lesson);
  check(page, `the search index has no page ${lesson}`);
  check(page.b?.[0] === 'Lessons', `the search should label ${lesson} under "Lessons", not ${JSON.stringify(page.b)}`);
}
