/**
 * Lesson 21, given: the checks a log makes on a request before it does anything, and the copy
 * it makes of a push. A request from the wire is data nobody vouched for.
 */
import type { LogOp, LogPushRequest, Tag, TaggedOps } from '@ferris/20-sequencer/protocol.ts';
import { BadLogRequestError } from './errors.ts';

/** The largest tag: the files hold a tag in 4 bytes. */
export const MAX_TAG = 2 ** 32 - 1;

/** Throws BadLogRequestError unless `value` is a whole number, 0 or more. */
export function checkVersion(value: unknown, field: string, log: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new BadLogRequestError(log, `${field} is ${String(value)}, not a whole number 0 or more`);
  }
}

/** Throws RangeError unless the tags are distinct whole numbers in 0..MAX_TAG. */
export function checkTags(tags: readonly Tag[]): void {
  if (!Array.isArray(tags)) throw new RangeError('transactionLog({ tags }) needs the list of tags the log serves.');
  for (const tag of tags) {
    if (!Number.isInteger(tag) || tag < 0 || tag > MAX_TAG) {
      throw new RangeError(`A tag is a whole number in 0..${MAX_TAG}, not ${String(tag)}.`);
    }
  }
  if (new Set(tags).size !== tags.length) throw new RangeError(`The tags ${tags.join(', ')} name one tag twice.`);
}

/**
 * Checks a push: versions (version above prevVersion), each tag served (`checkTag` throws if
 * not) and named once, each with at least one op.
 */
export function checkPush(request: LogPushRequest, log: string, checkTag: (tag: Tag) => void): void {
  checkVersion(request.prevVersion, 'prevVersion', log);
  checkVersion(request.version, 'version', log);
  if (request.version <= request.prevVersion) {
    throw new BadLogRequestError(log, `version ${request.version} is not above prevVersion ${request.prevVersion}`);
  }
  if (!Array.isArray(request.messages)) throw new BadLogRequestError(log, 'messages is not a list');
  const seen = new Set<Tag>();
  for (const { tag, ops } of request.messages) {
    checkTag(tag);
    if (seen.has(tag)) throw new BadLogRequestError(log, `tag ${tag} appears twice in version ${request.version}`);
    seen.add(tag);
    if (!Array.isArray(ops) || ops.length === 0) {
      throw new BadLogRequestError(log, `tag ${tag} has no ops in version ${request.version} (leave such tags out)`);
    }
  }
}

/** A copy of `op` that shares no bytes with it (a view copies only the bytes it shows). */
export function copyOp(op: LogOp): LogOp {
  switch (op.kind) {
    case 'set':
      return { kind: 'set', key: op.key.slice(), value: op.value.slice() };
    case 'clear':
      return { kind: 'clear', begin: op.begin.slice(), end: op.end.slice() };
    case 'atomic':
      return { kind: 'atomic', op: op.op, key: op.key.slice(), param: op.param.slice() };
  }
}

/** A copy of a push's messages that shares nothing with it. */
export function copyMessages(request: LogPushRequest): TaggedOps[] {
  return request.messages.map(({ tag, ops }) => ({ tag, ops: ops.map(copyOp) }));
}
