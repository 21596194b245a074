/** How the waits between retries grow when the server does not say how long to wait. */
export interface BackoffOptions {
  /** The first wait's upper bound, ms; doubled at each retry. */
  readonly baseMs: number;
  /** No wait is longer than this, ms. */
  readonly capMs: number;
  /** A number in [0, 1); `Math.random` by default, fixed in tests. */
  readonly random?: () => number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential backoff with "full
 * jitter", a uniformly random wait between 0 and `min(cap, base × 2^attempt)`. The randomness
 * spreads the retries of many clients refused at the same moment, so they do not return together.
 *
 * @example
 * ```ts
 * backoffDelay(0, { baseMs: 200, capMs: 10_000 }); // somewhere in [0, 200)
 * backoffDelay(3, { baseMs: 200, capMs: 10_000, random: () => 0.5 }); // 800
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`Cannot compute a backoff for attempt ${attempt}: it must be an integer ≥ 0`);
  }
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return Math.floor(ceiling * (options.random ?? Math.random)());
}
