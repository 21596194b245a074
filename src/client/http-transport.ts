import { abortableDelay } from "./abortable-delay.ts";
import type { ApiCall, QueryValue } from "./api-call.ts";
import { StemeApiError, type ApiErrorDetails } from "./api-error.ts";
import { backoffDelay } from "./backoff.ts";
import { CallDeadline } from "./call-deadline.ts";
import type { ClientOptions, RequestOptions } from "./client-options.ts";
import { StemeNetworkError } from "./network-error.ts";
import { newRequestId } from "./request-id.ts";
import { parseRetryAfter } from "./retry-after.ts";

const DEFAULT_RETRIES = 3;
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** The first backoff's upper bound when the server gives no `Retry-After`. */
const BACKOFF_BASE_MS = 200;

/** What one attempt came to: an answer, or an error worth another attempt after `waitMs`. */
type Attempt<T> =
  | { readonly kind: "answered"; readonly value: T }
  | { readonly kind: "retry"; readonly error: Error; readonly waitMs: number };

/**
 * Sends API calls with `fetch`: headers, JSON, the time limit, retries and typed errors. One per
 * client; it holds no state between calls.
 *
 * Retries: a 429 or 503 is retried after the `Retry-After` the server sent (else after an
 * exponential backoff) on any call, since the server refused it before acting on it. A network
 * error is retried only for a call marked idempotent: without an answer the client cannot know
 * whether the server acted, and only then is acting twice the same as acting once.
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ baseUrl: "http://127.0.0.1:18180" });
 * const health = await transport.send(
 *   { method: "GET", path: "/v1/health", idempotent: true, answers: [503] },
 *   {},
 *   (response) => response.json(),
 * );
 * ```
 */
export class HttpTransport {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;
  readonly #baseUrl: string;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    // Kept as text so a proxy's path prefix survives (`new URL("/v1/…", base)` would drop it).
    this.#baseUrl = String(options.baseUrl).replace(/\/+$/, "");
  }

  /** Sends `call`, retrying as allowed, and resolves with what `read` makes of the answer. */
  async send<T>(
    call: ApiCall,
    options: RequestOptions,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    const requestId = newRequestId();
    const request = `${call.method} ${call.path}`;
    const retries = options.retries ?? this.#options.retries ?? DEFAULT_RETRIES;
    const maxDelayMs = this.#options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    const deadline = new CallDeadline(
      options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.signal,
    );
    try {
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.#attempt(call, requestId, deadline.signal, read, attempt, maxDelayMs);
        if (outcome.kind === "answered") return outcome.value;
        if (attempt >= retries || outcome.waitMs > maxDelayMs || !deadline.allows(outcome.waitMs)) {
          throw outcome.error;
        }
        await abortableDelay(outcome.waitMs, deadline.signal);
      }
    } catch (error) {
      throw deadline.explain(error, request, requestId);
    } finally {
      deadline.dispose();
    }
  }

  async #attempt<T>(
    call: ApiCall,
    requestId: string,
    signal: AbortSignal,
    read: (response: Response) => Promise<T>,
    attempt: number,
    maxDelayMs: number,
  ): Promise<Attempt<T>> {
    const request = `${call.method} ${call.path}`;
    const backoff = (): number => backoffDelay(attempt, { baseMs: BACKOFF_BASE_MS, capMs: maxDelayMs });
    const networkFailure = (error: unknown): Attempt<T> => {
      if (signal.aborted) throw error;
      const failure = new StemeNetworkError("network", `${request}: ${describe(error)}`, requestId, {
        cause: error,
      });
      if (!call.idempotent) throw failure;
      return { kind: "retry", error: failure, waitMs: backoff() };
    };

    let response: Response;
    try {
      response = await this.#fetch(this.#url(call), {
        method: call.method,
        headers: this.#headers(call, requestId),
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        signal,
      });
    } catch (error) {
      return networkFailure(error);
    }
    if (response.ok || call.answers?.includes(response.status) === true) {
      try {
        return { kind: "answered", value: await read(response) };
      } catch (error) {
        // The body broke off mid-way; a body that arrived but is not what was expected is not retried.
        if (error instanceof StemeApiError) throw error;
        return networkFailure(error);
      }
    }
    const error = await apiError(response, requestId, request);
    if (response.status === 429 || response.status === 503) {
      return { kind: "retry", error, waitMs: error.retryAfterMs ?? backoff() };
    }
    throw error;
  }

  #url(call: ApiCall): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) appendQuery(query, name, value);
    const text = query.toString();
    return `${this.#baseUrl}${call.path}${text === "" ? "" : `?${text}`}`;
  }

  #headers(call: ApiCall, requestId: string): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.#options.headers,
      accept: call.accept ?? "application/json",
      "x-request-id": requestId,
    };
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const bearer =
      call.admin === true ? (this.#options.adminToken ?? this.#options.apiKey) : this.#options.apiKey;
    if (bearer !== undefined) headers["authorization"] = `Bearer ${bearer}`;
    if (this.#options.agentId !== undefined) headers["x-agent-id"] = this.#options.agentId;
    return headers;
  }
}

function appendQuery(query: URLSearchParams, name: string, value: QueryValue): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) query.append(name, String(item));
  } else query.append(name, String(value));
}

/** The `StemeApiError` of an error answer, reading its JSON body when it has one. */
async function apiError(response: Response, requestId: string, request: string): Promise<StemeApiError> {
  const text = await response.text().catch(() => "");
  let body: ApiErrorDetails["body"];
  try {
    const parsed: unknown = JSON.parse(text);
    body = typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    // Not JSON: an answer from something in front of the server (a proxy's 502 page).
    const excerpt = text.replace(/\s+/g, " ").trim().slice(0, 200);
    body = {
      message: `HTTP ${response.status} ${response.statusText}${excerpt === "" ? "" : `: ${excerpt}`}`,
    };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
  return new StemeApiError({
    status: response.status,
    body,
    requestId: response.headers.get("x-request-id") ?? requestId,
    request,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED …) is its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
