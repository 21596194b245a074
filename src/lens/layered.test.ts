import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { layeredLens } from "./layered.ts";
import { cand, crowd, hashOf, text } from "./test-candidates.ts";

describe("layeredLens", () => {
  it("picks tier 0 even when tier 5 has the majority, and reports each tier", () => {
    const posts = crowd("post", 50, { value: "severe", tier: 5, confidence: 0.8 });
    // Fifty identical posts tie on everything but the hash: the smallest hash wins the tier.
    const firstPost = posts.map((c) => c.assertion.hash).sort()[0];
    const r = layeredLens([
      cand({ id: "fda", value: "rare", tier: 0, confidence: 0.9 }),
      cand({ id: "trial-a", value: "no signal", tier: 1, confidence: 0.85 }),
      cand({ id: "trial-b", value: "some signal", tier: 1, confidence: 0.8 }),
      ...posts,
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("fda"), "the strongest tier present decides");
    assert.deepEqual(r.value, text("rare"));
    assert.equal(r.resolutionConfidence, 1, "the only claim of its tier");
    assert.deepEqual(
      r.layers?.map((l) => [l.tier, l.winner, l.value?.value, l.candidatesCount, l.status]),
      [
        [0, hashOf("fda"), "rare", 1, "unanimous"],
        [1, hashOf("trial-a"), "no signal", 2, "contested"],
        [5, firstPost, "severe", 50, "unanimous"],
      ],
      "one layer per tier present, strongest first",
    );
    const [tier0, tier1, tier5] = r.layers ?? [];
    assert.equal(tier0?.conflictScore, 0);
    assert.ok((tier1?.conflictScore ?? 0) > 0.5, "two opposing clinical claims conflict");
    assert.equal(tier5?.conflictScore, 0, "fifty unanimous posts do not");
    assert.ok(r.conflictScore > 0, "the tiers disagree with each other");
    assert.equal(r.status, "contested");
  });

  it("ranks by tier, then by weight within the tier", () => {
    const r = layeredLens([
      cand({ id: "t2-weak", tier: 2, confidence: 0.2 }),
      cand({ id: "t1", tier: 1, confidence: 0.1 }),
      cand({ id: "t2-strong", tier: 2, confidence: 0.9 }),
    ]);
    assert.deepEqual(
      r.ranked.map((c) => c.assertion.hash),
      ["t1", "t2-strong", "t2-weak"].map(hashOf),
    );
  });

  it("gives the winner's share of its own tier's weight as resolution confidence", () => {
    const r = layeredLens([
      cand({ id: "a", value: "a", tier: 1, confidence: 0.6 }),
      cand({ id: "b", value: "b", tier: 1, confidence: 0.2 }),
      cand({ id: "c", value: "c", tier: 4, confidence: 1 }),
    ]);
    assert.ok(Math.abs((r.resolutionConfidence ?? 0) - 0.75) < 1e-12, "0.48 / (0.48 + 0.16)");
  });

  it("has no layers for no candidates", () => {
    const r = layeredLens([]);
    assert.deepEqual([r.layers, r.winner, r.resolutionConfidence], [[], null, null]);
  });
});
