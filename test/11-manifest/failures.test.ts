/**
 * Lesson 11, the manifest when a file-system call fails: in an edit's append or sync, in the
 * new manifest of a rewrite, in the switch of CURRENT, in the clean-up after it. The disk works
 * again afterwards and the catalog is asked for more edits; then it is closed (or the machine
 * crashes) and reopened. What it catches:
 *
 * - "when a call of apply fails, apply rejects with it and the catalog keeps the version before":
 *   the version updated before the edit is durable, so the engine goes on as if a table were
 *   live (or gone) that the next open does not know about.
 * - "after reopening, the version holds every acknowledged edit, and no edit that was never
 *   applied": a rewrite that starts appending to the new manifest before CURRENT names it (a
 *   failed switch then sends every later edit to a file the next open deletes), a rewrite that
 *   appends its snapshot to a manifest a failed rewrite left behind (two snapshots: the replay
 *   adds every table twice).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Catalog } from '@ferris/10-lsm-engine/catalog.ts';
import { applyEdit, emptyVersion, type VersionEdit, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { describeCall, type FsCall, SteppingFileSystem } from '../shared/stepping-fs.ts';
import { buildEdits, shape, show } from './helpers.ts';

/** Edits that each fit the version after the ones before (tables added and removed, counters up). */
const edits = fc.array(shape, { minLength: 4, maxLength: 16 }).map(buildEdits);

/** A version as one string, for comparing and for sets. */
const text = (v: VersionState): string => JSON.stringify(show(v));

/** Every version the manifest may reopen to: the acknowledged edits, with any of the rejected ones. */
function allowedVersions(all: readonly VersionEdit[], acked: ReadonlySet<number>): Set<string> {
  const rejected = all.map((_, i) => i).filter((i) => !acked.has(i));
  const out = new Set<string>();
  for (let mask = 0; mask < 2 ** rejected.length; mask++) {
    const kept = new Set([...acked, ...rejected.filter((_, b) => (mask >> b) & 1)]);
    try {
      out.add(text(all.reduce((v, e, i) => (kept.has(i) ? applyEdit(v, e) : v), emptyVersion())));
    } catch {
      // These edits do not fit together: no manifest could hold them.
    }
  }
  return out;
}

test.prop([edits, fc.nat(40), fc.integer({ min: 1, max: 1500 }), fc.boolean()], { numRuns: 100 })(
  'when a call of apply fails, apply rejects with it and the catalog keeps the version before; after reopening, every acknowledged edit is there and nothing else',
  async (all, failAfter, maxManifestBytes, crash) => {
    const sim = new SimulatedFileSystem({ seed: 11 });
    await sim.mkdir('db');
    let armed = false;
    let left = failAfter;
    let failure: Error | null = null;
    const hook = (call: FsCall): void => {
      if (!armed || failure !== null || left-- > 0) return;
      failure = new Error(`injected failure of ${describeCall(call)}`);
      throw failure;
    };
    const factory = manifestCatalog({ maxManifestBytes });
    const catalog: Catalog = await factory.open(new SteppingFileSystem(sim, hook, { also: ['close'] }), 'db');
    armed = true;
    const acked = new Set<number>();
    const story: string[] = [];
    let version = emptyVersion();
    for (const [i, edit] of all.entries()) {
      const hadFailed = failure !== null;
      try {
        await catalog.apply(edit);
        acked.add(i);
        version = applyEdit(version, edit);
        story.push(`edit ${i} acknowledged`);
      } catch (error) {
        story.push(`edit ${i} rejected (${error instanceof Error ? error.message : String(error)})`);
        if (!hadFailed && failure !== null) {
          expect(error, `${story.join(', ')}: apply must reject with the failure`).toBe(failure);
          expect(
            text(catalog.version),
            `${story.join(', ')}: after a failed apply the catalog's version must be the one before the edit`,
          ).toBe(text(version));
        }
      }
    }
    try {
      await catalog.close();
    } catch {
      // A writer that failed may refuse to close; the reopen below is what counts.
    }
    if (crash) sim.crash({ damageProbability: 0 });
    const reopened = await factory.open(sim, 'db');
    expect(
      allowedVersions(all, acked).has(text(reopened.version)),
      `${story.join(', ')}${crash ? ', then a crash' : ', then close'}: the reopened version must hold every acknowledged edit (and may hold a rejected one), got ${text(reopened.version)}`,
    ).toBe(true);
    await reopened.close();
  },
);
