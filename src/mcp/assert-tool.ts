import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { buildAssertion } from "../client/build-assertion.ts";
import { LIFECYCLES } from "../model/lifecycle.ts";
import { claimDigest } from "./claim-digest.ts";
import { definedFields } from "./defined-fields.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { conceptPathField, contentHashField, predicateField, tierField, timeField } from "./tool-fields.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `Record one claim in StemeDB: "<concept_path> has <predicate> = <value>", with how sure you are and on what evidence.

Claims are immutable and may contradict each other: StemeDB keeps them all and a lens chooses at read time, so state what your evidence says even when it disagrees with what is stored. To correct or refine one of your earlier claims, assert again with \`parent\` set to its hash. Writing the same content twice stores it once (status "exists").

The result says whether the write was signed with this agent's key (\`signed\`) and who it is attributed to (\`agent_id\`). Status "quarantined" means it is held for review and not yet visible to queries.`;

const inputSchema = {
  concept_path: conceptPathField,
  predicate: predicateField,
  value: z
    .union([
      z.string(),
      z.number(),
      z.boolean(),
      z.object({ type: z.literal("reference"), value: z.string() }),
    ])
    .describe(
      'The claimed value, typed by its JSON type: `4000`, `true`, `"RS256"`. To point at another concept, give {"type":"reference","value":"<concept path>"}',
    ),
  confidence: z.number().describe("How sure the evidence makes you, from 0 (a guess) to 1 (certain)"),
  authority_tier: tierField.optional(),
  source_uri: z
    .string()
    .optional()
    .describe("Where the evidence is: a URL or URI such as `fda://label/aspirin/2024`"),
  source_hash: contentHashField
    .optional()
    .describe("The BLAKE3 hash (64 hex) of a source registered in StemeDB, when the claim cites one"),
  lifecycle: z.enum(LIFECYCLES).optional().describe("The claim's review stage; `proposed` by default"),
  parent: contentHashField.optional().describe("The hash of the claim this one corrects or refines"),
  epoch: contentHashField
    .optional()
    .describe("The hash of the epoch (paradigm) the claim belongs to, as returned by supersede"),
  timestamp: timeField.optional().describe("When the claim was made (RFC 3339); now by default"),
};

/**
 * Registers `assert`: one claim, built and checked by the SDK, signed with the agent's key when
 * the backend has one, and stored through `POST /v1/assert`.
 *
 * @example
 * ```ts
 * registerAssertTool(server, { client, signer });
 * // then a model calls: assert { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9 }
 * ```
 */
export function registerAssertTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "assert",
    {
      title: "Assert a claim",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    (args, extra) =>
      runTool(async () => {
        const source = definedFields({ uri: args.source_uri, hash: args.source_hash });
        const draft = buildAssertion({
          concept_path: args.concept_path,
          predicate: args.predicate,
          value: args.value,
          confidence: args.confidence,
          ...definedFields({
            authority_tier: args.authority_tier,
            lifecycle: args.lifecycle,
            parent: args.parent,
            epoch: args.epoch,
            timestamp: args.timestamp,
          }),
          ...(Object.keys(source).length > 0 ? { source } : {}),
        });
        const { signer } = backend;
        const body = signer !== undefined ? await signer.signAssertion(draft) : draft;
        const result = await backend.client.assert(body, { signal: extra.signal });
        return {
          status: result.status,
          hash: result.hash,
          ...(result.reason !== undefined ? { reason: result.reason } : {}),
          signed: signer !== undefined,
          agent_id: result.assertion.agent_id,
          claim: claimDigest(result.assertion),
        };
      }),
  );
}
