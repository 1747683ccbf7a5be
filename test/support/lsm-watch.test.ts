// The LSM picture's engine watching (website/src/engine/lsm-watch.ts), without a browser: what the
// picture says about freezes, paused flushes, compactions and where a get was answered must be
// what the reference engine really did.
import { describe, expect, it } from 'vitest';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import {
  checkKey,
  closeSession,
  explainGet,
  MAX_KEY_BYTES,
  newWatch,
  openSession,
  viewOf,
  type Session,
} from '../../website/src/engine/lsm-watch.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function withSession(compaction: boolean, body: (s: Session) => Promise<void>): Promise<void> {
  const watch = newWatch(() => {});
  watch.paused = false;
  const session = await openSession(new SimulatedFileSystem({ seed: 1 }), watch, compaction);
  try {
    await body(session);
  } finally {
    await closeSession(session);
  }
}

/** Puts `count` distinct keys of about 20 bytes each (a 256-byte memtable freezes every dozen). */
async function putKeys(s: Session, count: number, prefix = 'k'): Promise<void> {
  for (let i = 0; i < count; i++) await s.db.put(utf8(`${prefix}${String(i).padStart(3, '0')}`), utf8(`value-${i}`));
}

describe('the LSM picture watches the reference engine', () => {
  it('an empty database shows one empty active memtable and no tables', async () => {
    await withSession(false, async (s) => {
      const view = await viewOf(s);
      expect(
        view.memtables.map((m) => m.role),
        'only the active memtable',
      ).toEqual(['active']);
      expect(view.memtables[0]!.entries, 'no entries yet').toEqual([]);
      expect(view.version.levels.flat(), 'no tables yet').toEqual([]);
    });
  });

  it('a full memtable is reported as a freeze and its flush as a level-0 table', async () => {
    await withSession(false, async (s) => {
      await putKeys(s, 40);
      await s.db.flush();
      const view = await viewOf(s);
      expect(
        view.events.some((e) => e.startsWith('Freeze:')),
        `a freeze event, got ${JSON.stringify(view.events)}`,
      ).toBe(true);
      expect(
        view.events.some((e) => e.startsWith('Flush: table')),
        'a flush event',
      ).toBe(true);
      expect(view.version.levels[0]!.length, 'flushed tables are on level 0').toBeGreaterThan(0);
    });
  });

  it('a paused flush waits until it is let through, and the frozen memtable is shown meanwhile', async () => {
    const watch = newWatch(() => {});
    const session = await openSession(new SimulatedFileSystem({ seed: 2 }), watch, false);
    try {
      const writes = putKeys(session, 14);
      for (let i = 0; i < 50 && watch.waiting === null; i++) await settle();
      expect(watch.waiting, 'the flush must be holding').not.toBeNull();
      const view = await viewOf(session);
      expect(view.waiting, 'the view says a flush waits').toBe(true);
      expect(
        view.memtables.some((m) => m.role === 'frozen'),
        'a frozen memtable is shown',
      ).toBe(true);
      watch.paused = false;
      watch.waiting!();
      await writes;
      await session.db.flush();
      expect((await viewOf(session)).version.levels[0]!.length, 'the flush wrote a table').toBeGreaterThan(0);
    } finally {
      await closeSession(session);
    }
  });

  it('get says whether the memtable or a table answered, and which table', async () => {
    await withSession(false, async (s) => {
      await s.db.put(utf8('apple'), utf8('red'));
      const fromMemtable = await explainGet(s, 'apple');
      expect(fromMemtable.source, 'the active memtable answers').toEqual({ kind: 'memtable', index: 0 });
      expect(fromMemtable.text).toContain('returned "red"');
      await s.db.flush();
      const fromTable = await explainGet(s, 'apple');
      expect(fromTable.source?.kind, 'after a flush a table answers').toBe('table');
      expect(fromTable.read.length, 'it read at least one table').toBeGreaterThan(0);
      expect(fromTable.text).toContain('level 0');
      await s.db.delete(utf8('apple'));
      const tombstone = await explainGet(s, 'apple');
      expect(tombstone.text, 'a tombstone in the memtable answers "nothing"').toContain('returned nothing');
      expect(tombstone.text).toContain('tombstone');
    });
  });

  it('with compaction on, level 0 is merged into level 1 and the picture says so', async () => {
    await withSession(true, async (s) => {
      for (let round = 0; round < 6; round++) {
        await putKeys(s, 14, `r${round}-`);
        await s.db.flush();
      }
      const view = await viewOf(s);
      expect(
        view.events.some((e) => e.startsWith('Compaction:')),
        `a compaction event, got ${JSON.stringify(view.events)}`,
      ).toBe(true);
      expect(view.version.levels[1]!.length, 'level 1 has tables').toBeGreaterThan(0);
      expect(view.stats?.compactions, 'the compaction statistics count it').toBeGreaterThan(0);
    });
  });

  it('refuses keys the drawing cannot show, with a reason', () => {
    expect(checkKey('')).toMatch(/Type a key/);
    expect(checkKey('x'.repeat(MAX_KEY_BYTES + 1))).toMatch(String(MAX_KEY_BYTES));
    expect(checkKey('x'.repeat(MAX_KEY_BYTES))).toBeNull();
  });
});
