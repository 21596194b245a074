import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Resolution } from "../client/api-types.ts";
import { candidateDigest, plainValue } from "./claim-digest.ts";
import { definedFields } from "./defined-fields.ts";
import { lensGuideText } from "./lens-guide.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { conceptSelectorField, lensField, predicateField, timeField } from "./tool-fields.ts";
import { shareDigest } from "./share-digest.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `Ask StemeDB what is known about a concept (or a whole subtree), resolved through a lens.

StemeDB stores contradicting claims side by side; the lens decides which one answers. Each answer says how contested it is: \`status\` unanimous (one value), agreed, or contested (conflict_score ≥ 0.5; 0 = all agree, 1 = evenly split). Do not present a contested answer as settled: call analyze_conflict to see the competing values.

Which lens to use:
${lensGuideText()}

\`as_of\` answers as StemeDB would have at that time (time travel). \`claims\` lists the claims behind the answers, best first, with their decayed \`effective_confidence\`.`;

const inputSchema = {
  concept_path: conceptSelectorField,
  predicate: predicateField.optional().describe("Only this property; every property when absent"),
  lens: lensField
    .optional()
    .describe("How to choose among contradicting claims (default recency); see the guide above"),
  as_of: timeField.optional().describe("Answer as of this past time (RFC 3339); now when absent"),
  limit: z
    .number()
    .optional()
    .describe("Most claims to return, 1 to 10,000 (default 100); answers for a pair are never cut in half"),
  epoch_aware: z
    .boolean()
    .optional()
    .describe("Leave out claims whose epoch has been superseded (see supersede); default false"),
  include_retracted: z
    .boolean()
    .optional()
    .describe("Keep claims citing retracted sources (flagged source_retracted); default false"),
  min_confidence: z.number().optional().describe("Only claims stated with at least this confidence, 0 to 1"),
};

/**
 * Registers `query`: `POST /v1/query` through a lens, answered as resolutions (one per pair) and
 * the ranked claims behind them, each in digest form.
 *
 * @example
 * ```ts
 * registerQueryTool(server, { client, signer: undefined });
 * // then a model calls: query { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", lens: "authority" }
 * ```
 */
export function registerQueryTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "query",
    {
      title: "Query through a lens",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ concept_path, ...options }, extra) =>
      runTool(async () => {
        const answer = await backend.client.query(
          { concept_path, ...definedFields(options) },
          { signal: extra.signal },
        );
        return {
          lens: answer.lens,
          as_of: answer.as_of,
          query_id: answer.query_id,
          answers: answer.resolutions.map(resolutionDigest),
          claims: answer.assertions.map(candidateDigest),
          ...(answer.truncated ? { truncated: true } : {}),
        };
      }),
  );
}

/** A resolution with plain values; the skeptic's shares and the layered lens's tiers when present. */
function resolutionDigest(resolution: Resolution): Record<string, unknown> {
  return {
    concept_path: resolution.concept_path,
    predicate: resolution.predicate,
    value: resolution.value === null ? null : plainValue(resolution.value),
    winner: resolution.winner,
    status: resolution.status,
    conflict_score: resolution.conflict_score,
    resolution_confidence: resolution.resolution_confidence,
    candidates: resolution.candidates_count,
    ...(resolution.values !== undefined ? { values: resolution.values.map(shareDigest) } : {}),
    ...(resolution.layers !== undefined
      ? {
          layers: resolution.layers.map((layer) => ({
            tier: layer.tier,
            value: layer.value === null ? null : plainValue(layer.value),
            winner: layer.winner,
            status: layer.status,
            conflict_score: layer.conflict_score,
            candidates: layer.candidates_count,
          })),
        }
      : {}),
    ...(resolution.fallback !== undefined ? { fallback: resolution.fallback } : {}),
  };
}
