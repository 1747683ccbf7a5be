// The course's repository, as configured (FERRIS_REPO_URL, else package.json's `repository`; see
// website/README.md). Undefined when neither says, and then no repository link is shown.
import React from 'react';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';

export function useRepositoryHome(): string | undefined {
  const { siteConfig } = useDocusaurusContext();
  const home = siteConfig.customFields?.repositoryHome;
  return typeof home === 'string' && home ? home : undefined;
}

/** "the repository", a link to it when its address is known. */
export function RepositoryLink(): React.JSX.Element {
  const home = useRepositoryHome();
  return home ? (
    <a href={home} data-testid="repository-link">
      the repository
    </a>
  ) : (
    <>the repository</>
  );
}

/** The clone command: with the repository's address when it is known. */
export function cloneCommand(home: string | undefined): string {
  return home
    ? `git clone ${home}.git ferrisdb\ncd ferrisdb`
    : 'git clone <the address of the repository> ferrisdb\ncd ferrisdb';
}
