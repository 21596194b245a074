import type { Command } from "commander";
import { PRIVATE_KEY_VARIABLE, Signer } from "../client/signer.ts";
import { StemeClient } from "../client/steme-client.ts";
import { serveMcpOverStdio } from "../mcp/stdio-server.ts";

interface McpOptions {
  readonly url?: string;
  readonly apiKey?: string;
  readonly agent?: string;
}

const DEFAULT_URL = "http://127.0.0.1:18180";

/**
 * `stemedb mcp`: the MCP server for AI agents over stdio, acting on a running StemeDB through
 * the SDK. With `STEMEDB_PRIVATE_KEY` set, the agent's assertions, votes and epochs are signed
 * with that key; stdout carries only the protocol, so the one status line goes to stderr.
 *
 * @example
 * ```ts
 * addMcpCommand(program); // stemedb mcp --url http://127.0.0.1:18180
 * ```
 */
export function addMcpCommand(program: Command): void {
  program
    .command("mcp")
    .description("serve StemeDB's tools to an AI agent over MCP (stdio), acting on a running server")
    .option("--url <url>", `server URL (default STEMEDB_URL or ${DEFAULT_URL})`)
    .option("--api-key <key>", "API key, when the server requires one (default STEMEDB_API_KEY)")
    .option("--agent <id>", "X-Agent-Id that unsigned writes are attributed to")
    .action(async (options: McpOptions) => {
      const baseUrl = options.url ?? process.env["STEMEDB_URL"] ?? DEFAULT_URL;
      const key = process.env[PRIVATE_KEY_VARIABLE];
      // A key that is set but wrong stops the command here, before an agent relies on signing.
      const signer = key !== undefined && key.trim() !== "" ? await Signer.fromEnv() : undefined;
      const client = new StemeClient({
        baseUrl,
        apiKey: options.apiKey ?? process.env["STEMEDB_API_KEY"],
        agentId: options.agent,
      });
      const signing =
        signer !== undefined
          ? `signing as agent ${signer.agentId}`
          : `writes unsigned (set ${PRIVATE_KEY_VARIABLE} to sign them)`;
      process.stderr.write(`stemedb mcp: serving over stdio for ${baseUrl}, ${signing}\n`);
      await serveMcpOverStdio({ client, signer });
    });
}
