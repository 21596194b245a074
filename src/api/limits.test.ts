import assert from "node:assert/strict";
import { test } from "node:test";
import { generateAgentKey, normalizeAssertion, signHash } from "../model/index.ts";
import { ADMIN_AUTH, testApp } from "../../test/support/test-app.ts";

let counter = 0;
/** A distinct, ordinary claim each time. */
function claim(): Record<string, unknown> {
  counter += 1;
  return {
    concept_path: `limits/item-${counter}`,
    predicate: "weight_kg",
    value: counter * 1.5,
    confidence: 0.6,
  };
}

test("rate limits per endpoint and client: 429 with Retry-After; health and metrics are never limited", async () => {
  const { app } = await testApp({
    STEMEDB_RATE_LIMIT_WRITES: "2:2",
    STEMEDB_RATE_LIMIT_READS: "1000",
    STEMEDB_RATE_LIMITS: "/v1/concepts=1:1",
  });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    statuses.push((await app.inject({ method: "POST", url: "/v1/assert", payload: claim() })).statusCode);
  }
  assert.deepEqual(statuses, [201, 201, 429]);
  const limited = await app.inject({ method: "POST", url: "/v1/assert", payload: claim() });
  assert.equal(limited.json<{ error: string }>().error, "rate_limited");
  assert.ok(Number(limited.headers["retry-after"]) >= 1, "Retry-After in whole seconds");
  assert.equal((await app.inject({ method: "GET", url: "/v1/concepts" })).statusCode, 200);
  assert.equal(
    (await app.inject({ method: "GET", url: "/v1/concepts" })).statusCode,
    429,
    "per-route override",
  );
  assert.equal(
    (await app.inject({ method: "GET", url: "/v1/query?concept_path=*" })).statusCode,
    200,
    "other reads",
  );
  for (let i = 0; i < 50; i += 1) {
    assert.equal(
      (await app.inject({ method: "GET", url: "/v1/health" })).statusCode,
      200,
      "health is never limited",
    );
    assert.equal(
      (await app.inject({ method: "GET", url: "/metrics" })).statusCode,
      200,
      "metrics are never limited",
    );
  }
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  assert.match(metrics.body, /stemedb_requests_rejected_total\{reason="rate_limit"\} [1-9]/);
});

test("hourly quotas per agent: X-Quota-* on metered responses, 429 when spent, a per-agent limit set by an admin", async () => {
  const { app } = await testApp({ STEMEDB_QUOTA_PER_HOUR: "30" });
  const agent = { "x-agent-id": "metered" };
  const first = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(first.statusCode, 201, first.body);
  // An assertion costs 10 tokens plus 1 per started KiB of body.
  assert.equal(first.headers["x-quota-limit"], "30");
  assert.equal(first.headers["x-quota-remaining"], "19");
  const reset = Number(first.headers["x-quota-reset"]);
  assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 3600, "the reset is within the hour");
  const query = await app.inject({ method: "GET", url: "/v1/query?concept_path=*", headers: agent });
  assert.equal(query.headers["x-quota-remaining"], "13", "a query costs 5 plus 1 for its lens");
  const second = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(second.statusCode, 201, second.body);
  const spent = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(spent.statusCode, 429, spent.body);
  assert.equal(spent.json<{ error: string }>().error, "quota_exceeded");
  assert.equal(spent.headers["x-quota-remaining"], "2");
  assert.ok(Number(spent.headers["retry-after"]) >= 1, "Retry-After until the hour resets");
  const other = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: { "x-agent-id": "other" },
    payload: claim(),
  });
  assert.equal(other.statusCode, 201, "quotas are per agent");

  const raised = await app.inject({
    method: "PUT",
    url: "/v1/admin/agents/metered",
    headers: { authorization: ADMIN_AUTH },
    payload: { quota_per_hour: 1000 },
  });
  assert.equal(raised.json<{ quota_per_hour: number }>().quota_per_hour, 1000);
  const after = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(after.statusCode, 201, after.body);
  assert.equal(after.headers["x-quota-limit"], "1000");
});

test("circuit breakers: open after N failures, refuse with 429 OPEN, half-open after the cooldown, close on success", async () => {
  const { app } = await testApp({ STEMEDB_BREAKER_FAILURES: "3", STEMEDB_BREAKER_COOLDOWN_SECONDS: "1" });
  const agent = { "x-agent-id": "clumsy" };
  for (let i = 0; i < 3; i += 1) {
    const bad = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: agent,
      payload: { ...claim(), confidence: 7 },
    });
    assert.equal(bad.statusCode, 400, bad.body);
  }
  const open = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(open.statusCode, 429, open.body);
  assert.equal(open.headers["x-circuit-breaker-state"], "OPEN");
  assert.equal(open.json<{ error: string }>().error, "circuit_open");
  assert.ok(Number(open.headers["retry-after"]) >= 1, "Retry-After until half-open");
  const healthy = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: { "x-agent-id": "careful" },
    payload: claim(),
  });
  assert.equal(healthy.statusCode, 201, "other agents are served");

  const listed = await app.inject({
    method: "GET",
    url: "/v1/admin/circuit_breakers",
    headers: { authorization: ADMIN_AUTH },
  });
  const breakers = listed.json<{
    circuit_breakers: { agent_id: string; state: string; last_failure: string }[];
  }>();
  assert.deepEqual(
    breakers.circuit_breakers.map((b) => [b.agent_id, b.state, b.last_failure]),
    [["clumsy", "OPEN", "validation"]],
  );
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  assert.match(metrics.body, /stemedb_circuit_breaker_state\{state="OPEN"\} 1/);
  assert.match(metrics.body, /stemedb_requests_rejected_total\{reason="circuit_breaker"\} 1/);

  await new Promise((done) => setTimeout(done, 1100));
  const trial = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(trial.statusCode, 201, `half-open lets a request through: ${trial.body}`);
  const state = await app.inject({ method: "GET", url: "/v1/agents/clumsy" });
  assert.equal(state.json<{ circuit_breaker: { state: string } }>().circuit_breaker.state, "CLOSED");
});

test("admins ban, unban and reset breakers; a ban also stops the agent's signed writes and outlives a reset", async () => {
  const { app } = await testApp();
  const admin = { authorization: ADMIN_AUTH };
  const agent = { "x-agent-id": "rogue" };
  const ban = await app.inject({
    method: "POST",
    url: "/v1/admin/circuit_breakers/rogue/ban",
    headers: admin,
  });
  assert.equal(ban.statusCode, 200, ban.body);
  assert.deepEqual(ban.json<{ state: string; banned: boolean }>().banned, true);
  const refused = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(refused.statusCode, 429, refused.body);
  assert.equal(refused.headers["x-circuit-breaker-state"], "OPEN");
  await app.inject({ method: "POST", url: "/v1/admin/circuit_breakers/rogue/reset", headers: admin });
  assert.equal(
    (await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() })).statusCode,
    429,
    "a reset does not lift a ban",
  );
  const signer = generateAgentKey();
  await app.inject({
    method: "POST",
    url: `/v1/admin/circuit_breakers/${signer.agentId}/ban`,
    headers: admin,
  });
  const body = { ...claim(), timestamp: 1_700_000_000 };
  const { hash } = normalizeAssertion(body, { nowMs: Date.now() });
  const signed = await app.inject({
    method: "POST",
    url: "/v1/assert",
    payload: {
      ...body,
      signatures: [{ agent_id: signer.agentId, signature: signHash(hash, signer.seedHex) }],
    },
  });
  assert.equal(signed.statusCode, 429, `a banned signer is refused without any header: ${signed.body}`);
  const unban = await app.inject({
    method: "POST",
    url: "/v1/admin/circuit_breakers/rogue/unban",
    headers: admin,
  });
  assert.equal(unban.json<{ state: string; banned: boolean }>().state, "CLOSED");
  assert.equal(
    (await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() })).statusCode,
    201,
  );
});

test("quota: a replayed signed write does not charge its signer; requests racing past the check are still counted", async () => {
  const { app } = await testApp({ STEMEDB_QUOTA_PER_HOUR: "40" });
  const signer = generateAgentKey();
  const body = { ...claim(), timestamp: 1_700_000_000 };
  const { hash } = normalizeAssertion(body, { nowMs: Date.now() });
  const payload = {
    ...body,
    signatures: [{ agent_id: signer.agentId, signature: signHash(hash, signer.seedHex) }],
  };
  const first = await app.inject({ method: "POST", url: "/v1/assert", payload });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.headers["x-quota-remaining"], "29", "the signer pays for its own write");
  for (let i = 0; i < 5; i += 1) {
    const replay = await app.inject({ method: "POST", url: "/v1/assert", payload });
    assert.equal(replay.statusCode, 200);
    assert.equal(
      replay.headers["x-quota-remaining"],
      "29",
      "replays by someone else cost the signer nothing",
    );
  }

  const agent = { "x-agent-id": "racer" };
  const racing = await Promise.all(
    [1, 2, 3, 4, 5].map(() =>
      app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() }),
    ),
  );
  const served = racing.filter((r) => r.statusCode === 201).length;
  const status = await app.inject({ method: "GET", url: "/v1/agents/racer" });
  const quota = status.json<{ quota: { used: number } }>().quota;
  assert.equal(quota.used, served * 11, `every served write is counted (${served} served)`);
  const after = await app.inject({ method: "POST", url: "/v1/assert", headers: agent, payload: claim() });
  assert.equal(after.statusCode, 429, "and the next one is refused");
});
