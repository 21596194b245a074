import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { buildEpoch } from "../client/build-epoch.ts";
import { definedFields } from "./defined-fields.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { contentHashField } from "./tool-fields.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `Declare an epoch: a paradigm, such as a guideline edition or an API major version, that supersedes older ones. Claims asserted with \`epoch\` set to a superseded epoch drop out of queries that set \`epoch_aware: true\`, without being deleted (time travel still sees them).

Typical use: the 2019 guideline was replaced. Declare the new epoch with \`supersedes\` listing the old epoch's hash, then assert the new claims with \`epoch\` set to the returned hash. To start the first epoch of a topic, give no \`supersedes\`. The result says whether the declaration was signed with this agent's key.`;

const inputSchema = {
  name: z.string().describe("A short label, e.g. `guidelines-2026`"),
  description: z.string().optional().describe("What changed, for people and agents reading it later"),
  supersedes: z
    .array(contentHashField)
    .optional()
    .describe("Hashes of the epochs this one replaces (64 hex each); none for a first epoch"),
};

/**
 * Registers `supersede`: an epoch declaration (`POST /v1/epoch`), built by the SDK and signed with
 * the agent's key when the backend has one.
 *
 * @example
 * ```ts
 * registerSupersedeTool(server, backend);
 * // then a model calls: supersede { name: "guidelines-2026", supersedes: ["<hash of guidelines-2019>"] }
 * ```
 */
export function registerSupersedeTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "supersede",
    {
      title: "Supersede an epoch",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    ({ name, description, supersedes }, extra) =>
      runTool(async () => {
        const draft = buildEpoch({ name, ...definedFields({ description, supersedes }) });
        const { signer } = backend;
        const body = signer !== undefined ? await signer.signEpoch(draft) : draft;
        const written = await backend.client.declareEpoch(body, { signal: extra.signal });
        return {
          status: written.status,
          hash: written.hash,
          name: written.epoch.name,
          supersedes: written.epoch.supersedes,
          signed: signer !== undefined,
          agent_id: written.epoch.agent_id,
        };
      }),
  );
}
