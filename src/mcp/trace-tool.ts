import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Trace } from "../client/api-types.ts";
import { claimDigest } from "./claim-digest.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { contentHashField } from "./tool-fields.ts";
import { runTool, type ToolData } from "./tool-result.ts";

const DESCRIPTION = `Trace where one claim comes from and what happened to it since: its author and signers with their trust, its source (and whether that source was retracted, which invalidates the claim), the chain of claims it corrects (parents, nearest first) and the corrections of it (children), the votes on it, its epoch (and whether a newer epoch superseded it), and whether it is held in quarantine.

Use it to judge a claim before relying on it, or to explain an answer: every query and analyze_conflict result names claims by hash.`;

/**
 * Registers `trace`: the provenance of one assertion (`GET /v1/trace/{hash}`).
 *
 * @example
 * ```ts
 * registerTraceTool(server, backend);
 * // then a model calls: trace { hash: "<64 hex>" }
 * ```
 */
export function registerTraceTool(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    "trace",
    {
      title: "Trace a claim's provenance",
      description: DESCRIPTION,
      inputSchema: { hash: contentHashField.describe("The claim's hash (64 hex)") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ hash }, extra) =>
      runTool(async () => traceDigest(await backend.client.trace(hash, { signal: extra.signal }))),
  );
}

function traceDigest(trace: Trace): ToolData {
  const { source, epoch, quarantine } = trace;
  return {
    claim: claimDigest(trace.assertion),
    author: trace.author,
    signers: trace.signers,
    source:
      source === null
        ? null
        : {
            ...(source.uri !== undefined ? { uri: source.uri } : {}),
            ...(source.hash !== undefined ? { hash: source.hash } : {}),
            ...(source.registered?.title !== undefined ? { title: source.registered.title } : {}),
            registered: source.registered !== null,
            retracted: source.retracted,
            retractions: source.retractions.map((r) => ({
              ...(r.reason !== undefined ? { reason: r.reason } : {}),
              agent_id: r.agent_id,
              timestamp: r.timestamp,
            })),
          },
    parents: trace.parents.map(claimDigest),
    children: trace.children.map(claimDigest),
    votes: trace.votes,
    epoch:
      epoch === null
        ? null
        : {
            hash: epoch.hash,
            name: epoch.record?.name ?? null,
            superseded: epoch.superseded,
            superseded_by: epoch.superseded_by.map((e) => ({ hash: e.hash, name: e.name })),
          },
    quarantine:
      quarantine === null
        ? null
        : {
            state: quarantine.state,
            reason: quarantine.reason,
            detail: quarantine.detail,
            held_at: quarantine.held_at,
            ...(quarantine.note !== undefined ? { note: quarantine.note } : {}),
          },
  };
}
