// Catches: a read is answered at the newest version the server has, whatever version it asked for
//
// A reference review test (see cli/review-examples.ts): with a key set at version 1 and changed
// at version 2, a read at version 1 still sees the first value once the server has both.
import { expect, it } from 'vitest';
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { newWorld, runUntil } from '../../19-faults/helpers.ts';
import { bench, sendRead } from '../../22-storage-servers/helpers.ts';

it('a read at an older version inside the window sees that version, not the newest', async () => {
  const key = Uint8Array.of(0x61);
  const { sim, world } = newWorld(1);
  const { feed, client } = bench(world, [
    { version: 1, ops: [{ kind: 'set', key, value: Uint8Array.of(1) }] },
    { version: 2, ops: [{ kind: 'set', key, value: Uint8Array.of(2) }] },
  ]);
  feed.released = 2;
  feed.held = true;
  let seen = '';
  client.spawn('read', async () => {
    await client.sleep(SECOND / 10);
    seen = await sendRead(client, 'storage', { kind: 'get', key }, 1);
  });
  await runUntil(sim, SECOND);
  expect(seen, 'at version 1 the key held 01').toBe('01');
});
