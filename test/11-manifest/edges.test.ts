/**
 * Lesson 11, the manifest at its edges: counters that are 0 (falsy), a counter given twice, an
 * edit read from a view into a bigger buffer, and versions so large that their snapshot is
 * exactly one record's limit, or more. What it catches:
 *
 * - "a counter of 0 survives encoding and decoding": `if (edit.logNumber)` in place of
 *   `!== undefined`, so a counter set to 0 is not written.
 * - "a counter given twice is refused, even when its first value is 0": no check for a repeated
 *   counter (the later value silently wins), or a check by truthiness that a first 0 slips past.
 * - "an edit decoded from a view into a bigger buffer is the view's edit": a reader made over
 *   `bytes.buffer` (the whole buffer) instead of the view.
 * - "a snapshot of exactly MAX_EDIT_BYTES is one record; a larger one is split into records that
 *   each fit, and a rewrite of such a version reopens to it": a snapshot never split (the rewrite
 *   fails with EditTooLargeError), split one byte early (`>=`), an edit of exactly the limit
 *   refused.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { applyEdit, emptyVersion, type VersionEdit, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { CorruptEditError, decodeEdit, encodeEdit } from '@ferris/11-manifest/edit-codec.ts';
import { MAX_EDIT_BYTES, manifestCatalog, snapshotRecords } from '@ferris/11-manifest/manifest.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf, viewInto } from '../shared/bytes.ts';
import { thrown } from '../shared/errors.ts';

const counterName = fc.constantFrom('logNumber' as const, 'nextFileNumber' as const, 'lastSequence' as const);
const TAGS = { logNumber: 1, nextFileNumber: 2, lastSequence: 3 } as const;

/** A version as plain data with keys in hex, for comparing. */
function show(v: VersionState | VersionEdit): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? hexOf(x) : x)));
}

/** A counter field as README.md lays it out: the tag, then the number as two little-endian u32 halves. */
function counterField(name: keyof typeof TAGS, value: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = TAGS[name];
  const view = new DataView(out.buffer);
  view.setUint32(1, value % 2 ** 32, true);
  view.setUint32(5, Math.floor(value / 2 ** 32), true);
  return out;
}

describe('falsy and repeated counters', () => {
  test.prop([fc.subarray(['logNumber', 'nextFileNumber', 'lastSequence'] as const, { minLength: 1 })])(
    'a counter of 0 survives encoding and decoding',
    (names) => {
      const edit: VersionEdit = Object.fromEntries(names.map((n) => [n, 0]));
      expect(show(decodeEdit(encodeEdit(edit))), `an edit setting ${names.join(', ')} to 0`).toEqual(show(edit));
    },
  );

  test.prop([counterName, fc.constantFrom(0, 1, 2 ** 32), fc.constantFrom(0, 7)])(
    'a counter given twice is refused, even when its first value is 0',
    (name, first, second) => {
      const bytes = new Uint8Array([...counterField(name, first), ...counterField(name, second)]);
      const error = thrown(CorruptEditError, () => decodeEdit(bytes), `${name} given twice (${first}, then ${second})`);
      expect(error.offset, 'the error names where the second one starts').toBe(9);
    },
  );

  test.prop([
    fc.record({ logNumber: fc.nat(), lastSequence: fc.maxSafeNat() }, { requiredKeys: [] }),
    fc.integer({ min: 1, max: 30 }),
    fc.nat(30),
  ])("an edit decoded from a view into a bigger buffer is the view's edit", (edit, before, after) => {
    const view = viewInto(encodeEdit(edit), { before, after, fill: TAGS.logNumber });
    expect(show(decodeEdit(view)), `the edit read from a view ${before} bytes into a bigger buffer`).toEqual(
      show(edit),
    );
  });
});

describe('snapshots at the record limit', () => {
  /** The bytes of an edit with the three counters (README.md's layout): a tag and a u64 each. */
  const COUNTERS_BYTES = 3 * 9;
  /** An added table without its two keys' bytes: tag, level, three u64, and per key a u32 length and a u64. */
  const TABLE_BYTES = 1 + 1 + 3 * 8 + 2 * (4 + 8);

  /** A version of `count` level-0 tables whose snapshot is exactly `total` bytes (keys of at most MAX_KEY_BYTES). */
  function versionOfSize(count: number, total: number): VersionState {
    const keyBytes = total - COUNTERS_BYTES - count * TABLE_BYTES;
    const keys = 2 * count;
    const base = Math.floor(keyBytes / keys);
    const length = (j: number): number => base + (j < keyBytes - base * keys ? 1 : 0);
    const added = Array.from({ length: count }, (_, i) => ({
      level: 0,
      table: {
        fileNumber: i + 1,
        fileSize: 1000 + i,
        entryCount: i,
        smallest: { userKey: new Uint8Array(length(2 * i)).fill(0x61 + i), sequence: i },
        largest: { userKey: new Uint8Array(length(2 * i + 1)).fill(0x7a), sequence: 0 },
      },
    }));
    return applyEdit(emptyVersion(), { logNumber: 0, nextFileNumber: count + 1, lastSequence: 9, added });
  }

  test.prop([fc.integer({ min: 6, max: 12 }), fc.constantFrom(-1, 0, 1, 15_000)], { numRuns: 6 })(
    'a snapshot of exactly MAX_EDIT_BYTES is one record; a larger one is split into records that each fit and replay to the version',
    (count, over) => {
      const total = MAX_EDIT_BYTES + over;
      const version = versionOfSize(count, total);
      const tables = version.levels[0]!;
      const keyBytes = tables.reduce((n, t) => n + t.smallest.userKey.length + t.largest.userKey.length, 0);
      expect(
        COUNTERS_BYTES + tables.length * TABLE_BYTES + keyBytes,
        'the test built a version of the size it meant',
      ).toBe(total);
      const records = snapshotRecords(version, 1);
      const story = `a version of ${count} tables whose snapshot is ${total} bytes (MAX_EDIT_BYTES ${over >= 0 ? '+' : ''}${over})`;
      if (total <= MAX_EDIT_BYTES) expect(records.length, `${story}: it fits in one record`).toBe(1);
      else expect(records.length, `${story}: it must be split`).toBeGreaterThan(1);
      expect(
        records.map((r) => r.sequence),
        `${story}: the records are numbered from 1`,
      ).toEqual(records.map((_, i) => i + 1));
      let replayed = emptyVersion();
      for (const r of records) {
        expect(r.value!.length, `${story}: every record fits MAX_EDIT_BYTES`).toBeLessThanOrEqual(MAX_EDIT_BYTES);
        replayed = applyEdit(replayed, decodeEdit(r.value!));
      }
      expect(show(replayed), `${story}: the records replay to the version`).toEqual(show(version));
    },
  );

  test.prop([fc.integer({ min: 6, max: 10 }), fc.constantFrom(0, 1, 15_000), fc.nat(3)], { numRuns: 4 })(
    'a rewrite of a version at or past the record limit reopens to it, and edits after the rewrite survive too',
    async (count, over, later) => {
      const target = versionOfSize(count, MAX_EDIT_BYTES + over);
      const sim = new SimulatedFileSystem({ seed: 11 });
      await sim.mkdir('db');
      const factory = manifestCatalog({ maxManifestBytes: 1 });
      let catalog = await factory.open(sim, 'db');
      // One table per edit (each edit fits), so the version grows past the limit only in the snapshot.
      for (const table of [...target.levels[0]!].reverse()) await catalog.apply({ added: [{ level: 0, table }] });
      await catalog.apply({ logNumber: 0, nextFileNumber: count + 1, lastSequence: 9 });
      // maxManifestBytes 1: the next edit rewrites the manifest, a snapshot of the large version.
      let expected = target;
      for (let i = 0; i <= later; i++) {
        const edit: VersionEdit = { lastSequence: 10 + i };
        await catalog.apply(edit);
        expected = applyEdit(expected, edit);
      }
      await catalog.close();
      catalog = await factory.open(sim, 'db');
      expect(
        show(catalog.version),
        `${count} tables, a snapshot of MAX_EDIT_BYTES + ${over} bytes, rewritten, then ${later + 1} edits: the version after reopening`,
      ).toEqual(show(expected));
      await catalog.close();
    },
  );
});
