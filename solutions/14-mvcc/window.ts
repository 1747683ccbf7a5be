/**
 * Lesson 14: the versions in memory. Every mutation applied since the durable version is kept
 * here with its version, until makeDurable has written its effect into the engine.
 *
 * Two lists answer "what did this key hold at version v?": the sets of each key, and the range
 * clears, which can cover keys memory has never seen (keys only on disk). Each change carries an `order`, counting every mutation ever
 * applied, so that within one version a later mutation beats an earlier one.
 */
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
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
  return compareBytes(key, begin) >= 0 && compareBytes(key, end) < 0;
}

const UNKNOWN: Lookup = { kind: 'unknown' };
const CLEARED: Lookup = { kind: 'cleared' };

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
    let sets = 0;
    for (const history of this.keys.values()) sets += history.changes.length;
    return sets + this.clears.length;
  }

  /** Records `mutation` at `version`. The caller checked and copied it, and versions only grow. */
  add(version: number, mutation: Mutation): void {
    const order = this.nextOrder++;
    if (mutation.type === 'clear') {
      this.clears.push({ version, order, begin: mutation.begin, end: mutation.end });
      return;
    }
    const id = hexOf(mutation.key);
    let history = this.keys.get(id);
    if (history === undefined) {
      history = { key: mutation.key, changes: [] };
      this.keys.set(id, history);
    }
    history.changes.push({ version, order, value: mutation.value });
  }

  /**
   * What `key` held at `version` as far as memory knows: the newest set at or below `version`,
   * unless a later range clear at or below `version` covers the key.
   */
  lookup(key: Uint8Array, version: number): Lookup {
    const changes = this.keys.get(hexOf(key))?.changes ?? [];
    let set: KeyChange | undefined;
    for (let i = changes.length - 1; i >= 0; i--) {
      if (changes[i]!.version <= version) {
        set = changes[i];
        break;
      }
    }
    for (let i = this.clears.length - 1; i >= 0; i--) {
      const clear = this.clears[i]!;
      if (set !== undefined && clear.order < set.order) break;
      if (clear.version <= version && inRange(key, clear.begin, clear.end)) return CLEARED;
    }
    return set === undefined ? UNKNOWN : { kind: 'value', value: set.value };
  }

  /** The keys memory holds sets of in [begin, end), in key order (the store's own arrays: copy before handing out). */
  keysIn(begin: Uint8Array, end: Uint8Array): Uint8Array[] {
    const found: Uint8Array[] = [];
    for (const { key } of this.keys.values()) if (inRange(key, begin, end)) found.push(key);
    return found.sort(compareBytes);
  }

  /** The keys with a set at or below `version`. */
  keysSetUpTo(version: number): Uint8Array[] {
    const found: Uint8Array[] = [];
    for (const { key, changes } of this.keys.values()) if (changes[0]!.version <= version) found.push(key);
    return found;
  }

  /** The range clears at or below `version`, oldest first. */
  clearsUpTo(version: number): RangeClear[] {
    return this.clears.filter((clear) => clear.version <= version);
  }

  /**
   * Forgets every mutation at or below `version`: the engine holds their effect now. Builds new
   * lists rather than changing the old ones in place.
   */
  forgetUpTo(version: number): void {
    const keys = new Map<string, KeyHistory>();
    for (const [id, { key, changes }] of this.keys) {
      const kept = changes.filter((change) => change.version > version);
      if (kept.length > 0) keys.set(id, { key, changes: kept });
    }
    this.keys = keys;
    this.clears = this.clears.filter((clear) => clear.version > version);
  }
}
