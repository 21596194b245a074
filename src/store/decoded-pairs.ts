import type { Assertion } from "../model/index.ts";
import { GenerationalCache } from "./generational-cache.ts";

/** Decoded assertions the query cache keeps by default: about 100 MB. */
export const DEFAULT_CACHED_ASSERTIONS = 200_000;
/** Slots of the filter of pairs read once: 256 KiB, and a slot is reused after 65,536 reads. */
const SEEN_SLOTS = 1 << 16;

/**
 * Decoded assertions of recently read pairs, for the query engine: a pair asked for again costs
 * neither a read nor decoding. Assertions are immutable, and the store calls `forget` for every
 * pair a commit writes, so what is cached is what LMDB holds. The whole pair is read and cached,
 * and a time range (`as_of`, `since`) is cut from it, so time-travel queries use the cache too.
 *
 * A pair enters the cache on its second read, not its first: a pair asked once (a query over
 * many pairs, a scan of old ones) neither pushes out the pairs asked often nor costs its keeping.
 * Keeping a pair is dear in a garbage-collected heap: its claims outlive the young generation, so
 * they are copied into the old one and traced there until evicted. Queries of pairs each asked
 * once went 37k -> 44-47k a second at a million claims when their pairs were not kept. The pairs
 * read once are remembered in a table of ids indexed by a hash of the id; two pairs sharing a slot
 * only cost the second-comer one more read before it is kept.
 *
 * @example
 * ```ts
 * const pairs = new DecodedPairs(200_000, (pairId) => store.scanPair(pair));
 * pairs.of(pairId, { toMs: asOfMs + 1 });
 * ```
 */
export class DecodedPairs {
  readonly #cache: GenerationalCache<number, readonly Assertion[]>;
  readonly #read: (pairId: number) => readonly Assertion[];
  readonly #readOnce = new Uint32Array(SEEN_SLOTS);

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
      if (this.#readBefore(pairId)) this.#cache.set(pairId, all);
    }
    const { fromMs, toMs } = range;
    if (fromMs === undefined && toMs === undefined) return all;
    return all.filter(
      (a) =>
        (fromMs === undefined || a.timestampMs >= fromMs) && (toMs === undefined || a.timestampMs < toMs),
    );
  }

  /** Whether `pairId` was read since its slot last changed hands; remembers it if not. */
  #readBefore(pairId: number): boolean {
    // Fibonacci hashing: consecutive ids (pairs are numbered as they appear) spread over the slots.
    const slot = Math.imul(pairId, 0x9e3779b1) >>> 16;
    if (this.#readOnce[slot] === pairId) return true;
    this.#readOnce[slot] = pairId;
    return false;
  }

  forget(pairId: number): void {
    this.#cache.delete(pairId);
  }
}
