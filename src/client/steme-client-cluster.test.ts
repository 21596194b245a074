import assert from "node:assert/strict";
import { test } from "node:test";
import { StemeApiError } from "./api-error.ts";
import { buildAssertion } from "./build-assertion.ts";
import { ClusterDigest } from "./schemas/cluster-schemas.ts";
import { startTestServer } from "./test-server.ts";
import { assertShape } from "./test-shapes.ts";

/** Asserts that `call` rejects with a `StemeApiError` of this status and code, and returns it. */
async function apiError(call: Promise<unknown>, status: number, code: string): Promise<StemeApiError> {
  let caught: unknown;
  await assert.rejects(call, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof StemeApiError, `a StemeApiError, got ${String(caught)}`);
  assert.equal(caught.status, status, caught.message);
  assert.equal(caught.code, code);
  return caught;
}

test("StemeClient: the cluster endpoints and min_seq on a single node", async (t) => {
  const server = await startTestServer();
  const client = server.client();
  const claim = (value: number) =>
    buildAssertion({ concept_path: "cluster/sdk", predicate: "value", value, confidence: 0.5 });

  await t.test("health has no cluster object on a single node", async () => {
    const health = await client.health();
    assert.equal(health.cluster, undefined);
  });

  await t.test("members and repair: 404 not_found, the node runs alone", async () => {
    const members = await apiError(client.clusterMembers(), 404, "not_found");
    assert.match(members.message, /runs alone/);
    assert.equal(members.request, "GET /v1/cluster/members");
    const repair = await apiError(client.admin.repairShard("ab"), 404, "not_found");
    assert.match(repair.message, /runs alone/);
    await apiError(client.admin.repairShard("AB"), 400, "validation_failed");
  });

  await t.test("digest: 256 shards on a single node, and a write changes its shard", async () => {
    const before = await client.clusterDigest();
    assertShape(ClusterDigest, before, "digest");
    assert.equal(Object.keys(before.shards).length, 256);
    assert.equal(before.node_id, (await client.health()).node_id);
    const written = await client.assert(claim(1));
    assert.equal(typeof written.seq, "number", "a write answers its log sequence");
    const after = await client.clusterDigest({ minSeq: written.seq });
    assert.equal(after.count, before.count + 1);
    assert.ok(after.applied_seq >= (written.seq ?? 0));
    const shard = written.hash.slice(0, 2);
    const changed = Object.keys(after.shards).filter(
      (s) => JSON.stringify(after.shards[s]) !== JSON.stringify(before.shards[s]),
    );
    assert.deepEqual(changed, [shard]);
    assert.equal((after.shards[shard]?.count ?? 0) - (before.shards[shard]?.count ?? 0), 1);
  });

  await t.test("min_seq at or below the applied sequence answers at once", async () => {
    const written = await client.assert(claim(2));
    const seq = written.seq ?? 0;
    assert.equal((await client.getAssertion(written.hash, { minSeq: seq })).hash, written.hash);
    assert.equal((await client.trace(written.hash, { minSeq: 0 })).assertion.hash, written.hash);
    const answer = await client.query({ concept_path: "cluster/sdk" }, { minSeq: seq });
    assert.equal(answer.assertions.length, 2);
    const inBody = await client.query({ concept_path: "cluster/sdk", min_seq: seq });
    assert.equal(inBody.assertions.length, 2);
    assert.equal((await client.concepts({ prefix: "cluster" }, { minSeq: seq })).children.length, 1);
  });

  await t.test("min_seq far ahead: 503 at once (a single node waits 0 ms)", async () => {
    const { applied_seq } = await client.health();
    const ahead = applied_seq + 1_000_000;
    const started = performance.now();
    const error = await apiError(
      client.getAssertion("0".repeat(64), { minSeq: ahead, retries: 0 }),
      503,
      "unavailable",
    );
    assert.match(error.message, new RegExp(`not yet min_seq ${ahead}`));
    assert.ok(error.retryAfterMs !== undefined, "with Retry-After");
    await apiError(client.query({ concept_path: "*" }, { minSeq: ahead, retries: 0 }), 503, "unavailable");
    await apiError(client.clusterDigest({ minSeq: ahead, retries: 0 }), 503, "unavailable");
    assert.ok(performance.now() - started < 2_000, "no wait on a single node");
  });

  await t.test("a bad min_seq: 400 validation_failed on min_seq", async () => {
    for (const call of [
      () => client.getAssertion("0".repeat(64), { minSeq: -1 }),
      () => client.query({ concept_path: "*" }, { minSeq: 1.5 }),
      () => client.query({ concept_path: "*", min_seq: "soon" }),
      () => client.request("GET", "/v1/cluster/digest", { query: { min_seq: "x" }, idempotent: true }),
    ]) {
      const error = await apiError(call(), 400, "validation_failed");
      assert.equal(error.field, "min_seq");
    }
  });
});
