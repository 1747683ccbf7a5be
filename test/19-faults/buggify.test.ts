/**
 * Lesson 19, BUGGIFY with FoundationDB's rule: a site is on for the whole run with probability
 * 0.25, and a site that is on fires with probability 0.25 each time.
 *
 * - "never fires outside simulation ...": BUGGIFY active in a real process or when disabled;
 * - "a site is on or off for the whole run": the on/off draw made on every call instead of once
 *   per site (then nearly every site fires sometimes);
 * - "an active site fires about a quarter of the times": a site that fires every time it is on,
 *   or with the wrong probability; a quarter of the sites on (not all, not none);
 * - "... fires about a quarter of the times, the first time too": a first call that returns the
 *   on/off draw itself (then a site fires on its first call whenever it is on);
 * - "the same seed makes the same choices": decisions from Math.random or from call order
 *   across runs.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Buggify } from '@ferris/19-faults/buggify.ts';
import { seededRandom } from '@support/random.ts';

const SITES = 400;
const CALLS = 60;

function sample(seed: number): { everFired: number; fires: number; calls: number; decisions: string } {
  const buggify = new Buggify(seededRandom(seed), { simulated: true });
  let decisions = '';
  let everFired = 0;
  let fires = 0;
  let calls = 0;
  for (let s = 0; s < SITES; s++) {
    let fired = false;
    for (let c = 0; c < CALLS; c++) {
      const f = buggify.fires(`site-${s}`);
      decisions += f ? '1' : '0';
      if (f) fired = true;
    }
    if (fired) {
      everFired++;
      // count the firing rate only over sites known to be on
      for (let c = 0; c < CALLS; c++) {
        calls++;
        if (buggify.fires(`site-${s}`)) fires++;
      }
    }
  }
  return { everFired, fires, calls, decisions };
}

describe('BUGGIFY', () => {
  test.prop([fc.integer(), fc.boolean()])('never fires outside simulation or when disabled', (seed, simulated) => {
    const buggify = new Buggify(seededRandom(seed), simulated ? { simulated, enabled: false } : { simulated });
    let fired = 0;
    for (let i = 0; i < 2000; i++) if (buggify.fires(`site-${i % 40}`)) fired++;
    expect(fired, simulated ? 'a disabled BUGGIFY never fires' : 'BUGGIFY never fires outside simulation').toBe(0);
    expect(buggify.activeSites(), 'no site is on').toEqual([]);
  });

  test.prop([fc.integer()], { numRuns: 30 })(
    'a site is on or off for the whole run: about a quarter of the sites ever fire',
    (seed) => {
      const { everFired } = sample(seed);
      const share = everFired / SITES;
      expect(share, `${everFired} of ${SITES} sites fired at least once; about 25 % should be on`).toBeGreaterThan(
        0.15,
      );
      expect(
        share,
        `${everFired} of ${SITES} sites fired at least once; about 25 % should be on (is the on/off draw made once per site?)`,
      ).toBeLessThan(0.35);
    },
  );

  test.prop([fc.integer()], { numRuns: 30 })(
    'a site that is on fires about a quarter of the times it is reached',
    (seed) => {
      const { fires, calls } = sample(seed);
      expect(calls, 'some sites are on').toBeGreaterThan(0);
      const rate = fires / calls;
      expect(rate, `active sites fired ${fires} times in ${calls} calls; about 25 % expected`).toBeGreaterThan(0.18);
      expect(rate, `active sites fired ${fires} times in ${calls} calls; about 25 % expected`).toBeLessThan(0.32);
    },
  );

  // Binomial(SITES, 1/16): mean 25 sites. At most 2 or at least 60 is far out in either tail (under
  // one chance in a million per run), while a skipped fire draw makes about 100 sites fire.
  test.prop([fc.integer()], { numRuns: 10 })(
    'the first time a site is reached it fires with both draws, about one time in sixteen',
    (seed) => {
      const { decisions } = sample(seed);
      let first = 0;
      for (let s = 0; s < SITES; s++) if (decisions[s * CALLS] === '1') first++;
      const share = first / SITES;
      expect(
        share,
        `${first} of ${SITES} sites fired on their first call; about 0.25 × 0.25 = 6 % should (is the fire draw skipped the first time?)`,
      ).toBeLessThan(0.15);
      expect(share, `${first} of ${SITES} sites fired on their first call; about 6 % should`).toBeGreaterThan(0.005);
    },
  );

  test.prop([fc.integer()], { numRuns: 30 })('the same seed makes the same choices', (seed) => {
    expect(sample(seed).decisions, 'two runs from one seed must buggify the same calls').toEqual(
      sample(seed).decisions,
    );
  });
});
