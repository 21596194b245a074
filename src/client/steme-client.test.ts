import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyAll } from "../model/signature.ts";
import { LENS_NAMES } from "../model/lens-names.ts";
import { normalizeAssertion } from "../model/normalize.ts";
import { buildAssertion } from "./build-assertion.ts";
import { hashAssertion } from "./hash-assertion.ts";
import { BatchResult } from "./schemas/assertion-schemas.ts";
import { Health } from "./schemas/operation-schemas.ts";
import { AuditedQueries, AuditedQuery, QueryResponse, SkepticAnalysis } from "./schemas/query-schemas.ts";
import { AgentInfo, Changes, ConceptNode, Trace, WinnerChange } from "./schemas/read-schemas.ts";
import { Signer } from "./signer.ts";
import { startTestServer } from "./test-server.ts";
import { assertShape } from "./test-shapes.ts";
import { Type } from "typebox";

const DAY_MS = 86_400_000;
const writeResult = Type.Ref("WriteResult");
const assertionShape = Type.Ref("Assertion");

test("StemeClient: health, metrics, writes, reads and every lens against a real server", async (t) => {
  const server = await startTestServer();
  const client = server.client({ agentId: "sdk-tests" });
  const signer = await Signer.generate();
  const now = Date.now();
  const label = buildAssertion({
    concept_path: "drugs/aspirin",
    predicate: "max_daily_dose_mg",
    value: 4000,
    confidence: 0.9,
    authority_tier: "regulatory",
    source: { uri: "fda://label/aspirin/2024" },
    timestamp: new Date(now - 2 * DAY_MS),
  });
  const forum = buildAssertion({
    concept_path: "drugs/aspirin",
    predicate: "max_daily_dose_mg",
    value: 3000,
    confidence: 0.6,
    authority_tier: "community",
    timestamp: new Date(now - DAY_MS),
  });

  await t.test("health, metrics and the OpenAPI document", async () => {
    const health = await client.health();
    assertShape(Health, health, "health");
    assert.equal(health.status, "healthy");
    assert.match(await client.metrics(), /^stemedb_assertions_total/m);
    const document = await client.openApi();
    assert.match(document.openapi, /^3\.1/);
    assert.ok("/v1/assert" in document.paths);
  });

  let labelHash = "";
  await t.test("assert: signed by the SDK, accepted by the server, the same hash on both sides", async () => {
    const signed = await signer.signAssertion(label);
    const result = await client.assert(signed);
    assertShape(writeResult, result, "write result");
    assert.equal(result.status, "created");
    assert.equal(result.hash, hashAssertion(label), "the SDK's hash is the server's");
    assert.equal(result.assertion.agent_id, signer.agentId, "attributed to the signer");
    const stored = normalizeAssertion(result.assertion, { nowMs: Date.now() });
    assert.doesNotThrow(() => {
      verifyAll(stored.hash, stored.signatures);
    }, "the stored signature verifies with the model's verifier");
    labelHash = result.hash;
    assert.equal((await client.assert(signed)).status, "exists", "the same content again is stored once");
  });

  await t.test("assert: an unsigned write is attributed to X-Agent-Id", async () => {
    const result = await client.assert(forum);
    assert.equal(result.status, "created");
    assert.equal(result.assertion.agent_id, "sdk-tests");
  });

  await t.test("assertBatch: one result per item, in order", async () => {
    const items = ["ibuprofen", "paracetamol"].map((drug, i) =>
      buildAssertion({
        concept_path: `drugs/${drug}`,
        predicate: "max_daily_dose_mg",
        value: 1200 + i * 2800,
        confidence: 0.8,
      }),
    );
    const batch = await client.assertBatch(items);
    assertShape(BatchResult, batch, "batch result");
    assert.deepEqual(
      batch.results.map((r) => r.hash),
      items.map(hashAssertion),
    );
  });

  await t.test("getAssertion and trace", async () => {
    const assertion = await client.getAssertion(labelHash);
    assertShape(assertionShape, assertion, "assertion");
    assert.deepEqual(assertion.value, { type: "number", value: 4000 });
    const trace = await client.trace(labelHash);
    assertShape(Trace, trace, "trace");
    assert.equal(trace.author.agent_id, signer.agentId);
    assert.deepEqual(
      trace.signers.map((s) => s.agent_id),
      [signer.agentId],
    );
  });

  let queryId = "";
  await t.test("query through each lens; as_of travels back in time", async () => {
    for (const lens of LENS_NAMES) {
      const answer = await client.query({
        concept_path: "drugs/aspirin",
        predicate: "max_daily_dose_mg",
        lens,
      });
      assertShape(QueryResponse, answer, `${lens} answer`);
      assert.equal(answer.lens, lens);
      assert.equal(answer.assertions.length, 2, `${lens}: both claims are candidates`);
    }
    const recency = await client.query({ concept_path: "drugs/aspirin", lens: "recency" });
    assert.equal(recency.resolutions[0]?.winner, hashAssertion(forum), "recency: the newer claim");
    const authority = await client.query({ concept_path: "drugs/aspirin", lens: "authority" });
    assert.equal(authority.resolutions[0]?.winner, labelHash, "authority: the regulatory claim");
    queryId = authority.query_id;
    const past = await client.query({
      concept_path: "drugs/aspirin",
      as_of: new Date(now - 1.5 * DAY_MS).toISOString(),
    });
    assert.deepEqual(
      past.assertions.map((a) => a.hash),
      [labelHash],
      "before the forum post, only the label was known",
    );
  });

  await t.test("skeptic: every value with its share", async () => {
    const analysis = await client.skeptic({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg" });
    assertShape(SkepticAnalysis, analysis, "skeptic analysis");
    assert.deepEqual(analysis.values.map((v) => v.value.value).sort(), [3000, 4000]);
    const shares = analysis.values.reduce((sum, v) => sum + v.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-5, `shares add up to 1, got ${shares}`);
  });

  await t.test("audit: the query and the weights behind it", async () => {
    const { queries } = await client.auditQueries({ agent_id: "sdk-tests", limit: "50" });
    assertShape(AuditedQueries, { queries }, "audited queries");
    assert.ok(queries.some((q) => q.query_id === queryId));
    const record = await client.auditQuery(queryId);
    assertShape(AuditedQuery, record, "audited query");
    assert.equal(record.answers[0]?.winner, labelHash);
  });

  await t.test("concepts and agents", async () => {
    const node = await client.concepts({ prefix: "drugs" });
    assertShape(ConceptNode, node, "concept node");
    assert.deepEqual(node.children.map((c) => c.concept_path).sort(), [
      "drugs/aspirin",
      "drugs/ibuprofen",
      "drugs/paracetamol",
    ]);
    const root = await client.concepts();
    assert.deepEqual(
      root.children.map((c) => c.name),
      ["drugs"],
    );
    const agent = await client.agent(signer.agentId);
    assertShape(AgentInfo, agent, "agent");
    assert.equal(agent.assertion_count, 1);
  });

  await t.test("changes and watch: what changed since, and live", async () => {
    const since = new Date().toISOString();
    const events = client.watch({ concept_path: "drugs/*" })[Symbol.asyncIterator]();
    const first = events.next();
    // The stream is open once the server has answered; writes before that are not seen, so keep
    // writing distinct claims until one is reported.
    const written = new Set<string>();
    let event: IteratorResult<unknown> | undefined;
    for (let i = 0; i < 100 && event === undefined; i++) {
      const claim = buildAssertion({
        concept_path: "drugs/naproxen",
        predicate: "max_daily_dose_mg",
        value: 1000 + i,
        confidence: 0.7,
      });
      written.add((await client.assert(claim)).hash);
      event = await Promise.race([
        first,
        new Promise<undefined>((done) => {
          setTimeout(() => {
            done(undefined);
          }, 50);
        }),
      ]);
    }
    assert.ok(event !== undefined && event.done !== true, "the watch reported a write");
    const reported = event.value as { kind: string; assertion?: { hash: string } };
    assert.equal(reported.kind, "assertion");
    assert.ok(written.has(reported.assertion?.hash ?? ""), "one of the claims written");
    const next = await events.next();
    assert.equal((next.value as { kind: string }).kind, "winner", "then the pair's new winner");
    assertShape(WinnerChange, (next.value as { change: unknown }).change, "winner change");
    await events.return?.();

    const changes = await client.changes({ concept_path: "drugs/*", since });
    assertShape(Changes, changes, "changes");
    assert.deepEqual(new Set(changes.new_assertions.map((a) => a.hash)), written);
    assert.deepEqual(
      changes.changed_winners.map((c) => c.predicate),
      ["max_daily_dose_mg"],
    );
  });

  await t.test("request: an endpoint by path", async () => {
    const health = await client.request<{ status: string }>("GET", "/v1/health", { idempotent: true });
    assert.equal(health.status, "healthy");
  });
});
