/** A `fetch` for the agents' clients that tallies the server's 429 answers. */
import type { Population } from "./actions.ts";
import type { ShieldTally } from "./shield-tally.ts";

/**
 * `fetch` that counts every 429 by its error code (`rate_limited`, `quota_exceeded`,
 * `circuit_open`) before the client decides whether to retry it: the client's own retries would
 * otherwise hide the refusals that it waited out.
 *
 * @example
 * ```ts
 * new StemeClient({ baseUrl, fetch: countingFetch(tally, "sybil") });
 * ```
 */
export function countingFetch(tally: ShieldTally, population: Population): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429) {
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as { error?: unknown };
      tally.tooManyRequests(population, typeof body.error === "string" ? body.error : "unknown");
    }
    return response;
  };
}
