/**
 * A locality-sensitive hashing index over MinHash signatures (Indyk–Motwani banding): each
 * signature is cut into `bands` bands of `rows` slots, and two signatures become candidates when
 * one whole band matches. With similarity s that happens with probability 1 − (1 − sʳ)ᵇ: for the
 * default 16 × 8, 0.9999 at s = 0.9, 0.06 at s = 0.5 and 0.0001 at s = 0.25. Candidates are then
 * confirmed by their estimated Jaccard similarity.
 *
 * It runs on every write the content defense screens, so it is built to cost a few microseconds
 * and no garbage: entries live in a ring of typed arrays (the newest `maxEntries`, the oldest
 * overwritten), and each band of an entry is a node in a chained hash table whose chains run from
 * newest to oldest. Nothing is ever removed: a walk stops at the first node whose entry was
 * overwritten (every node after it is older still) or is older than the caller's time window.
 *
 * Templated texts (one agent writing `drug://x/study12 | effect | outcome 1200 in cohort 37` for
 * many studies, outcomes and cohorts) are 0.6–0.8 similar and share bands en masse, so a query
 * follows at most `maxBucketSize` matching nodes per band: its cost is bounded by
 * `bands × maxBucketSize` candidates, not by how many entries the scope has.
 */
import { equalSlotsNeeded } from "./min-hash.ts";

/** Shape and size of an `LshIndex`. */
export interface LshIndexOptions {
  /** Bands per signature; more bands find less similar pairs. */
  readonly bands: number;
  /** Slots per band; more rows make a band match rarer. `bands × rows` is the signature length. */
  readonly rows: number;
  /** Most entries kept; adding one more overwrites the entry added longest ago. */
  readonly maxEntries: number;
  /** Most entries a query takes from one band's bucket: the newest that share it. */
  readonly maxBucketSize: number;
}

/** 16 bands of 8 rows (128-slot signatures), at most 100,000 entries and 32 ids per bucket. */
export const DEFAULT_LSH_INDEX: LshIndexOptions = {
  bands: 16,
  rows: 8,
  maxEntries: 100_000,
  maxBucketSize: 32,
};

/** An entry similar enough to a query. */
export interface LshMatch<T> {
  readonly item: T;
  /** Estimated Jaccard similarity of the two signatures, 0..1. */
  readonly similarity: number;
  /** When the entry was added, as given to `add`. */
  readonly timeMs: number;
}

/** A chain's end, and a bucket with no chain. */
const NONE = -1;
/** Slots the ring starts with; it doubles up to `maxEntries` as entries arrive. */
const INITIAL_CAPACITY = 1024;
/**
 * Nodes a walk may pass per band, matching or not: chains hold other bands, other scopes and
 * other keys that share a table slot, and this bounds the cost of an unlucky crowd of them.
 */
const VISITS_PER_BUCKET_ENTRY = 4;
/**
 * Stored signatures keep the low 16 bits of each slot (b-bit minwise hashing, Li and König 2010):
 * half the memory, and two different slots look equal with probability 2⁻¹⁶, which raises an
 * estimate by (1 − J) ÷ 65,536: nothing at the thresholds that matter.
 */
const STORED_BITS_MASK = 0xffff;

/**
 * Finds the entries whose signatures resemble a given one, within one scope (a safe integer: the
 * content defense uses an agent's value key), in time proportional to the number of bands rather
 * than the number of entries.
 *
 * @example
 * ```ts
 * const index = new LshIndex<string>();
 * index.add("h1", minHash("drug://semaglutide | effect | weight loss"), 1, Date.now());
 * index.similar(minHash("drug://semaglutide | effect | weight losss"), 1, 0.8);
 * // [{ item: "h1", similarity: 0.91, timeMs: … }]
 * index.similar(minHash("drug://semaglutide | effect | weight losss"), 2, 0.8); // []
 * ```
 */
export class LshIndex<T> {
  readonly #options: LshIndexOptions;
  /** Slots per signature: bands × rows. */
  readonly #length: number;
  /** Entries added so far; the next one gets this sequence number. */
  #added = 0;
  /** Ring slots allocated: entry `seq` lives in slot `seq % #capacity`. */
  #capacity: number;
  // Per slot: the sequence number of the entry in it (NONE when empty), its time, scope, item,
  // and its stored signature at slot × length in #signatures.
  #seqs: Float64Array;
  #times: Float64Array;
  #signatures: Uint16Array;
  #scopes: Float64Array;
  readonly #items: T[] = [];
  /**
   * Each table bucket's newest node, as `seq × bands + band` (Float64: sequence numbers outgrow
   * 2³¹ ÷ bands), valid while slot `seq % capacity` still holds entry `seq`.
   */
  readonly #heads: Float64Array;
  /**
   * Each node's link to the next older node of its bucket, by position `slot × bands + band`.
   * A link is only made to a valid node, so the node it names is still there exactly when its
   * slot holds an entry older than the one linking: an overwrite always brings a newer one.
   */
  #links: Int32Array;
  /** The query each slot was last returned by, so that an entry matching in two bands counts once. */
  #seenBy: Float64Array;
  #query = 0;

  constructor(options: Partial<LshIndexOptions> = {}) {
    this.#options = { ...DEFAULT_LSH_INDEX, ...options };
    const { bands, rows, maxEntries, maxBucketSize } = this.#options;
    for (const [name, n] of [
      ["bands", bands],
      ["rows", rows],
      ["maxEntries", maxEntries],
      ["maxBucketSize", maxBucketSize],
    ] as const) {
      if (!Number.isSafeInteger(n) || n < 1) {
        throw new RangeError(`Cannot make an LSH index with ${name} ${n}: it must be a positive integer`);
      }
    }
    this.#length = bands * rows;
    this.#capacity = Math.min(INITIAL_CAPACITY, maxEntries);
    this.#seqs = new Float64Array(this.#capacity).fill(NONE);
    this.#times = new Float64Array(this.#capacity);
    this.#scopes = new Float64Array(this.#capacity);
    this.#signatures = new Uint16Array(this.#capacity * this.#length);
    this.#links = new Int32Array(this.#capacity * bands);
    this.#seenBy = new Float64Array(this.#capacity);
    this.#heads = new Float64Array(tableSizeFor(maxEntries * bands)).fill(NONE);
  }

  /** How many entries the index holds, old ones included until they are overwritten. */
  get size(): number {
    return Math.min(this.#added, this.#options.maxEntries);
  }

  /**
   * Adds an entry, overwriting the oldest when the index is full. The signature is copied.
   * Entries should come in time order, as a clock gives them: a query's time window ends its
   * walk at the first entry older than the window.
   */
  add(item: T, signature: Uint32Array, scope: number, timeMs: number): void {
    this.#checkLength(signature);
    if (this.#added === this.#capacity && this.#capacity < this.#options.maxEntries) this.#grow();
    const seq = this.#added++;
    const slot = seq % this.#capacity;
    this.#seqs[slot] = seq;
    this.#times[slot] = timeMs;
    this.#scopes[slot] = scope;
    this.#items[slot] = item;
    const offset = slot * this.#length;
    for (let i = 0; i < this.#length; i++)
      this.#signatures[offset + i] = (signature[i] as number) & STORED_BITS_MASK;
    const { bands, rows } = this.#options;
    const scopeHash = hashScope(scope);
    const mask = this.#heads.length - 1;
    for (let band = 0; band < bands; band++) {
      const bucket = bandKey(signature, band, rows, scopeHash) & mask;
      this.#links[slot * bands + band] = this.#validNode(this.#heads[bucket] as number);
      this.#heads[bucket] = seq * bands + band;
    }
  }

  /**
   * The entries of `scope` added at `sinceMs` or later whose estimated similarity to `signature`
   * is at least `threshold` (0 gives every candidate), each once, newest first within a band.
   */
  similar(signature: Uint32Array, scope: number, threshold: number, sinceMs = -Infinity): LshMatch<T>[] {
    this.#checkLength(signature);
    const { bands, rows, maxBucketSize } = this.#options;
    const needed = equalSlotsNeeded(threshold, this.#length);
    const query = ++this.#query;
    const scopeHash = hashScope(scope);
    const mask = this.#heads.length - 1;
    const matches: LshMatch<T>[] = [];
    for (let band = 0; band < bands; band++) {
      let node = this.#validNode(this.#heads[bandKey(signature, band, rows, scopeHash) & mask] as number);
      let newer = Number.POSITIVE_INFINITY;
      let taken = 0;
      for (let visits = 0; node !== NONE && taken < maxBucketSize; visits++) {
        const slot = Math.floor(node / bands);
        const seq = this.#seqs[slot] as number;
        // Overwritten since it was linked, or outside the window: so is everything further down.
        if (seq >= newer || visits >= maxBucketSize * VISITS_PER_BUCKET_ENTRY) break;
        const time = this.#times[slot] as number;
        if (time < sinceMs) break;
        if (
          node - slot * bands === band &&
          this.#scopes[slot] === scope &&
          this.#sameBand(slot, signature, band)
        ) {
          taken++;
          if (this.#seenBy[slot] !== query) {
            this.#seenBy[slot] = query;
            const equal = this.#equalSlots(slot, signature, needed);
            if (equal >= needed) {
              matches.push({ item: this.#items[slot] as T, similarity: equal / this.#length, timeMs: time });
            }
          }
        }
        newer = seq;
        node = this.#links[node] as number;
      }
    }
    return matches;
  }

  /** The node a head names, by position, or NONE when its entry was overwritten. */
  #validNode(head: number): number {
    if (head === NONE) return NONE;
    const { bands } = this.#options;
    const seq = Math.floor(head / bands);
    const slot = seq % this.#capacity;
    return this.#seqs[slot] === seq ? slot * bands + (head - seq * bands) : NONE;
  }

  /**
   * Doubles the ring (up to `maxEntries`) before it first wraps. No entry was overwritten yet, so
   * entry `seq` is in slot `seq` of the old ring and the new one, and the chains stay as they are.
   */
  #grow(): void {
    const capacity = Math.min(this.#capacity * 2, this.#options.maxEntries);
    this.#seqs = grown(this.#seqs, new Float64Array(capacity).fill(NONE));
    this.#times = grown(this.#times, new Float64Array(capacity));
    this.#scopes = grown(this.#scopes, new Float64Array(capacity));
    this.#seenBy = grown(this.#seenBy, new Float64Array(capacity));
    this.#signatures = grown(this.#signatures, new Uint16Array(capacity * this.#length));
    this.#links = grown(this.#links, new Int32Array(capacity * this.#options.bands));
    this.#capacity = capacity;
  }

  #sameBand(slot: number, signature: Uint32Array, band: number): boolean {
    const { rows } = this.#options;
    const offset = slot * this.#length;
    for (let i = band * rows; i < (band + 1) * rows; i++) {
      if (this.#signatures[offset + i] !== ((signature[i] as number) & STORED_BITS_MASK)) return false;
    }
    return true;
  }

  /** Slots equal in the stored signature and `signature`, counted until too many differ for `needed`. */
  #equalSlots(slot: number, signature: Uint32Array, needed: number): number {
    const offset = slot * this.#length;
    const allowed = this.#length - needed;
    let differing = 0;
    for (let i = 0; i < this.#length; i++) {
      if (
        this.#signatures[offset + i] !== ((signature[i] as number) & STORED_BITS_MASK) &&
        ++differing > allowed
      ) {
        return 0;
      }
    }
    return this.#length - differing;
  }

  #checkLength(signature: Uint32Array): void {
    if (signature.length !== this.#length) {
      const { bands, rows } = this.#options;
      throw new RangeError(
        `Cannot index a signature of ${signature.length} slots: this index takes ${bands} × ${rows} = ${this.#length}`,
      );
    }
  }
}

/**
 * The bucket key of one band in one scope: a 32-bit hash of its rows, seeded with the band number
 * and the scope so that equal rows in different bands or agents land apart. A collision only
 * lengthens a chain; the walk checks band, scope and rows before counting a node.
 */
function bandKey(signature: Uint32Array, band: number, rows: number, scopeHash: number): number {
  let h = Math.imul(scopeHash ^ band, 0x01000193);
  for (let i = band * rows; i < (band + 1) * rows; i++) {
    h = Math.imul(h ^ (signature[i] as number), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** 32 bits of a scope, which may be any safe integer: its low and high words, mixed. */
function hashScope(scope: number): number {
  const high = Math.floor(scope / 2 ** 32);
  return Math.imul(scope ^ Math.imul(high, 0x5bd1e995), 0x01000193) >>> 0;
}

/**
 * Buckets for a full index of `nodes` nodes: a power of two, about one node per bucket. Sized
 * once, so growing the ring never relinks the chains. Not fewer: each node a walk passes is a
 * random memory access, and at four nodes a bucket the search cost twice as much (12.7 against
 * 6.8 µs a claim at 100,000 entries, measured); not more, for the memory (16 MB at 100,000).
 */
function tableSizeFor(nodes: number): number {
  return 2 ** Math.max(10, Math.ceil(Math.log2(nodes)));
}

/** `bigger`, with `array` copied to its start. */
function grown<A extends Float64Array | Int32Array | Uint16Array>(array: A, bigger: A): A {
  bigger.set(array);
  return bigger;
}
