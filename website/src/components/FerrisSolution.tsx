// The reference solution of a lesson, behind a spoiler. The code is rendered only once the reader
// opens it, so it is not in the page's HTML and never in the search index.
import React, { useId, useState } from 'react';
import CodeBlock from '@theme/CodeBlock';

export interface SolutionFile {
  /** The path in the repository: solutions/NN-slug/file.ts */
  readonly name: string;
  readonly code: string;
}

export default function FerrisSolution({ lesson, files }: { lesson: string; files: SolutionFile[] }): React.JSX.Element {
  const id = useId();
  const [open, setOpen] = useState(false);
  const number = lesson.slice(0, 2);
  return (
    <div className="ferris-solution" data-testid="solution">
      <p>
        The reference solution of this lesson: {files.length} file{files.length === 1 ? '' : 's'} from{' '}
        <code>solutions/{lesson}/</code>, the code the tests are checked against. Try the hints first; comparing your passing code
        with it afterwards is the best use of it. (In the terminal: <code>npm run course -- solution {number}</code>.)
      </p>
      <button
        type="button"
        className={`button ${open ? 'button--secondary' : 'button--warning'}`}
        aria-expanded={open}
        aria-controls={`${id}-code`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the reference solution' : 'Show the reference solution (spoiler)'}
      </button>
      <div id={`${id}-code`} className="ferris-solution__code" hidden={!open}>
        {open
          ? files.map((f) => (
              <CodeBlock key={f.name} language="ts" title={f.name} showLineNumbers>
                {f.code}
              </CodeBlock>
            ))
          : null}
      </div>
    </div>
  );
}
