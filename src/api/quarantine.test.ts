import assert from "node:assert/strict";
import { test } from "node:test";
import { solveProofOfWork } from "../shield/proof-of-work.ts";
import { ADMIN_AUTH, testApp } from "../../test/support/test-app.ts";

const admin = { authorization: ADMIN_AUTH };

interface Held {
  hash: string;
  state: string;
  reason: string;
  detail: string;
}

test("flagged writes are stored but held out of every read (202) until an admin approves or rejects them", async () => {
  const { app, db } = await testApp({ STEMEDB_QUARANTINE_PATTERNS: '["casino", "buy\\\\s+now"]' });
  const agent = { "x-agent-id": "promoter" };
  const post = (payload: Record<string, unknown>, headers: Record<string, string> = agent) =>
    app.inject({ method: "POST", url: "/v1/assert", headers, payload });
  const ok = await post({ concept_path: "games/chess", predicate: "players", value: 2, confidence: 0.9 });
  assert.equal(ok.statusCode, 201, ok.body);

  const spam = await post({
    concept_path: "games/poker",
    predicate: "best_site",
    value: "Best CASINO online",
    confidence: 0.5,
  });
  assert.equal(spam.statusCode, 202, spam.body);
  const result = spam.json<{ hash: string; status: string; reason: string }>();
  assert.equal(result.status, "quarantined");
  assert.equal(result.reason, "pattern_match");
  const garbage = await post({
    concept_path: "x://aaaaaaaa",
    predicate: "aaaa",
    value: "aaaaaaaaaaaaaaaa",
    confidence: 0.5,
  });
  assert.equal(garbage.json<{ reason: string }>().reason, "low_quality", garbage.body);

  const read = await app.inject({ method: "GET", url: `/v1/assertions/${result.hash}` });
  assert.equal(read.statusCode, 404);
  assert.match(read.json<{ message: string }>().message, /held in quarantine/);
  const query = await app.inject({ method: "GET", url: "/v1/query?concept_path=games/*" });
  assert.deepEqual(
    query.json<{ assertions: { predicate: string }[] }>().assertions.map((a) => a.predicate),
    ["players"],
    "queries never see held writes",
  );
  const tree = await app.inject({ method: "GET", url: "/v1/concepts?prefix=games" });
  assert.ok(!tree.body.includes("poker"), "the concept tree does not list held writes");
  assert.equal(db.store.assertionCount, 1);
  const again = await post({
    concept_path: "games/poker",
    predicate: "best_site",
    value: "Best CASINO online",
    confidence: 0.5,
    timestamp: spam.json<{ assertion: { timestamp: string } }>().assertion.timestamp,
  });
  assert.equal(again.statusCode, 202, "the same content written again is still held");

  const listed = await app.inject({ method: "GET", url: "/v1/admin/quarantine", headers: admin });
  const pending = listed.json<{ pending_count: number; quarantined: Held[] }>();
  assert.equal(pending.pending_count, 2);
  assert.deepEqual(pending.quarantined.map((h) => h.reason).sort(), ["low_quality", "pattern_match"]);
  assert.match(pending.quarantined.find((h) => h.reason === "pattern_match")?.detail ?? "", /casino/);

  const trustBefore = (await app.inject({ method: "GET", url: "/v1/agents/promoter" })).json<{
    trust: number;
  }>().trust;
  const approved = await app.inject({
    method: "POST",
    url: `/v1/admin/quarantine/${result.hash}/approve`,
    headers: admin,
    payload: { note: "a real review site" },
  });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json<Held>().state, "approved");
  assert.equal((await app.inject({ method: "GET", url: `/v1/assertions/${result.hash}` })).statusCode, 200);
  const visible = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=games/poker&predicate=best_site",
  });
  assert.equal(visible.json<{ resolutions: { winner: string }[] }>().resolutions[0]?.winner, result.hash);
  const trace = await app.inject({ method: "GET", url: `/v1/trace/${result.hash}` });
  assert.equal(trace.json<{ quarantine: Held & { note: string } }>().quarantine.note, "a real review site");
  const twice = await app.inject({
    method: "POST",
    url: `/v1/admin/quarantine/${result.hash}/reject`,
    headers: admin,
  });
  assert.equal(twice.statusCode, 409, "a decision is final");

  const garbageHash = garbage.json<{ hash: string }>().hash;
  const rejected = await app.inject({
    method: "POST",
    url: `/v1/admin/quarantine/${garbageHash}/reject`,
    headers: admin,
  });
  assert.equal(rejected.json<Held>().state, "rejected");
  assert.equal((await app.inject({ method: "GET", url: `/v1/assertions/${garbageHash}` })).statusCode, 404);
  const trustAfter = (await app.inject({ method: "GET", url: "/v1/agents/promoter" })).json<{
    trust: number;
  }>().trust;
  assert.ok(trustAfter < trustBefore, `decisions feed trust: ${trustBefore} → ${trustAfter}`);
  const unknown = await app.inject({
    method: "POST",
    url: `/v1/admin/quarantine/${"0".repeat(64)}/approve`,
    headers: admin,
  });
  assert.equal(unknown.statusCode, 404);
  const all = await app.inject({ method: "GET", url: "/v1/admin/quarantine?state=all", headers: admin });
  assert.deepEqual(
    all
      .json<{ quarantined: Held[] }>()
      .quarantined.map((h) => h.state)
      .sort(),
    ["approved", "rejected"],
  );
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  assert.match(metrics.body, /stemedb_quarantined_total\{reason="pattern_match"\} 1/);
  assert.match(metrics.body, /stemedb_quarantine_pending 0/);
});

test("an agent repeating itself is held as a near-duplicate; different agents agreeing is consensus", async () => {
  const { app } = await testApp();
  const claim = {
    concept_path: "drugs/semaglutide",
    predicate: "gastroparesis_risk",
    value: "rare",
    confidence: 0.6,
  };
  const write = (agent: string, timestamp: number) =>
    app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: { "x-agent-id": agent },
      payload: { ...claim, timestamp },
    });
  assert.equal((await write("looper", 1_700_000_000)).statusCode, 201);
  const repeat = await write("looper", 1_700_000_001);
  assert.equal(repeat.statusCode, 202, repeat.body);
  assert.equal(repeat.json<{ reason: string }>().reason, "near_duplicate");
  assert.equal(
    (await write("second-opinion", 1_700_000_002)).statusCode,
    201,
    "another agent agreeing is not spam",
  );
  const update = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: { "x-agent-id": "looper" },
    payload: { ...claim, value: "common", timestamp: 1_700_000_003 },
  });
  assert.equal(update.statusCode, 201, `a new value for the same pair is an update: ${update.body}`);
});

test("untrusted agents claiming high confidence are held; trusted ones pass", async () => {
  const { app } = await testApp({ STEMEDB_QUARANTINE_PATTERNS: '["forbidden"]' });
  const agent = { "x-agent-id": "sketchy" };
  // Three rejected writes bring a new agent's trust (0.5) below the 0.4 threshold.
  for (let i = 0; i < 3; i += 1) {
    const held = await app.inject({
      method: "POST",
      url: "/v1/assert",
      headers: agent,
      payload: { concept_path: `topics/t${i}`, predicate: "label", value: `forbidden ${i}`, confidence: 0.5 },
    });
    await app.inject({
      method: "POST",
      url: `/v1/admin/quarantine/${held.json<{ hash: string }>().hash}/reject`,
      headers: admin,
    });
  }
  const sure = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: agent,
    payload: { concept_path: "topics/x", predicate: "label", value: "certain", confidence: 0.95 },
  });
  assert.equal(sure.statusCode, 202, sure.body);
  assert.equal(sure.json<{ reason: string }>().reason, "untrusted_high_confidence");
  const modest = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: agent,
    payload: { concept_path: "topics/y", predicate: "label", value: "maybe so", confidence: 0.5 },
  });
  assert.equal(modest.statusCode, 201, modest.body);
});

test("proof of work for unknown agents: 428 with the difficulty, accepted with a solved nonce, never twice", async () => {
  const { app } = await testApp({ STEMEDB_POW_ENABLED: "true", STEMEDB_POW_DIFFICULTY: "8" });
  const claim = { concept_path: "pow/test", predicate: "p", value: 1, confidence: 0.5 };
  const agent = "newcomer";
  const refused = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers: { "x-agent-id": agent },
    payload: claim,
  });
  assert.equal(refused.statusCode, 428, refused.body);
  assert.equal(refused.json<{ difficulty: number }>().difficulty, 8);
  const timestamp = Math.floor(Date.now() / 1000);
  const nonce = solveProofOfWork(agent, timestamp, 8);
  const headers = { "x-agent-id": agent, "x-pow-nonce": String(nonce), "x-pow-timestamp": String(timestamp) };
  const accepted = await app.inject({ method: "POST", url: "/v1/assert", headers, payload: claim });
  assert.equal(accepted.statusCode, 201, accepted.body);
  const replayed = await app.inject({
    method: "POST",
    url: "/v1/assert",
    headers,
    payload: { ...claim, value: 2 },
  });
  assert.equal(replayed.statusCode, 428, "a nonce is good once");
  assert.match(replayed.json<{ message: string }>().message, /replay|already/i);
  const reads = await app.inject({
    method: "GET",
    url: "/v1/query?concept_path=pow/test",
    headers: { "x-agent-id": agent },
  });
  assert.equal(reads.statusCode, 200, "reads need no proof of work");
});
