/**
 * Latency samples in milliseconds, kept whole (one float per operation) rather than in a
 * histogram: a run is at most a few hundred thousand operations, and exact percentiles are
 * simpler to trust than bucketed ones.
 */
export class LatencySamples {
  readonly #samples: Float64Array;
  #count = 0;
  #sorted = false;

  constructor(capacity: number) {
    this.#samples = new Float64Array(capacity);
  }

  get count(): number {
    return this.#count;
  }

  /** Records the time since `startNs` (a `process.hrtime.bigint()` reading). */
  recordSince(startNs: bigint): void {
    if (this.#count >= this.#samples.length) {
      throw new RangeError(`Cannot record sample ${this.#count + 1}: capacity is ${this.#samples.length}`);
    }
    this.#samples[this.#count++] = Number(process.hrtime.bigint() - startNs) / 1e6;
    this.#sorted = false;
  }

  /**
   * The p-th percentile (0–100) by the nearest-rank method: the smallest sample that at least p %
   * of the samples do not exceed. NaN when there are no samples.
   *
   * @example
   * ```ts
   * samples.percentile(99); // ms that 99 % of operations took at most
   * ```
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`Cannot take percentile ${p}: it must be 0 to 100`);
    if (this.#count === 0) return Number.NaN;
    const used = this.#samples.subarray(0, this.#count);
    if (!this.#sorted) {
      used.sort(); // a typed array sorts numerically
      this.#sorted = true;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    return used[rank - 1] ?? Number.NaN;
  }
}
