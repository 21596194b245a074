/**
 * Why a request got no answer: the connection failed, or the time allowed ran out.
 *
 * @example
 * ```ts
 * const failure: NetworkFailure = error instanceof StemeNetworkError ? error.failure : "network";
 * ```
 */
export type NetworkFailure = "network" | "timeout";

/**
 * A request that got no HTTP answer: the server could not be reached, the connection broke, or
 * the call's `timeoutMs` ran out (retries and waits included). Whether the server acted on the
 * request is unknown; the SDK has already retried what was safe to retry.
 *
 * A call stopped by the caller's own `AbortSignal` rejects with the signal's reason instead, as
 * `fetch` does.
 *
 * @example
 * ```ts
 * import { StemeClient, StemeNetworkError } from "stemedb/client";
 *
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180", timeoutMs: 2_000 });
 * try {
 *   await client.health();
 * } catch (error) {
 *   if (error instanceof StemeNetworkError) console.error(`no answer (${error.failure}): ${error.message}`);
 *   else throw error;
 * }
 * ```
 */
export class StemeNetworkError extends Error {
  override readonly name = "StemeNetworkError";
  /** `network` (unreachable, reset, refused) or `timeout` (the call's `timeoutMs` ran out). */
  readonly failure: NetworkFailure;
  /** The id the SDK sent as `X-Request-Id`, to look for in the server log. */
  readonly requestId: string;

  constructor(failure: NetworkFailure, message: string, requestId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.failure = failure;
    this.requestId = requestId;
  }
}
