/**
 * How a `StemeClient` connects. Only `baseUrl` is required.
 *
 * @example
 * ```ts
 * import { StemeClient, type ClientOptions } from "stemedb/client";
 *
 * const options: ClientOptions = {
 *   baseUrl: "https://stemedb.example.org",
 *   apiKey: "sk_…",          // when the server has STEMEDB_AUTH_ENABLED=true
 *   retries: 5,               // 429 and 503 are retried; so are network errors where that is safe
 *   timeoutMs: 10_000,        // a whole call, retries and waits included
 * };
 * const client = new StemeClient(options);
 * ```
 */
export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:18180`; a path prefix (behind a proxy) is kept. */
  readonly baseUrl: string | URL;
  /** Sent as `Authorization: Bearer …` on every call but the admin ones (`undefined`: none, so an unset variable may be passed). */
  readonly apiKey?: string | undefined;
  /** Sent as `Authorization: Bearer …` on admin calls (`client.admin.*`); `apiKey` when unset. */
  readonly adminToken?: string | undefined;
  /** Sent as `X-Agent-Id`: who unsigned writes are attributed to when no API key says. */
  readonly agentId?: string | undefined;
  /** How many times a call is retried after a 429, a 503 or (where safe) a network error; default 3. */
  readonly retries?: number;
  /**
   * The longest wait between two attempts the client makes by itself, ms; default 10,000. A
   * `Retry-After` asking for longer (an hourly quota) is not waited out: the call fails at once
   * with a `StemeApiError` whose `retryAfterMs` says when to come back.
   */
  readonly maxRetryDelayMs?: number;
  /** Time allowed for a whole call, retries and waits included, ms; default 30,000; 0 for none. */
  readonly timeoutMs?: number;
  /** Headers added to every request (tracing, a proxy's own authentication). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The `fetch` to use; the global one by default. */
  readonly fetch?: typeof fetch;
}

/**
 * Per-call settings; each overrides the client's option of the same name.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const answer = client.query({ concept_path: "drugs/*" }, { signal: controller.signal, timeoutMs: 5_000 });
 * controller.abort(); // the call rejects with the signal's reason
 * ```
 */
export interface RequestOptions {
  /** Stops the call (and any wait between retries); it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Time allowed for this call, retries and waits included, ms; 0 for none. */
  readonly timeoutMs?: number;
  /** Retries for this call. */
  readonly retries?: number;
}

/**
 * Per-call settings of a read: `RequestOptions`, and `minSeq`, the `seq` a write answered (on any
 * node of a cluster). The node that reads then answers only once it has applied that sequence,
 * waiting for it at most `STEMEDB_CLUSTER_MIN_SEQ_WAIT_MS`, else with a 503 the client retries
 * like any other: read-your-writes across the nodes behind a load balancer. A single node has
 * applied every write it answered, so there it never waits.
 *
 * @example
 * ```ts
 * const written = await client.assert(await signer.signAssertion(claim));
 * const read = await client.getAssertion(written.hash, { minSeq: written.seq });
 * ```
 */
export interface ReadOptions extends RequestOptions {
  /** Answer only once the node has applied this log sequence (`min_seq`); `undefined`: at once. */
  readonly minSeq?: number | undefined;
}
