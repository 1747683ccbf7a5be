// Small text helpers the pictures share.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A string as UTF-8 bytes. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** UTF-8 bytes as a string (invalid sequences become U+FFFD). */
export const text = (bytes: Uint8Array): string => decoder.decode(bytes);

/** A file number as the engine writes it in a file name: 7 -> "000007". */
export const fileNumberText = (n: number): string => String(n).padStart(6, '0');

/** "1 table" / "2 tables". */
export const plural = (count: number, word: string, many = `${word}s`): string =>
  `${count} ${count === 1 ? word : many}`;

/** "a 4-byte" / "an 8-byte" / "an 11-byte": the article that an English number takes when read aloud. */
export const aSized = (count: number, unit: string): string =>
  `${/^(8|1[18](\d{3})*$)/.test(String(count)) ? 'an' : 'a'} ${count}-${unit}`;
