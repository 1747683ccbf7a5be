/**
 * Lesson 21, the tag index on its own, against a model: per tag, the versions added that carry
 * ops for it, less those a pop forgot (a version added after a pop that covers it stays: a lagging
 * log may serve a popped version again, which the README explains is harmless). The log peeks only versions it has made durable, so some of
 * these mistakes cannot show through the log; the index promises them all the same:
 *
 * - peek's range [from, end): `end` included, or `from` left out;
 * - a pop that forgets versions above `upTo`, or another tag's;
 * - a late pop below an earlier one that lowers the tag's popped version (FoundationDB's logs
 *   ignore it: `if (upTo > tagData->popped)` in TLogServer.actor.cpp), so `poppedByAll` goes
 *   back and the log would keep, and then look again at, segments it already let go.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { LogOp, Tag } from '@ferris/20-sequencer/protocol.ts';
import { TagIndex } from '@ferris/21-transaction-logs/tag-index.ts';

const TAGS: readonly Tag[] = [0, 1, 2];

type Step =
  | { readonly kind: 'add'; readonly gap: number; readonly tags: readonly boolean[] }
  | { readonly kind: 'pop'; readonly tag: number; readonly upTo: number }
  | {
      readonly kind: 'peek';
      readonly tag: number;
      /** Which of the versions added so far `from` and `end` land next to, and how far off (-1, 0, 1). */
      readonly from: readonly [number, number];
      readonly end: readonly [number, number];
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      gap: fc.integer({ min: 1, max: 3 }),
      tags: fc.array(fc.boolean(), { minLength: TAGS.length, maxLength: TAGS.length }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('pop' as const), tag: fc.nat(TAGS.length - 1), upTo: fc.nat(60) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('peek' as const),
      tag: fc.nat(TAGS.length - 1),
      from: fc.tuple(fc.nat(), fc.integer({ min: -1, max: 1 })),
      end: fc.tuple(fc.nat(), fc.integer({ min: -1, max: 1 })),
    }),
  },
);

/** One set op per tag and version, so that an entry shows where it came from. */
const opFor = (tag: Tag, version: number): LogOp => ({
  kind: 'set',
  key: Uint8Array.of(tag),
  value: Uint8Array.of(version),
});

test.prop([fc.array(step, { maxLength: 60 })])(
  "the tag index peeks exactly a tag's versions in [from, end) that no pop has forgotten, and a tag's popped version never goes back",
  (steps) => {
    const index = new TagIndex(TAGS);
    const added = new Map<Tag, number[]>(TAGS.map((t) => [t, []]));
    const popped = new Map<Tag, number>(TAGS.map((t) => [t, 0]));
    const story: string[] = [];
    let version = 0;
    const versions: number[] = [];
    for (const s of steps) {
      if (s.kind === 'add') {
        const prevVersion = version;
        version += s.gap;
        const tags = TAGS.filter((_, i) => s.tags[i]);
        index.add({ version, prevVersion, messages: tags.map((tag) => ({ tag, ops: [opFor(tag, version)] })) });
        for (const tag of tags) added.get(tag)!.push(version);
        versions.push(version);
        story.push(`add v${version} [${tags.join(',')}]`);
      } else if (s.kind === 'pop') {
        index.pop(s.tag, s.upTo);
        // A pop above the tag's popped version forgets the versions the tag holds now (one added
        // later, by a lagging log, stays: the log may serve it again). One at or below changes nothing.
        if (s.upTo > popped.get(s.tag)!) {
          popped.set(s.tag, s.upTo);
          added.set(
            s.tag,
            added.get(s.tag)!.filter((v) => v > s.upTo),
          );
        }
        story.push(`pop(${s.tag}, ${s.upTo})`);
        const least = Math.min(...popped.values());
        expect(
          index.poppedByAll(),
          `after ${story.join('; ')}: poppedByAll is the least popped version over the tags, each tag's the highest it ever popped (a later, lower pop changes nothing)`,
        ).toBe(least);
      } else {
        // Bounds next to versions that were added (any tag's), so that they fall on them, just before and just after.
        const near = ([which, off]: readonly [number, number]) =>
          Math.max(0, (versions.length === 0 ? 0 : versions[which % versions.length]!) + off);
        const from = near(s.from);
        const end = near(s.end);
        const peeked = index.peek(s.tag, from, end);
        const want = added.get(s.tag)!.filter((v) => v >= from && v < end);
        expect(
          peeked.map((e) => e.version),
          `after ${story.join('; ') || 'nothing'}: peek(${s.tag}, ${from}, ${end}) is tag ${s.tag}'s versions v with ${from} <= v < ${end} that no pop has forgotten, oldest first`,
        ).toEqual(want);
        for (const entry of peeked)
          expect(entry.ops, `the ops of tag ${s.tag} at v${entry.version}`).toEqual([opFor(s.tag, entry.version)]);
      }
    }
  },
);
