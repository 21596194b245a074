import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
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

describe("conflictScore against its definition", () => {
  /** The definition, written plainly: the normalised entropy of the positive, finite weights. */
  function reference(valueWeights: readonly number[]): number {
    const weights = valueWeights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (total === 0) return weights.length >= 2 ? 1 : 0;
    const positive = weights.filter((w) => w > 0);
    if (positive.length < 2) return 0;
    const entropy = positive.reduce((h, w) => h - (w / total) * Math.log(w / total), 0);
    return Math.min(1, Math.max(0, entropy / Math.log(positive.length)));
  }

  it("gives the same score for any weights, zero, negative and infinite ones included (property)", () => {
    const weight = fc.oneof(
      fc.double({ min: -1, max: 100, noNaN: true }),
      fc.constantFrom(0, -0, Infinity, -Infinity, Number.NaN, 1e-300),
    );
    fc.assert(
      fc.property(fc.array(weight, { maxLength: 12 }), (weights) => {
        assert.equal(conflictScore(weights), reference(weights));
      }),
      { numRuns: 2_000 },
    );
  });
});
