import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LENS_NAMES } from "./candidate.ts";
import { correctedByAuthor } from "./corrections.ts";
import { resolve } from "./resolution.ts";
import { cand, candidatesArb, hashOf, text } from "./test-candidates.ts";

// An expert said 800, learned it changed, and corrected itself to 600; a colleague still says 800.
const old = cand({ id: "old", agent: "ann", value: "800", tier: 1, confidence: 0.95, timestampMs: 1 });
const fix = cand({
  id: "fix",
  agent: "ann",
  value: "600",
  tier: 1,
  confidence: 0.8,
  timestampMs: 3,
  parent: hashOf("old"),
});
const colleague = cand({ id: "bob", agent: "bob", value: "800", tier: 1, confidence: 0.7, timestampMs: 2 });

describe("correctedByAuthor", () => {
  const cases: { name: string; candidates: Parameters<typeof correctedByAuthor>[0]; want: string[] }[] = [
    { name: "no parents at all", candidates: [old, colleague], want: [] },
    { name: "the author's own correction", candidates: [old, fix], want: ["old"] },
    {
      name: "someone else naming it as parent (a review, a rebuttal)",
      candidates: [old, cand({ id: "rev", agent: "bob", value: "600", parent: hashOf("old") })],
      want: [],
    },
    { name: "a correction whose parent is not among the candidates", candidates: [fix, colleague], want: [] },
    {
      name: "a chain: each correction corrects the one before",
      candidates: [
        old,
        fix,
        cand({ id: "again", agent: "ann", value: "400", parent: hashOf("fix"), timestampMs: 4 }),
      ],
      want: ["old", "fix"],
    },
    {
      name: "a claim naming itself",
      candidates: [cand({ id: "self", agent: "ann", hash: hashOf("self"), parent: hashOf("self") })],
      want: [],
    },
  ];
  for (const { name, candidates, want } of cases) {
    it(name, () => {
      assert.deepEqual([...correctedByAuthor(candidates)].sort(), want.map(hashOf).sort());
    });
  }
});

describe("a claim corrected by its author weighs nothing", () => {
  it("authority: the colleague's 800 no longer meets the author's stronger, withdrawn 800", () => {
    const r = resolve("authority", [old, fix, colleague]);
    assert.deepEqual(r.value, text("600"), "0.8 × 0.8 beats 0.7 × 0.8; the corrected 0.95 counts 0");
    assert.equal(r.weights.get(hashOf("old")), 0);
    assert.equal(r.ranked.at(-1)?.assertion.hash, hashOf("old"), "listed last");
  });

  it("without the correction in view (as of before it), the old claim wins at full weight", () => {
    assert.deepEqual(resolve("authority", [old, colleague]).value, text("800"));
  });

  it("consensus: the author counts for its new value only", () => {
    const r = resolve("consensus", [
      old,
      fix,
      cand({ id: "cy", agent: "cy", value: "600", timestampMs: 0 }),
      colleague,
    ]);
    assert.deepEqual(r.value, text("600"), "ann and cy against bob");
    assert.equal(r.resolutionConfidence, 2 / 3);
    assert.equal(r.winner?.assertion.hash, hashOf("fix"), "the winning value's best current claim");
  });

  it("consensus: a value held only by corrected claims has no agents", () => {
    const r = resolve("consensus", [old, fix]);
    assert.deepEqual(
      r.values?.map((v) => [v.value.value, v.weight]),
      [
        ["600", 1],
        ["800", 0],
      ],
    );
  });

  it("recency: a corrected claim never wins, even when its timestamp is the newest", () => {
    const late = cand({ id: "late", agent: "ann", value: "800", timestampMs: 9 });
    const backdated = cand({
      id: "back",
      agent: "ann",
      value: "600",
      timestampMs: 5,
      parent: hashOf("late"),
    });
    const r = resolve("recency", [late, backdated]);
    assert.equal(r.winner?.assertion.hash, hashOf("back"));
    assert.equal(r.weights.get(hashOf("late")), 0);
  });

  it("trust, confidence, vote and layered: the corrected claim weighs 0", () => {
    const voted = { agentId: "v", weight: 1, voterTrust: 1 };
    const cs = [
      cand({
        ...{ id: "old", agent: "ann", value: "800", tier: 1, confidence: 0.95, timestampMs: 1 },
        votes: [voted],
      }),
      fix,
      colleague,
    ];
    for (const lens of ["trust", "confidence", "layered"] as const) {
      assert.equal(resolve(lens, cs).weights.get(hashOf("old")), 0, lens);
      assert.deepEqual(resolve(lens, cs).value, text("600"), lens);
    }
    const votes = resolve("vote", cs);
    assert.equal(votes.fallback, "consensus", "the only votes were on the withdrawn claim");
  });

  for (const lens of LENS_NAMES) {
    it(`${lens}: changes nothing when no claim is corrected by its author`, () => {
      fc.assert(
        fc.property(candidatesArb, (cs) => {
          assert.equal(correctedByAuthor(cs).size, 0);
          assert.equal(resolve(lens, cs).candidatesCount, cs.length);
        }),
        { numRuns: 50 },
      );
    });
  }
});
