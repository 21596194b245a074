import assert from "node:assert/strict";
import { test } from "node:test";
import { testApp } from "../../test/support/test-app.ts";

test("every query leaves an audit record: who asked, the winner and the weights behind it", async () => {
  const { app, db } = await testApp();
  const pair = { concept_path: "drugs/semaglutide", predicate: "gastroparesis_risk" };
  await app.inject({
    method: "POST",
    url: "/v1/assert/batch",
    payload: {
      assertions: [
        { ...pair, value: "rare", confidence: 0.9, authority_tier: "regulatory" },
        { ...pair, value: "severe", confidence: 0.8, authority_tier: "anecdotal" },
      ],
    },
  });
  const asked = await app.inject({
    method: "POST",
    url: "/v1/query",
    headers: { "x-agent-id": "auditor-bot" },
    payload: { ...pair, lens: "authority" },
  });
  const { query_id: queryId, resolutions } = asked.json<{
    query_id: string;
    resolutions: { winner: string }[];
  }>();
  await app.inject({ method: "GET", url: "/v1/query?concept_path=drugs/*" });
  await db.store.audit.prune(0);

  const one = await app.inject({ method: "GET", url: `/v1/audit/query/${queryId}` });
  assert.equal(one.statusCode, 200, one.body);
  const record = one.json<{
    agent_id: string;
    lens: string;
    answers: { winner: string; weights: { hash: string; weight: number }[] }[];
  }>();
  assert.equal(record.agent_id, "auditor-bot");
  assert.equal(record.lens, "authority");
  assert.equal(record.answers[0]?.winner, resolutions[0]?.winner);
  assert.equal(record.answers[0]?.weights.length, 2);
  const [strongest, weakest] = record.answers.at(0)?.weights ?? [];
  assert.ok((strongest?.weight ?? 0) > (weakest?.weight ?? 1), "weights come strongest first");

  const mine = await app.inject({ method: "GET", url: "/v1/audit/queries?agent_id=auditor-bot" });
  assert.deepEqual(
    mine.json<{ queries: { query_id: string }[] }>().queries.map((q) => q.query_id),
    [queryId],
  );
  const all = await app.inject({ method: "GET", url: "/v1/audit/queries?limit=10" });
  assert.equal(all.json<{ queries: unknown[] }>().queries.length, 2);
  const none = await app.inject({
    method: "GET",
    url: `/v1/audit/queries?from=${Math.floor(Date.now() / 1000) + 100}`,
  });
  assert.equal(none.json<{ queries: unknown[] }>().queries.length, 0);
  assert.equal(
    (await app.inject({ method: "GET", url: `/v1/audit/query/${"0".repeat(64)}` })).statusCode,
    404,
  );
  assert.equal((await app.inject({ method: "GET", url: "/v1/audit/queries?limit=0" })).statusCode, 400);

  const removed = await db.store.audit.prune(Date.now() + 1000);
  assert.equal(removed, 2);
  assert.equal((await app.inject({ method: "GET", url: `/v1/audit/query/${queryId}` })).statusCode, 404);
});
