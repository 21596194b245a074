import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { skepticLens } from "./skeptic.ts";
import { cand, hashOf } from "./test-candidates.ts";

describe("skepticLens", () => {
  it("names no winner and lists every value with weight, share, supporters, hashes and best tier", () => {
    const r = skepticLens([
      cand({ id: "a1", value: "a", tier: 3, confidence: 1, agent: "ann" }),
      cand({ id: "a2", value: "a", tier: 1, confidence: 0.5, agent: "bob" }),
      cand({ id: "a3", value: "a", tier: 5, confidence: 1, agent: "bob" }),
      cand({ id: "b", value: "b", tier: 2, confidence: 0.5, agent: "cy" }),
    ]);
    assert.deepEqual([r.winner, r.value, r.resolutionConfidence], [null, null, null], "no winner");
    assert.equal(r.candidatesCount, 4);
    assert.deepEqual(r.values, [
      {
        value: { type: "text", value: "a" },
        weight: 0.4, // max(1 × 0.4, 0.5 × 0.8, 1 × 0.1); a1 and a2 tie, a1 ranks first by confidence
        share: 0.4 / 0.7,
        supporters: 2,
        assertions: ["a1", "a2", "a3"].map(hashOf),
        bestTier: 1,
      },
      {
        value: { type: "text", value: "b" },
        weight: 0.3,
        share: 0.3 / 0.7,
        supporters: 1,
        assertions: [hashOf("b")],
        bestTier: 2,
      },
    ]);
  });

  it("is unanimous for one value and contested for an even split", () => {
    const one = skepticLens([cand({ id: "a", value: "v" }), cand({ id: "b", value: "v" })]);
    assert.deepEqual([one.status, one.conflictScore], ["unanimous", 0]);
    const split = skepticLens([cand({ id: "a", value: "v" }), cand({ id: "b", value: "w" })]);
    assert.deepEqual([split.status, split.conflictScore], ["contested", 1]);
  });

  it("returns no values for no candidates", () => {
    const r = skepticLens([]);
    assert.deepEqual([r.values, r.status, r.conflictScore], [[], "agreed", 0]);
  });
});
