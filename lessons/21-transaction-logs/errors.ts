/**
 * Lesson 21, given: how a transaction log refuses a request, and how it reports a damaged disk.
 */
import { CorruptionError } from '@support/corruption-error.ts';
import type { Tag } from '@ferris/20-sequencer/protocol.ts';

/**
 * A push that does not fit the log's chain of versions: its `prevVersion` is not the version
 * the log holds last, and it is not a repeat of a version the log holds. A commit proxy that
 * gets this has a bug (or is talking to the wrong log): retrying cannot help.
 */
export class VersionChainError extends Error {
  override readonly name = 'VersionChainError';
  constructor(
    readonly log: string,
    readonly version: number,
    readonly prevVersion: number,
    detail: string,
  ) {
    super(
      `Transaction log ${log} refuses the push of version ${version} after ${prevVersion}: ${detail}. ` +
        'Each version must be pushed after the version handed out just before it; check what the sequencer gave out.',
    );
  }
}

/** A push, peek or pop names a tag that this log does not serve (the tags are given at boot). */
export class UnknownTagError extends Error {
  override readonly name = 'UnknownTagError';
  constructor(
    readonly log: string,
    readonly tag: Tag,
    readonly served: readonly Tag[],
  ) {
    super(
      `Transaction log ${log} does not serve tag ${tag}; it serves ${served.join(', ') || 'no tags'}. ` +
        'Boot the log with every storage tag of the cluster.',
    );
  }
}

/** A request whose numbers are not versions: whole numbers, 0 or more, `version` above `prevVersion`. */
export class BadLogRequestError extends Error {
  override readonly name = 'BadLogRequestError';
  constructor(
    readonly log: string,
    detail: string,
  ) {
    super(`Transaction log ${log} got a malformed request: ${detail}. Send whole, non-negative version numbers.`);
  }
}

/** The check a log file failed: a record's header, one of its ops, or the chain of versions. */
export type LogRecordCheck = 'header' | 'op' | 'chain';

/**
 * The log's files hold whole frames that are not whole records, or records that do not follow
 * each other. A crash cannot do this (it only cuts the end of a file): the disk or a bug did.
 */
export class CorruptLogRecordError extends CorruptionError<LogRecordCheck> {
  override readonly name = 'CorruptLogRecordError';
  constructor(file: string, check: LogRecordCheck, detail: string) {
    super(`Transaction log file ${file} is malformed (${check} check failed): ${detail}.`, {
      file,
      check,
      advice: 'Keep the files; this log cannot be trusted. Rebuild it from another log replica.',
    });
  }
}
