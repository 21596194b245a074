import assert from "node:assert/strict";
import { test } from "node:test";
import { generateAgentKey, signHash } from "../model/index.ts";
import { testApp } from "../../test/support/test-app.ts";

const seedBody = {
  concept_path: "test/dr_validation",
  predicate: "restored",
  value: true,
  confidence: 1.0,
  authority_tier: "expert",
};

test("the seed's assert body is stored (201), then reported as existing (200)", async () => {
  const { app } = await testApp();
  const first = await app.inject({ method: "POST", url: "/v1/assert", payload: seedBody });
  assert.equal(first.statusCode, 201);
  const body = first.json<{
    hash: string;
    status: string;
    assertion: { timestamp: string; value: unknown };
  }>();
  assert.equal(body.status, "created");
  assert.match(body.hash, /^[0-9a-f]{64}$/);
  assert.deepEqual(body.assertion.value, { type: "boolean", value: true });
  assert.match(body.assertion.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const fixed = { ...seedBody, timestamp: "2026-02-11T14:30:00Z" };
  const a = await app.inject({ method: "POST", url: "/v1/assertions", payload: fixed });
  const b = await app.inject({ method: "POST", url: "/v1/assert", payload: fixed });
  assert.equal(a.statusCode, 201);
  assert.equal(b.statusCode, 200);
  assert.equal(b.json<{ status: string }>().status, "exists");
  assert.equal(
    a.json<{ hash: string }>().hash,
    "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87",
  );
  const read = await app.inject({ method: "GET", url: `/v1/assertions/${a.json<{ hash: string }>().hash}` });
  assert.equal(read.statusCode, 200);
  assert.equal(read.json<{ concept_path: string }>().concept_path, "test/dr_validation");
});

test("the original API's form is accepted and attributed to X-Agent-Id when unsigned", async () => {
  const { app } = await testApp();
  const response = await app.inject({
    method: "POST",
    url: "/v1/assertions",
    headers: { "x-agent-id": "research-bot-7" },
    payload: {
      subject: "Tesla_Inc",
      predicate: "has_revenue",
      object: { Number: 96.7 },
      confidence: 0.95,
      source_class: "Clinical",
      source_hash: "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    },
  });
  assert.equal(response.statusCode, 201);
  const { assertion } = response.json<{
    assertion: { agent_id: string; authority_tier: string; concept_path: string };
  }>();
  assert.equal(assertion.agent_id, "research-bot-7");
  assert.equal(assertion.authority_tier, "clinical");
  assert.equal(assertion.concept_path, "Tesla_Inc");
});

test("bad input gets a 4xx with code, field and request id, and stores nothing", async () => {
  const { app, db } = await testApp();
  const cases: {
    payload: string | object;
    status: number;
    error: string;
    field?: string;
    headers?: Record<string, string>;
  }[] = [
    {
      payload: { ...seedBody, confidence: 1.5 },
      status: 400,
      error: "validation_failed",
      field: "confidence",
    },
    {
      payload: { ...seedBody, confidence: "high" },
      status: 400,
      error: "validation_failed",
      field: "confidence",
    },
    {
      payload: { ...seedBody, concept_path: "a//b" },
      status: 400,
      error: "validation_failed",
      field: "concept_path",
    },
    {
      payload: { ...seedBody, authority_tier: "oracle" },
      status: 400,
      error: "validation_failed",
      field: "authority_tier",
    },
    { payload: { ...seedBody, confidnce: 1 }, status: 400, error: "validation_failed", field: "confidnce" },
    { payload: { ...seedBody, epoch: "xyz" }, status: 400, error: "validation_failed", field: "epoch" },
    { payload: "{not json", status: 400, error: "malformed_json" },
    { payload: "[1,2]", status: 400, error: "validation_failed" },
    { payload: { ...seedBody, value: { a: 1 } }, status: 400, error: "validation_failed", field: "value" },
    {
      payload: seedBody,
      status: 400,
      error: "validation_failed",
      field: "X-Agent-Id",
      headers: { "x-agent-id": "has space" },
    },
  ];
  for (const c of cases) {
    const response = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "content-type": "application/json", "x-request-id": "req-42", ...c.headers },
      payload: typeof c.payload === "string" ? c.payload : JSON.stringify(c.payload),
    });
    const body = response.json<{ error: string; field?: string; message: string; request_id: string }>();
    assert.equal(response.statusCode, c.status, `${JSON.stringify(c.payload)} → ${response.body}`);
    assert.equal(body.error, c.error, response.body);
    if (c.field !== undefined) assert.equal(body.field, c.field, response.body);
    assert.equal(body.request_id, "req-42");
    assert.equal(response.headers["x-request-id"], "req-42");
    assert.ok(body.message.length > 10, "the message explains");
  }
  assert.equal(db.store.assertionCount, 0);
});

test("a body over the limit gets 413 before it is parsed", async () => {
  const { app } = await testApp({ STEMEDB_MAX_BODY_BYTES: "2048" });
  const response = await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: { ...seedBody, value: "x".repeat(4000) },
  });
  assert.equal(response.statusCode, 413);
  assert.equal(response.json<{ error: string }>().error, "body_too_large");
});

test("a forged signature is rejected with 400 invalid_signature", async () => {
  const { app, db } = await testApp();
  const key = generateAgentKey();
  const other = generateAgentKey();
  const signedBody = { ...seedBody, timestamp: "2026-02-11T14:30:00Z" };
  const hash = "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87";
  const response = await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: {
      ...signedBody,
      signatures: [{ agent_id: key.agentId, signature: signHash(hash, other.seedHex) }],
    },
  });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json<{ error: string; field: string }>().error, "invalid_signature");
  assert.equal(response.json<{ field: string }>().field, "signatures[0].signature");
  const good = await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: {
      ...signedBody,
      signatures: [{ agent_id: key.agentId, signature: signHash(hash, key.seedHex) }],
    },
  });
  assert.equal(good.statusCode, 201);
  assert.equal(good.json<{ assertion: { agent_id: string } }>().assertion.agent_id, key.agentId);
  assert.equal(db.store.assertionCount, 1);
});

test("a batch stores all in one commit, or nothing when one item is bad (naming the item)", async () => {
  const { app, db } = await testApp();
  const items = Array.from({ length: 50 }, (_, i) => ({ ...seedBody, concept_path: `batch/${i}` }));
  const bad = await app.inject({
    method: "POST",
    url: "/v1/assert/batch",
    payload: { assertions: [...items.slice(0, 5), { ...seedBody, confidence: 2 }] },
  });
  assert.equal(bad.statusCode, 400);
  assert.match(
    bad.json<{ field: string }>().field,
    /^assertions\.5\.confidence$|^assertions\[5\]\.confidence$/,
  );
  assert.equal(db.store.assertionCount, 0);
  const good = await app.inject({ method: "POST", url: "/v1/assert/batch", payload: { assertions: items } });
  assert.equal(good.statusCode, 201);
  const results = good.json<{ results: { status: string }[] }>().results;
  assert.equal(results.length, 50);
  assert.ok(
    results.every((r) => r.status === "created"),
    "every item created",
  );
  assert.equal(db.store.assertionCount, 50);
});

test("health, metrics and unknown routes", async () => {
  const { app } = await testApp();
  await app.inject({ method: "POST", url: "/v1/assert", payload: seedBody });
  const health = await app.inject({ method: "GET", url: "/v1/health" });
  assert.equal(health.statusCode, 200);
  const h = health.json<Record<string, unknown>>();
  assert.equal(h["status"], "healthy");
  assert.equal(h["version"], "0.1.0");
  assert.equal(h["assertion_count"], 1);
  assert.equal(typeof h["uptime_seconds"], "number");
  assert.equal(h["wal_segments"], 1);
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  assert.equal(metrics.statusCode, 200);
  for (const name of [
    'stemedb_query_latency_seconds{quantile="0.99"',
    "stemedb_assertions_total 1",
    "stemedb_wal_fsync_latency_seconds_bucket",
    "stemedb_restarts_total",
    "process_resident_memory_bytes",
  ]) {
    assert.ok(metrics.body.includes(name), `metrics include ${name}`);
  }
  const missing = await app.inject({ method: "GET", url: "/v1/nope" });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json<{ error: string }>().error, "not_found");
  const notFound = await app.inject({ method: "GET", url: `/v1/assertions/${"0".repeat(64)}` });
  assert.equal(notFound.statusCode, 404);
  const badHash = await app.inject({ method: "GET", url: "/v1/assertions/xyz" });
  assert.equal(badHash.statusCode, 400);
});

test("the OpenAPI document is served and describes the write endpoints", async () => {
  const { app } = await testApp();
  const response = await app.inject({ method: "GET", url: "/v1/openapi.json" });
  assert.equal(response.statusCode, 200);
  const doc = response.json<{ openapi: string; paths: Record<string, unknown> }>();
  assert.equal(doc.openapi, "3.1.0");
  for (const path of [
    "/v1/assert",
    "/v1/assertions",
    "/v1/assert/batch",
    "/v1/health",
    "/v1/assertions/{hash}",
  ]) {
    assert.ok(path in doc.paths, `OpenAPI documents ${path}`);
  }
});
