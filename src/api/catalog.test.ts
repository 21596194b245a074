import assert from "node:assert/strict";
import { test } from "node:test";
import { testApp } from "../../test/support/test-app.ts";

test("the concept tree lists one level with subtree counts; agents report their counts", async () => {
  const { app } = await testApp();
  const items = [
    { concept_path: "drugs/aspirin", predicate: "max_dose_mg", value: 4000 },
    { concept_path: "drugs/aspirin", predicate: "max_dose_mg", value: 3000 },
    { concept_path: "drugs/aspirin/safety", predicate: "bleeding", value: "rare" },
    { concept_path: "drugs/semaglutide", predicate: "risk", value: "rare" },
    { concept_path: "code://python/requests/tls", predicate: "verify", value: true },
  ].map((a, i) => ({ ...a, confidence: 0.5, timestamp: 1_700_000_000 + i }));
  const written = await app.inject({
    method: "POST",
    url: "/v1/assert/batch",
    headers: { "x-agent-id": "librarian" },
    payload: { assertions: items },
  });
  assert.equal(written.statusCode, 201, written.body);

  const root = await app.inject({ method: "GET", url: "/v1/concepts" });
  assert.deepEqual(root.json(), {
    prefix: "",
    predicates: [],
    children: [
      { name: "code://python", concept_path: "code://python", assertion_count: 1, pair_count: 1 },
      { name: "drugs", concept_path: "drugs", assertion_count: 4, pair_count: 3 },
    ],
  });
  const drugs = await app.inject({ method: "GET", url: "/v1/concepts?prefix=drugs/aspirin" });
  assert.deepEqual(drugs.json(), {
    prefix: "drugs/aspirin",
    predicates: [{ predicate: "max_dose_mg", assertion_count: 2 }],
    children: [{ name: "safety", concept_path: "drugs/aspirin/safety", assertion_count: 1, pair_count: 1 }],
  });
  const bad = await app.inject({ method: "GET", url: "/v1/concepts?prefix=a//b" });
  assert.equal(bad.statusCode, 400);

  const agent = await app.inject({ method: "GET", url: "/v1/agents/librarian" });
  const { quota, ...profile } = agent.json<{ quota: Record<string, unknown> }>();
  assert.deepEqual(profile, {
    agent_id: "librarian",
    trust: 0.5,
    assertion_count: 5,
    first_assertion_at: "2023-11-14T22:13:20.000Z",
    last_assertion_at: "2023-11-14T22:13:24.000Z",
    tier_cap: null,
    circuit_breaker: {
      agent_id: "librarian",
      state: "CLOSED",
      banned: false,
      failures: 0,
      last_failure: null,
      opened_at: null,
      retry_at: null,
      rejected: 0,
    },
  });
  // One batch of 5 assertions was charged: 5 × 10 tokens, plus 1 per started KiB of body.
  assert.equal(quota["limit"], 1_000_000);
  assert.equal(quota["enabled"], true);
  assert.ok(Number(quota["used"]) >= 50 && Number(quota["used"]) < 60, `quota used ${String(quota["used"])}`);
  assert.equal(Number(quota["remaining"]), 1_000_000 - Number(quota["used"]));
  const nobody = await app.inject({ method: "GET", url: "/v1/agents/nobody" });
  assert.equal(nobody.json<{ assertion_count: number }>().assertion_count, 0);
});
