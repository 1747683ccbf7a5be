/**
 * Lesson 15: which JavaScript value is which tuple type.
 *
 * | JavaScript value                         | tuple type        | code          |
 * | ---------------------------------------- | ----------------- | ------------- |
 * | `null`                                   | null              | 0x00          |
 * | `Uint8Array`                             | byte string       | 0x01          |
 * | `string` (well-formed UTF-16)            | unicode string    | 0x02          |
 * | array                                    | nested tuple      | 0x05          |
 * | `number` (a safe integer, not -0)        | integer           | 0x0c..0x1c    |
 * | `bigint`                                 | integer, bigint   | 0x0b..0x1d    |
 * | `Float32`                                | float             | 0x20          |
 * | `Double`                                 | double            | 0x21          |
 * | `boolean`                                | false / true      | 0x26 / 0x27   |
 * | `Uuid`                                   | UUID              | 0x30          |
 * | `Versionstamp`                           | versionstamp      | 0x33          |
 *
 * A JavaScript `number` cannot say whether `1` is an integer or the double 1.0, so plain numbers
 * are integers only; a floating-point value is wrapped (`new Double(1.5)`), which also keeps -0
 * and NaN apart from 0. `unpack` returns an integer as a `number` when it is a safe integer and
 * as a `bigint` otherwise, so `5n` packs like `5` and comes back as `5`.
 */
import { MAX_USER_VERSION, TRANSACTION_VERSION_BYTES, UUID_BYTES, VERSIONSTAMP_BYTES } from './type-codes.ts';

/** One element of a tuple. */
export type TupleElement =
  | null
  | Uint8Array
  | string
  | number
  | bigint
  | boolean
  | Float32
  | Double
  | Uuid
  | Versionstamp
  | readonly TupleElement[];

/** A tuple: what `pack` turns into a key and `unpack` gives back. */
export type Tuple = readonly TupleElement[];

/** An IEEE 754 single-precision float (code 0x20). The value is rounded to single precision. */
export class Float32 {
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
}

/** An IEEE 754 double (code 0x21), including -0, NaN and the infinities. */
export class Double {
  constructor(readonly value: number) {}
}

/** An RFC 4122 UUID (code 0x30): 16 bytes, kept as a copy of what the constructor was given. */
export class Uuid {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    if (bytes.length !== UUID_BYTES) throw new RangeError(`A UUID is ${UUID_BYTES} bytes, not ${bytes.length}.`);
    this.bytes = Uint8Array.from(bytes);
  }

  /** The usual text form, for example `123e4567-e89b-12d3-a456-426614174000`. */
  toString(): string {
    const hex = Array.from(this.bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }
}

/**
 * A 96-bit versionstamp (code 0x33): the 10-byte transaction version (an 8-byte commit version
 * and a 2-byte batch order, both big-endian) that the database assigns at commit, then a 2-byte
 * user version that orders writes inside one transaction. Lesson 17 makes them at commit time.
 */
export class Versionstamp {
  readonly transactionVersion: Uint8Array;
  constructor(
    transactionVersion: Uint8Array,
    readonly userVersion = 0,
  ) {
    if (transactionVersion.length !== TRANSACTION_VERSION_BYTES) {
      throw new RangeError(
        `A transaction version is ${TRANSACTION_VERSION_BYTES} bytes, not ${transactionVersion.length}.`,
      );
    }
    if (!Number.isInteger(userVersion) || userVersion < 0 || userVersion > MAX_USER_VERSION) {
      throw new RangeError(`A user version is a whole number in 0..${MAX_USER_VERSION}, not ${userVersion}.`);
    }
    this.transactionVersion = Uint8Array.from(transactionVersion);
  }

  /** The 12 bytes: transaction version, then the user version big-endian. */
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(VERSIONSTAMP_BYTES);
    bytes.set(this.transactionVersion);
    bytes[TRANSACTION_VERSION_BYTES] = this.userVersion >>> 8;
    bytes[TRANSACTION_VERSION_BYTES + 1] = this.userVersion & 0xff;
    return bytes;
  }
}
