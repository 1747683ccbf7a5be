/**
 * Lesson 13: the memtable's versions in typed arrays (README, "A skip list in typed arrays").
 *
 *   const memtable = () => new MemTable({ versions: new ArenaSkipList() });
 *   const db = await openDb(fs, 'db', { ...options, memtable });
 *
 * Lesson 04's skip list makes four objects per version: the node, its array of links, the
 * internal key and the key's bytes. A search through a memtable of 30,000 versions visits about
 * thirty nodes, and each visit follows pointers to three or four of those objects, scattered over
 * the heap: cache misses, and objects the collector must trace. This is the same skip list with
 * every node a number: its key bytes sit in one byte arena, its sequence number, key position and
 * tower position in typed arrays, and its links in one Int32Array. LevelDB does the same in C++:
 * its nodes and keys are carved out of one Arena (util/arena.h, db/skiplist.h).
 *
 * The only object kept per version is the WAL entry itself, which the flush writes out.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { DEFAULT_MAX_HEIGHT, DEFAULT_PROBABILITY, DEFAULT_SKIP_LIST_SEED } from '@ferris/04-skip-list/skip-list.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { VersionMap } from '@ferris/05-memtable/memtable.ts';
import { seededRandom, type RandomSource } from '@support/random.ts';

/** Node 0 is the head: a full tower with no key. As a link, 0 means "no next node". */
const HEAD = 0;
const END = 0;

export interface ArenaSkipListOptions {
  /** Room for this many nodes at first; the arrays double when full. Default 1024. */
  readonly initialNodes?: number;
  /** Room for this many key bytes at first; the arena doubles (at least) when full. Default 64 KiB. */
  readonly initialKeyBytes?: number;
  /** Tower heights, as lesson 04's: a fixed seed by default. */
  readonly random?: RandomSource;
}

function roomFor(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`ArenaSkipList: ${option} must be a whole number of at least 1, got ${value}.`);
  return value;
}

/** A copy of `from` in a new array of `length` elements (length >= from.length). */
function grown<T extends Int32Array | Float64Array | Uint8Array>(from: T, length: number): T {
  const to = new (from.constructor as new (length: number) => T)(length);
  to.set(from);
  return to;
}

/** An ordered map from internal key to WAL entry: lesson 04's skip list, in typed arrays. */
export class ArenaSkipList implements VersionMap {
  /** Every node's key bytes, one after another. */
  private arena: Uint8Array;
  private arenaUsed = 0;
  /** Per node: where its key starts in the arena, its length, its sequence number, its tower in `links`. */
  private keyStart: Int32Array;
  private keyLength: Int32Array;
  private sequences: Float64Array;
  private towerStart: Int32Array;
  /** Every node's tower, one after another: links[towerStart[n] + level] is n's next node on that level. */
  private links: Int32Array;
  private linksUsed = DEFAULT_MAX_HEIGHT;
  /** Per node: the entry it maps to (none for the head). */
  private readonly values: (WalEntry | undefined)[] = [undefined];
  private nodes = 1;
  /** Where a new node is linked in on each level: the last node before it there. */
  private readonly before = new Int32Array(DEFAULT_MAX_HEIGHT);
  private readonly random: RandomSource;

  constructor(options: ArenaSkipListOptions = {}) {
    const initialNodes = roomFor('initialNodes', options.initialNodes ?? 1024) + 1;
    this.arena = new Uint8Array(roomFor('initialKeyBytes', options.initialKeyBytes ?? 64 * 1024));
    this.keyStart = new Int32Array(initialNodes);
    this.keyLength = new Int32Array(initialNodes);
    this.sequences = new Float64Array(initialNodes);
    this.towerStart = new Int32Array(initialNodes);
    this.links = new Int32Array(initialNodes * 2 + DEFAULT_MAX_HEIGHT);
    this.random = options.random ?? seededRandom(DEFAULT_SKIP_LIST_SEED);
  }

  /** The number of versions in the map. */
  get size(): number {
    return this.nodes - 1;
  }

  set(key: InternalKey, entry: WalEntry): void {
    const found = this.seek(key.userKey, key.sequence, this.before);
    if (found !== END && this.compareNode(found, key.userKey, key.sequence) === 0) {
      this.values[found] = entry;
      return;
    }
    const node = this.addNode(key.userKey, key.sequence, entry);
    const height = this.randomHeight();
    const tower = this.addTower(node, height);
    const links = this.links; // after addTower, which may have moved them to a bigger array
    // As lesson 04: the new node points at its successor first, and only then is it published.
    for (let level = 0; level < height; level++) {
      const at = this.towerStart[this.before[level]!]! + level;
      links[tower + level] = links[at]!;
      links[at] = node;
    }
  }

  *entries(from?: InternalKey): IterableIterator<[InternalKey, WalEntry]> {
    let node = from === undefined ? this.links[HEAD]! : this.seek(from.userKey, from.sequence);
    while (node !== END) {
      yield [this.keyOf(node), this.values[node]!];
      // Read the link only now, and from this.links as it is now: a set() while the caller held
      // the last entry may have linked a node after this one, or moved the links to a bigger array.
      node = this.links[this.towerStart[node]!]!;
    }
  }

  /**
   * Orders node `node` against (userKey, sequence) as compareInternalKeys does: negative if the
   * node comes first. Compares the bytes where they lie in the arena: no key object is made.
   */
  private compareNode(node: number, userKey: Uint8Array, sequence: number): number {
    const arena = this.arena;
    const start = this.keyStart[node]!;
    const length = this.keyLength[node]!;
    const common = Math.min(length, userKey.length);
    for (let i = 0; i < common; i++) {
      const difference = arena[start + i]! - userKey[i]!;
      if (difference !== 0) return difference;
    }
    if (length !== userKey.length) return length - userKey.length;
    return sequence - this.sequences[node]!; // the newer version first
  }

  /**
   * The first node at or after (userKey, sequence), or END. With `before`, before[level] is set to
   * the last node on each level that comes before it (HEAD if none).
   */
  private seek(userKey: Uint8Array, sequence: number, before?: Int32Array): number {
    const links = this.links;
    let node = HEAD;
    for (let level = DEFAULT_MAX_HEIGHT - 1; ; ) {
      const next = links[this.towerStart[node]! + level]!;
      if (next !== END && this.compareNode(next, userKey, sequence) < 0) {
        node = next;
        continue;
      }
      if (before) before[level] = node;
      if (level === 0) return next;
      level--;
    }
  }

  /** A new node holding a copy of `userKey` in the arena; its tower comes next (addTower). */
  private addNode(userKey: Uint8Array, sequence: number, entry: WalEntry): number {
    const node = this.nodes++;
    if (node === this.keyStart.length) {
      const length = node * 2;
      this.keyStart = grown(this.keyStart, length);
      this.keyLength = grown(this.keyLength, length);
      this.sequences = grown(this.sequences, length);
      this.towerStart = grown(this.towerStart, length);
    }
    if (this.arenaUsed + userKey.length > this.arena.length)
      this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.arenaUsed + userKey.length));
    this.arena.set(userKey, this.arenaUsed);
    this.keyStart[node] = this.arenaUsed;
    this.keyLength[node] = userKey.length;
    this.arenaUsed += userKey.length;
    this.sequences[node] = sequence;
    this.values.push(entry);
    return node;
  }

  /** Room for `height` links of `node`, all END; returns where they start. */
  private addTower(node: number, height: number): number {
    if (this.linksUsed + height > this.links.length)
      this.links = grown(this.links, Math.max(this.links.length * 2, this.linksUsed + height));
    const start = this.linksUsed;
    this.towerStart[node] = start;
    this.linksUsed += height;
    return start;
  }

  /** The node's key, as a copy: the arena is the map's own. */
  private keyOf(node: number): InternalKey {
    const start = this.keyStart[node]!;
    return { userKey: this.arena.slice(start, start + this.keyLength[node]!), sequence: this.sequences[node]! };
  }

  /** A tower height from 1 to DEFAULT_MAX_HEIGHT, each level above the first with lesson 04's probability. */
  private randomHeight(): number {
    let height = 1;
    while (height < DEFAULT_MAX_HEIGHT && this.random() < DEFAULT_PROBABILITY) height++;
    return height;
  }
}
