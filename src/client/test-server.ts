import type { AppContext } from "../api/app-context.ts";
import { TEST_ADMIN_TOKEN, testApp } from "../../test/support/test-app.ts";
import type { ClientOptions } from "./client-options.ts";
import { StemeClient } from "./steme-client.ts";

/** A real StemeDB server for the client's tests, and clients of it. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly ctx: AppContext;
  /** A client of this server with the admin token; `options` override. */
  client(options?: Omit<ClientOptions, "baseUrl">): StemeClient;
}

/**
 * Starts the real application over a real database in a temp directory, listening on a free
 * loopback port, for tests of the client over real HTTP. Closed (and its directory removed) when
 * the test file ends. `env` sets server configuration (`STEMEDB_RATE_LIMIT_WRITES`, …).
 *
 * @example
 * ```ts
 * const server = await startTestServer({ STEMEDB_QUOTA_PER_HOUR: "30" });
 * const health = await server.client().health();
 * ```
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const { app, ctx } = await testApp(env);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    ctx,
    client: (options = {}) => new StemeClient({ baseUrl: url, adminToken: TEST_ADMIN_TOKEN, ...options }),
  };
}
