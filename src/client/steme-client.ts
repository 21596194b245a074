import { StemeApiError } from "./api-error.ts";

export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:18180`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string;
  /** Sent as `X-Agent-Id` for unsigned writes. */
  readonly agentId?: string;
  /** Retries of a 429 or 503 (honouring Retry-After) and of network errors; default 3. */
  readonly retries?: number;
  /** Upper bound of one wait between retries, ms; default 10,000. */
  readonly maxRetryDelayMs?: number;
  readonly fetch?: typeof fetch;
}

/** JSON bodies as the API takes and gives them; see `/v1/openapi.json` for the shapes. */
export type Json = Record<string, unknown>;

/**
 * A small client of the StemeDB HTTP API, for Node ≥ 20 and browsers (fetch only).
 *
 * @example
 * ```ts
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180", agentId: "my-agent" });
 * await client.assert({ concept_path: "drugs/aspirin", predicate: "max_dose_mg", value: 4000, confidence: 0.9 });
 * const answer = await client.query({ concept_path: "drugs/aspirin", lens: "authority" });
 * ```
 */
export class StemeClient {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** `GET /v1/health`. */
  health(): Promise<Json> {
    return this.request("GET", "/v1/health");
  }

  /** `POST /v1/assert`: one assertion; resolves with `{hash, status, assertion}`. */
  assert(assertion: Json): Promise<Json> {
    return this.request("POST", "/v1/assert", assertion);
  }

  /** `POST /v1/assert/batch`: up to 10,000 assertions, all or nothing. */
  assertBatch(assertions: readonly Json[]): Promise<Json> {
    return this.request("POST", "/v1/assert/batch", { assertions });
  }

  /** `POST /v1/query` with the parameters of the API (`concept_path`, `lens`, `as_of`, …). */
  query(parameters: Json): Promise<Json> {
    return this.request("POST", "/v1/query", parameters);
  }

  /** `GET /v1/skeptic`: every distinct value of one pair with its weight share. */
  skeptic(conceptPath: string, predicate: string): Promise<Json> {
    const query = new URLSearchParams({ concept_path: conceptPath, predicate });
    return this.request("GET", `/v1/skeptic?${query.toString()}`);
  }

  /** `GET /v1/assertions/{hash}`. */
  getAssertion(hash: string): Promise<Json> {
    return this.request("GET", `/v1/assertions/${encodeURIComponent(hash)}`);
  }

  /** Any call of the API; throws `StemeApiError` for an error answer. */
  async request(method: string, path: string, body?: unknown): Promise<Json> {
    const retries = this.#options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(new URL(path, this.#options.baseUrl), {
          method,
          headers: this.#headers(body !== undefined),
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (error) {
        if (attempt >= retries) throw error;
        await sleep(this.#backoff(attempt, undefined));
        continue;
      }
      if ((response.status === 429 || response.status === 503) && attempt < retries) {
        await response.body?.cancel();
        await sleep(this.#backoff(attempt, response.headers.get("retry-after")));
        continue;
      }
      const text = await response.text();
      const parsed = text === "" ? {} : (JSON.parse(text) as Json);
      if (!response.ok) throw new StemeApiError(response.status, parsed);
      return parsed;
    }
  }

  #headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (hasBody) headers["content-type"] = "application/json";
    if (this.#options.apiKey !== undefined) headers["authorization"] = `Bearer ${this.#options.apiKey}`;
    if (this.#options.agentId !== undefined) headers["x-agent-id"] = this.#options.agentId;
    return headers;
  }

  /** Retry-After when the server gives it, else exponential backoff with jitter. */
  #backoff(attempt: number, retryAfter: string | null | undefined): number {
    const cap = this.#options.maxRetryDelayMs ?? 10_000;
    const seconds = retryAfter === null || retryAfter === undefined ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(cap, seconds * 1000);
    return Math.min(cap, 100 * 2 ** attempt * (0.5 + Math.random()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
