import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "./create-mcp-server.ts";
import type { McpBackend } from "./mcp-backend.ts";

/**
 * Serves the MCP tools over stdio (newline-delimited JSON-RPC on stdin and stdout) until the
 * client closes stdin. Nothing else may write to `output`: a stray line would corrupt the
 * protocol, so diagnostics go to stderr.
 *
 * @example
 * ```ts
 * await serveMcpOverStdio({ client: new StemeClient({ baseUrl: "http://127.0.0.1:18180" }), signer: undefined });
 * ```
 */
export async function serveMcpOverStdio(
  backend: McpBackend,
  input: Readable = process.stdin,
  output: Writable = process.stdout,
): Promise<void> {
  const server = createMcpServer(backend);
  const transport = new StdioServerTransport(input, output);
  // Set before connecting: the server chains its own close handler onto this one.
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  // The transport does not watch for the end of its input; a client that goes away ends it.
  input.once("end", () => {
    void server.close();
  });
  await server.connect(transport);
  await closed;
}
