import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "./build-app.ts";
import { testApp } from "../../test/support/test-app.ts";

interface QueryBody {
  assertions: {
    hash: string;
    timestamp: string;
    value: { value: unknown };
    effective_confidence: number;
    confidence: number;
  }[];
  resolutions: {
    concept_path: string;
    predicate: string;
    winner: string | null;
    value: { value: unknown } | null;
    status: string;
    conflict_score: number;
    candidates_count: number;
  }[];
  truncated: boolean;
  as_of: string;
}

async function query(app: App, body: object): Promise<QueryBody> {
  const response = await app.inject({ method: "POST", url: "/v1/query", payload: body });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<QueryBody>();
}

async function batch(app: App, assertions: object[], agent?: string): Promise<void> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/assert/batch",
    payload: { assertions },
    ...(agent !== undefined ? { headers: { "x-agent-id": agent } } : {}),
  });
  assert.equal(response.statusCode, 201, response.body);
}

test("the seed's health query answers 200 with empty arrays; * with limit 1 gives an RFC 3339 timestamp", async () => {
  const { app } = await testApp();
  const empty = await query(app, { concept_path: "test/health", lens: "recency" });
  assert.deepEqual(empty.assertions, []);
  assert.deepEqual(empty.resolutions, []);
  await batch(app, [
    { concept_path: "a/b", predicate: "p", value: 1, confidence: 0.5 },
    { concept_path: "c/d", predicate: "p", value: 2, confidence: 0.5 },
  ]);
  const one = await query(app, { concept_path: "*", lens: "recency", limit: 1 });
  assert.equal(one.assertions.length, 1);
  assert.match(one.assertions[0]!.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(one.truncated, true);
});

test("semaglutide: authority picks the regulatory claim, consensus the anecdotal crowd, skeptic says contested", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "drugs/semaglutide", predicate: "gastroparesis_risk" };
  const now = Math.floor(Date.now() / 1000);
  await batch(
    app,
    [{ ...pair, value: "rare", confidence: 0.9, authority_tier: "regulatory", timestamp: now - 10 }],
    "fda",
  );
  await batch(
    app,
    [{ ...pair, value: "no signal", confidence: 0.85, authority_tier: "clinical", timestamp: now - 10 }],
    "step-1",
  );
  for (let chunk = 0; chunk < 5; chunk++) {
    const crowd = Array.from({ length: 100 }, (_, i) => ({
      ...pair,
      value: "severe",
      confidence: 0.8,
      authority_tier: "anecdotal",
      timestamp: now - 5 - i / 1000,
      source: { uri: `reddit://post/${chunk}-${i}` },
    }));
    // One agent per report: the consensus lens counts distinct agents.
    for (const item of crowd) await batch(app, [item], `patient-${chunk}-${crowd.indexOf(item)}`);
  }
  const authority = await query(app, { ...pair, lens: "authority" });
  assert.equal(authority.resolutions[0]?.value?.value, "rare");
  const consensus = await query(app, { ...pair, lens: "consensus" });
  assert.equal(consensus.resolutions[0]?.value?.value, "severe");
  const skeptic = await app.inject({
    method: "GET",
    url: "/v1/skeptic?subject=drugs/semaglutide&predicate=gastroparesis_risk",
  });
  assert.equal(skeptic.statusCode, 200, skeptic.body);
  const report = skeptic.json<{
    status: string;
    conflict_score: number;
    values: { value: { value: string }; supporters: number; best_tier: string }[];
  }>();
  assert.equal(report.status, "contested");
  assert.ok(report.conflict_score >= 0.5, `conflict ${report.conflict_score}`);
  assert.deepEqual(
    new Set(report.values.map((v) => v.value.value)),
    new Set(["rare", "no signal", "severe"]),
  );
  assert.equal(report.values.find((v) => v.value.value === "severe")?.supporters, 500);
});

test("time travel: as_of before, between and after two writes", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "jwt/validation", predicate: "check_aud" };
  await batch(app, [
    { ...pair, value: false, confidence: 0.7, timestamp: "2024-01-01T00:00:00Z" },
    { ...pair, value: true, confidence: 0.9, timestamp: "2025-01-01T00:00:00Z" },
  ]);
  const before = await query(app, { ...pair, as_of: "2023-06-01T00:00:00Z" });
  assert.equal(before.assertions.length, 0);
  const between = await query(app, { ...pair, as_of: "2024-06-01T00:00:00Z" });
  assert.equal(between.resolutions[0]?.value?.value, false);
  assert.equal(between.as_of, "2024-06-01T00:00:00.000Z");
  const after = await query(app, { ...pair, as_of: "2026-06-01T00:00:00Z" });
  assert.equal(after.resolutions[0]?.value?.value, true);
  assert.deepEqual(
    after.assertions.map((a) => a.value.value),
    [true, false],
    "recency ranks newest first",
  );
});

test("GET /v1/query takes the same parameters as strings; decay=false keeps the stated confidence", async () => {
  const { app } = await testApp();
  await batch(app, [
    {
      concept_path: "lib/a",
      predicate: "version",
      value: "1",
      confidence: 0.8,
      authority_tier: "community",
      timestamp: "2020-01-01T00:00:00Z",
    },
    {
      concept_path: "lib/a/b",
      predicate: "version",
      value: "2",
      confidence: 0.8,
      timestamp: "2020-01-01T00:00:00Z",
    },
    {
      concept_path: "lib/ab",
      predicate: "version",
      value: "3",
      confidence: 0.8,
      timestamp: "2020-01-01T00:00:00Z",
    },
  ]);
  const subtree = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=lib/a/*&lens=confidence&limit=10",
  });
  assert.equal(subtree.statusCode, 200, subtree.body);
  assert.deepEqual(
    subtree.json<QueryBody>().resolutions.map((r) => r.concept_path),
    ["lib/a", "lib/a/b"],
  );
  const decayed = subtree.json<QueryBody>().assertions[0]!;
  assert.ok(
    decayed.effective_confidence < 0.01,
    `a community claim from 2020 has decayed (${decayed.effective_confidence})`,
  );
  const plain = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=lib/a&decay=false&predicate=version",
  });
  assert.equal(plain.json<QueryBody>().assertions[0]!.effective_confidence, 0.8);
});

test("bad query parameters get 400 naming the parameter", async () => {
  const { app } = await testApp();
  const cases: [string, string][] = [
    ["lens=oracle", "lens"],
    ["limit=0", "limit"],
    ["limit=10001", "limit"],
    ["as_of=yesterday", "as_of"],
    ["min_confidence=2", "min_confidence"],
    ["decay=maybe", "decay"],
    ["concept_path=a//b", "concept_path"],
    ["authority_tier=oracle", "authority_tier"],
    ["colour=red", "colour"],
  ];
  for (const [params, field] of cases) {
    const response = await app.inject({ method: "GET", url: `/v1/query?${params}` });
    assert.equal(response.statusCode, 400, `${params}: ${response.body}`);
    assert.equal(response.json<{ field: string }>().field, field, params);
  }
});
