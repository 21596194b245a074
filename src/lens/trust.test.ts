import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cand, hashOf } from "./test-candidates.ts";
import { trustLens, trustWeight } from "./trust.ts";

describe("trustWeight", () => {
  const cases: readonly [number, number, number][] = [
    [0.9, 0.5, 0.45],
    [1, 1, 1],
    [0.8, 0, 0],
    [Number.NaN, 0.5, 0],
    [0.5, -1, 0],
  ];
  for (const [effective, trust, want] of cases) {
    it(`${effective} × trust ${trust} = ${want}`, () => {
      assert.equal(trustWeight(cand({ id: "c", effective, trust })), want);
    });
  }
});

describe("trustLens", () => {
  it("lets a trusted author's weaker claim beat an untrusted author's stronger one", () => {
    const r = trustLens([
      cand({ id: "troll", value: "a", confidence: 1, trust: 0.1 }),
      cand({ id: "expert", value: "b", confidence: 0.6, trust: 0.9 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("expert"), "0.54 beats 0.1");
    assert.ok(Math.abs((r.resolutionConfidence ?? 0) - 0.54 / 0.64) < 1e-12, "share of total weight");
  });

  it("gives confidence 0 when every author has trust 0", () => {
    const r = trustLens([cand({ id: "a", trust: 0 }), cand({ id: "b", trust: 0 })]);
    assert.equal(r.resolutionConfidence, 0);
    assert.notEqual(r.winner, null, "the tie-break still names a winner");
  });
});
