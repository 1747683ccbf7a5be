// The resolver picture's logic (website/src/engine/resolver-watch.ts), without a browser.
// Catches: a picture whose verdicts are not the resolver's rule (compared with a model that works
// on sets of letters, not on byte ranges); a reason that names the wrong writer, or a writer that
// committed before the reader's read version; refused transactions' writes counted as committed;
// read-only transactions sent to the resolver (or given a version); a single key drawn as a range
// or the end of a range included; read versions a transaction could not have had; a wrong
// resolver's verdict shown as if it were right.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  inputProblem,
  KEYS,
  keysIn,
  OPENING,
  openingWatch,
  rangeText,
  ResolverWatch,
  type Key,
  type PictureRange,
  type TransactionInput,
} from '../../website/src/engine/resolver-watch.ts';

const WINDOW = 3;

/** A range of the picture's keys, biased toward single keys, the first and last key, and 'end'. */
const rangeArb: fc.Arbitrary<PictureRange> = fc.oneof(
  fc.constantFrom(...KEYS).map((from): PictureRange => ({ from })),
  fc
    .tuple(fc.integer({ min: 0, max: KEYS.length - 1 }), fc.integer({ min: 1, max: KEYS.length }))
    .map(([a, n]): PictureRange => {
      const end = Math.min(KEYS.length, a + n);
      return { from: KEYS[a]!, to: end === KEYS.length ? 'end' : KEYS[end]! };
    }),
);

/** A transaction shape; its read version is picked later, from the versions readable then. */
const shapeArb = fc.record({
  readPick: fc.nat(),
  reads: fc.array(rangeArb, { maxLength: 3 }),
  writes: fc.array(rangeArb, { maxLength: 2 }),
});

/** The rule on sets of letters: what the model resolver says about one transaction. */
interface ModelCommit {
  readonly version: number;
  readonly keys: ReadonlySet<Key>;
}

function keySet(ranges: readonly PictureRange[]): Set<Key> {
  return new Set(ranges.flatMap(keysIn));
}

describe('the resolver picture', () => {
  test.prop([fc.array(shapeArb, { minLength: 1, maxLength: 25 })])(
    'every verdict and reason matches a model of the rule on sets of keys, with a window',
    (shapes) => {
      const watch = new ResolverWatch(WINDOW);
      const model: ModelCommit[] = [];
      let version = 0;
      let oldest = 0;
      for (const shape of shapes) {
        const readable = watch.view.readVersions;
        const input: TransactionInput = {
          readVersion: readable[shape.readPick % readable.length]!,
          reads: shape.reads,
          writes: shape.writes,
        };
        const shown = watch.add(input);
        expect(shown.disagrees, `the reference resolver never disagrees with the picture: ${shown.reason}`).toBe(false);
        if (input.writes.length === 0) {
          expect(shown.verdict, 'a transaction that writes nothing never reaches the resolver').toBe('read-only');
          expect(shown.commitVersion, 'a read-only transaction takes no version').toBe(input.readVersion);
          continue;
        }
        version++;
        const reads = keySet(input.reads);
        const overlapping = model.filter((c) => c.version > input.readVersion && [...c.keys].some((k) => reads.has(k)));
        const expected =
          reads.size > 0 && input.readVersion < oldest ? 'too_old' : overlapping.length > 0 ? 'conflict' : 'committed';
        expect(shown.verdict, `T at read version ${input.readVersion}, reads ${[...reads]}`).toBe(expected);
        expect(shown.commitVersion, 'each transaction that writes is a batch of its own, at the next version').toBe(
          version,
        );
        if (expected === 'conflict') {
          const writers = new Set(overlapping.map((c) => `T@${c.version}`));
          const named = new Set(shown.overlaps.map((o) => `T@${o.version}`));
          expect(named, 'the overlaps name exactly the committed writers after the read version').toEqual(writers);
          for (const o of shown.overlaps) {
            const shared = keysIn(o.read).filter((k) => keysIn(o.write).includes(k));
            expect(shared.length, `${rangeText(o.write)} and ${rangeText(o.read)} share a key`).toBeGreaterThan(0);
          }
          expect(shown.reason, 'the reason names the first writer').toContain(shown.overlaps[0]!.writer);
        }
        if (expected === 'committed') model.push({ version, keys: keySet(input.writes) });
        oldest = Math.max(oldest, version - WINDOW);
        expect(watch.view.oldestVersion, "the view shows the resolver's window").toBe(oldest);
      }
      expect(watch.view.readVersions, 'readable versions are 0 and the versions that committed a write').toEqual([
        0,
        ...model.map((c) => c.version),
      ]);
    },
  );

  it('opens on a commit, a conflict, a refused write that counts for nothing, and a read-only', () => {
    const view = openingWatch().view;
    expect(
      view.transactions.map((t) => t.verdict),
      'the opening history',
    ).toEqual(['committed', 'committed', 'conflict', 'committed', 'read-only']);
    const t3 = view.transactions[2]!;
    expect(t3.overlaps, 'T3 read c at 1, and T2 wrote c at 2').toEqual([
      { writer: 'T2', version: 2, write: { from: 'c' }, read: { from: 'c' } },
    ]);
    expect(t3.reason, 'the reason says who wrote what').toMatch(/T2 committed at version 2.*wrote c/);
    expect(view.transactions[3]!.overlaps, "T3's refused write of d does not meet T4's range read").toEqual([]);
    expect(view.transactions).toHaveLength(OPENING.length);
  });

  it('refuses a read version that never committed and a range that holds no key', () => {
    const watch = openingWatch();
    const readable = watch.view.readVersions;
    expect(readable, 'version 3 committed nothing, so nobody reads at it').toEqual([0, 1, 2, 4]);
    expect(inputProblem({ readVersion: 3, reads: [], writes: [{ from: 'a' }] }, readable)).toMatch(/committed version/);
    expect(() => watch.add({ readVersion: 0, reads: [{ from: 'c', to: 'c' }], writes: [{ from: 'a' }] })).toThrow(
      /holds no key/,
    );
    expect(keysIn({ from: 'b', to: 'e' }), 'a range leaves out its end').toEqual(['b', 'c', 'd']);
    expect(keysIn({ from: 'g', to: 'end' }), "'end' runs to the last key").toEqual(['g', 'h']);
    expect(rangeText({ from: 'b' }), 'one key is drawn as a key').toBe('b');
  });

  it('says so when a resolver commits a transaction that a committed write conflicts with', () => {
    const alwaysCommits = { oldestVersion: 0, resolveBatch: () => ['committed' as const] };
    const watch = new ResolverWatch(WINDOW, alwaysCommits);
    watch.add({ readVersion: 0, reads: [], writes: [{ from: 'a' }] });
    const shown = watch.add({ readVersion: 0, reads: [{ from: 'a' }], writes: [{ from: 'b' }] });
    expect(shown.disagrees, 'a missed conflict is flagged').toBe(true);
    expect(shown.reason, 'and explained').toMatch(/should have been a conflict/);
  });

  it('says so when a resolver refuses a transaction nothing conflicts with', () => {
    const alwaysRefuses = { oldestVersion: 0, resolveBatch: () => ['conflict' as const] };
    const shown = new ResolverWatch(WINDOW, alwaysRefuses).add({
      readVersion: 0,
      reads: [{ from: 'a' }],
      writes: [{ from: 'a' }],
    });
    expect(shown.disagrees, 'a false conflict is flagged').toBe(true);
    expect(shown.reason, 'and explained').toMatch(/false conflict/);
  });
});
