/**
 * Lesson 13, what the append buffer owns. The buffer takes a copy of each append: the caller may
 * reuse its array as soon as append() resolves, and may hand in a view into a bigger buffer. And
 * sync() is a promise about durability: it must not resolve while the buffered bytes are still
 * on their way to the file. What it catches:
 *
 * - "the file holds what was appended, even when the caller reuses its arrays": keeping the
 *   caller's array until the buffer is written out, instead of copying it in.
 * - "an append given a view into a bigger buffer writes only the view": copying from the start
 *   of the view's ArrayBuffer (`bytes.buffer`) instead of from the view.
 * - "sync does not resolve before the buffered bytes are written to the file and synced": a sync
 *   that starts writing the buffer out but does not wait for it (`void this.flush()`), or that
 *   writes and syncs at once (`Promise.all([flush, sync])`), so the file is synced before the
 *   bytes reach it and the caller hears "durable" about bytes a crash then loses.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { bufferedAppends } from '@ferris/13-performance/buffered-appends.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf, scribble, viewInto } from '../shared/bytes.ts';
import { PauseGate } from '../shared/pausing-fs.ts';
import { SteppingFileSystem, type FsCall } from '../shared/stepping-fs.ts';

const appendStep = fc.record({
  bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  before: fc.nat(6),
  after: fc.nat(6),
  syncAfter: fc.boolean(),
});

test.prop([fc.array(appendStep, { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 64 })])(
  'the file holds what was appended, even when each append is a view into a bigger buffer that the caller reuses afterwards',
  async (steps, bufferBytes) => {
    const fs = new SimulatedFileSystem({ seed: 13 });
    const file = await bufferedAppends(fs, bufferBytes).openAppend('x.log');
    const want: number[] = [];
    for (const step of steps) {
      const view = viewInto(step.bytes, { before: step.before, after: step.after });
      await file.append(view);
      want.push(...step.bytes);
      scribble(view);
      if (step.syncAfter) await file.sync();
    }
    await file.close();
    expect(
      hexOf(await fs.readFile('x.log')),
      `after ${steps.length} appends of views into bigger buffers (buffer of ${bufferBytes} bytes), each buffer overwritten by the caller once append() resolved: the file must hold the appended bytes (copy them in, and only the view's bytes)`,
    ).toBe(hexOf(Uint8Array.from(want)));
  },
);

test.prop([
  fc.array(fc.uint8Array({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 6 }),
  fc.integer({ min: 40, max: 64 }),
  fc.integer({ min: 1, max: 30 }),
])(
  'sync does not resolve before the buffered bytes are written to the file and synced, even when that write is slow',
  async (appends, bufferBytes, wait) => {
    const gate = new PauseGate();
    const sim = new SimulatedFileSystem({ seed: 13 });
    // The file's own sync must wait until the held write of the buffer has been let through.
    let writeHeld = false;
    let syncedWhileHeld = false;
    const hook = (call: FsCall): void | Promise<void> => {
      if (call.op === 'sync' && writeHeld) syncedWhileHeld = true;
      const held = gate.hook(call);
      if (held === undefined) return;
      writeHeld = true;
      return held.then(() => {
        writeHeld = false;
      });
    };
    const file = await bufferedAppends(new SteppingFileSystem(sim, hook), bufferBytes).openAppend('x.log');
    await sim.syncDir('');
    for (const bytes of appends) await file.append(bytes);
    gate.arm((call) => call.op === 'append');
    let synced = false;
    const syncing = file.sync().then(() => {
      synced = true;
    });
    const held = await Promise.race([gate.reached.then(() => true), syncing.then(() => false)]);
    if (held) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (let i = 0; i < wait; i++) await Promise.resolve();
      expect(
        synced,
        `sync() resolved while the write of the buffered bytes to the file was still held: the caller was told "durable" too early`,
      ).toBe(false);
      gate.release();
    }
    await syncing;
    expect(
      syncedWhileHeld,
      'sync() synced the file while the write of the buffered bytes was still on its way: those bytes were not covered by the sync',
    ).toBe(false);
    const want = hexOf(Uint8Array.from(appends.flatMap((a) => [...a])));
    sim.crash({ damageProbability: 0 });
    expect(
      hexOf(await sim.readFile('x.log')),
      `${appends.length} appends, then sync() while the buffer's write to the file was held: after sync() resolved, a crash must keep every appended byte (write the buffer out, wait for it, THEN sync the file)`,
    ).toBe(want);
  },
);
