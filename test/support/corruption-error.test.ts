/**
 * One error family for corruption: every lesson's corruption error extends support's
 * CorruptionError and carries what it knows (file, offset, length), a typed check, and advice
 * that ends its message.
 *
 * Catches: a lesson's corruption error that does not extend the family (recovery code that
 * catches CorruptionError would let it escape); a subclass that passes its fields in the wrong
 * order (an offset reported as a length); advice missing from the message.
 */
import { describe, expect, it } from 'vitest';
import { CorruptionError } from '@support/corruption-error.ts';
import { CorruptFrameError } from '@ferris/02-serialization/frame.ts';
import { WalCorruptionError } from '@ferris/03-recovery/recovery.ts';
import { CorruptBlockError } from '@ferris/06-block/format.ts';
import { CorruptTableError } from '@ferris/07-sstable/format.ts';
import { CorruptKeyError } from '@ferris/07-sstable/table-key.ts';
import { CorruptFilterError } from '@ferris/08-bloom-filter/bloom.ts';
import { CorruptBatchError } from '@ferris/10-lsm-engine/batch.ts';
import { CorruptCatalogError } from '@ferris/10-lsm-engine/catalog.ts';
import { CorruptEditError } from '@ferris/11-manifest/edit-codec.ts';
import { CorruptManifestError } from '@ferris/11-manifest/manifest.ts';
import { CorruptCompressedFileError } from '@ferris/13-performance/compression.ts';

interface Expected {
  readonly error: CorruptionError;
  readonly name: string;
  readonly file?: string;
  readonly offset?: number;
  readonly length?: number;
  readonly check: string;
}

const cases: Expected[] = [
  { error: new CorruptFrameError(12, 'checksum', 'bad'), name: 'CorruptFrameError', offset: 12, check: 'checksum' },
  {
    error: new WalCorruptionError('db/1.log', 40, 'truncated', 'absolute-consistency', false),
    name: 'WalCorruptionError',
    file: 'db/1.log',
    offset: 40,
    check: 'truncated',
  },
  { error: new CorruptBlockError(7, 'restarts', 'bad'), name: 'CorruptBlockError', offset: 7, check: 'restarts' },
  {
    error: new CorruptTableError('t.sst', 100, 28, 'block', 'bad'),
    name: 'CorruptTableError',
    file: 't.sst',
    offset: 100,
    length: 28,
    check: 'block',
  },
  { error: new CorruptKeyError('kind', 'bad'), name: 'CorruptKeyError', check: 'kind' },
  { error: new CorruptFilterError('probes', 'bad'), name: 'CorruptFilterError', check: 'probes' },
  {
    error: new CorruptBatchError('db/2.log', 3, 'header', 'bad'),
    name: 'CorruptBatchError',
    file: 'db/2.log',
    check: 'header',
  },
  {
    error: new CorruptCatalogError('db/CATALOG', 0, 'json', 'bad'),
    name: 'CorruptCatalogError',
    file: 'db/CATALOG',
    offset: 0,
    check: 'json',
  },
  { error: new CorruptEditError(5, 'tag', 'bad'), name: 'CorruptEditError', offset: 5, check: 'tag' },
  {
    error: new CorruptManifestError('db/MANIFEST-000001', 9, 'record', 'bad'),
    name: 'CorruptManifestError',
    file: 'db/MANIFEST-000001',
    offset: 9,
    check: 'record',
  },
  {
    error: new CorruptCompressedFileError('t.sst', 64, 'magic', 'bad'),
    name: 'CorruptCompressedFileError',
    file: 't.sst',
    offset: 64,
    check: 'magic',
  },
];

describe('the corruption error family', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s is a CorruptionError with its file, offset, length, check and advice',
    (_name, c) => {
      expect(c.error, 'it belongs to the family').toBeInstanceOf(CorruptionError);
      expect(c.error, 'it is an Error').toBeInstanceOf(Error);
      expect(c.error.name, 'its name is its class').toBe(c.name);
      expect(c.error.file, 'the damaged file, when known').toBe(c.file);
      expect(c.error.offset, 'where the damage starts, when known').toBe(c.offset);
      expect(c.error.length, 'how long the damaged stretch is, when known').toBe(c.length);
      expect(c.error.check, 'the check that failed').toBe(c.check);
      expect(c.error.advice.length, 'it says what to do').toBeGreaterThan(10);
      expect(c.error.message.endsWith(c.error.advice), 'the message ends with what to do').toBe(true);
      expect(c.error.message, 'the message names the check').toContain(c.check);
    },
  );

  it('keeps the cause it is given', () => {
    const cause = new Error('inner');
    expect(
      new CorruptTableError('t.sst', 0, 48, 'magic', 'bad', { cause }).cause,
      'a table error keeps its cause',
    ).toBe(cause);
    expect(new CorruptManifestError('m', 0, 'edit', 'bad', { cause }).cause, 'a manifest error keeps its cause').toBe(
      cause,
    );
  });
});
