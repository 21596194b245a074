/**
 * The weight a lens gave each of its candidates, by hash: what a `Resolution` carries for the audit
 * trail and the answer. Kept as two arrays in the order the lens weighed them, not a Map: every
 * answer makes one, and filling a Map with 64-character keys cost a tenth of a hot recency query.
 * A lookup scans the hashes (a candidate's own hash string is found by identity at once); a set of
 * more than `LINEAR_MAX` candidates gets a Map on its first lookup.
 *
 * A pair's candidates have distinct hashes (claims are stored once), so each hash is added once.
 *
 * @example
 * ```ts
 * const weights = new CandidateWeights();
 * weights.add(a.assertion.hash, 0.9);
 * weights.get(a.assertion.hash); // 0.9
 * [...weights]; // [[a's hash, 0.9]]
 * ```
 */
export class CandidateWeights implements WeightsByHash {
  readonly #hashes: string[] = [];
  readonly #weights: number[] = [];
  /** Position by hash, made on the first lookup of a large set. */
  #positions: Map<string, number> | undefined;

  add(hash: string, weight: number): void {
    this.#hashes.push(hash);
    this.#weights.push(weight);
    this.#positions = undefined;
  }

  get size(): number {
    return this.#hashes.length;
  }

  get(hash: string): number | undefined {
    const at = this.#positionOf(hash);
    return at === -1 ? undefined : this.#weights[at];
  }

  has(hash: string): boolean {
    return this.#positionOf(hash) !== -1;
  }

  values(): IterableIterator<number> {
    return this.#weights.values();
  }

  *entries(): IterableIterator<[hash: string, weight: number]> {
    for (let i = 0; i < this.#hashes.length; i++)
      yield [this.#hashes[i] as string, this.#weights[i] as number];
  }

  [Symbol.iterator](): IterableIterator<[hash: string, weight: number]> {
    return this.entries();
  }

  #positionOf(hash: string): number {
    if (this.#hashes.length <= LINEAR_MAX) return this.#hashes.indexOf(hash);
    if (this.#positions === undefined) {
      this.#positions = new Map();
      for (let i = 0; i < this.#hashes.length; i++) this.#positions.set(this.#hashes[i] as string, i);
    }
    return this.#positions.get(hash) ?? -1;
  }
}

/** Up to this many candidates, a lookup by hash scans them rather than building a Map. */
const LINEAR_MAX = 16;

/** The read side of `CandidateWeights`. */
export interface WeightsByHash extends Iterable<[hash: string, weight: number]> {
  readonly size: number;
  get(hash: string): number | undefined;
  has(hash: string): boolean;
  values(): IterableIterator<number>;
  entries(): IterableIterator<[hash: string, weight: number]>;
}
