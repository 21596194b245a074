import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { consensusLens } from "./consensus.ts";
import { correctedCandidatesArb, plainDecision, referenceConsensus } from "./test-reference.ts";
import { cand, hashes, hashOf, num, text } from "./test-candidates.ts";

describe("consensusLens", () => {
  it("picks the value held by the most distinct agents, not the most claims", () => {
    const r = consensusLens([
      cand({ id: "spam1", value: "a", agent: "spammer" }),
      cand({ id: "spam2", value: "a", agent: "spammer" }),
      cand({ id: "spam3", value: "a", agent: "spammer" }),
      cand({ id: "b1", value: "b", agent: "ann" }),
      cand({ id: "b2", value: "b", agent: "bob" }),
    ]);
    assert.deepEqual(r.value, text("b"), "2 agents beat 1 agent with 3 claims");
    assert.equal(r.resolutionConfidence, 2 / 3);
    assert.equal(r.weights.get(hashOf("spam2")), 1, "a candidate weighs its value's agent count");
  });

  it("names the value's best claim by the tie-break order as the winner", () => {
    const r = consensusLens([
      cand({ id: "old", value: "v", timestampMs: 1 }),
      cand({ id: "new", value: "v", timestampMs: 2 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("new"), "newest claim of the winning value");
  });

  it("breaks equal agent counts by each value's best claim", () => {
    const r = consensusLens([
      cand({ id: "a1", value: "a", timestampMs: 1 }),
      cand({ id: "a2", value: "a", timestampMs: 2 }),
      cand({ id: "b1", value: "b", timestampMs: 3 }),
      cand({ id: "b2", value: "b", timestampMs: 1 }),
    ]);
    assert.deepEqual(r.value, text("b"), "b's best claim is the newest");
    assert.deepEqual(hashes(r.ranked), ["b1", "b2", "a2", "a1"].map(hashOf), "values grouped, best first");
    assert.equal(r.conflictScore, 1, "2 agents against 2");
    assert.equal(r.status, "contested");
  });

  it("counts an agent once for each value it holds", () => {
    const r = consensusLens([
      cand({ id: "h1", value: "a", agent: "hedger" }),
      cand({ id: "h2", value: "b", agent: "hedger" }),
      cand({ id: "x", value: "a", agent: "ann" }),
    ]);
    assert.deepEqual(r.value, text("a"));
    assert.equal(r.resolutionConfidence, 2 / 3, "agents of a over agent-value pairs (2 + 1)");
    assert.deepEqual(
      r.values?.map((v) => [v.value.value, v.supporters, v.share]),
      [
        ["a", 2, 2 / 3],
        ["b", 1, 1 / 3],
      ],
    );
  });

  it("keeps a number apart from the text of the same digits", () => {
    const r = consensusLens([cand({ id: "n", value: num(1) }), cand({ id: "t", value: text("1") })]);
    assert.equal(r.values?.length, 2, "two distinct values");
  });
});

describe("consensusLens against its definition", () => {
  it("decides as the plain reference does, corrections included", () => {
    fc.assert(
      fc.property(correctedCandidatesArb, (cs) => {
        assert.deepEqual(plainDecision(consensusLens(cs)), referenceConsensus(cs));
      }),
      { numRuns: 2_000 },
    );
  });
});
