// Random version edits for lesson 11's tests (not a test file).
import { fc } from '@fast-check/vitest';
import {
  applyEdit,
  emptyVersion,
  type TableMeta,
  type VersionEdit,
  type VersionState,
} from '@ferris/10-lsm-engine/version.ts';
import { hexOf } from '../shared/bytes.ts';

/** The shape of a random edit; `buildEdits` turns shapes into edits that fit the version. */
export const shape = fc.record({
  adds: fc.nat(3),
  remove: fc.option(fc.nat(), { nil: undefined }),
  logBump: fc.nat(2),
  seqBump: fc.nat(50),
  reopen: fc.boolean(),
});
export type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

export function buildEdits(shapes: readonly Shape[]): VersionEdit[] {
  let version = emptyVersion();
  let next = 1;
  return shapes.map((s) => {
    const live = version.levels[0]!;
    const removed =
      s.remove !== undefined && live.length > 0
        ? [{ level: 0, fileNumber: live[s.remove % live.length]!.fileNumber }]
        : [];
    const added = Array.from({ length: s.adds }, () => {
      const n = next++;
      const table: TableMeta = {
        fileNumber: n,
        fileSize: 100 + n,
        entryCount: n,
        smallest: { userKey: Uint8Array.of(n % 7), sequence: n },
        largest: { userKey: Uint8Array.of(n % 7, 1), sequence: 1 },
      };
      return { level: 0, table };
    });
    const edit: VersionEdit = {
      added,
      removed,
      logNumber: version.logNumber + s.logBump,
      nextFileNumber: next,
      lastSequence: version.lastSequence + s.seqBump,
    };
    version = applyEdit(version, edit);
    return edit;
  });
}

export function show(v: VersionState): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? hexOf(x) : x)));
}
