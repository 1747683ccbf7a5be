/**
 * Lesson 13, tables held in memory page by page (`PagedFile.read` and `PagedFile.page` in
 * table-pages.ts). What each property catches:
 *
 * - "paged reads give the bytes the file holds": a view that runs to the end of its page, pieces
 *   of a read across pages copied to the wrong place, a page found by rounding, the last page read
 *   as a whole page past the end of the file, a fallback that reads from the wrong offset, a
 *   budget taken for more than it holds.
 * - "with room in the budget, every page a read touches is read from the file once": pages never
 *   held, a page remembered only once its read is done (two reads at once read it twice), pages
 *   read that no read touched.
 * - "with no room in the budget, every read goes to the file as it was asked": pages held although
 *   the budget refused them.
 * - "closing a paged file gives its pages back to the budget": pages not counted as held.
 * - "a failed page read fails every read waiting for it": a failed read that keeps its bytes of
 *   the budget, or is remembered, so that the page can never be read again.
 * - "an engine reading its tables through pages answers like the model": all of it inside lesson
 *   10's engine, as compaction opens and closes tables, and after reopening.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { FileSystem, ReadFile } from '@support/fs.ts';
import { PAGE_BYTES, PageBudget, tablePages } from '@ferris/13-performance/table-pages.ts';
import { freshDisk, writeDurably } from '../shared/disk.ts';
import { rejected } from '../shared/errors.ts';
import { ReadRecordingFileSystem, type Read } from '../shared/recording-fs.ts';
import { InjectedFailure, SteppingFileSystem } from '../shared/stepping-fs.ts';
import { op } from '../10-lsm-engine/helpers.ts';
import { engineMatchesModel } from './engine-model.ts';

const PATH = 'db/t.sst';
/** File sizes at the edges that matter: one byte, either side of a page and of two, three pages. */
const fileSize = fc.oneof(
  fc.constantFrom(
    1,
    PAGE_BYTES - 1,
    PAGE_BYTES,
    PAGE_BYTES + 1,
    2 * PAGE_BYTES,
    2 * PAGE_BYTES + 1,
    3 * PAGE_BYTES - 5,
  ),
  fc.integer({ min: 1, max: 3 * PAGE_BYTES + 100 }),
);
/** A read as fractions of the file, or pinned to a page edge, with lengths that matter. */
const readShape = fc.record({
  edge: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3, max: 3 })), { nil: undefined }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.oneof(
    fc.constantFrom(0, 1, 2, 4096, 4133, PAGE_BYTES - 1, PAGE_BYTES, PAGE_BYTES + 1, 2 * PAGE_BYTES),
    fc.integer({ min: 0, max: 3 * PAGE_BYTES }),
  ),
});
type ReadShape = typeof readShape extends fc.Arbitrary<infer T> ? T : never;
/** Budgets: none, less than a page, exactly a page, between, and room for everything. */
const budgetBytes = fc.oneof(
  fc.constantFrom(0, 1, PAGE_BYTES - 1, PAGE_BYTES, PAGE_BYTES + 1, 2 * PAGE_BYTES, 64 * PAGE_BYTES),
  fc.integer({ min: 0, max: 4 * PAGE_BYTES }),
);

/** A range inside a file of `size` bytes for the shape: its length clipped to what is left. */
function rangeOf(shape: ReadShape, size: number): [number, number] {
  const wanted = shape.edge ? shape.edge[0] * PAGE_BYTES + shape.edge[1] : Math.floor(shape.at * size);
  const offset = Math.min(Math.max(0, wanted), size);
  return [offset, Math.min(shape.length, size - offset)];
}

const describeRanges = (ranges: readonly (readonly [number, number])[]) =>
  ranges.map(([o, n]) => `read(${o}, ${n})`).join(', ');

/** The bytes of a test file: no two pages alike, so a read from the wrong page shows. */
function fileBytes(size: number): Uint8Array {
  return Uint8Array.from(
    { length: size },
    (_, i) => (i * 7 + Math.floor(i / 251) + Math.floor(i / PAGE_BYTES) * 13) & 0xff,
  );
}

/** A simulated disk holding `size` bytes at PATH, its reads recorded. */
async function diskWith(size: number): Promise<{ disk: ReadRecordingFileSystem; bytes: Uint8Array }> {
  const bytes = fileBytes(size);
  const sim = await freshDisk();
  await writeDurably(sim, PATH, bytes);
  return { disk: new ReadRecordingFileSystem(sim), bytes };
}

function expectBytes(got: Uint8Array, bytes: Uint8Array, [offset, length]: readonly [number, number], story: string) {
  const wrong = got.length !== length ? -2 : got.findIndex((b, j) => b !== bytes[offset + j]);
  expect(
    wrong,
    wrong === -2
      ? `${story}: read(${offset}, ${length}) gave ${got.length} bytes`
      : `${story}: read(${offset}, ${length}) differs from the file at byte ${wrong} of the range`,
  ).toBe(-1);
}

/** The pages `ranges` touch, as the reads a paged file should make of them: [offset, length]. */
function pagesTouched(ranges: readonly (readonly [number, number])[], size: number): string[] {
  const pages = new Set<number>();
  for (const [offset, length] of ranges) {
    if (length === 0) continue;
    for (let p = Math.floor(offset / PAGE_BYTES); p <= Math.floor((offset + length - 1) / PAGE_BYTES); p++)
      pages.add(p);
  }
  return [...pages]
    .sort((a, b) => a - b)
    .map((p) => `${p * PAGE_BYTES}+${Math.min(PAGE_BYTES, size - p * PAGE_BYTES)}`);
}

/** The bytes of the pages `pagesTouched` names: what the budget holds for them. */
const bytesOfPages = (pages: readonly string[]) => pages.reduce((n, page) => n + Number(page.split('+')[1]), 0);

const readsOf = (reads: readonly Read[]) => reads.map((r) => `${r.offset}+${r.length}`);

test.prop([fileSize, fc.array(readShape, { minLength: 1, maxLength: 12 }), budgetBytes, fc.boolean()])(
  'paged reads give the bytes the file holds for any range, across page edges and at the end of the file, within any budget',
  async (size, shapes, limit, together) => {
    const { disk, bytes } = await diskWith(size);
    const budget = new PageBudget(limit);
    const file = await tablePages(disk, budget).openRead(PATH);
    const ranges = shapes.map((s) => rangeOf(s, size));
    const story = `a file of ${size} bytes (pages of ${PAGE_BYTES}), a budget of ${limit} bytes, ${describeRanges(ranges)}${together ? ' all at once' : ''}`;
    const results = together
      ? await Promise.all(ranges.map(([o, n]) => file.read(o, n)))
      : await readInTurn(file, ranges);
    // Checked once every read is done: a later read landing in an earlier one's bytes shows here.
    results.forEach((got, i) => expectBytes(got, bytes, ranges[i]!, story));
    expect(disk.outside, `${story}: reads of the file outside its bytes`).toEqual([]);
    expect(budget.usedBytes, `${story}: bytes held against the budget`).toBeLessThanOrEqual(limit);
    await file.close();
    expect(budget.usedBytes, `${story}: bytes held once the file is closed`).toBe(0);
  },
);

async function readInTurn(file: ReadFile, ranges: readonly (readonly [number, number])[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const [o, n] of ranges) out.push(await file.read(o, n));
  return out;
}

test.prop([fileSize, fc.array(fc.array(readShape, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 })])(
  'with room in the budget, every page a read touches is read from the file once, even by reads at the same time, and no other',
  async (size, rounds) => {
    const { disk, bytes } = await diskWith(size);
    const budget = new PageBudget(64 * PAGE_BYTES);
    const file = await tablePages(disk, budget).openRead(PATH);
    disk.takeReads();
    const all: [number, number][] = [];
    for (const shapes of rounds) {
      // Each round's reads start together: a page they share is asked for while its read is under way.
      const ranges = shapes.map((s) => rangeOf(s, size));
      all.push(...ranges);
      const results = await Promise.all(ranges.map(([o, n]) => file.read(o, n)));
      results.forEach((got, i) => expectBytes(got, bytes, ranges[i]!, `a file of ${size} bytes`));
    }
    const story = `a file of ${size} bytes (pages of ${PAGE_BYTES}), reads in rounds: ${rounds
      .map((shapes) => describeRanges(shapes.map((s) => rangeOf(s, size))))
      .join('; then ')}`;
    const expected = pagesTouched(all, size);
    expect(
      readsOf(disk.takeReads()).sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10)),
      `${story}: the file's reads (offset+length) must be each page the reads touch, once`,
    ).toEqual(expected);
    const held = bytesOfPages(expected);
    expect(budget.usedBytes, `${story}: the budget must hold exactly the pages read`).toBe(held);
    await file.close();
  },
);

test.prop([
  fileSize,
  fc.array(readShape, { minLength: 1, maxLength: 8 }),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
])(
  'with no room in the budget for a page, every read goes to the file as it was asked',
  async (size, shapes, fraction) => {
    // Less than the smallest page of the file: the last one, when the size is not a whole number of pages.
    const limit = Math.floor(fraction * (size % PAGE_BYTES || PAGE_BYTES));
    const { disk, bytes } = await diskWith(size);
    const budget = new PageBudget(limit);
    const file = await tablePages(disk, budget).openRead(PATH);
    disk.takeReads();
    const ranges = shapes.map((s) => rangeOf(s, size)).filter(([, n]) => n > 0);
    for (const range of ranges) expectBytes(await file.read(...range), bytes, range, `a budget of ${limit}`);
    expect(
      readsOf(disk.takeReads()),
      `a file of ${size} bytes, a budget of ${limit} bytes (less than any page): the file's reads must be the reads asked for, ${describeRanges(ranges)}`,
    ).toEqual(ranges.map(([o, n]) => `${o}+${n}`));
    expect(budget.usedBytes, 'bytes held against a budget too small for any page').toBe(0);
    await file.close();
  },
);

test.prop([
  fileSize,
  fileSize,
  fc.array(readShape, { minLength: 1, maxLength: 6 }),
  fc.array(readShape, { maxLength: 6 }),
])(
  'closing a paged file gives its pages back to the budget, and no more; reads of a closed file are refused',
  async (sizeA, sizeB, shapesA, shapesB) => {
    const sim = await freshDisk();
    await writeDurably(sim, 'db/a.sst', fileBytes(sizeA));
    await writeDurably(sim, 'db/b.sst', fileBytes(sizeB));
    const budget = new PageBudget(64 * PAGE_BYTES);
    const fs = tablePages(sim, budget);
    const [a, b] = [await fs.openRead('db/a.sst'), await fs.openRead('db/b.sst')];
    const rangesA = shapesA.map((s) => rangeOf(s, sizeA));
    const rangesB = shapesB.map((s) => rangeOf(s, sizeB));
    await readInTurn(a, rangesA);
    await readInTurn(b, rangesB);
    const pageBytes = (ranges: [number, number][], size: number) => bytesOfPages(pagesTouched(ranges, size));
    const story = `a.sst (${sizeA} bytes): ${describeRanges(rangesA)}; b.sst (${sizeB} bytes): ${describeRanges(rangesB)}`;
    expect(budget.usedBytes, `${story}: bytes held by both`).toBe(
      pageBytes(rangesA, sizeA) + pageBytes(rangesB, sizeB),
    );
    await a.close();
    expect(budget.usedBytes, `${story}: bytes held once a.sst is closed`).toBe(pageBytes(rangesB, sizeB));
    await rejected(Error, () => a.read(0, 1), `${story}: read(0, 1) of the closed a.sst`);
    await b.close();
    expect(budget.usedBytes, `${story}: bytes held once both are closed`).toBe(0);
  },
);

test.prop([fileSize, readShape, fc.integer({ min: 1, max: 4 })])(
  'a failed page read fails every read waiting for it, takes nothing from the budget, and a later read tries again',
  async (size, shape, waiting) => {
    const [offset, length] = rangeOf(shape, size);
    fc.pre(length > 0);
    const sim = await freshDisk();
    const bytes = fileBytes(size);
    await writeDurably(sim, PATH, bytes);
    let fail = false;
    const failing = new SteppingFileSystem(
      sim,
      (call) => {
        if (fail && call.op === 'read') throw new InjectedFailure(call);
      },
      { also: ['read'] },
    );
    const budget = new PageBudget(64 * PAGE_BYTES);
    const file = await tablePages(failing as FileSystem, budget).openRead(PATH);
    fail = true;
    const story = `a file of ${size} bytes, ${waiting} reads of (${offset}, ${length}) at once while the disk fails`;
    // Settled together, so that no read's failure goes unhandled while another is awaited.
    const settled = await Promise.allSettled(Array.from({ length: waiting }, () => file.read(offset, length)));
    for (const [i, outcome] of settled.entries()) {
      await rejected(
        InjectedFailure,
        async () => (outcome.status === 'rejected' ? Promise.reject(outcome.reason) : outcome.value),
        `${story}: read ${i + 1}`,
      );
    }
    expect(budget.usedBytes, `${story}: bytes held after the failed page reads`).toBe(0);
    fail = false;
    expectBytes(await file.read(offset, length), bytes, [offset, length], `${story}, then again once the disk works`);
    await file.close();
    expect(budget.usedBytes, `${story}: bytes held once the file is closed`).toBe(0);
  },
);

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
    fc.oneof(fc.constantFrom(0, 300, 100_000), fc.integer({ min: 0, max: 3000 })),
  ],
  { numRuns: 30 },
)(
  'an engine reading its tables through pages answers like the model, as compaction opens and closes tables, and after reopening',
  async (writes, limit) => {
    const budget = new PageBudget(limit);
    await engineMatchesModel({
      writes,
      options: { tableFileSystem: (inner: FileSystem) => tablePages(inner, budget) },
      setting: `a page budget of ${limit} bytes`,
      invariant: (what) => expect(budget.usedBytes, `bytes held against the budget ${what}`).toBeLessThanOrEqual(limit),
      afterFlush: ['after the flush'],
      closed: (when) => expect(budget.usedBytes, `bytes held ${when} (every table closed)`).toBe(0),
    });
  },
);
