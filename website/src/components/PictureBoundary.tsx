// Around every picture (plugins/remark-lesson.ts and /pictures put it there): an error a picture
// throws while drawing becomes a message in its place instead of a blank page. With
// `npm run docs -- --mine` the pictures run the learner's code, where a starter's NotImplemented
// is the usual cause, so that case says which function is still to write; and the pictures are
// drawn only in the browser, so a build never runs (or hangs in) the learner's unfinished code.
import React from 'react';
import useIsBrowser from '@docusaurus/useIsBrowser';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { CourseData } from '../../plugins/course-plugin';
import { errorText } from './PictureFrame';

interface Props {
  /** The picture's file name, for the message. */
  readonly name: string;
  readonly children: React.ReactNode;
}

interface State {
  readonly error?: unknown;
}

/** What the reader sees for a picture that stopped. */
export function stoppedMessage(name: string, error: unknown): { headline: string; detail: string; advice: string } {
  const starter = error instanceof Error && error.name === 'NotImplemented';
  return starter
    ? {
        headline: `The picture "${name}" reached code that is still a starter.`,
        detail: errorText(error),
        advice:
          'Write that function (its lesson tests tell you when it is right), then reload this page. ' +
          'To see the reference instead, run npm run docs without --mine.',
      }
    : {
        headline: `The picture "${name}" stopped with an error.`,
        detail: errorText(error),
        advice: 'Reload the page to start it again.',
      };
}

export default function PictureBoundary({ name, children }: Props): React.JSX.Element {
  const { tree } = usePluginData('ferris-course') as CourseData;
  const isBrowser = useIsBrowser();
  if (tree.mode === 'mine' && !isBrowser) {
    return (
      <p className="ferris-picture ferris-picture--waiting" data-testid="picture-waiting">
        The picture "{name}" runs your own code: it starts once the page has loaded in your browser.
      </p>
    );
  }
  return <Boundary name={name}>{children}</Boundary>;
}

class Boundary extends React.Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override render(): React.ReactNode {
    if (this.state.error === undefined) return this.props.children;
    const message = stoppedMessage(this.props.name, this.state.error);
    return (
      <div className="ferris-picture ferris-picture--stopped" role="alert" data-testid="picture-stopped">
        <p>
          <strong>{message.headline}</strong>
        </p>
        <pre className="ferris-picture__error">{message.detail}</pre>
        <p>{message.advice}</p>
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={() => this.setState({ error: undefined })}
        >
          Try again
        </button>
      </div>
    );
  }
}
