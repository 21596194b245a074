import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { toolError } from "./tool-error.ts";

/** What a tool found or did, as a JSON object. */
export type ToolData = Readonly<Record<string, unknown>>;

/**
 * A tool's answer twice over: compact JSON text, which every MCP client passes to its model, and
 * the same object as `structuredContent`, for clients that read structured results.
 *
 * The tools declare no output schema: the answers follow the server's JSON, and a schema
 * repeated here would turn any new field the server adds into a protocol error in clients that
 * validate structured content against it.
 *
 * @example
 * ```ts
 * toolResult({ status: "created", hash: "…" }).content[0]; // { type: "text", text: '{"status":"created","hash":"…"}' }
 * ```
 */
export function toolResult(data: ToolData): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: { ...data } };
}

/**
 * Runs a tool's work and answers with its result, or with a tool error (`toolError`) when it
 * throws: a tool call never fails at the protocol level for a problem the model can fix.
 *
 * @example
 * ```ts
 * server.registerTool("trace", { inputSchema: { hash: contentHashField } }, ({ hash }) =>
 *   runTool(async () => ({ trace: await client.trace(hash) })),
 * );
 * ```
 */
export async function runTool(work: () => Promise<ToolData>): Promise<CallToolResult> {
  try {
    return toolResult(await work());
  } catch (error) {
    return toolError(error);
  }
}
