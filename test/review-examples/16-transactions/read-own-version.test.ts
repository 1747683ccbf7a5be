// Catches: the resolver uses >= instead of > on versions (a write the reader saw counts as a conflict)
//
// A reference review test (see cli/review-examples.ts): a write committed at exactly the read
// version was seen by the reader, so it is no conflict.
import { expect, it } from 'vitest';
import { Resolver } from '@ferris/16-transactions/resolver.ts';

it('a transaction that read at the version of the last write to its key commits', () => {
  const resolver = new Resolver();
  const key = { begin: Uint8Array.of(1), end: Uint8Array.of(1, 0) };
  expect(resolver.resolveBatch(10, [{ readVersion: 5, readRanges: [], writeRanges: [key] }]), 'the writer').toEqual([
    'committed',
  ]);
  expect(
    resolver.resolveBatch(20, [{ readVersion: 10, readRanges: [key], writeRanges: [key] }]),
    'a reader at version 10 saw the write at 10',
  ).toEqual(['committed']);
});
