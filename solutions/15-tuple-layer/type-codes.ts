/**
 * Lesson 15: FoundationDB's tuple type codes and the tuple layer's limits.
 *
 * The first byte of every packed element says what follows. The codes are FoundationDB's own
 * (`design/tuple.md`), so a key packed here unpacks in FoundationDB's bindings and back. The
 * order of the codes is the order of the types: every null sorts before every byte string,
 * every byte string before every string, and so on.
 */

/** Null: the code alone (inside a nested tuple, `00 ff`). */
export const NULL_CODE = 0x00;
/** A byte string: the bytes with each 00 written as `00 ff`, then a 00 terminator. */
export const BYTES_CODE = 0x01;
/** A string: its UTF-8 bytes, escaped and terminated like a byte string. */
export const STRING_CODE = 0x02;
/** A nested tuple: its elements (a null as `00 ff`), then a 00 terminator. */
export const NESTED_CODE = 0x05;
/** A negative integer of 9 to 255 bytes: a length byte (bits flipped), then one's complement. */
export const NEG_BIGINT_CODE = 0x0b;
/** Zero. An integer of n bytes (1..8) has code 0x14 + n if positive, 0x14 - n if negative. */
export const INT_ZERO_CODE = 0x14;
/** A positive integer of 9 to 255 bytes: a length byte, then the bytes, big-endian. */
export const POS_BIGINT_CODE = 0x1d;
/** An IEEE 754 single (4 bytes, big-endian, bits adjusted to sort). */
export const FLOAT_CODE = 0x20;
/** An IEEE 754 double (8 bytes, big-endian, bits adjusted to sort). */
export const DOUBLE_CODE = 0x21;
/** `false`: the code alone. */
export const FALSE_CODE = 0x26;
/** `true`: the code alone. */
export const TRUE_CODE = 0x27;
/** An RFC 4122 UUID: 16 bytes in network order. */
export const UUID_CODE = 0x30;
/** A 96-bit versionstamp: 10 bytes of transaction version, then a 2-byte user version, big-endian. */
export const VERSIONSTAMP_CODE = 0x33;

/** Ends a byte string, a string or a nested tuple, unless the next byte is ESCAPE_BYTE. */
export const TERMINATOR = 0x00;
/** After a 00 inside a string (or a null inside a nested tuple): "this 00 is data, not the end". Never a type code. */
export const ESCAPE_BYTE = 0xff;

/** The most bytes an integer takes with a code of its own (0x0c..0x1c); more needs a bigint code. */
export const MAX_INT_BYTES = 8;
/** The most bytes a bigint may take: its length must fit in one byte. */
export const MAX_BIGINT_BYTES = 255;
/** A single-precision float's bytes. */
export const FLOAT_BYTES = 4;
/** A double's bytes. */
export const DOUBLE_BYTES = 8;
/** A UUID's bytes. */
export const UUID_BYTES = 16;
/** A versionstamp's bytes: the transaction version, then the user version. */
export const VERSIONSTAMP_BYTES = 12;
/** The transaction version inside a versionstamp: an 8-byte commit version and a 2-byte batch order. */
export const TRANSACTION_VERSION_BYTES = 10;
/** The largest user version (2 bytes, big-endian). */
export const MAX_USER_VERSION = 0xffff;
/**
 * How deep nested tuples may go, in pack and unpack alike. FoundationDB sets no limit; ours keeps
 * a hostile key (ten thousand 0x05 bytes) from overflowing the stack of whoever unpacks it.
 */
export const MAX_NESTING_DEPTH = 100;
