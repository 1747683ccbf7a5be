// Catches: a BUGGIFY site that is on fires every time
//
// A reference review test (see cli/review-examples.ts): a site that is on fires with
// P_BUGGIFIED_SECTION_FIRES on each call, so a draw above it does not fire.
import { expect, it } from 'vitest';
import { Buggify, P_BUGGIFIED_SECTION_ACTIVATED, P_BUGGIFIED_SECTION_FIRES } from '@ferris/19-faults/buggify.ts';

it('a site that is on does not fire when the draw is above P_BUGGIFIED_SECTION_FIRES', () => {
  // The first draw switches the site on; the second decides this call.
  const draws = [P_BUGGIFIED_SECTION_ACTIVATED / 2, (P_BUGGIFIED_SECTION_FIRES + 1) / 2];
  const buggify = new Buggify(() => draws.shift() ?? 0.99, { simulated: true });
  expect(buggify.fires('site'), 'on, but this draw says no').toBe(false);
});
