import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { VERSION } from "../ops/version.ts";
import { registerAnalyzeConflictTool } from "./analyze-conflict-tool.ts";
import { registerAssertTool } from "./assert-tool.ts";
import { registerChangesTool } from "./changes-tool.ts";
import { registerConceptResources } from "./concept-resources.ts";
import { lensGuideText } from "./lens-guide.ts";
import type { McpBackend } from "./mcp-backend.ts";
import { registerQueryTool } from "./query-tool.ts";
import { registerSupersedeTool } from "./supersede-tool.ts";
import { registerTraceTool } from "./trace-tool.ts";
import { registerVoteTool } from "./vote-tool.ts";

// What a client may show its model once, at connection time: the shape of the database and how
// to read it, so that each tool description can stay about its tool.
const INSTRUCTIONS = `StemeDB is a knowledge database of claims, not facts: every claim about a (concept_path, predicate) pair is kept, with its author, confidence, evidence tier and source, even when claims contradict each other. A lens resolves them when you read, and every answer says how contested it is.

Work like this: browse the concept tree (resources stemedb://concepts), query through the lens that fits the question, call analyze_conflict when an answer is contested or matters, trace a claim before relying on it, and assert what your own evidence says (with the tier and source it really has). Vote for claims you have verified; declare an epoch with supersede when a whole paradigm is replaced; use changes to catch up on what moved.

Choosing a lens:
${lensGuideText()}`;

/**
 * The StemeDB MCP server: seven tools (`assert`, `query`, `analyze_conflict`, `trace`, `vote`,
 * `supersede`, `changes`) and the concept tree as resources, all acting through `backend`. Connect
 * it to a transport: stdio for `stemedb mcp`, streamable HTTP for `/mcp` on the server.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 *
 * const server = createMcpServer({ client: new StemeClient({ baseUrl: "http://127.0.0.1:18180" }), signer: undefined });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createMcpServer(backend: McpBackend): McpServer {
  const server = new McpServer({ name: "stemedb", version: VERSION }, { instructions: INSTRUCTIONS });
  registerAssertTool(server, backend);
  registerQueryTool(server, backend);
  registerAnalyzeConflictTool(server, backend);
  registerTraceTool(server, backend);
  registerVoteTool(server, backend);
  registerSupersedeTool(server, backend);
  registerChangesTool(server, backend);
  registerConceptResources(server, backend);
  return server;
}
