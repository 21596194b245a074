import type { Signer } from "../client/signer.ts";
import type { StemeClient } from "../client/steme-client.ts";

/**
 * What the MCP tools act through: a client of the StemeDB HTTP API, and the agent's key when it
 * has one. Every tool goes through `client`, so the server's validation, authentication, limits
 * and quotas apply to an agent exactly as to any other caller of the API.
 *
 * @example
 * ```ts
 * const backend: McpBackend = {
 *   client: new StemeClient({ baseUrl: "http://127.0.0.1:18180" }),
 *   signer: await Signer.fromEnv(),
 * };
 * ```
 */
export interface McpBackend {
  readonly client: StemeClient;
  /** Signs assertions, votes and epochs when present; without it writes are unsigned. */
  readonly signer: Signer | undefined;
}
