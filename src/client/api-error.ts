/** What the SDK read from an error answer: its body (when JSON) and headers. */
export interface ApiErrorDetails {
  readonly status: number;
  /** The parsed JSON body, or `{ message }` made from a non-JSON body (a proxy's HTML page). */
  readonly body: {
    readonly error?: string;
    readonly message?: string;
    readonly field?: string;
    readonly reason?: string;
    readonly difficulty?: number;
    readonly request_id?: string;
  };
  /** `X-Request-Id`, used when the body has no `request_id` (an answer from a proxy). */
  readonly requestId?: string;
  /** From `Retry-After`, when the server sent it (429 and 503). */
  readonly retryAfterMs?: number;
  /** The request that failed: `POST /v1/assert`. */
  readonly request?: string;
}

/**
 * An error answer from a StemeDB server, with everything the server said about it: the HTTP
 * status, the machine-readable `code`, the `field` at fault, the `reason`, the request id to find
 * it in the server log and, for 429 and 503, how long the server asked to wait.
 *
 * The SDK retries 429 and 503 itself (see `ClientOptions.retries`); this error reaches the caller
 * when the retries are spent, or when the server asked for a longer wait than
 * `ClientOptions.maxRetryDelayMs` allows (an hourly quota, say): `retryAfterMs` says when to come back.
 *
 * @example
 * ```ts
 * import { StemeApiError, StemeClient } from "stemedb/client";
 *
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180" });
 * try {
 *   await client.assert({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 2 });
 * } catch (error) {
 *   if (error instanceof StemeApiError && error.code === "validation_failed") {
 *     console.error(`${error.field} is wrong (${error.reason}); request ${error.requestId}`);
 *   } else throw error;
 * }
 * ```
 */
export class StemeApiError extends Error {
  override readonly name = "StemeApiError";
  /** HTTP status, e.g. 400. */
  readonly status: number;
  /** Machine-readable code from the body, e.g. `validation_failed`, `rate_limited`; `http_error` when the body has none. */
  readonly code: string;
  /** JSON path of the field at fault, when one is, e.g. `confidence` or `assertions[3].value`. */
  readonly field: string | undefined;
  /** Why the field is wrong, e.g. `out_of_range`, `required`. */
  readonly reason: string | undefined;
  /** The server's id of the request, to find it in the server log. */
  readonly requestId: string | undefined;
  /** How long the server asked the client to wait before trying again (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;
  /** 428 only: the leading zero bits the proof of work must have. */
  readonly difficulty: number | undefined;
  /** The request that failed, e.g. `POST /v1/assert`, when the SDK made it. */
  readonly request: string | undefined;

  constructor(details: ApiErrorDetails) {
    const { status, body } = details;
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.error ?? "http_error";
    this.field = body.field;
    this.reason = body.reason;
    this.requestId = body.request_id ?? details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.difficulty = body.difficulty;
    this.request = details.request;
  }
}
