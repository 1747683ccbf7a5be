/**
 * Lesson 14: the versions in memory. Every mutation applied since the durable version is kept
 * here with its version, until makeDurable has written its effect into the engine.
 *
 * Two lists answer "what did this key hold at version v?": the sets of each key, and the range
 * clears, which can cover keys memory has never seen (keys only on disk). Each change carries an
 * `order`, counting every mutation ever applied, so that within one version a later mutation
 * beats an earlier one.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { hexOf } from './keys.ts';
import type { Mutation } from './mutation.ts';

/** A set of one key, at a version. */
export interface KeyChange {
  readonly version: number;
  readonly order: number;
  readonly value: Uint8Array;
}

/** A clear of [begin, end), at a version. */
export interface RangeClear {
  readonly version: number;
  readonly order: number;
  readonly begin: Uint8Array;
  readonly end: Uint8Array;
}

/** What memory knows of a key at a version: its value, that it was cleared, or nothing (ask the engine). */
export type Lookup =
  | { readonly kind: 'value'; readonly value: Uint8Array }
  | { readonly kind: 'cleared' }
  | { readonly kind: 'unknown' };

/** Whether `key` is in [begin, end): begin included, end excluded. */
export function inRange(key: Uint8Array, begin: Uint8Array, end: Uint8Array): boolean {
  // TODO: compare with compareBytes (lesson 05). The end is excluded.
  void compareBytes;
  throw new NotImplemented('14-mvcc', 'inRange()');
}

interface KeyHistory {
  readonly key: Uint8Array;
  /** Oldest first. */
  readonly changes: KeyChange[];
}

export class VersionWindow {
  private keys = new Map<string, KeyHistory>();
  /** Oldest first. */
  private clears: RangeClear[] = [];
  private nextOrder = 0;

  /** How many mutations memory holds (sets and range clears). */
  get size(): number {
    // TODO: the sets of every key, plus the range clears.
    throw new NotImplemented('14-mvcc', 'VersionWindow.size');
  }

  /** Records `mutation` at `version`. The caller checked and copied it, and versions only grow. */
  add(version: number, mutation: Mutation): void {
    // TODO: give the mutation the next order number.
    // TODO: a clear goes to this.clears; a set goes to its key's history in this.keys (keyed by
    //       hexOf(key)), created on the first set of that key.
    void hexOf;
    throw new NotImplemented('14-mvcc', 'VersionWindow.add()');
  }

  /**
   * What `key` held at `version` as far as memory knows: the newest set at or below `version`,
   * unless a later range clear at or below `version` covers the key.
   */
  lookup(key: Uint8Array, version: number): Lookup {
    // TODO: find the key's newest set with a version at or below `version` (not simply its newest).
    // TODO: look for a range clear at or below `version` that covers the key and came after that
    //       set (compare `order`: in one version, the mutation applied later wins).
    // TODO: cleared, the set's value, or unknown when memory knows nothing of the key at `version`.
    throw new NotImplemented('14-mvcc', 'VersionWindow.lookup()');
  }

  /** The keys memory holds sets of in [begin, end), in key order (the store's own arrays: copy before handing out). */
  keysIn(begin: Uint8Array, end: Uint8Array): Uint8Array[] {
    // TODO: every key in this.keys inside the range, sorted with compareBytes.
    throw new NotImplemented('14-mvcc', 'VersionWindow.keysIn()');
  }

  /** The keys with a set at or below `version`. */
  keysSetUpTo(version: number): Uint8Array[] {
    // TODO: a key's oldest change is the first of its list.
    throw new NotImplemented('14-mvcc', 'VersionWindow.keysSetUpTo()');
  }

  /** The range clears at or below `version`, oldest first. */
  clearsUpTo(version: number): RangeClear[] {
    // TODO
    throw new NotImplemented('14-mvcc', 'VersionWindow.clearsUpTo()');
  }

  /**
   * Forgets every mutation at or below `version`: the engine holds their effect now. Builds new
   * lists rather than changing the old ones in place.
   */
  forgetUpTo(version: number): void {
    // TODO: keep only the changes above `version`; drop a key whose list becomes empty.
    // TODO: the same for the range clears.
    throw new NotImplemented('14-mvcc', 'VersionWindow.forgetUpTo()');
  }
}
