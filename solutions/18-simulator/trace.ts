/**
 * Lesson 18, given: the running trace hash of a simulation.
 *
 * Every event the scheduler runs is written down as one record, `time|seq|kind|name|detail`,
 * and folded into a 64-bit FNV-1a hash. Two runs with the same hash ran the same events at the
 * same virtual times in the same order (up to a hash collision, about one in 2^64 per pair).
 *
 * FNV-1a 64: start from the offset basis 0xcbf29ce484222325; for every byte, XOR it into the
 * hash, then multiply by the prime 0x100000001b3 modulo 2^64. Here the "bytes" of a record are
 * its UTF-16 code units, low byte first, so no text encoder is needed and the hash is the same in
 * Node and in a browser. The 64-bit product is done in two 32-bit halves (the prime is
 * 2^40 + 0x1b3), because plain JavaScript numbers are exact only up to 2^53.
 */

/** One traced event, as it goes into the hash (and into the kept trace, when asked for). */
export interface TraceRecord {
  /** Virtual time in microseconds. */
  readonly time: number;
  /** The event's sequence number in the queue. */
  readonly seq: number;
  /** What happened: 'start', 'wake', 'timer', 'send', 'deliver', 'kill', ... */
  readonly kind: string;
  /** Who: a task's name or an event's label. */
  readonly name: string;
  /** Anything else that matters, in words (may be ''). */
  readonly detail: string;
}

const PRIME_LOW = 0x1b3;
const TWO_32 = 4294967296;

/** The FNV-1a 64 hash of a stream of records. */
export class TraceHash {
  private high = 0xcbf29ce4;
  private low = 0x84222325;
  /** How many records went in. */
  count = 0;

  /** Folds one record into the hash. */
  add(record: TraceRecord): void {
    this.addText(`${record.time}|${record.seq}|${record.kind}|${record.name}|${record.detail}\n`);
    this.count++;
  }

  /** The hash as 16 lowercase hex digits. */
  hex(): string {
    return this.high.toString(16).padStart(8, '0') + this.low.toString(16).padStart(8, '0');
  }

  private addText(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      this.addByte(unit & 0xff);
      this.addByte(unit >>> 8);
    }
  }

  private addByte(byte: number): void {
    const low = (this.low ^ byte) >>> 0;
    // (high * 2^32 + low) * (2^40 + 0x1b3) mod 2^64, in halves.
    const lowProduct = low * PRIME_LOW; // < 2^41: exact
    const carry = Math.floor(lowProduct / TWO_32);
    this.low = lowProduct >>> 0;
    this.high = (Math.imul(this.high, PRIME_LOW) + carry + (low << 8)) >>> 0;
  }
}
