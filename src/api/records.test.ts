import assert from "node:assert/strict";
import { test } from "node:test";
import { blake3Hex } from "../model/index.ts";
import type { App } from "./build-app.ts";
import { testApp } from "../../test/support/test-app.ts";

async function post(
  app: App,
  url: string,
  payload: object,
  agent?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.inject({
    method: "POST",
    url,
    payload,
    ...(agent !== undefined ? { headers: { "x-agent-id": agent } } : {}),
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

async function resolution(
  app: App,
  body: object,
): Promise<{ value: { value: unknown } | null; winner: string | null }> {
  const response = await app.inject({ method: "POST", url: "/v1/query", payload: body });
  assert.equal(response.statusCode, 200, response.body);
  return (
    response.json<{ resolutions: { value: { value: unknown } | null; winner: string | null }[] }>()
      .resolutions[0] ?? { value: null, winner: null }
  );
}

test("votes decide the vote lens; an agent's later vote replaces its earlier one; votes need a stored assertion", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "jwt/alg", predicate: "expected" };
  const rs = await post(
    app,
    "/v1/assert",
    { ...pair, value: "RS256", confidence: 0.6, timestamp: 1_700_000_000 },
    "alice",
  );
  const es = await post(
    app,
    "/v1/assert",
    { ...pair, value: "ES256", confidence: 0.6, timestamp: 1_700_000_001 },
    "bob",
  );
  const rsHash = rs.body["hash"] as string;
  const esHash = es.body["hash"] as string;
  assert.equal((await resolution(app, { ...pair, lens: "vote" })).winner !== null, true);

  const vote = await post(
    app,
    "/v1/vote",
    { assertion: rsHash, weight: 1, timestamp: 1_700_000_100 },
    "carol",
  );
  assert.equal(vote.status, 201, JSON.stringify(vote.body));
  assert.equal((await resolution(app, { ...pair, lens: "vote" })).value?.value, "RS256");
  assert.equal(
    (await post(app, "/v1/vote", { assertion: rsHash, weight: 1, timestamp: 1_700_000_100 }, "carol")).status,
    200,
  );

  await post(app, "/v1/vote", { assertion: esHash, weight: 1, timestamp: 1_700_000_200 }, "dave");
  await post(app, "/v1/vote", { assertion: esHash, weight: 1, timestamp: 1_700_000_201 }, "erin");
  assert.equal((await resolution(app, { ...pair, lens: "vote" })).value?.value, "ES256");
  const before = await resolution(app, { ...pair, lens: "vote", as_of: 1_700_000_150 });
  assert.equal(before.value?.value, "RS256", "time travel sees the votes as they were");

  await post(app, "/v1/vote", { assertion: esHash, weight: 0.1, timestamp: 1_700_000_300 }, "erin");
  await post(app, "/v1/vote", { assertion: esHash, weight: 0.1, timestamp: 1_700_000_301 }, "dave");
  assert.equal(
    (await resolution(app, { ...pair, lens: "vote" })).value?.value,
    "RS256",
    "later, weaker votes replace earlier ones",
  );

  const missing = await post(app, "/v1/vote", { assertion: "ab".repeat(32), weight: 1 }, "carol");
  assert.equal(missing.status, 404);
  const bad = await post(app, "/v1/vote", { assertion: rsHash, weight: 2 }, "carol");
  assert.equal(bad.status, 400);
  assert.equal(bad.body["field"], "weight");
});

test("an epoch that supersedes a paradigm hides its claims from epoch-aware queries and flags them otherwise", async () => {
  const { app } = await testApp();
  const old = await post(app, "/v1/epoch", { name: "ulcers are caused by stress", timestamp: 1_000_000_000 });
  assert.equal(old.status, 201, JSON.stringify(old.body));
  const oldEpoch = old.body["hash"] as string;
  const pair = { concept_path: "medicine/ulcer", predicate: "cause" };
  await post(app, "/v1/assert", {
    ...pair,
    value: "stress",
    confidence: 0.9,
    authority_tier: "clinical",
    epoch: oldEpoch,
    timestamp: 1_000_000_100,
  });
  await post(app, "/v1/assert", {
    ...pair,
    value: "h. pylori",
    confidence: 0.6,
    authority_tier: "observational",
    timestamp: 1_100_000_000,
  });
  assert.equal((await resolution(app, { ...pair, lens: "authority", decay: false })).value?.value, "stress");

  const shift = await post(app, "/v1/epoch", {
    name: "h. pylori",
    supersedes: [oldEpoch],
    timestamp: 1_200_000_000,
  });
  assert.equal(shift.status, 201);
  assert.equal(
    (await resolution(app, { ...pair, lens: "authority", decay: false, epoch_aware: true })).value?.value,
    "h. pylori",
  );
  const plain = await app.inject({
    method: "POST",
    url: "/v1/query",
    payload: { ...pair, lens: "authority", decay: false },
  });
  const stress = plain
    .json<{ assertions: { value: { value: string }; flags: string[] }[] }>()
    .assertions.find((a) => a.value.value === "stress");
  assert.deepEqual(stress?.flags, ["epoch_superseded"]);
  const earlier = await resolution(app, {
    ...pair,
    lens: "authority",
    decay: false,
    epoch_aware: true,
    as_of: 1_150_000_000,
  });
  assert.equal(earlier.value?.value, "stress", "before the shift the old paradigm stands");
});

test("retracting a source flags and hides every assertion citing it; impact lists them", async () => {
  const { app } = await testApp();
  const content = "STEP-1 trial report, retracted for data fabrication";
  const hash = blake3Hex(new TextEncoder().encode(content));
  const registered = await post(app, "/v1/sources", { content, uri: "doi://10.1000/step1", title: "STEP-1" });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  assert.equal(registered.body["hash"], hash);
  const pair = { concept_path: "drugs/x", predicate: "efficacy" };
  await post(app, "/v1/assert", {
    ...pair,
    value: "high",
    confidence: 0.9,
    authority_tier: "clinical",
    source: { hash },
  });
  await post(app, "/v1/assert", {
    ...pair,
    value: "high",
    confidence: 0.8,
    source: { uri: "doi://10.1000/step1" },
    concept_path: "drugs/y",
  });
  await post(app, "/v1/assert", { ...pair, value: "modest", confidence: 0.5 });

  const retract = await post(app, `/v1/sources/${hash}/retract`, { reason: "data fabrication" });
  assert.equal(retract.status, 201, JSON.stringify(retract.body));
  assert.equal((await resolution(app, { ...pair, lens: "confidence" })).value?.value, "modest");
  const included = await app.inject({
    method: "POST",
    url: "/v1/query",
    payload: { concept_path: "drugs/*", include_retracted: true },
  });
  const flagged = included
    .json<{ assertions: { flags: string[] }[] }>()
    .assertions.filter((a) => a.flags.includes("source_retracted"));
  assert.equal(flagged.length, 2, "both the hash citation and the URI citation are flagged");

  const impact = await app.inject({ method: "GET", url: `/v1/sources/${hash}/impact` });
  assert.equal(impact.json<{ assertion_count: number; retracted: boolean }>().assertion_count, 2);
  assert.equal(impact.json<{ retracted: boolean }>().retracted, true);
  const source = await app.inject({ method: "GET", url: `/v1/sources/${hash}` });
  assert.equal(source.json<{ retractions: unknown[] }>().retractions.length, 1);
  assert.equal((await app.inject({ method: "GET", url: `/v1/sources/${"cd".repeat(32)}` })).statusCode, 404);
});

/**
 * A claim by `author` about lib/tls, and a reviewer's approval of it (which raises the author's
 * trust), at the given Unix seconds or now.
 */
async function approvedClaimOf(
  app: App,
  author: string,
  at: { claimed?: number; approved?: number } = {},
): Promise<{ hash: string; childHash: string }> {
  const claim = { concept_path: "lib/tls", predicate: "verify", value: true };
  const claimed = await post(
    app,
    "/v1/assert",
    { ...claim, confidence: 0.7, ...(at.claimed === undefined ? {} : { timestamp: at.claimed }) },
    author,
  );
  const hash = claimed.body["hash"] as string;
  const approval = {
    ...claim,
    confidence: 0.9,
    lifecycle: "approved",
    parent: hash,
    ...(at.approved === undefined ? {} : { timestamp: at.approved }),
  };
  const approved = await post(app, "/v1/assert", approval, "reviewer");
  return { hash, childHash: approved.body["hash"] as string };
}

test("trace shows the parent chain, children, votes and author trust moved by an approval", async () => {
  const { app } = await testApp();
  const { hash, childHash } = await approvedClaimOf(app, "junior", {
    claimed: 1_700_000_000,
    approved: 1_700_000_500,
  });
  await post(app, "/v1/vote", { assertion: hash, weight: 0.8 }, "peer");
  const trace = await app.inject({ method: "GET", url: `/v1/trace/${childHash}` });
  assert.equal(trace.statusCode, 200, trace.body);
  const body = trace.json<{ parents: { hash: string }[]; children: unknown[] }>();
  assert.deepEqual(
    body.parents.map((p) => p.hash),
    [hash],
  );
  const parentTrace = (await app.inject({ method: "GET", url: `/v1/trace/${hash}` })).json<{
    children: { hash: string }[];
    votes: { agent_id: string; weight: number }[];
    author: { trust: number };
  }>();
  assert.deepEqual(
    parentTrace.children.map((c) => c.hash),
    [childHash],
  );
  assert.deepEqual(
    parentTrace.votes.map((v) => [v.agent_id, v.weight]),
    [["peer", 0.8]],
  );
  assert.ok(
    parentTrace.author.trust > 0.5,
    `an approved claim raises its author's trust (${parentTrace.author.trust})`,
  );
  const agent = await app.inject({ method: "GET", url: "/v1/agents/junior" });
  assert.ok(agent.json<{ trust: number }>().trust > 0.5, "the agent endpoint shows it too");
});

test("a source is retracted with no body at all", async () => {
  const { app } = await testApp();
  const content = "a preprint later withdrawn";
  const hash = blake3Hex(new TextEncoder().encode(content));
  assert.equal((await post(app, "/v1/sources", { content })).status, 201);
  const bare = await app.inject({ method: "POST", url: `/v1/sources/${hash}/retract` });
  assert.equal(bare.statusCode, 201, bare.body);
  const garbled = await app.inject({
    method: "POST",
    url: `/v1/sources/${hash}/retract`,
    headers: { "content-type": "application/json" },
    payload: "[1,",
  });
  assert.equal(garbled.statusCode, 400, "a body that is there must still be JSON");
});

test("the trust lens weighs each claim by its author's trust as the store holds it now", async () => {
  const { app } = await testApp();
  const pair = { concept_path: "lib/http", predicate: "default_timeout_s" };
  await post(app, "/v1/assert", { ...pair, value: 30, confidence: 0.6 }, "junior");
  await post(app, "/v1/assert", { ...pair, value: 60, confidence: 0.62 }, "stranger");
  const query = { ...pair, lens: "trust", decay: false };
  assert.deepEqual((await resolution(app, query)).value?.value, 60, "at equal trust, the surer claim wins");

  // A reviewer approves another claim of junior's, which raises junior's trust (written now: trust
  // moved long ago has decayed back to neutral).
  await approvedClaimOf(app, "junior");
  const trust = (await app.inject({ method: "GET", url: "/v1/agents/junior" })).json<{ trust: number }>()
    .trust;
  assert.ok(trust * 0.6 > 0.5 * 0.62, `junior's trust ${trust} now outweighs the stranger's surer claim`);
  assert.deepEqual((await resolution(app, query)).value?.value, 30, "the more trusted author's claim wins");
  assert.deepEqual(
    (await resolution(app, { ...query, lens: "confidence" })).value?.value,
    60,
    "a lens that does not weigh trust is unmoved",
  );
});
