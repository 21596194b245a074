import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cand, hashOf, text } from "./test-candidates.ts";
import { voteLens, voteWeight } from "./vote.ts";

describe("voteWeight", () => {
  it("sums vote weight × voter trust", () => {
    const c = cand({
      id: "c",
      votes: [
        { agentId: "v1", weight: 1, voterTrust: 0.8 },
        { agentId: "v2", weight: 0.5, voterTrust: 0.5 },
      ],
    });
    assert.equal(voteWeight(c), 1.05);
  });
});

describe("voteLens", () => {
  it("picks the claim with the most trusted vote weight", () => {
    const r = voteLens([
      cand({ id: "a", value: "a", confidence: 1, votes: [{ agentId: "v1", weight: 1, voterTrust: 0.2 }] }),
      cand({
        id: "b",
        value: "b",
        confidence: 0.3,
        votes: [{ agentId: "v2", weight: 0.5, voterTrust: 0.8 }],
      }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("b"), "0.4 beats 0.2");
    assert.ok(Math.abs((r.resolutionConfidence ?? 0) - 0.4 / 0.6) < 1e-12, "share of total");
    assert.equal(r.fallback, undefined, "no fallback when there are votes");
  });

  it("weighs a value by the sum of its claims' votes", () => {
    const vote = { agentId: "v", weight: 1, voterTrust: 1 };
    const r = voteLens([
      cand({ id: "a1", value: "a", votes: [vote] }),
      cand({ id: "a2", value: "a", votes: [vote] }),
      cand({ id: "b", value: "b", votes: [{ ...vote, weight: 0.5 }] }),
    ]);
    assert.deepEqual(
      r.values?.map((v) => [v.value.value, v.weight]),
      [
        ["a", 2],
        ["b", 0.5],
      ],
    );
  });

  it("falls back to consensus when no candidate has a vote", () => {
    const r = voteLens([
      cand({ id: "x", value: "x", agent: "ann", confidence: 1 }),
      cand({ id: "y1", value: "y", agent: "bob" }),
      cand({ id: "y2", value: "y", agent: "cy" }),
    ]);
    assert.equal(r.lens, "vote", "the lens keeps its name");
    assert.equal(r.fallback, "consensus");
    assert.deepEqual(r.value, text("y"), "two agents win");
    assert.equal(r.resolutionConfidence, 2 / 3);
  });

  it("falls back too when every vote carries no weight", () => {
    const r = voteLens([cand({ id: "x", votes: [{ agentId: "v", weight: 1, voterTrust: 0 }] })]);
    assert.equal(r.fallback, "consensus");
  });

  it("has no fallback for no candidates", () => {
    const r = voteLens([]);
    assert.equal(r.fallback, undefined);
    assert.equal(r.winner, null);
  });
});
