/**
 * The arena's only source of randomness: a seeded generator, so that one seed is one run. Every
 * actor draws from its own stream (`fork`), so that adding a troll does not change what an expert
 * writes, and a scenario's numbers move only where its populations do.
 */

/** 32-bit FNV-1a of a string: turns a label into the seed of a stream. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic pseudo-random generator (SplitMix32: a 32-bit state advanced by a constant and
 * mixed by two multiply-xorshift rounds). Not cryptographic; fast, and every 32-bit seed gives a
 * full-period, well-mixed stream, which is all a simulation needs.
 *
 * @example
 * ```ts
 * const rng = new Prng(42);
 * rng.next(); // the same number in every run
 * rng.fork("expert-3").chance(0.97); // an independent stream for one actor
 * ```
 */
export class Prng {
  #state: number;
  readonly #seed: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`Cannot seed the arena with ${seed}: use an integer`);
    this.#seed = seed >>> 0;
    this.#state = this.#seed;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`Cannot draw an integer below ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("Cannot pick from an empty list");
    return item;
  }

  /** `k` distinct elements (all of them when `k` ≥ the length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    // A partial Fisher–Yates shuffle: the first k slots end up a uniform sample.
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }

  /** 32 random bytes as 64 hex: an Ed25519 seed, so an actor's key is the same in every run. */
  hex32(): string {
    let out = "";
    for (let i = 0; i < 8; i++)
      out += Math.floor(this.next() * 4_294_967_296)
        .toString(16)
        .padStart(8, "0");
    return out;
  }

  /** An independent stream named `label`, derived from this generator's seed (not its position). */
  fork(label: string): Prng {
    return new Prng((fnv1a(label) ^ Math.imul(this.#seed, 0x9e3779b1)) >>> 0);
  }
}
