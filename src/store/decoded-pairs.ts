import type { Assertion } from "../model/index.ts";
import { GenerationalCache } from "./generational-cache.ts";

/** Decoded assertions the query cache keeps by default: about 100 MB. */
export const DEFAULT_CACHED_ASSERTIONS = 200_000;

/**
 * Decoded assertions of recently read pairs, for the query engine: a pair asked for again costs
 * neither a read nor decoding. Assertions are immutable, and the store calls `forget` for every
 * pair a commit writes, so what is cached is what LMDB holds. The whole pair is read and cached,
 * and a time range (`as_of`, `since`) is cut from it, so time-travel queries use the cache too.
 *
 * @example
 * ```ts
 * const pairs = new DecodedPairs(200_000, (pairId) => [...store.scanPair(pair)]);
 * pairs.of(pairId, { toMs: asOfMs + 1 });
 * ```
 */
export class DecodedPairs {
  readonly #cache: GenerationalCache<number, readonly Assertion[]>;
  readonly #read: (pairId: number) => readonly Assertion[];

  /** `maxAssertions` bounds the cache, in assertions; `read` reads a whole pair in time order. */
  constructor(maxAssertions: number, read: (pairId: number) => readonly Assertion[]) {
    this.#cache = new GenerationalCache({ maxWeight: maxAssertions, weigh: (list) => list.length });
    this.#read = read;
  }

  /** The pair's assertions in time order, those from `fromMs` (inclusive) to `toMs` (exclusive). */
  of(pairId: number, range: { readonly fromMs?: number; readonly toMs?: number } = {}): readonly Assertion[] {
    let all = this.#cache.get(pairId);
    if (all === undefined) {
      all = this.#read(pairId);
      this.#cache.set(pairId, all);
    }
    const { fromMs, toMs } = range;
    if (fromMs === undefined && toMs === undefined) return all;
    return all.filter(
      (a) =>
        (fromMs === undefined || a.timestampMs >= fromMs) && (toMs === undefined || a.timestampMs < toMs),
    );
  }

  forget(pairId: number): void {
    this.#cache.delete(pairId);
  }
}
