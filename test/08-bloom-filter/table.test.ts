/**
 * Lesson 08 inside lesson 07's table: the bloom policy is a FilterPolicy a table can store and
 * consult. Each property below targets a bug learners really write:
 *
 * - "a table written with the bloom policy answers every get like the memtable it was written
 *   from": any false negative of the filter (a key the table holds reported missing), which
 *   through a table means a committed write that reads as absent.
 * - "a get of an absent key that the filter rules out reads no data block": a filter that is
 *   never consulted because it says "maybe" to everything (zero probes, all bits set), and the
 *   checks that the filter really rules out most absent keys at 10 bits per key.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf } from '../shared/bytes.ts';
import { ReadRecordingFileSystem } from '../shared/recording-fs.ts';

const show = (k: Uint8Array): string => (k.length === 0 ? 'the empty key' : `key ${hexOf(k)}`);

/** Writes (key, value-or-delete) pairs as a memtable, then as a table with the bloom policy. */
async function tableOf(writes: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>, policy: BloomFilterPolicy) {
  const memtable = new MemTable();
  for (const [i, [k, v]] of writes.entries()) {
    if (v === null) memtable.delete(i + 1, k);
    else memtable.put(i + 1, k, v);
  }
  const fs = new ReadRecordingFileSystem(new SimulatedFileSystem({ seed: 8 }));
  await fs.mkdir('db');
  await writeTable(fs, 'db/000001.sst', memtable.entries(), { filterPolicy: policy, blockSize: 256 });
  const reader = await TableReader.open(fs, 'db/000001.sst', { filterPolicy: policy });
  return { memtable, fs, reader };
}

const key = fc.uint8Array({ minLength: 1, maxLength: 6 });
const writes = fc.array(fc.tuple(key, fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null, freq: 5 })), {
  maxLength: 60,
});

describe('the bloom filter in a table (lesson 07)', () => {
  test.prop([writes, fc.array(key, { maxLength: 30 })])(
    'a table written with the bloom policy answers every get like the memtable it was written from',
    async (ws, others) => {
      const { memtable, reader } = await tableOf(ws, new BloomFilterPolicy({ bitsPerKey: 10 }));
      try {
        for (const k of [...ws.map(([k]) => k), ...others]) {
          for (const atSequence of [undefined, Math.floor(ws.length / 2)]) {
            expect(
              await reader.get(k, atSequence),
              `get(${show(k)}${atSequence === undefined ? '' : `, at ${atSequence}`}) differs from the memtable: a false negative hides a committed write`,
            ).toEqual(memtable.get(k, atSequence));
          }
        }
      } finally {
        await reader.close();
      }
    },
  );

  test.prop([fc.uniqueArray(key, { minLength: 50, maxLength: 200, selector: hexOf })], { numRuns: 15 })(
    'a get of an absent key that the filter rules out reads no data block',
    async (keys) => {
      // The first half is written; the second half is absent. Every value is a put.
      const present = keys.slice(0, keys.length >> 1);
      const absent = keys.slice(keys.length >> 1);
      const policy = new BloomFilterPolicy({ bitsPerKey: 10 });
      const filter = policy.createFilter(present.map((k) => k).sort(Buffer.compare));
      const { fs, reader } = await tableOf(
        present.map((k) => [k, new Uint8Array([1])] as const),
        policy,
      );
      try {
        let skipped = 0;
        for (const k of absent) {
          const before = fs.reads.length;
          expect((await reader.get(k)).kind, `${show(k)} was never written`).toBe('missing');
          if (!policy.mayContain(filter, k)) {
            expect(
              fs.reads.length - before,
              `the filter rules out ${show(k)}, so get() must not read a data block`,
            ).toBe(0);
            skipped++;
          }
        }
        expect(
          skipped,
          `the filter ruled out only ${skipped} of ${absent.length} absent keys; at 10 bits per key it should rule out nearly all`,
          // At least half: enough to prove the filter is consulted, loose enough for a few dozen
          // keys (bloom.test.ts measures the false-positive rate itself, on 10,000 keys).
        ).toBeGreaterThanOrEqual(Math.ceil(absent.length / 2));
      } finally {
        await reader.close();
      }
    },
  );
});
