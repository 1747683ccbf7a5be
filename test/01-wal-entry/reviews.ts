import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  "keeps the caller's key buffer instead of copying it": {
    pr: 'Keys are read far more often than they are written, and most callers build a fresh array per request anyway, so I stopped copying the key and kept the copy for values only. One allocation less per write.',
    why: 'Copying looks like defensive waste when the tests you ran by hand always passed a fresh array. The bug only shows when a caller reuses its buffer, which networking code does constantly.',
    see: 'README.md: So the entry keeps its own copies of the key and value, and the entry object is frozen with',
  },
  "keeps the caller's value buffer instead of copying it": {
    pr: 'Values can be up to 100 KB, and copying every one of them shows up in the profile. Keys stay copied since they are small; for values I hand the array straight through to the entry.',
    why: 'The cost argument is real, and values are the big ones, so they look like the right place to save. But the entry then shares memory with the caller, and a reused buffer rewrites a write that was already logged.',
    see: 'README.md: for the next request (which networking code does all the time), the logged write changes under',
  },
  'rejects a key or value of exactly the limit (>= instead of >)': {
    pr: 'I tidied the size check in copyBytes so it reads as "the length reaches the limit". Same idea, shorter to say out loud.',
    why: 'Whether a limit is inclusive is easy to lose: "reaches the limit" and "goes past the limit" sound alike, and ordinary tests use small keys that never come near either.',
    see: 'README.md: A limit is inclusive: a key of exactly 10,000 bytes is fine, 10,001 is not.',
  },
  'accepts one byte over the limit': {
    pr: 'The limit check now leaves one byte of slack, since a few callers measure their key lengths slightly differently and I would rather not bounce a write over a single byte.',
    why: 'A tolerance sounds friendly, but a limit with slack is a different limit: the next layer (a page, a frame, a network message) is sized for the documented number.',
    see: 'README.md: A limit is inclusive: a key of exactly 10,000 bytes is fine, 10,001 is not.',
  },
  'checks the key limit against the value limit': {
    pr: 'putEntry now validates its key with the same call shape as the value, so the two lines next to each other read the same. Easier to scan.',
    why: 'Two nearly identical lines invite a copy and paste, and the constant that differs is the one that is easy to miss. Keys below 10,000 bytes pass either way, so only a key between the two limits shows it.',
    see: 'README.md: | `MAX_KEY_BYTES` | 10,000 | keys are copied into indexes and compared constantly |',
  },
  'a delete keeps an empty value instead of none': {
    pr: 'Deletes now carry an empty Uint8Array as their value, so every entry has a value of the same type and code downstream never has to guard against null.',
    why: 'Avoiding null is usually good style, and an empty value looks like "nothing". But an empty value is a legal put, so the log can no longer tell a delete from a put of zero bytes.',
    see: 'README.md: must be told apart from a put of an empty value: `value: null` is a delete, `value: new',
  },
  'treats an empty value as a delete': {
    pr: 'isTombstone now also returns true for an entry whose value has no bytes, since such an entry carries no data at all. That way both ways of saying "nothing here" are handled the same.',
    why: 'An empty value feels like no value, and being lenient about two spellings feels robust. But the lesson makes them different on purpose: a put of zero bytes is a real value that must survive.',
    see: 'README.md: - `isTombstone` is true for deletes only, even for a put of an empty value.',
  },
  'accepts a negative sequence number': {
    pr: 'I trimmed the range check on sequence numbers to the bound that can actually bite us. Our sequence counter starts at zero and only grows, so the other side cannot happen in practice.',
    why: 'If you only ever picture your own counter, negative numbers look impossible. But putEntry is an API: a bug elsewhere, or a subtraction gone wrong, hands it -1, and the log then holds an order that cannot be.',
    see: 'README.md: | `sequence` | whole number, `0 ..= MAX_SEQUENCE` | the order of writes: a later write has a larger number |',
  },
  'accepts a fractional sequence number': {
    pr: 'The type check on the sequence number now guards against the value that breaks every comparison, which is what we actually care about. Shorter than the integer test too.',
    why: 'NaN is the famous broken number, so guarding against it feels complete. But 1.5 is not NaN, and a fractional sequence number slips between two writes and confuses every reader that counts them.',
    see: 'README.md: - Negative, fractional, infinite, `NaN` and larger-than-`MAX_SEQUENCE` sequence numbers are',
  },
  'accepts sequence numbers past MAX_SAFE_INTEGER': {
    pr: 'At a million writes a second we would need centuries to reach 2^53, so I dropped the upper bound from the sequence check. One comparison less on the hottest path of every write.',
    why: 'The arithmetic about centuries is right, which makes the check look pointless. But the input does not have to come from a counter: a corrupt or hostile number past 2^53 silently loses its exactness.',
    see: 'README.md: A `number` can no longer tell consecutive integers apart: `2 ** 53 + 1 === 2 ** 53`. Two',
  },
  '"copies" with a new view over the caller\'s buffer (shares its memory)': {
    pr: 'copyBytes now builds its result straight from the buffer, offset and length of the input, which avoids iterating over the bytes one by one. The entry gets a Uint8Array of exactly the right bytes.',
    why: 'A new Uint8Array object looks like a new array, and it does have exactly the right bytes. But it is only a view: it shares memory with the caller, so a reused buffer changes the entry.',
    see: "README.md: JavaScript passes a `Uint8Array` by reference. If you store the caller's array and they reuse it",
  },
  'rejects sequence number 0 (<= 0 instead of < 0)': {
    pr: 'Sequence numbers start at 1 in our writer, so I made the lower bound match: zero is not a sequence we ever hand out.',
    why: "Counting from one is natural, and it is easy to turn your own writer's habit into a rule of the format. But the lesson defines the range from 0, and other writers (and tests) use it.",
    see: 'README.md: - Negative, fractional, infinite, `NaN` and larger-than-`MAX_SEQUENCE` sequence numbers are',
  },
  "copies the key or value's whole backing buffer, not just the view": {
    pr: 'Copying through the ArrayBuffer is much faster than copying element by element, so copyBytes now clones the underlying buffer in one call.',
    why: 'For an array you made yourself, the buffer and the array are the same bytes, so it works in every small test. When the key is a view into a bigger buffer (a packet, a file chunk), the entry gets the bytes around it too.',
    see: "README.md: holds the viewed bytes only, the limit applies to the view's length, and reusing the buffer later",
  },
  'slices the backing buffer from byteOffset to length (the end is byteOffset + length)': {
    pr: "copyBytes now slices the bytes it needs out of the underlying ArrayBuffer, starting at the view's offset, which is both fast and exact for views into bigger buffers.",
    why: 'slice takes an end, not a length, and the two are the same number only when the offset is zero, which is the case in every test that does not use a view.',
    see: "README.md: holds the viewed bytes only, the limit applies to the view's length, and reusing the buffer later",
  },
  "checks the size limit against the backing buffer's byteLength instead of the view's length": {
    pr: 'The size check now asks the memory that holds the bytes how big it is, so we are sure nothing larger than the limit sneaks into the log.',
    why: 'For a fresh array the buffer and the view have the same size, so the two checks agree until someone passes a short key cut out of a large packet.',
    see: "README.md: holds the viewed bytes only, the limit applies to the view's length, and reusing the buffer later",
  },
  'a delete entry is not frozen (only puts call Object.freeze)': {
    pr: 'A delete has no value to protect, so I return its object as it is and skip the freeze. Deletes are frequent during compaction, and this keeps them light.',
    why: 'Freezing looks like it protects the value bytes, so an entry without a value seems to need none. But the sequence and the key can be reassigned too, and a tombstone that changes is as wrong as a put that does.',
    see: 'README.md: entry object, a put or a delete, is frozen.',
  },
};
