// The sidebar's lesson links, wrapped (not copied): a lesson the reader has done gets a check
// mark (CSS on .ferris-done) and "(done)" in its accessible name. Progress from useProgress, which
// renders the server's view first and the browser's marks after hydration.
import React from 'react';
import Original from '@theme-original/DocSidebarItem/Link';
import type { Props } from '@theme/DocSidebarItem/Link';
import { lessonOfHref } from '../../../components/progress';
import { useProgress } from '../../../components/useProgress';

export default function DocSidebarItemLink(props: Props): React.JSX.Element {
  const progress = useProgress();
  const lesson = lessonOfHref(props.item.href);
  const done = lesson ? progress.doneBecause(lesson) : undefined;
  if (!done) return <Original {...props} />;
  const item = { ...props.item, className: `${props.item.className ?? ''} ferris-done`.trim() };
  return <Original {...props} item={item} aria-label={`${props.item.label} (done)`} data-done={done} />;
}
