/**
 * Lesson 14: what one version changes, and the errors of the versioned store. Given code.
 *
 * A version's mutations are the commit log's unit (lesson 16 writes them there): set a key to a
 * value, or clear every key in [begin, end). They apply in the order given, so within one version
 * a set after a clear of its key wins, and a clear after a set removes it.
 */
import { checkRange, checkUserKey, checkValue } from './keys.ts';

/** Sets `key` to `value`. */
export interface SetMutation {
  readonly type: 'set';
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Removes every key in [begin, end): begin included, end excluded. */
export interface ClearRangeMutation {
  readonly type: 'clear';
  readonly begin: Uint8Array;
  readonly end: Uint8Array;
}

export type Mutation = SetMutation | ClearRangeMutation;

/** A key and its value, as a range read returns them. */
export interface KeyValue {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Throws (TypeError, RangeError or FdbError) unless `mutation` is a well-formed set or clear of user keys. */
export function checkMutation(mutation: Mutation, where: string): void {
  if (mutation?.type === 'set') {
    checkUserKey(mutation.key, where);
    checkValue(mutation.value, where);
  } else if (mutation?.type === 'clear') {
    checkRange(mutation.begin, mutation.end, where);
  } else {
    throw new TypeError(`${where}: a mutation is { type: 'set', key, value } or { type: 'clear', begin, end }.`);
  }
}

/** A copy of `mutation` that shares no bytes with it: the caller may change theirs afterwards. */
export function copyMutation(mutation: Mutation): Mutation {
  return mutation.type === 'set'
    ? { type: 'set', key: Uint8Array.from(mutation.key), value: Uint8Array.from(mutation.value) }
    : { type: 'clear', begin: Uint8Array.from(mutation.begin), end: Uint8Array.from(mutation.end) };
}

/** apply() was given a version that is not after the latest one. */
export class VersionOrderError extends RangeError {
  override readonly name = 'VersionOrderError';
  constructor(
    readonly version: number,
    readonly latestVersion: number,
  ) {
    super(
      `apply(${version}): versions must be whole numbers that strictly increase, and the latest version is ${latestVersion}. ` +
        'Apply each commit version once, in commit order.',
    );
  }
}

/** makeDurable() was asked for a version it may not make durable. */
export class DurableTargetError extends RangeError {
  override readonly name = 'DurableTargetError';
  constructor(
    readonly upTo: number,
    readonly durableVersion: number,
    readonly oldestVersion: number,
  ) {
    super(
      `makeDurable(${upTo}): the target must be a whole number from the durable version (${durableVersion}) to the oldest ` +
        `readable version (${oldestVersion}). Versions above the oldest are still inside the MVCC window, and reads there need them in memory.`,
    );
  }
}
