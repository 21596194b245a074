/**
 * The HTTP methods of the API.
 *
 * @example
 * ```ts
 * const method: HttpMethod = "GET";
 * ```
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * A query-string value; arrays repeat the name (`lifecycle=a&lifecycle=b`), `undefined` is left out.
 *
 * @example
 * ```ts
 * const lifecycle: QueryValue = ["approved", "under_review"];
 * ```
 */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * One call of the API as the transport sends it.
 *
 * @example
 * ```ts
 * const call: ApiCall = { method: "GET", path: "/v1/concepts", query: { prefix: "drugs" }, idempotent: true };
 * ```
 */
export interface ApiCall {
  readonly method: HttpMethod;
  /** Path below the base URL, its parameters already encoded: `/v1/trace/6145…`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  /**
   * Whether sending the call twice has the effect of sending it once, so that it may be resent
   * after a network error (when the server may or may not have acted on it). A 429 or 503 is
   * retried either way: the server refused the request before acting on it.
   */
  readonly idempotent: boolean;
  /** The `Accept` header; `application/json` by default. */
  readonly accept?: string;
  /** Authenticate with the admin token instead of the API key. */
  readonly admin?: boolean;
  /** Non-2xx statuses whose body is an answer rather than an error (`GET /v1/health`'s 503). */
  readonly answers?: readonly number[];
}
