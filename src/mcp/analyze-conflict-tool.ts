import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { definedFields } from "./defined-fields.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { conceptPathField, predicateField, timeField } from "./tool-fields.ts";
import { shareDigest } from "./share-digest.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `See a conflict before trusting an answer: every distinct value claimed for one concept and property, with its share of the total weight (confidence after decay × authority tier), how many agents hold it, its strongest evidence tier, and the claims behind it (hashes for trace).

This is the skeptic lens: it picks no winner. \`status\` is unanimous (one value), agreed, or contested (conflict_score ≥ 0.5, where 0 = all agree and 1 = evenly split). Use it whenever a query answer is contested, when the stakes are high, or before you assert something that may contradict what is stored.`;

const inputSchema = {
  concept_path: conceptPathField,
  predicate: predicateField,
  as_of: timeField.optional().describe("Analyse as of this past time (RFC 3339); now when absent"),
  epoch_aware: z
    .boolean()
    .optional()
    .describe("Leave out claims whose epoch has been superseded; default false"),
  include_retracted: z.boolean().optional().describe("Keep claims citing retracted sources; default false"),
};

/**
 * Registers `analyze_conflict`: the skeptic's analysis of one exact pair (`GET /v1/skeptic`).
 *
 * @example
 * ```ts
 * registerAnalyzeConflictTool(server, backend);
 * // then a model calls: analyze_conflict { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg" }
 * ```
 */
export function registerAnalyzeConflictTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "analyze_conflict",
    {
      title: "Analyse a conflict (skeptic)",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ concept_path, predicate, as_of, epoch_aware, include_retracted }, extra) =>
      runTool(async () => {
        // The skeptic's parameters are a query string: flags travel as text.
        const analysis = await backend.client.skeptic(
          {
            concept_path,
            predicate,
            ...definedFields({
              as_of,
              epoch_aware: epoch_aware?.toString(),
              include_retracted: include_retracted?.toString(),
            }),
          },
          { signal: extra.signal },
        );
        return {
          concept_path: analysis.concept_path,
          predicate: analysis.predicate,
          status: analysis.status,
          conflict_score: analysis.conflict_score,
          candidates: analysis.candidates_count,
          ...(analysis.as_of !== undefined ? { as_of: analysis.as_of } : {}),
          values: analysis.values.map(shareDigest),
        };
      }),
  );
}
