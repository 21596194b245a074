import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Changes } from "../client/api-types.ts";
import { claimDigest, plainValue } from "./claim-digest.ts";
import { definedFields } from "./defined-fields.ts";
import { lensGuideText } from "./lens-guide.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { conceptSelectorField, lensField, timeField } from "./tool-fields.ts";
import { runTool } from "./tool-result.ts";

const DESCRIPTION = `List what changed under a concept path since a time: the claims made since then (\`new_claims\`) and the answers that changed (\`changed_answers\`: each pair whose winner under the lens is different now, with the value before and after).

Use it to catch up after a while away, or to check whether something you relied on has moved. \`since\` compares the times the claims were made.

Lenses for deciding which answers changed:
${lensGuideText()}`;

type WinnerJson = Changes["changed_winners"][number]["after"];

const inputSchema = {
  concept_path: conceptSelectorField
    .optional()
    .describe("Where to look: `drugs/*`, `drugs/aspirin`, or `*` (the default)"),
  since: timeField.describe("From when (RFC 3339), e.g. the last time you looked"),
  lens: lensField.optional().describe("The lens whose answers are compared (default recency)"),
  limit: z.number().optional().describe("Most new claims listed, 1 to 10,000 (default 1,000)"),
};

/**
 * Registers `changes`: new claims and changed answers under a path since a time
 * (`GET /v1/changes`).
 *
 * @example
 * ```ts
 * registerChangesTool(server, backend);
 * // then a model calls: changes { concept_path: "drugs/*", since: "2026-01-01T00:00:00Z" }
 * ```
 */
export function registerChangesTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "changes",
    {
      title: "What changed since",
      description: DESCRIPTION,
      inputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ concept_path, since, lens, limit }, extra) =>
      runTool(async () => {
        // The changes' parameters are a query string: the limit travels as text.
        const changes = await backend.client.changes(
          { since, ...definedFields({ concept_path, lens, limit: limit?.toString() }) },
          { signal: extra.signal },
        );
        return {
          since: changes.since,
          until: changes.until,
          lens: changes.lens,
          new_claims: changes.new_assertions.map(claimDigest),
          changed_answers: changes.changed_winners.map((change) => ({
            concept_path: change.concept_path,
            predicate: change.predicate,
            before: winnerDigest(change.before),
            after: winnerDigest(change.after),
          })),
        };
      }),
  );
}

function winnerDigest(winner: WinnerJson): { hash: string; value: unknown } | null {
  return winner === null ? null : { hash: winner.hash, value: plainValue(winner.value) };
}
