import assert from "node:assert/strict";
import { test } from "node:test";
import { generateAgentKey, normalizeAssertion, signHash } from "../../src/model/index.ts";
import { testApp } from "../support/test-app.ts";

// Limits and quarantine off: a 201 here means stored and visible, and no 429 can hide a 400.
const PLAIN = {
  STEMEDB_RATE_LIMIT_ENABLED: "false",
  STEMEDB_QUOTA_ENABLED: "false",
  STEMEDB_BREAKER_ENABLED: "false",
  STEMEDB_QUARANTINE_ENABLED: "false",
};

const contentA = {
  concept_path: "replay/target",
  predicate: "status",
  value: "safe",
  confidence: 0.9,
  authority_tier: "clinical",
  timestamp: "2024-02-01T00:00:00Z",
};
const contentB = { ...contentA, value: "unsafe" };

const hashOf = (body: object): string => normalizeAssertion(body, { nowMs: Date.now() }).hash;

interface ErrorJson {
  readonly error: string;
  readonly field?: string;
  readonly reason?: string;
  readonly request_id: string;
}

test("a signature replayed onto other content, another agent or another record kind is refused and stores nothing", async (t) => {
  const { app, db } = await testApp(PLAIN);
  const x = generateAgentKey();
  const y = generateAgentKey();
  const hashA = hashOf(contentA);
  const hashB = hashOf(contentB);
  assert.notEqual(hashA, hashB, "the two contents differ");
  const sigA = signHash(hashA, x.seedHex);
  const post = (url: string, payload: object) => app.inject({ method: "POST", url, payload });
  const refused = async (
    url: string,
    payload: object,
    expected: { error: string; field?: string; reason?: string },
  ): Promise<void> => {
    const before = db.store.assertionCount;
    const res = await post(url, payload);
    assert.equal(res.statusCode, 400, `${url} is refused with 400: ${res.body}`);
    const body = res.json<ErrorJson>();
    assert.equal(body.error, expected.error, res.body);
    if (expected.field !== undefined) assert.equal(body.field, expected.field, res.body);
    if (expected.reason !== undefined) assert.equal(body.reason, expected.reason, res.body);
    assert.equal(body.request_id, res.headers["x-request-id"], "request_id matches the header");
    assert.equal(db.store.assertionCount, before, `nothing was stored by ${url}`);
    assert.equal(db.get(hashB), undefined, "content B is not readable");
    assert.equal(db.store.shield.held(hashB), undefined, "content B is not held in quarantine either");
  };

  await t.test("A signed by X, as sent, is stored (the control)", async () => {
    const res = await post("/v1/assert", {
      ...contentA,
      signatures: [{ agent_id: x.agentId, signature: sigA }],
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<{ hash: string }>().hash, hashA);
    assert.equal(db.store.assertionCount, 1, "one assertion stored");
  });

  await t.test("the same request replayed stores nothing new", async () => {
    const res = await post("/v1/assert", {
      ...contentA,
      signatures: [{ agent_id: x.agentId, signature: sigA }],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ status: string }>().status, "exists");
    assert.equal(db.store.assertionCount, 1, "still one assertion");
  });

  await t.test("X's signature of A attached to B", async () => {
    for (const url of ["/v1/assert", "/v1/assertions"]) {
      await refused(
        url,
        { ...contentB, signatures: [{ agent_id: x.agentId, signature: sigA }] },
        { error: "invalid_signature", field: "signatures[0].signature" },
      );
    }
    await refused(
      "/v1/assert",
      { ...contentB, signatures: [{ agent_id: x.agentId, signature: sigA.toUpperCase() }] },
      { error: "invalid_signature" },
    );
  });

  await t.test("X's signature of A attached to B, claiming A's hash", async () => {
    await refused(
      "/v1/assert",
      { ...contentB, hash: hashA, signatures: [{ agent_id: x.agentId, signature: sigA }] },
      { error: "validation_failed", field: "hash", reason: "hash_mismatch" },
    );
  });

  await t.test("X's signature of A attached to B inside a batch, after a valid item", async () => {
    const valid = { ...contentA, value: "batch-valid" };
    const validSig = signHash(hashOf(valid), x.seedHex);
    await refused(
      "/v1/assert/batch",
      {
        assertions: [
          { ...valid, signatures: [{ agent_id: x.agentId, signature: validSig }] },
          { ...contentB, signatures: [{ agent_id: x.agentId, signature: sigA }] },
        ],
      },
      { error: "invalid_signature", field: "assertions[1].signatures[0].signature" },
    );
    assert.equal(
      db.get(hashOf(valid)),
      undefined,
      "the valid item of the refused batch is not stored either",
    );
  });

  await t.test("X's signature presented as Y's", async () => {
    const sigB = signHash(hashB, x.seedHex);
    await refused(
      "/v1/assert",
      { ...contentB, signatures: [{ agent_id: y.agentId, signature: sigB }] },
      { error: "invalid_signature", field: "signatures[0].signature" },
    );
    await refused(
      "/v1/assert",
      { ...contentB, agent_id: y.agentId, signatures: [{ agent_id: x.agentId, signature: sigB }] },
      { error: "validation_failed", field: "agent_id", reason: "agent_mismatch" },
    );
  });

  await t.test("a valid signature after a replayed one does not rescue it", async () => {
    const sigB = signHash(hashB, y.seedHex);
    await refused(
      "/v1/assert",
      {
        ...contentB,
        signatures: [
          { agent_id: x.agentId, signature: sigA },
          { agent_id: y.agentId, signature: sigB },
        ],
      },
      { error: "invalid_signature", field: "signatures[0].signature" },
    );
  });

  await t.test("an assertion signature replayed on a vote or an epoch", async () => {
    const voteRes = await post("/v1/vote", {
      assertion: hashA,
      weight: 1,
      agent_id: x.agentId,
      signature: sigA,
    });
    assert.equal(voteRes.statusCode, 400, voteRes.body);
    assert.equal(voteRes.json<ErrorJson>().error, "invalid_signature", voteRes.body);
    const epochRes = await post("/v1/epoch", {
      name: "replayed",
      signatures: [{ agent_id: x.agentId, signature: sigA }],
    });
    assert.equal(epochRes.statusCode, 400, epochRes.body);
    assert.equal(epochRes.json<ErrorJson>().error, "invalid_signature", epochRes.body);
    const trace = await app.inject({ method: "GET", url: `/v1/trace/${hashA}` });
    assert.deepEqual(trace.json<{ votes: unknown[] }>().votes, [], "no vote was stored");
  });

  assert.equal(db.store.assertionCount, 1, "only the control assertion is stored");
});
