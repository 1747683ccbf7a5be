/**
 * Lesson 11, the manifest catalog on its own: random valid edits, with close-and-reopen between
 * them and a tiny rewrite threshold, so that rewrites happen often. What each property catches:
 *
 * - "reopening gives the fold of every edit": edits not replayed (only the snapshot read), an
 *   edit applied twice on replay (applyEdit refuses a table added twice), a rewrite that loses
 *   the edit that triggered it, CURRENT left naming the old manifest.
 * - "the manifest is rewritten when it grows": a manifest that only ever grows.
 * - "an edit that finds the manifest at maxManifestBytes or larger rewrites it": a rewrite only
 *   once the manifest is past the limit (`>` for `>=`), with the limit drawn on the manifest's
 *   size before one of the edits so that the edge itself comes up.
 * - "only the live manifest is kept": old manifests never deleted, or the live one deleted.
 * - "damage inside the manifest is a CorruptManifestError naming the file and the offset", and
 *   a manifest that still opens (the damage was in its last record: a torn tail) holds the fold of
 *   a prefix of the edits, not just any version.
 * - "a record that is intact but does not fit the version is refused at its own byte offset": a
 *   replay that never advances its offset, or advances it by the edit's length instead of the frame's.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Catalog } from '@ferris/10-lsm-engine/catalog.ts';
import { applyEdit, emptyVersion, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import { CorruptManifestError, editRecord, manifestCatalog } from '@ferris/11-manifest/manifest.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { WalCorruptionError } from '@ferris/03-recovery/recovery.ts';
import { describeCall, InjectedFailure, SteppingFileSystem } from '../shared/stepping-fs.ts';
import { freshDisk } from '../shared/disk.ts';
import { edgePick, limitOnEdge } from '../shared/edges.ts';
import { buildEdits, type Shape, shape, show } from './helpers.ts';

test.prop([fc.array(shape, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 300 })], { numRuns: 60 })(
  'reopening the manifest gives the fold of every edit, the manifest is rewritten when it grows, and only the live one is kept',
  async (shapes, maxManifestBytes) => {
    const edits = buildEdits(shapes);
    const sim = new SimulatedFileSystem({ seed: 1 });
    await sim.mkdir('db');
    const factory = manifestCatalog({ maxManifestBytes });
    let catalog: Catalog = await factory.open(sim, 'db');
    let expected = emptyVersion();
    const done: string[] = [];
    for (const [i, edit] of edits.entries()) {
      await catalog.apply(edit);
      expected = applyEdit(expected, edit);
      done.push(`edit ${i}`);
      if (shapes[i]!.reopen) {
        await catalog.close();
        catalog = await factory.open(sim, 'db');
        done.push('reopen');
        expect(show(catalog.version), `the version after reopening (${done.join(', ')})`).toEqual(show(expected));
      }
      const manifests = (await sim.list('db')).filter((n) => n.startsWith('MANIFEST-'));
      expect(
        manifests.length,
        `exactly one manifest in the directory (${done.join(', ')}): ${manifests.join(', ')}`,
      ).toBe(1);
      expect(
        catalog.ownsFile(manifests[0]!),
        `the manifest in the directory is the live one (${done.join(', ')})`,
      ).toBe(true);
      // One record is at most a few hundred bytes here; the snapshot is at most the version's size.
      const size = sim.size(`db/${manifests[0]!}`);
      expect(
        size,
        `the manifest is rewritten once it is over ${maxManifestBytes} bytes (${done.join(', ')})`,
      ).toBeLessThanOrEqual(maxManifestBytes + 2000);
    }
    // Every record here is at least 52 bytes (a frame, an entry, three counters): past the
    // threshold, the first manifest must have been replaced.
    if (edits.length * 52 > maxManifestBytes) {
      expect(
        catalog.ownsFile('MANIFEST-000001'),
        `${edits.length} edits of 52 bytes or more, with maxManifestBytes ${maxManifestBytes}: the manifest must have been rewritten`,
      ).toBe(false);
    }
    await catalog.close();
    catalog = await factory.open(sim, 'db');
    expect(show(catalog.version), `the version after the last reopen (${done.join(', ')})`).toEqual(show(expected));
    await catalog.close();
  },
);

/** A manifest holding the edits of `shapes`, closed; its disk, its catalog factory and its file name. */
async function manifestOf(shapes: readonly Shape[]) {
  const sim = new SimulatedFileSystem({ seed: 1 });
  await sim.mkdir('db');
  const factory = manifestCatalog({ maxManifestBytes: 1 << 20 });
  const catalog = await factory.open(sim, 'db');
  const edits = buildEdits(shapes);
  for (const edit of edits) await catalog.apply(edit);
  await catalog.close();
  const name = (await sim.list('db')).find((n) => n.startsWith('MANIFEST-'))!;
  return { sim, factory, name, edits };
}

test.prop([fc.array(shape, { minLength: 3, maxLength: 10 }), fc.nat()], { numRuns: 40 })(
  'damage inside the manifest is a CorruptManifestError naming the manifest and an offset in it',
  async (shapes, where) => {
    const { sim, factory, name, edits } = await manifestOf(shapes);
    const size = sim.size(`db/${name}`);
    // Damage a byte of any record but the last: an intact record follows, so this is not a torn tail.
    const lastRecordStart = Math.max(size - 200, 0);
    const bit = (where % Math.max(1, lastRecordStart)) * 8;
    sim.flipBit(`db/${name}`, bit);
    let error: unknown = null;
    let opened: VersionState | null = null;
    try {
      const catalog = await factory.open(sim, 'db');
      opened = catalog.version;
      await catalog.close();
    } catch (caught) {
      error = caught;
    }
    if (opened !== null) {
      // The flipped byte was in the last record after all (a torn tail): what opened must be
      // the fold of a prefix of the edits, not merely "it opened".
      const prefixes = [emptyVersion()];
      for (const edit of edits) prefixes.push(applyEdit(prefixes[prefixes.length - 1]!, edit));
      expect(
        prefixes.map((v) => JSON.stringify(show(v))),
        `the manifest with bit ${bit} flipped opened: its version must be the fold of the first edits`,
      ).toContain(JSON.stringify(show(opened)));
      return;
    }
    expect(error, `opening a manifest with bit ${bit} flipped: ${String(error)}`).toBeInstanceOf(CorruptManifestError);
    const corrupt = error as CorruptManifestError;
    expect(corrupt.file, 'the error names the manifest').toBe(`db/${name}`);
    expect(corrupt.offset, 'the offset is inside the manifest, at or before the flipped byte').toBeLessThanOrEqual(
      bit / 8,
    );
    expect(
      corrupt.cause,
      `a CorruptManifestError (${corrupt.check}) keeps what found the damage as its cause: lesson 03's WalCorruptionError for a bad record, the decoder's or applyEdit's error for a bad edit`,
    ).toBeInstanceOf(corrupt.check === 'record' ? WalCorruptionError : Error);
  },
);

test.prop([fc.array(shape, { minLength: 1, maxLength: 6 }), fc.constantFrom('openRead', 'readFile', 'read')], {
  numRuns: 20,
})(
  'a manifest the disk fails to read is that failure, not corruption: opening rejects with the error the disk threw',
  async (shapes, failing) => {
    const { sim, factory, name } = await manifestOf(shapes);
    const path = `db/${name}`;
    // A holder, not a variable: the hook sets it, and TypeScript does not follow a closure's assignments.
    const injected: { failure: InjectedFailure | null } = { failure: null };
    const fs = new SteppingFileSystem(
      sim,
      (call) => {
        if (injected.failure !== null || call.path !== path || call.op !== failing) return;
        injected.failure = new InjectedFailure(call);
        throw injected.failure;
      },
      { also: ['read'] },
    );
    let error: unknown = null;
    try {
      await (await factory.open(fs, 'db')).close();
    } catch (caught) {
      error = caught;
    }
    const { failure } = injected;
    if (failure === null) return; // the replay never made that call: nothing to fail
    expect(
      error,
      `the disk failed ${describeCall(failure.call)} while the manifest was replayed: opening must reject with that failure itself (a CorruptManifestError would send the user to restore a backup of a manifest that is fine); catch only lesson 03's WalCorruptionError`,
    ).toBe(failure);
  },
);

test.prop([fc.array(shape, { minLength: 1, maxLength: 8 })], { numRuns: 20 })(
  'a record that is intact but does not fit the version is refused at its own byte offset',
  async (shapes) => {
    const { sim, factory, name } = await manifestOf(shapes);
    const at = sim.size(`db/${name}`);
    // A well-framed, checksummed record whose edit removes a table no version ever had.
    const writer = await WalWriter.open(sim, `db/${name}`, { sync: { kind: 'manual' } });
    await writer.append(editRecord(10_000, { removed: [{ level: 0, fileNumber: 999_999 }] }));
    await writer.sync();
    await writer.close();
    let error: unknown = null;
    try {
      await (await factory.open(sim, 'db')).close();
    } catch (caught) {
      error = caught;
    }
    expect(error, 'opening a manifest whose last record removes a table that is not there').toBeInstanceOf(
      CorruptManifestError,
    );
    expect(
      (error as CorruptManifestError).offset,
      `the bad record starts at byte ${at}, after every good one: the error must name that offset (add each record's whole frame length as you go)`,
    ).toBe(at);
  },
);

/** The live manifest's name and size in `db`. */
async function liveManifest(sim: SimulatedFileSystem): Promise<{ name: string; size: number }> {
  const [name] = (await sim.list('db')).filter((n) => n.startsWith('MANIFEST-'));
  return { name: name!, size: sim.size(`db/${name!}`) };
}

test.prop([fc.array(shape, { minLength: 2, maxLength: 15 }), edgePick], { numRuns: 40 })(
  'an edit that finds the manifest at maxManifestBytes or larger rewrites it, and one that finds it smaller appends to it',
  async (shapes, pick) => {
    const edits = buildEdits(shapes);
    // The manifest's size before each edit when it is never rewritten: the limit is drawn on one
    // of them (or a byte either side), the edge where `>=` and `>` differ.
    const dry = await freshDisk();
    const growing = await manifestCatalog({ maxManifestBytes: 1 << 30 }).open(dry, 'db');
    const sizes: number[] = [];
    for (const edit of edits) {
      sizes.push((await liveManifest(dry)).size);
      await growing.apply(edit);
    }
    await growing.close();
    const maxManifestBytes = limitOnEdge(sizes, pick);
    const sim = await freshDisk();
    const catalog = await manifestCatalog({ maxManifestBytes }).open(sim, 'db');
    try {
      for (const [i, edit] of edits.entries()) {
        const before = await liveManifest(sim);
        await catalog.apply(edit);
        const after = await liveManifest(sim);
        const rewrote = after.name !== before.name;
        expect(
          rewrote,
          `edit ${i} found ${before.name} at ${before.size} bytes with maxManifestBytes ${maxManifestBytes}: ` +
            (before.size >= maxManifestBytes
              ? 'reaching the limit is enough to rewrite'
              : 'below the limit it appends'),
        ).toBe(before.size >= maxManifestBytes);
      }
    } finally {
      await catalog.close();
    }
  },
);
