import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authorityLens, authorityWeight, cosignatureBonus } from "./authority.ts";
import { cand, hashOf } from "./test-candidates.ts";

describe("cosignatureBonus", () => {
  const cases: readonly [number, number][] = [
    [0, 1],
    [1, 1],
    [2, 1.25],
    [4, 1.75],
    [5, 2],
    [50, 2],
    [-3, 1],
    [Number.NaN, 1],
  ];
  for (const [signers, bonus] of cases) {
    it(`${signers} signers → ×${bonus}`, () => {
      assert.equal(cosignatureBonus(signers), bonus);
    });
  }
});

describe("authorityWeight", () => {
  const cases: readonly [string, Parameters<typeof cand>[0], number][] = [
    ["regulatory, unsigned", { id: "a", tier: 0, confidence: 0.9 }, 0.9],
    ["anecdotal", { id: "b", tier: 5, confidence: 0.8 }, 0.1 * 0.8],
    ["clinical, author + 1 co-signer", { id: "c", tier: 1, confidence: 0.5, signers: 2 }, 0.5 * 0.8 * 1.25],
    ["decayed expert", { id: "d", tier: 3, confidence: 0.9, effective: 0.45 }, 0.45 * 0.4],
  ];
  for (const [name, spec, want] of cases) {
    it(name, () => {
      assert.ok(Math.abs(authorityWeight(cand(spec)) - want) < 1e-12, `${name}: want ${want}`);
    });
  }

  it("uses configured tier weights", () => {
    const flat = { tierWeights: [1, 1, 1, 1, 1, 1] as const };
    assert.equal(authorityWeight(cand({ id: "x", tier: 5, confidence: 0.8 }), flat), 0.8);
  });
});

describe("authorityLens", () => {
  it("picks the highest single weight and reports its share of the total", () => {
    const r = authorityLens([
      cand({ id: "label", value: "rare", tier: 0, confidence: 0.9 }),
      cand({ id: "trial", value: "none", tier: 1, confidence: 0.85 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("label"), "0.9 beats 0.68");
    assert.ok(Math.abs((r.resolutionConfidence ?? 0) - 0.9 / (0.9 + 0.68)) < 1e-12, "share of total");
  });

  it("breaks equal weights by the tie-break order", () => {
    const r = authorityLens([
      cand({ id: "t1", tier: 1, confidence: 0.5, timestampMs: 10 }),
      cand({ id: "t0", tier: 0, confidence: 0.4, timestampMs: 20 }),
    ]);
    assert.equal(r.weights.get(hashOf("t1")), r.weights.get(hashOf("t0")), "0.8 × 0.5 = 1.0 × 0.4");
    assert.equal(r.winner?.assertion.hash, hashOf("t0"), "the newer one wins the tie");
  });
});
