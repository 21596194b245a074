/**
 * A locality-sensitive hashing index over MinHash signatures (Indyk–Motwani banding): each
 * signature is cut into `bands` bands of `rows` slots, and two signatures become candidates when
 * one whole band matches. With similarity s that happens with probability 1 − (1 − sʳ)ᵇ: for the
 * default 16 × 8, 0.9999 at s = 0.9, 0.06 at s = 0.5 and 0.0001 at s = 0.25. Candidates are only
 * candidates: the caller confirms them with `estimateJaccard`.
 *
 * Templated texts (one agent writing `drug://x/study12 | effect | outcome 1200 in cohort 37` for
 * many studies, outcomes and cohorts) are 0.6–0.8 similar and share bands en masse, so a bucket keeps only its `maxBucketSize` newest ids: that bounds a
 * query to `bands × maxBucketSize` candidates instead of every entry of the scope.
 */

/** Shape and size of an `LshIndex`. */
export interface LshIndexOptions {
  /** Bands per signature; more bands find less similar pairs. */
  readonly bands: number;
  /** Slots per band; more rows make a band match rarer. `bands × rows` is the signature length. */
  readonly rows: number;
  /** Most entries kept; adding one more evicts the entry added longest ago. */
  readonly maxEntries: number;
  /**
   * Most ids per bucket; a full bucket forgets its oldest id. That id stays in its other buckets,
   * so it is still found through any band it shares with a query in a less crowded bucket.
   */
  readonly maxBucketSize: number;
}

/** 16 bands of 8 rows (128-slot signatures), at most 100,000 entries and 32 ids per bucket. */
export const DEFAULT_LSH_INDEX: LshIndexOptions = {
  bands: 16,
  rows: 8,
  maxEntries: 100_000,
  maxBucketSize: 32,
};

/** What the index holds for an id. */
export interface LshEntry {
  readonly id: string;
  readonly signature: Uint32Array;
  /** Only signatures of the same scope are candidates for each other. */
  readonly scope: string;
  /** When the entry was added, Unix milliseconds, for `removeOlderThan`. */
  readonly timeMs: number;
}

// A bucket holds one id as a plain string and only becomes a Set when a second id shares it:
// most buckets have one id, and a string costs far less memory than a Set. A Set, not an array,
// so that removing an id, on every eviction, is one step however crowded the bucket is.
type Bucket = string | Set<string>;

/**
 * Finds the ids whose signatures probably resemble a given one, within one scope, in time
 * proportional to the number of bands rather than the number of entries.
 *
 * @example
 * ```ts
 * const index = new LshIndex();
 * index.add("h1", minHash("drug://semaglutide | effect | weight loss"), "agent-1", Date.now());
 * index.candidates(minHash("drug://semaglutide | effect | weight losss"), "agent-1"); // ["h1"]
 * index.candidates(minHash("drug://semaglutide | effect | weight losss"), "agent-2"); // []
 * ```
 */
export class LshIndex {
  readonly #options: LshIndexOptions;
  readonly #entries = new Map<string, LshEntry>();
  // Entries in the order they were added, oldest from #head on; a removed or replaced entry stays
  // until it reaches the head (it is stale when #entries no longer maps its id to it). Not the
  // Map's own order: V8 leaves a hole for each deleted key and every new iterator walks over
  // them, so popping the oldest of a Map costs ~40 µs at 100,000 entries instead of ~0.
  #order: LshEntry[] = [];
  #head = 0;
  readonly #bucketsByScope = new Map<string, Map<number, Bucket>>();

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
  }

  /** How many entries the index holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** Adds or replaces `id`; a replaced id counts as newly added. Evicts the oldest when full. */
  add(id: string, signature: Uint32Array, scope: string, timeMs: number): void {
    const { bands, rows, maxEntries } = this.#options;
    if (signature.length !== bands * rows) {
      throw new RangeError(
        `Cannot index a signature of ${signature.length} slots: this index takes ${bands} × ${rows} = ${bands * rows}`,
      );
    }
    this.remove(id);
    const entry = { id, signature, scope, timeMs };
    this.#entries.set(id, entry);
    this.#order.push(entry);
    let buckets = this.#bucketsByScope.get(scope);
    if (buckets === undefined) this.#bucketsByScope.set(scope, (buckets = new Map<number, Bucket>()));
    for (let band = 0; band < bands; band++) {
      const key = this.#bandKey(signature, band);
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, id);
      else if (typeof bucket === "string") buckets.set(key, new Set([bucket, id]));
      else {
        bucket.add(id);
        // A Set iterates in insertion order, so its first id is the one added longest ago.
        if (bucket.size > this.#options.maxBucketSize) bucket.delete(bucket.values().next().value as string);
      }
    }
    while (this.#entries.size > maxEntries) this.remove((this.#oldest() as LshEntry).id);
    this.#compact();
  }

  /** Removes `id`; says whether it was there. */
  remove(id: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    this.#entries.delete(id);
    const buckets = this.#bucketsByScope.get(entry.scope);
    if (buckets === undefined) return true;
    for (let band = 0; band < this.#options.bands; band++) {
      const key = this.#bandKey(entry.signature, band);
      const bucket = buckets.get(key);
      if (bucket === id) buckets.delete(key);
      else if (typeof bucket === "object") {
        bucket.delete(id);
        if (bucket.size === 1) buckets.set(key, bucket.values().next().value as string);
      }
    }
    if (buckets.size === 0) this.#bucketsByScope.delete(entry.scope);
    return true;
  }

  /**
   * Removes entries added before `cutoffMs`, oldest first. It stops at the first entry that is
   * not older, which makes it O(removed) on the write path; this assumes entries are added in
   * time order, as a clock gives them. One added with an earlier time than its predecessor
   * stays until they go. Returns how many were removed.
   */
  removeOlderThan(cutoffMs: number): number {
    let removed = 0;
    for (let oldest = this.#oldest(); oldest !== undefined && oldest.timeMs < cutoffMs; removed++) {
      this.remove(oldest.id);
      oldest = this.#oldest();
    }
    this.#compact();
    return removed;
  }

  /** The entry for `id`, if the index holds it. */
  get(id: string): LshEntry | undefined {
    return this.#entries.get(id);
  }

  /** The ids in `scope` that share at least one band with `signature`, each once. */
  candidates(signature: Uint32Array, scope: string): string[] {
    const buckets = this.#bucketsByScope.get(scope);
    if (buckets === undefined) return [];
    const found = new Set<string>();
    for (let band = 0; band < this.#options.bands; band++) {
      const bucket = buckets.get(this.#bandKey(signature, band));
      if (typeof bucket === "string") found.add(bucket);
      else if (bucket !== undefined) for (const id of bucket) found.add(id);
    }
    return [...found];
  }

  /** The oldest entry still held, after moving #head past stale ones. */
  #oldest(): LshEntry | undefined {
    for (; this.#head < this.#order.length; this.#head++) {
      const entry = this.#order[this.#head] as LshEntry;
      if (this.#entries.get(entry.id) === entry) return entry;
    }
    return undefined;
  }

  /** Drops what #order no longer needs once that is most of it: amortised O(1) per entry added. */
  #compact(): void {
    if (this.#order.length < 1024 || this.#order.length < 2 * this.#entries.size) return;
    this.#order = this.#order.slice(this.#head).filter((entry) => this.#entries.get(entry.id) === entry);
    this.#head = 0;
  }

  /**
   * The bucket key of one band: a 30-bit hash of its rows, seeded with the band number so that
   * equal rows in different bands do not meet. 30 bits keep the key a small integer, which V8
   * stores inline in the Map instead of as a boxed number (a third of the index's memory). A
   * collision only adds a false candidate, which the caller's similarity check discards.
   */
  #bandKey(signature: Uint32Array, band: number): number {
    const { rows } = this.#options;
    let h = Math.imul(0x811c9dc5 ^ band, 0x01000193);
    for (let i = band * rows; i < (band + 1) * rows; i++) {
      h = Math.imul(h ^ (signature[i] as number), 0x01000193);
      h ^= h >>> 15;
    }
    return h & 0x3fffffff;
  }
}
