import { StemeNetworkError } from "./network-error.ts";

/**
 * The time one call may take, retries and waits included, and the signal that stops it: aborted
 * by the caller's own signal or when the time runs out, whichever comes first.
 *
 * @example
 * ```ts
 * const deadline = new CallDeadline(5_000, callerSignal);
 * try {
 *   await fetch(url, { signal: deadline.signal });
 * } catch (error) {
 *   throw deadline.explain(error, "GET /v1/health", requestId);
 * } finally {
 *   deadline.dispose();
 * }
 * ```
 */
export class CallDeadline {
  /** Aborts when the caller aborts or the time runs out. */
  readonly signal: AbortSignal;
  readonly #timeoutMs: number;
  readonly #endsAt: number;
  readonly #caller: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeout = new AbortController();

  /** `timeoutMs` 0 means no time limit. */
  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    if (!(timeoutMs >= 0)) throw new RangeError(`Cannot wait ${timeoutMs} ms: timeoutMs must be ≥ 0`);
    this.#timeoutMs = timeoutMs;
    this.#endsAt = timeoutMs === 0 ? Infinity : Date.now() + timeoutMs;
    this.#caller = caller;
    if (timeoutMs > 0)
      this.#timer = setTimeout(() => {
        this.#timeout.abort();
      }, timeoutMs);
    this.signal =
      caller === undefined ? this.#timeout.signal : AbortSignal.any([caller, this.#timeout.signal]);
  }

  /** Whether a wait of `ms` still ends before the deadline. */
  allows(ms: number): boolean {
    return Date.now() + ms < this.#endsAt;
  }

  /**
   * The error a call stopped by this deadline rejects with: the caller's abort reason, as `fetch`
   * would, or a `StemeNetworkError` (`timeout`) when the time ran out; any other error as it is.
   */
  explain(error: unknown, request: string, requestId: string): unknown {
    if (this.#caller?.aborted === true) return this.#caller.reason;
    if (this.#timeout.signal.aborted) {
      return new StemeNetworkError(
        "timeout",
        `${request}: no answer within ${this.#timeoutMs} ms`,
        requestId,
        {
          cause: error,
        },
      );
    }
    return error;
  }

  /** Stops the timer; a stream already answered is no longer subject to the time limit. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}
