import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { buildVote } from "../client/build-vote.ts";
import { definedFields } from "./defined-fields.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { contentHashField } from "./tool-fields.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `Vote for a claim you have checked: back it with a weight from 0 (no support) to 1 (full support, the default). The vote lens ranks claims by the sum of their votes weighted by each voter's trust. Voting again on the same claim replaces your earlier vote.

Vote only after verifying the claim (trace and analyze_conflict help). The result says whether the vote was signed with this agent's key.`;

const inputSchema = {
  assertion: contentHashField.describe("The hash of the claim voted on (64 hex)"),
  weight: z.number().optional().describe("How strongly you back it, 0 to 1; default 1"),
};

/**
 * Registers `vote`: a vote on an assertion, built by the SDK, signed with the agent's key when
 * the backend has one, stored through `POST /v1/vote`.
 *
 * @example
 * ```ts
 * registerVoteTool(server, backend);
 * // then a model calls: vote { assertion: "<64 hex>", weight: 0.8 }
 * ```
 */
export function registerVoteTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "vote",
    {
      title: "Vote for a claim",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    ({ assertion, weight }, extra) =>
      runTool(async () => {
        const draft = buildVote({ assertion, ...definedFields({ weight }) });
        const { signer } = backend;
        const body = signer !== undefined ? await signer.signVote(draft) : draft;
        const written = await backend.client.vote(body, { signal: extra.signal });
        return {
          status: written.status,
          hash: written.hash,
          assertion: written.vote.assertion,
          weight: written.vote.weight,
          signed: signer !== undefined,
          agent_id: written.vote.agent_id,
        };
      }),
  );
}
