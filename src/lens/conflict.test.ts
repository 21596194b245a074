import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conflictScore, resolutionStatus } from "./conflict.ts";

describe("conflictScore", () => {
  const cases: readonly [readonly number[], number][] = [
    [[], 0],
    [[5], 0],
    [[0], 0],
    [[1, 1], 1],
    [[3, 3, 3], 1],
    [[0, 0], 1], // all zero: equal weight
    [[1, 0], 0], // one value with weight: nothing to disagree with
    [[1, 1, 0], 1], // k counts the values with weight
    [[0.9, 0.1], -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / Math.log(2)],
    [[0.45, 0.35, 0.2], -(0.45 * Math.log(0.45) + 0.35 * Math.log(0.35) + 0.2 * Math.log(0.2)) / Math.log(3)],
    [[1, Number.NaN], 0],
  ];
  for (const [weights, want] of cases) {
    it(`[${weights.join(", ")}] → ${want.toFixed(4)}`, () => {
      assert.ok(Math.abs(conflictScore(weights) - want) < 1e-12, `got ${conflictScore(weights)}`);
    });
  }

  it("matches the reference's muscle-loss example shares (45/35/20 → 0.95)", () => {
    // The reference quotes 0.72 for these shares, which is not their normalised entropy; the spec's
    // formula (normalised Shannon entropy) is authoritative.
    assert.equal(conflictScore([45, 35, 20]).toFixed(2), "0.95");
  });
});

describe("resolutionStatus", () => {
  const cases: readonly [number, number, string][] = [
    [1, 0, "unanimous"],
    [0, 0, "agreed"],
    [2, 0.49, "agreed"],
    [2, 0.5, "contested"],
    [3, 1, "contested"],
  ];
  for (const [values, conflict, want] of cases) {
    it(`${values} values, conflict ${conflict} → ${want}`, () => {
      assert.equal(resolutionStatus(values, conflict), want);
    });
  }
});
