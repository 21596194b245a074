import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { blake3Hex } from "../../src/model/index.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

interface Call {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: unknown;
  readonly status: number;
  readonly error?: string;
}

/**
 * Every endpoint of the Cortex over a real socket against the real server process, with its
 * success status and the error statuses it owns. Details of each are tested in process beside
 * the routes; this proves the assembled server answers them all.
 */
test("every endpoint answers over a real socket, and the error statuses come as documented", async () => {
  const root = tempDir();
  const server = await startServer({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
    STEMEDB_MAX_BODY_BYTES: "4096",
  });
  const call = async (c: Call): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.url}${c.path}`, {
      method: c.method,
      ...(c.body !== undefined
        ? {
            headers: { "content-type": "application/json" },
            body: typeof c.body === "string" ? c.body : JSON.stringify(c.body),
          }
        : {}),
    });
    const text = await response.text();
    assert.equal(
      response.status,
      c.status,
      `${c.method} ${c.path} → ${response.status} ${text.slice(0, 300)}`,
    );
    assert.ok(response.headers.get("x-request-id"), `${c.method} ${c.path} carries X-Request-Id`);
    const body =
      response.headers.get("content-type")?.includes("json") === true
        ? (JSON.parse(text) as Record<string, unknown>)
        : {};
    if (c.error !== undefined) assert.equal(body["error"], c.error, `${c.method} ${c.path}`);
    return body;
  };
  const pair = { concept_path: "test/sweep", predicate: "p" };
  const first = { ...pair, value: 1, confidence: 0.5, timestamp: 1_700_000_000 };
  const created = await call({ method: "POST", path: "/v1/assert", body: first, status: 201 });
  const hash = String(created["hash"]);
  const content = "sweep source";
  const sourceHash = blake3Hex(new TextEncoder().encode(content));

  const calls: Call[] = [
    { method: "GET", path: "/v1/health", status: 200 },
    { method: "GET", path: "/metrics", status: 200 },
    { method: "GET", path: "/v1/openapi.json", status: 200 },
    { method: "GET", path: "/v1/docs", status: 200 },
    { method: "POST", path: "/v1/assertions", body: { ...pair, value: 2, confidence: 0.5 }, status: 201 },
    { method: "POST", path: "/v1/assert", body: first, status: 200 },
    {
      method: "POST",
      path: "/v1/assert/batch",
      body: { assertions: [{ ...pair, value: 3, confidence: 0.5 }] },
      status: 201,
    },
    { method: "POST", path: "/v1/vote", body: { assertion: hash, weight: 1 }, status: 201 },
    { method: "POST", path: "/v1/epoch", body: { name: "sweep epoch" }, status: 201 },
    { method: "POST", path: "/v1/sources", body: { content }, status: 201 },
    { method: "POST", path: `/v1/sources/${sourceHash}/retract`, body: { reason: "sweep" }, status: 201 },
    { method: "GET", path: `/v1/sources/${sourceHash}`, status: 200 },
    { method: "GET", path: `/v1/sources/${sourceHash}/impact`, status: 200 },
    { method: "POST", path: "/v1/query", body: { concept_path: "test/*", lens: "consensus" }, status: 200 },
    { method: "GET", path: "/v1/query?concept_path=test/sweep&lens=layered", status: 200 },
    { method: "GET", path: "/v1/skeptic?concept_path=test/sweep&predicate=p", status: 200 },
    { method: "GET", path: `/v1/assertions/${hash}`, status: 200 },
    { method: "GET", path: `/v1/trace/${hash}`, status: 200 },
    { method: "GET", path: "/v1/concepts?prefix=test", status: 200 },
    { method: "GET", path: "/v1/agents/anonymous", status: 200 },
    { method: "GET", path: "/v1/audit/queries?limit=5", status: 200 },
    { method: "GET", path: "/v1/changes?concept_path=test/*&since=0", status: 200 },
    // Error statuses.
    { method: "POST", path: "/v1/assert", body: "{oops", status: 400, error: "malformed_json" },
    {
      method: "POST",
      path: "/v1/assert",
      body: { ...pair, value: 1, confidence: 3 },
      status: 400,
      error: "validation_failed",
    },
    {
      method: "POST",
      path: "/v1/assert",
      body: { ...pair, value: "x".repeat(5000), confidence: 0.5 },
      status: 413,
      error: "body_too_large",
    },
    { method: "GET", path: `/v1/assertions/${"0".repeat(64)}`, status: 404, error: "not_found" },
    { method: "GET", path: "/v1/no-such-route", status: 404, error: "not_found" },
    {
      method: "POST",
      path: "/v1/vote",
      body: { assertion: "1".repeat(64), weight: 1 },
      status: 404,
      error: "not_found",
    },
  ];
  for (const c of calls) await call(c);

  const stopping = server.stop();
  assert.equal(await stopping, 0);
});
