/** Token-bucket rate limiting per (bucket name, client), held in memory with a bounded size. */

/** A bucket refills at `perSecond` tokens a second up to `burst` tokens; a request spends tokens. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** The answer to one `take`: allowed, or refused with the whole seconds to wait before retrying. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** How many buckets are tracked before the least recently used are forgotten. */
const DEFAULT_MAX_CLIENTS = 100_000;

const ALLOWED: RateDecision = { allowed: true };

interface Bucket {
  tokens: number;
  /** The latest time seen; tokens were last refilled up to here. */
  updatedMs: number;
}

/**
 * Token buckets keyed by bucket name and client id. Time is the `nowMs` argument, never the clock,
 * so the limiter is deterministic. A new bucket starts full.
 *
 * Memory is bounded by `maxClients`: at the cap the least recently used sixteenth of the buckets
 * is dropped. A dropped bucket comes back full, so a flood of invented client ids can at worst give
 * an idle client one extra burst; it cannot grow memory.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter();
 * const limit = { perSecond: 1, burst: 2 };
 * limiter.take("writes", "agent-a", limit, 0); // { allowed: true }
 * limiter.take("writes", "agent-a", limit, 0); // { allowed: true }
 * limiter.take("writes", "agent-a", limit, 0); // { allowed: false, retryAfterSeconds: 1 }
 * ```
 */
export class RateLimiter {
  readonly #maxClients: number;
  // A Map iterates in insertion order; re-inserting on every use keeps it in LRU order.
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: { readonly maxClients?: number } = {}) {
    const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    if (!Number.isSafeInteger(maxClients) || maxClients < 1) {
      throw new RangeError(`Cannot create a RateLimiter with maxClients ${maxClients}: it must be ≥ 1`);
    }
    this.#maxClients = maxClients;
  }

  /** How many buckets are held now (at most `maxClients`). */
  get size(): number {
    return this.#buckets.size;
  }

  /**
   * Spends `cost` tokens (default 1) from the bucket if it holds that many. A refused take spends
   * nothing; `retryAfterSeconds` is the wait until enough tokens, rounded up, at least 1.
   * Throws `RangeError` when `cost` exceeds `burst`: no wait would ever let it through, so the
   * caller must refuse such a request as too large instead of asking the client to retry.
   *
   * @example
   * ```ts
   * limiter.take("queries", clientIp, { perSecond: 10, burst: 20 }, Date.now(), 5);
   * ```
   */
  take(bucket: string, client: string, limit: RateLimit, nowMs: number, cost = 1): RateDecision {
    checkLimit(limit, cost);
    // NUL cannot occur in header values or agent ids, so the joined key is unambiguous.
    const key = `${bucket}\u0000${client}`;
    let state = this.#buckets.get(key);
    if (state === undefined) {
      state = { tokens: limit.burst, updatedMs: nowMs };
      if (this.#buckets.size >= this.#maxClients) this.#evict();
    } else {
      this.#buckets.delete(key);
      refill(state, limit, nowMs);
    }
    this.#buckets.set(key, state);
    if (state.tokens >= cost) {
      state.tokens -= cost;
      return ALLOWED;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((cost - state.tokens) / limit.perSecond));
    return { allowed: false, retryAfterSeconds };
  }

  /**
   * Drops the least recently used sixteenth of the buckets in one pass. One per insert would be
   * slow: a Map keeps a deleted entry's slot until it rehashes and every new iterator walks those
   * holes, so under a flood each eviction re-walked the earlier ones (measured 40 µs a take). A kept
   * iterator skips the walk but pins every hash table the Map has outgrown (300 MB after 2M re-inserts).
   */
  #evict(): void {
    let count = Math.max(1, Math.floor(this.#maxClients / 16));
    for (const key of this.#buckets.keys()) {
      this.#buckets.delete(key);
      if (--count === 0) return;
    }
  }
}

/**
 * Adds the tokens earned since the last update, capped at `burst`. A clock that steps backwards
 * earns nothing and does not move `updatedMs` back, so jitter cannot mint tokens twice.
 */
function refill(state: Bucket, limit: RateLimit, nowMs: number): void {
  if (nowMs > state.updatedMs) {
    // Multiply before dividing: with integer ms and rates the product is exact.
    const earned = ((nowMs - state.updatedMs) * limit.perSecond) / 1000;
    state.tokens = Math.min(limit.burst, state.tokens + earned);
    state.updatedMs = nowMs;
  } else if (state.tokens > limit.burst) {
    state.tokens = limit.burst; // the limit was lowered since the last take
  }
}

function checkLimit(limit: RateLimit, cost: number): void {
  if (!(limit.perSecond > 0 && limit.perSecond < Infinity && limit.burst > 0 && limit.burst < Infinity)) {
    throw new RangeError(
      `Cannot rate limit with perSecond ${limit.perSecond} and burst ${limit.burst}: both must be finite and > 0`,
    );
  }
  if (!(cost >= 0 && cost <= limit.burst)) {
    throw new RangeError(
      `Cannot take ${cost} tokens from a bucket of burst ${limit.burst}: cost must be 0 to burst`,
    );
  }
}
