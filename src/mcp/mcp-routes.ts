import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { StemeClient } from "../client/steme-client.ts";
import { createMcpServer } from "./create-mcp-server.ts";
import { injectFetch } from "./inject-fetch.ts";

/** The headers the streamable HTTP transport reads; the rest of the request is fastify's. */
const TRANSPORT_HEADERS = [
  "accept",
  "content-type",
  "mcp-protocol-version",
  "mcp-session-id",
  "last-event-id",
];

/** Where the in-process API calls are addressed; never resolved, `injectFetch` answers them. */
const IN_PROCESS_ORIGIN = "http://stemedb.internal";

/** The caller's identity, passed on to the API calls a tool makes on the caller's behalf. */
const IDENTITY_HEADERS = ["authorization", "x-agent-id"];

/**
 * `POST /mcp`: the MCP streamable HTTP transport, stateless, answering in JSON. Every request
 * gets a fresh MCP server whose tools call the HTTP API in process (`injectFetch`) with the
 * caller's `Authorization` and `X-Agent-Id`, so each tool call passes through the same
 * authentication, tier caps, rate limits, quotas, breakers and proof of work as the same call
 * made directly, and is charged once: the Shield meters `/mcp` itself as an unmetered write
 * route (authenticated and rate limited, no quota) and charges the API call the tool makes.
 * `GET` and `DELETE` answer 405: a stateless server has no stream to offer and no session to end.
 *
 * @example
 * ```ts
 * await app.register(mcpRoutes());
 * // an MCP client then connects to http://127.0.0.1:18180/mcp
 * ```
 */
export function mcpRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Hidden from the OpenAPI document: its clients are MCP clients, which speak JSON-RPC here.
    app.post("/mcp", { schema: { hide: true } }, async (request, reply) => {
      if (!sameOrigin(request)) {
        return reply.status(403).send({
          error: "origin_not_allowed",
          message: `Origin ${String(request.headers.origin)} may not call /mcp on ${String(request.headers.host)}: browsers may only call it from the server's own origin`,
          request_id: request.id,
        });
      }
      const client = new StemeClient({
        baseUrl: IN_PROCESS_ORIGIN,
        fetch: injectFetch(app, request.ip),
        headers: pick(request, IDENTITY_HEADERS),
        // A refusal (429, 503) goes back to the agent at once with its Retry-After; waiting it
        // out here would hold the request and its socket open on the agent's behalf.
        retries: 0,
      });
      const server = createMcpServer({ client, signer: undefined });
      // No session id generator: stateless, so any node behind a load balancer can answer.
      const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
      await server.connect(transport);
      try {
        const webRequest = new Request(new URL(request.url, IN_PROCESS_ORIGIN), {
          method: "POST",
          headers: pick(request, TRANSPORT_HEADERS),
        });
        const answer = await transport.handleRequest(webRequest, { parsedBody: request.body });
        return await relay(answer, reply);
      } finally {
        await server.close();
      }
    });

    app.route({
      method: ["GET", "DELETE"],
      url: "/mcp",
      schema: { hide: true },
      handler: async (request, reply) =>
        reply
          .status(405)
          .header("allow", "POST")
          .send({
            error: "method_not_allowed",
            message: `${request.method} /mcp is not supported: this MCP endpoint is stateless, send each JSON-RPC message with POST`,
            request_id: request.id,
          }),
    });
  };
}

/**
 * Whether a browser's request comes from the server's own origin. The MCP transport
 * specification requires the check against DNS rebinding: a page on another origin resolved to
 * this host must not drive an agent's tools. Clients other than browsers send no `Origin`.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function pick(request: FastifyRequest, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

/** The transport's answer through fastify's reply, so its hooks (request id, Shield, metrics) run. */
async function relay(answer: Response, reply: FastifyReply): Promise<FastifyReply> {
  reply.status(answer.status);
  answer.headers.forEach((value, name) => {
    reply.header(name, value);
  });
  const body = await answer.text();
  return body === "" ? reply.send() : reply.send(body);
}
