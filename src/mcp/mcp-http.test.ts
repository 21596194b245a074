import assert from "node:assert/strict";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startTestServer } from "../client/test-server.ts";
import { callFailing, callOk, runToolSuite } from "./test-tool-suite.ts";

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const mcp = new Client({ name: "stemedb-mcp-tests", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers } }));
  return mcp;
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "curl", version: "1" } },
};

function post(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(new URL("/mcp", url), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(INITIALIZE),
  });
}

runToolSuite("streamable HTTP at /mcp", "http-suite", async () => {
  const server = await startTestServer();
  const mcp = await connect(server.url, { "x-agent-id": "mcp-http-tests" });
  return { mcp, api: server.client(), signer: undefined, close: () => mcp.close() };
});

test("/mcp with authentication on: 401 without an API key, the key's agent with one", async () => {
  const server = await startTestServer({ STEMEDB_AUTH_ENABLED: "true" });
  const refused = await post(server.url, {});
  assert.equal(refused.status, 401);
  const body = (await refused.json()) as { error: string; request_id: string };
  assert.equal(body.error, "unauthenticated");
  assert.equal(refused.headers.get("x-request-id"), body.request_id);
  await assert.rejects(connect(server.url), /401|unauthenticated/);

  const { key } = await server.client().admin.createApiKey({ agent_id: "mcp-keyed-agent", name: "mcp" });
  const mcp = await connect(server.url, { authorization: `Bearer ${key}` });
  try {
    const result = await callOk(mcp, "assert", {
      concept_path: "auth/check",
      predicate: "works",
      value: true,
      confidence: 0.9,
    });
    assert.equal(result["status"], "created");
    assert.equal(result["signed"], false, "the server holds no agent's key");
    assert.equal(result["agent_id"], "mcp-keyed-agent", "attributed to the key's agent");
  } finally {
    await mcp.close();
  }
});

test("/mcp: quotas charged once per tool call, rate limits and quotas refuse as tool errors", async () => {
  const server = await startTestServer({ STEMEDB_RATE_LIMITS: "/v1/skeptic=1:1" });
  const api = server.client();
  const question = { concept_path: "limits/*", lens: "authority" } as const;

  await server.client({ agentId: "direct-caller" }).query(question);
  const mcp = await connect(server.url, { "x-agent-id": "mcp-caller" });
  const limited = await connect(server.url, { "x-agent-id": "mcp-limited" });
  try {
    await callOk(mcp, "query", question);
    const direct = await api.agent("direct-caller");
    const viaMcp = await api.agent("mcp-caller");
    assert.ok(direct.quota.used > 0);
    assert.equal(viaMcp.quota.used, direct.quota.used, "the same query costs the same through /mcp");

    const pair = { concept_path: "limits/x", predicate: "p" };
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(await mcp.callTool({ name: "analyze_conflict", arguments: pair }));
    const refusal = outcomes.find((o) => o.isError === true)?.structuredContent as Record<string, unknown>;
    assert.equal(refusal["error"], "rate_limited", "the API's rate limit applies to the tool's call");
    assert.equal(refusal["status"], 429);
    assert.ok(Number(refusal["retry_after_seconds"]) >= 1);

    await api.admin.setAgentPolicy("mcp-limited", { quota_per_hour: 1 });
    const spent = await callFailing(limited, "query", question);
    assert.equal(spent["error"], "quota_exceeded");
  } finally {
    await mcp.close();
    await limited.close();
  }
});

test("/mcp: browsers from other origins are refused; GET and DELETE are not offered", async () => {
  const server = await startTestServer();
  const foreign = await post(server.url, { origin: "http://rebinding.example" });
  assert.equal(foreign.status, 403);
  assert.equal(((await foreign.json()) as { error: string }).error, "origin_not_allowed");
  const own = await post(server.url, { origin: server.url });
  assert.equal(own.status, 200);

  for (const method of ["GET", "DELETE"]) {
    const answer = await fetch(new URL("/mcp", server.url), { method });
    assert.equal(answer.status, 405, method);
    assert.equal(answer.headers.get("allow"), "POST");
  }
});
