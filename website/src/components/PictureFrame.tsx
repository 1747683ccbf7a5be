// The frame every interactive picture sits in: a <figure> with a visible caption (the picture's
// text alternative), so pictures look alike and stay accessible. Pictures contain no headings, so
// they fit under any heading of the page that shows them. When the site runs the learner's own
// code (`npm run docs -- --mine`), every frame says so, and which lessons still run the reference.
import React from 'react';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { CourseData } from '../../plugins/course-plugin';
import { treeNote } from './tree-note';

export interface PictureFrameProps {
  /** A short name, shown above the picture: "WAL entry inspector". */
  readonly title: string;
  /** What the picture shows and how to use it, in a sentence or two. */
  readonly caption: React.ReactNode;
  readonly className?: string;
  readonly children: React.ReactNode;
}

export function PictureFrame({ title, caption, className, children }: PictureFrameProps): React.JSX.Element {
  const { tree } = usePluginData('ferris-course') as CourseData;
  const note = treeNote(tree.lessons);
  return (
    <figure className={`ferris-picture ${className ?? ''}`} data-picture={title}>
      <figcaption className="ferris-picture__caption">
        <span className="ferris-picture__title">{title}</span>
        <span className="ferris-picture__badge">interactive</span>
        <span className="ferris-picture__text">{caption}</span>
        {note ? (
          <span className="ferris-picture__tree" data-testid="picture-tree">
            <strong>Your code.</strong> {note.mine}
            {note.reference ? ` ${note.reference}` : ''}
          </span>
        ) : null}
      </figcaption>
      <div className="ferris-picture__body">{children}</div>
    </figure>
  );
}

/** "ErrorName: message", for showing an error the reference code threw. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
