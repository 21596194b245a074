// The SDK's own modules, not its index: the index also loads the signer and its hashing
// WebAssembly, which the console does not use.
import { StemeClient } from "../../client/steme-client.ts";

const API_KEY = "stemedb-console-api-key";
const ADMIN_TOKEN = "stemedb-console-admin-token";

/**
 * The console's credentials and its client of the API. Both secrets are kept in
 * `sessionStorage`: they live as long as the tab, are never written to disk by the console, and
 * are sent only to the server that served it. The client is made again whenever a secret changes.
 *
 * @example
 * ```ts
 * const session = new ConsoleSession(sessionStorage, location.href);
 * const health = await session.client.health();
 * ```
 */
export class ConsoleSession {
  readonly #storage: Storage;
  readonly #baseUrl: string;
  #client: StemeClient;

  /** `pageUrl` is the console's own address: the API is beside it (behind a proxy, under its prefix). */
  constructor(storage: Storage, pageUrl: string) {
    this.#storage = storage;
    this.#baseUrl = new URL(".", pageUrl).href.replace(/\/$/, "");
    this.#client = this.#makeClient();
  }

  /** A client of the server with the current API key and admin token. */
  get client(): StemeClient {
    return this.#client;
  }

  /** The API key sent with every API call, for servers with authentication on. */
  get apiKey(): string | undefined {
    return this.#storage.getItem(API_KEY) ?? undefined;
  }

  /** The admin token sent with admin calls (`/v1/admin/*`). */
  get adminToken(): string | undefined {
    return this.#storage.getItem(ADMIN_TOKEN) ?? undefined;
  }

  /** Sets the API key; empty or `undefined` forgets it. */
  setApiKey(key: string | undefined): void {
    this.#set(API_KEY, key);
  }

  /** Sets the admin token; empty or `undefined` forgets it. */
  setAdminToken(token: string | undefined): void {
    this.#set(ADMIN_TOKEN, token);
  }

  #set(name: string, value: string | undefined): void {
    const trimmed = value?.trim() ?? "";
    if (trimmed === "") this.#storage.removeItem(name);
    else this.#storage.setItem(name, trimmed);
    this.#client = this.#makeClient();
  }

  #makeClient(): StemeClient {
    return new StemeClient({
      baseUrl: this.#baseUrl,
      apiKey: this.apiKey,
      adminToken: this.adminToken,
      // A person is waiting: one retry after a 429 or 503, and an answer or an error within 15 s.
      retries: 1,
      maxRetryDelayMs: 3_000,
      timeoutMs: 15_000,
    });
  }
}
