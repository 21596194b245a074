import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeEpoch } from "../model/epoch.ts";
import { normalizeRetraction } from "../model/retraction.ts";
import { verifyAll } from "../model/signature.ts";
import { verifyVote } from "../model/vote-signature.ts";
import { normalizeVote } from "../model/vote.ts";
import { buildAssertion } from "./build-assertion.ts";
import { buildEpoch } from "./build-epoch.ts";
import { buildRetraction } from "./build-retraction.ts";
import { buildSource } from "./build-source.ts";
import { buildVote } from "./build-vote.ts";
import { hashEpoch, hashRetraction, hashVote } from "./hash-records.ts";
import { SourceImpact, SourceInfo, Trace } from "./schemas/read-schemas.ts";
import { EpochWritten, RetractionWritten, SourceWritten, VoteWritten } from "./schemas/record-schemas.ts";
import { Signer } from "./signer.ts";
import { startTestServer } from "./test-server.ts";
import { assertShape } from "./test-shapes.ts";

test("StemeClient: votes, epochs, sources and retraction against a real server", async (t) => {
  const server = await startTestServer();
  const client = server.client({ agentId: "records-tests" });
  const signer = await Signer.generate();
  const nowMs = Date.now();

  await t.test("vote: signed by the SDK, accepted, and counted by the vote lens", async () => {
    const claims = await client.assertBatch(
      [500, 650].map((value) =>
        buildAssertion({ concept_path: "drugs/ibuprofen", predicate: "tablet_mg", value, confidence: 0.7 }),
      ),
    );
    const backed = claims.results[1]?.hash ?? "";
    const vote = await signer.signVote(buildVote({ assertion: backed, weight: 0.9 }));
    assert.doesNotThrow(() => {
      verifyVote(normalizeVote(vote, { nowMs }));
    }, "the model verifies the SDK's vote signature");
    const written = await client.vote(vote);
    assertShape(VoteWritten, written, "vote written");
    assert.equal(written.status, "created");
    assert.equal(written.hash, hashVote(vote));
    assert.equal(written.vote.agent_id, signer.agentId);
    const answer = await client.query({ concept_path: "drugs/ibuprofen", lens: "vote" });
    assert.equal(answer.resolutions[0]?.winner, backed, "the voted claim wins the vote lens");
    const trace = await client.trace(backed);
    assert.deepEqual(
      trace.votes.map((v) => v.agent_id),
      [signer.agentId],
    );
    const unsigned = buildVote({ assertion: backed, weight: 0.2 });
    const anonymous = await client.vote(unsigned);
    assert.equal(anonymous.vote.agent_id, "records-tests", "an unsigned vote is the caller's");
    assert.equal(anonymous.hash, hashVote(unsigned, { agentId: "records-tests" }));
  });

  await t.test("epochs: a signed epoch supersedes another; epoch_aware drops its claims", async () => {
    const old = buildEpoch({ name: "guidelines-2020" });
    const first = await client.declareEpoch(old);
    assertShape(EpochWritten, first, "epoch written");
    assert.equal(first.hash, hashEpoch(old));
    const claim = await client.assert(
      buildAssertion({
        concept_path: "guidelines/statins",
        predicate: "start_age",
        value: 40,
        confidence: 0.8,
        epoch: first.hash,
      }),
    );
    const successor = await signer.signEpoch(
      buildEpoch({ name: "guidelines-2026", supersedes: [first.hash] }),
    );
    const e = normalizeEpoch(successor, { nowMs });
    assert.doesNotThrow(() => {
      verifyAll(e.hash, e.signatures);
    }, "the model verifies the SDK's epoch signature");
    const second = await client.declareEpoch(successor);
    assert.equal(second.epoch.agent_id, signer.agentId);
    assert.deepEqual(second.epoch.supersedes, [first.hash]);
    const aware = await client.query({ concept_path: "guidelines/statins", epoch_aware: true });
    assert.deepEqual(aware.assertions, [], "the superseded epoch's claim is left out");
    const all = await client.query({ concept_path: "guidelines/statins" });
    assert.deepEqual(all.assertions[0]?.flags, ["epoch_superseded"]);
    const trace = await client.trace(claim.hash);
    assertShape(Trace, trace, "trace with an epoch");
    assert.equal(trace.epoch?.superseded, true);
  });

  await t.test("sources: register, cite, retract (signed); the cascade flags the citing claims", async () => {
    const source = buildSource({
      uri: "https://example.org/trial-42",
      title: "Trial 42",
      content: "Results of trial 42.",
    });
    const registered = await client.registerSource(source);
    assertShape(SourceWritten, registered, "source written");
    assert.equal(registered.hash, source.hash, "the SDK computes the source's identity");
    assert.equal((await client.registerSource(source)).status, "exists");
    const info = await client.getSource(source.hash, { include_content: "true" });
    assertShape(SourceInfo, info, "source info");
    assert.equal(atob(info.source?.content_base64 ?? ""), "Results of trial 42.");

    const citing = await client.assert(
      buildAssertion({
        concept_path: "drugs/trialix",
        predicate: "efficacy",
        value: "high",
        confidence: 0.8,
        authority_tier: "clinical",
        source: { hash: source.hash },
      }),
    );
    const retraction = await signer.signRetraction(
      source.hash,
      buildRetraction({ source: source.hash, reason: "the trial data were fabricated" }),
    );
    const r = normalizeRetraction(retraction, { nowMs, source: source.hash });
    assert.doesNotThrow(() => {
      verifyAll(r.hash, r.signatures);
    }, "the model verifies the SDK's retraction signature");
    const retracted = await client.retractSource(source.hash, retraction);
    assertShape(RetractionWritten, retracted, "retraction written");
    assert.equal(retracted.hash, hashRetraction(source.hash, retraction));
    assert.equal(retracted.retraction.agent_id, signer.agentId);

    assert.deepEqual(
      (await client.query({ concept_path: "drugs/trialix" })).assertions,
      [],
      "left out by default",
    );
    const kept = await client.query({ concept_path: "drugs/trialix", include_retracted: true });
    assert.deepEqual(kept.assertions[0]?.flags, ["source_retracted"]);
    const impact = await client.sourceImpact(source.hash);
    assertShape(SourceImpact, impact, "source impact");
    assert.deepEqual(
      impact.assertions.map((a) => a.hash),
      [citing.hash],
    );
    assert.equal((await client.trace(citing.hash)).source?.retracted, true);
    assert.equal((await client.getSource(source.hash)).retracted, true);
  });

  await t.test("retractSource without a body", async () => {
    const source = buildSource({ content: "An unsigned, unexplained withdrawal." });
    await client.registerSource(source);
    const retracted = await client.retractSource(source.hash);
    assert.equal(retracted.status, "created");
    assert.equal(retracted.retraction.agent_id, "records-tests");
  });
});
