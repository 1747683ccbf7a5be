/**
 * Lesson 15, subspaces and strinc. Catches:
 *
 * - strinc that does not drop trailing 0xff bytes (0xff + 1 wraps to 00, a key before the
 *   prefix), that increments in place (changing the caller's key), that returns a view of it,
 *   or that returns something for an empty or all-0xff key instead of StrincError;
 * - a subspace range that includes the subspace's own key (begin without the 00), or ends at
 *   strinc instead of ff (including keys that are not packed tuples, harmless but not
 *   FoundationDB's rule), or misses the tuples that extend it;
 * - Subspace.unpack without the contains check (garbage from another subspace's key), or with
 *   error offsets counted from after the prefix instead of in the key;
 * - a subspace that keeps the caller's raw prefix array (changing it moves the subspace), or
 *   hands out its own prefix to be changed;
 * - subspace(t) not equal to the subspace of the joined tuple.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { KeyNotInSubspaceError, StrincError } from '@ferris/15-tuple-layer/errors.ts';
import { pack } from '@ferris/15-tuple-layer/pack.ts';
import { strinc } from '@ferris/15-tuple-layer/strinc.ts';
import { Subspace } from '@ferris/15-tuple-layer/subspace.ts';
import { caught, decodeError, fromHex, hex, show, tuple } from './helpers.ts';

const startsWith = (key: Uint8Array, prefix: Uint8Array) =>
  key.length >= prefix.length && prefix.every((b, i) => key[i] === b);

/** Keys over a few bytes, 00 and ff among them, so that prefixes and trailing ff are common. */
const key = (maxLength: number) =>
  fc.array(fc.constantFrom(0x00, 0x01, 0x61, 0xfe, 0xff), { maxLength }).map((b) => Uint8Array.from(b));
const prefix = fc
  .tuple(key(4), fc.integer({ min: 0, max: 3 }))
  .map(([start, ffs]) => Uint8Array.from([...start, ...new Array(ffs).fill(0xff)]));

describe('strinc', () => {
  test.prop([prefix, fc.array(key(7), { minLength: 1, maxLength: 10 })])(
    'strinc(p) is the first key after every key with the prefix p: p <= k < strinc(p) exactly when k starts with p',
    (p, keys) => {
      fc.pre(p.some((b) => b !== 0xff));
      const end = strinc(p);
      for (const k of [...keys, ...keys.map((rest) => Uint8Array.from([...p, ...rest])), end, p]) {
        const inside = compareBytes(p, k) <= 0 && compareBytes(k, end) < 0;
        expect(
          inside,
          `key ${hex(k)} ${startsWith(k, p) ? 'starts' : 'does not start'} with ${hex(p)}, strinc gave ${hex(end)}`,
        ).toBe(startsWith(k, p));
      }
    },
  );

  it("FoundationDB's rule: drop the trailing ff bytes, then add one to the last byte", () => {
    expect(hex(strinc(fromHex('61 62'))), 'strinc("ab")').toBe('61 63');
    expect(hex(strinc(fromHex('61 ff ff'))), 'strinc("a\\xff\\xff")').toBe('62');
    expect(hex(strinc(fromHex('00'))), 'strinc("\\x00")').toBe('01');
    expect(hex(strinc(fromHex('01 fe ff'))), 'strinc("\\x01\\xfe\\xff")').toBe('01 ff');
  });

  it('an empty key or a key of only ff bytes has no successor: StrincError', () => {
    for (const bad of ['', 'ff', 'ff ff ff']) {
      caught(() => strinc(fromHex(bad)), StrincError, `strinc of "${bad}"`);
    }
  });

  test.prop([prefix])("strinc leaves the caller's key alone and returns an array of its own", (p) => {
    fc.pre(p.some((b) => b !== 0xff));
    const before = hex(p);
    const end = strinc(p);
    expect(hex(p), 'strinc changed its argument').toBe(before);
    const endBefore = hex(end);
    p.fill(0x33);
    expect(hex(end), "strinc's result changed when the caller changed its key").toBe(endBefore);
  });
});

describe('Subspace', () => {
  test.prop([tuple, key(3), tuple])('pack puts the prefix in front, and unpack takes it off', (prefixTuple, raw, t) => {
    const space = new Subspace(prefixTuple, raw);
    expect(hex(space.prefix), 'the prefix is the raw prefix, then the packed tuple').toBe(
      hex(Uint8Array.from([...raw, ...pack(prefixTuple)])),
    );
    const k = space.pack(t);
    expect(hex(k), 'a key is the prefix, then pack(t)').toBe(hex(Uint8Array.from([...space.prefix, ...pack(t)])));
    expect(space.contains(k), 'the subspace contains its own keys').toBe(true);
    expect(show(space.unpack(k)), 'unpack of a packed key').toBe(show(t));
  });

  test.prop([tuple, tuple, fc.array(tuple, { maxLength: 8 })])(
    'range(t) holds exactly the keys of tuples that extend t by at least one element',
    (prefixTuple, t, others) => {
      const space = new Subspace(prefixTuple);
      const { begin, end } = space.range(t);
      const inRange = (k: Uint8Array) => compareBytes(begin, k) <= 0 && compareBytes(k, end) < 0;
      expect(inRange(space.pack(t)), `the key of ${show(t)} itself is not in its range`).toBe(false);
      for (const rest of others) {
        const k = space.pack([...t, ...rest]);
        expect(inRange(k), `${show([...t, ...rest])} ${rest.length > 0 ? 'extends' : 'is'} ${show(t)}`).toBe(
          rest.length > 0,
        );
        const other = space.pack(rest);
        const extendsT = rest.length > t.length && hex(pack(rest.slice(0, t.length))) === hex(pack(t));
        expect(inRange(other), `${show(rest)} against the range of ${show(t)}`).toBe(extendsT);
      }
      expect(hex(begin), 'begin: the key of t, then 00').toBe(hex(Uint8Array.from([...space.pack(t), 0x00])));
      expect(hex(end), 'end: the key of t, then ff').toBe(hex(Uint8Array.from([...space.pack(t), 0xff])));
    },
  );

  test.prop([tuple, tuple])(
    'unpack refuses a key from outside the subspace with KeyNotInSubspaceError',
    (prefixTuple, t) => {
      const space = new Subspace(['space', ...prefixTuple]);
      const outside = pack(['other', ...t]);
      expect(space.contains(outside), 'a key with another prefix').toBe(false);
      const error = caught(() => space.unpack(outside), KeyNotInSubspaceError, `unpack of ${show(['other', ...t])}`);
      expect(error.code, "FoundationDB's key_not_in_subspace").toBe(2252);
      expect(space.contains(space.prefix.subarray(0, space.prefix.length - 1)), 'a key shorter than the prefix').toBe(
        false,
      );
    },
  );

  it('a bad key inside the subspace is refused with offsets counted in the key', () => {
    const space = new Subspace(['s']);
    const badKey = Uint8Array.from([...space.prefix, 0x15, 0x01, 0x03]);
    const error = decodeError(() => space.unpack(badKey), `unpack of ${hex(badKey)}`);
    expect(error.offset, 'the offset of 0x03 in the key (after the 3-byte prefix and 2-byte integer)').toBe(5);
  });

  test.prop([tuple, tuple, tuple])('subspace(t) is the subspace of the joined tuple', (a, b, c) => {
    const nested = new Subspace(a).subspace(b);
    expect(hex(nested.prefix), 'prefix of subspace(b) inside subspace(a)').toBe(hex(new Subspace([...a, ...b]).prefix));
    expect(hex(nested.pack(c)), 'and its keys').toBe(hex(pack([...a, ...b, ...c])));
  });

  it('a subspace owns its prefix: changing the raw prefix given, or the prefix handed out, changes nothing', () => {
    const raw = fromHex('01 02');
    const space = new Subspace(['x'], raw);
    raw.fill(0x99);
    space.prefix.fill(0x77);
    expect(hex(space.prefix), 'the prefix after the caller wrote into both arrays').toBe('01 02 02 78 00');
    expect(hex(new Subspace([], raw.subarray(0, 1)).prefix), 'a raw prefix that is a view').toBe('99');
  });
});
