import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_TIER_HALF_LIFE_DAYS,
  DEFAULT_TIER_WEIGHTS,
  TIER_NAMES,
  parseTier,
  tierName,
} from "./tier.ts";

describe("parseTier", () => {
  const accepted: readonly [unknown, number][] = [
    ["regulatory", 0],
    ["Regulatory", 0],
    ["REGULATORY", 0],
    ["clinical", 1],
    ["Clinical", 1],
    ["peer_reviewed", 1],
    ["PeerReviewed", 1],
    ["peer-reviewed", 1],
    ["observational", 2],
    ["Expert", 3],
    ["community", 4],
    ["anecdotal", 5],
    [0, 0],
    [5, 5],
    [3.0, 3],
    ["2", 2],
  ];
  for (const [input, tier] of accepted) {
    it(`reads ${JSON.stringify(input)} as tier ${tier}`, () => {
      assert.equal(parseTier(input, "authority_tier"), tier);
    });
  }

  const rejected: readonly [unknown, string][] = [
    [6, "out_of_range"],
    [-1, "out_of_range"],
    [1.5, "out_of_range"],
    [NaN, "out_of_range"],
    ["tier1", "unknown_value"],
    ["", "unknown_value"],
    ["constructor", "unknown_value"],
    ["__proto__", "unknown_value"],
    ["6", "unknown_value"],
    [null, "wrong_type"],
    [true, "wrong_type"],
    [[1], "wrong_type"],
    [{ tier: 1 }, "wrong_type"],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${JSON.stringify(input)} (${reason})`, () => {
      assert.throws(() => parseTier(input, "source_class"), {
        name: "ValidationError",
        field: "source_class",
        reason,
      });
    });
  }

  it("names the accepted values in its message", () => {
    assert.throws(() => parseTier("gold", "authority_tier"), {
      message:
        'authority_tier must be a tier name (regulatory, clinical, observational, expert, community, anecdotal) or an integer from 0 to 5, got "gold"',
    });
  });
});

describe("tier tables", () => {
  it("name, weigh and decay the six tiers as spec/model.md says", () => {
    assert.deepEqual(TIER_NAMES, [
      "regulatory",
      "clinical",
      "observational",
      "expert",
      "community",
      "anecdotal",
    ]);
    assert.deepEqual(DEFAULT_TIER_WEIGHTS, [1.0, 0.8, 0.6, 0.4, 0.2, 0.1]);
    assert.deepEqual(DEFAULT_TIER_HALF_LIFE_DAYS, [Infinity, 730, 365, 180, 90, 30]);
    assert.equal(tierName(1), "clinical");
    for (const [i, name] of TIER_NAMES.entries()) assert.equal(parseTier(name, "t"), i);
  });
});
