// The reference solution of a lesson, behind a spoiler. The code is rendered only once the reader
// opens it, so it is not in the page's HTML and never in the search index.
import React, { useId, useState } from 'react';
import CodeBlock from '@theme/CodeBlock';
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

export interface SolutionFile {
  /** The path in the repository: solutions/NN-slug/file.ts */
  readonly name: string;
  readonly code: string;
}

export default function FerrisSolution({
  lesson,
  files,
}: {
  lesson: string;
  files: SolutionFile[];
}): React.JSX.Element {
  const id = useId();
  const [open, setOpen] = useState(false);
  const number = lesson.slice(0, 2);
  return (
    <div className="ferris-solution" data-testid="solution">
      <p>
        The reference solution of this lesson: {files.length} file{files.length === 1 ? '' : 's'} from{' '}
        <code>solutions/{lesson}/</code>, the code the tests are checked against. Try the hints first; comparing your
        passing code with it afterwards is the best use of it. (In the terminal:{' '}
        <code>npm run course -- solution {number}</code>.)
      </p>
      <button
        type="button"
        className={`button ferris-solution__toggle ${open ? 'button--secondary' : 'button--primary'}`}
        aria-expanded={open}
        aria-controls={`${id}-code`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the reference solution' : 'Show the reference solution (spoiler)'}
      </button>
      <div id={`${id}-code`} className="ferris-solution__code" hidden={!open}>
        {open ? (
          <>
            {/* One tab per file, so a long solution is not a wall of stacked files. */}
            <Tabs className="ferris-solution__tabs">
              {files.map((f, i) => (
                <TabItem key={f.name} value={f.name} label={f.name.split('/').pop()!} default={i === 0}>
                  <CodeBlock language="ts" title={f.name} showLineNumbers>
                    {f.code}
                  </CodeBlock>
                </TabItem>
              ))}
            </Tabs>
            <button
              type="button"
              className="button button--secondary"
              aria-controls={`${id}-code`}
              onClick={() => setOpen(false)}
            >
              Hide the reference solution
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
