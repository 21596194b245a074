import { HASH_KEY } from "./index-keys.ts";

/** Bits set per hash: with 10 bits per hash held, 7 gives about 0.8 % false positives. */
const PROBES = 7;
const BITS_PER_HASH = 10;
/** The smallest level: 128 KiB, room for about 100,000 hashes. */
const MIN_BITS = 2 ** 20;
/** The largest: 256 MiB, room for 214 million; bit positions stay within 31-bit integer arithmetic. */
const MAX_BITS = 2 ** 31;
/** Words of the index key the probes are made from: two for double hashing. */
const WORDS = 2;

/**
 * A Bloom filter of the assertion hashes the store holds: "certainly absent" without a read of the
 * hash index. Every new assertion is looked up twice, once before the write is logged (is it a
 * repeat?) and once as it is applied, and both lookups miss for new content. In a store of a
 * million assertions a miss in the index takes 0.9 µs, and 0.1 µs through the filter; durable
 * ingest gained 6-7 % with one writer and 9-12 % with four.
 *
 * The filter only ever says "absent" for hashes never added: it is a superset of the index. Hashes
 * are added when a batch that stores them is planned, before it commits (a batch that then fails
 * leaves false positives, which cost a read and nothing else), and the index's existing keys are
 * added by `fill` at open. Until `fill` is done, every hash may be present.
 *
 * Content hashes are uniformly random (BLAKE3), so the probes are taken from the hash's own bits
 * (double hashing over its first two 32-bit words) instead of hashing it again. When the hashes
 * held outgrow the filter, a level twice the size is added; a hash may be present if any level
 * says so.
 */
export class HashFilter {
  readonly #levels: BloomLevel[];
  #filled = false;
  readonly #words = new Uint32Array(WORDS);

  /** Sized for `expected` hashes, rounded up to a power of two bits: 2 MiB for a million. */
  constructor(expected: number) {
    this.#levels = [new BloomLevel(bitsFor(expected))];
  }

  /** Whether every hash of the index has been added, so that "absent" can be believed. */
  get filled(): boolean {
    return this.#filled;
  }

  /** The index's keys are all added (`fillFromIndex` calls it when its scan of them is done). */
  markFilled(): void {
    this.#filled = true;
  }

  /** Bytes of memory the filter's bits take. */
  get bytes(): number {
    return this.#levels.reduce((sum, level) => sum + level.bits.byteLength, 0);
  }

  /** Adds a hash index key (the first `HASH_KEY` bytes of a hash). */
  addKey(key: Uint8Array): void {
    this.#add(bigEndianWord(key, 0), bigEndianWord(key, 4));
  }

  /**
   * False only when no assertion with this hash (lower- or upper-case hex, as the index's key
   * reads it) is stored. A string that is not hex may be anything: the index decides.
   */
  mayHold(hash: string): boolean {
    if (!this.#filled || !hexWords(hash, this.#words)) return true;
    const first = this.#words[0] as number;
    const second = this.#words[1] as number;
    for (const level of this.#levels) if (level.mayHold(first, second)) return true;
    return false;
  }

  #add(first: number, second: number): void {
    let level = this.#levels.at(-1) as BloomLevel;
    if (level.count >= level.capacity) {
      level = new BloomLevel(Math.min(level.size * 2, MAX_BITS));
      this.#levels.push(level);
    }
    level.add(first, second);
  }
}

/** One Bloom filter of a fixed size, a power of two bits. */
class BloomLevel {
  readonly bits: Uint32Array;
  readonly size: number;
  readonly capacity: number;
  readonly #mask: number;
  count = 0;

  constructor(size: number) {
    this.size = size;
    this.bits = new Uint32Array(size >>> 5);
    this.capacity = Math.floor(size / BITS_PER_HASH);
    this.#mask = size - 1;
  }

  add(first: number, second: number): void {
    const step = second | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (first + Math.imul(i, step)) & this.#mask;
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
    }
    this.count += 1;
  }

  mayHold(first: number, second: number): boolean {
    const step = second | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (first + Math.imul(i, step)) & this.#mask;
      if (((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

function bitsFor(hashes: number): number {
  let bits = MIN_BITS;
  while (bits < hashes * BITS_PER_HASH && bits < MAX_BITS) bits *= 2;
  return bits;
}

/**
 * The first `WORDS` big-endian 32-bit words of a hex string's bytes, as `Buffer.from(hash, "hex")`
 * would read them; false when the string is too short or not hex there.
 */
function hexWords(hash: string, into: Uint32Array): boolean {
  if (hash.length < HASH_KEY * 2) return false;
  for (let w = 0; w < WORDS; w++) {
    let word = 0;
    for (let i = w * 8; i < w * 8 + 8; i++) {
      const nibble = hexValue(hash.charCodeAt(i));
      if (nibble < 0) return false;
      word = (word << 4) | nibble;
    }
    into[w] = word;
  }
  return true;
}

/** The unsigned big-endian 32-bit word at `at`, read without a DataView. */
function bigEndianWord(bytes: Uint8Array, at: number): number {
  const word =
    ((bytes[at] as number) << 24) |
    ((bytes[at + 1] as number) << 16) |
    ((bytes[at + 2] as number) << 8) |
    (bytes[at + 3] as number);
  return word >>> 0;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * Keys of the hash index read per turn of the event loop while filling: 2-4 ms of work. A million
 * keys take about 0.2 s in all, and delay the loop's other work by at most 5 ms at a time.
 */
const FILL_CHUNK = 8_192;
const ZERO = Buffer.from([0]);

/**
 * Adds every key of the hash index to `filter`, a chunk per turn of the event loop so a store of
 * millions opens at once and serves meanwhile, then marks it filled. Keys committed while it runs
 * were added when their batch was planned, so nothing is missed between chunks. Returns a function
 * that stops it (the store closing).
 */
export function fillFromIndex(
  filter: HashFilter,
  keysFrom: (start: Buffer | undefined, limit: number) => Iterable<Buffer>,
  chunk = FILL_CHUNK,
): () => void {
  let start: Buffer | undefined;
  let pending: NodeJS.Immediate | undefined;
  const step = (): void => {
    let read = 0;
    let last: Buffer | undefined;
    for (const key of keysFrom(start, chunk)) {
      filter.addKey(key);
      last = key;
      read += 1;
    }
    if (read < chunk || last === undefined) {
      pending = undefined;
      filter.markFilled();
      return;
    }
    // The smallest key after the last one read: the next chunk starts past it.
    start = Buffer.concat([last, ZERO]);
    pending = setImmediate(step);
  };
  pending = setImmediate(step);
  return () => {
    if (pending !== undefined) clearImmediate(pending);
    pending = undefined;
  };
}
