import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { recencyLens } from "./recency.ts";
import { correctedCandidatesArb, plainDecision, referenceRecency } from "./test-reference.ts";
import { cand, hashes, hashOf, text } from "./test-candidates.ts";

describe("recencyLens", () => {
  it("picks the newest claim and reports its effective confidence", () => {
    const r = recencyLens([
      cand({ id: "old", value: "a", timestampMs: 1_000, confidence: 0.9 }),
      cand({ id: "new", value: "b", timestampMs: 3_000, confidence: 0.6, effective: 0.4 }),
      cand({ id: "mid", value: "a", timestampMs: 2_000, confidence: 0.7 }),
    ]);
    assert.equal(r.winner?.assertion.hash, hashOf("new"), "the newest claim wins");
    assert.deepEqual(r.value, text("b"));
    assert.deepEqual(hashes(r.ranked), [hashOf("new"), hashOf("mid"), hashOf("old")], "newest first");
    assert.equal(r.resolutionConfidence, 0.4, "the winner's effective, not stated, confidence");
    assert.equal(r.candidatesCount, 3);
    assert.equal(r.weights.get(hashOf("old")), 0.9, "weights are effective confidences");
  });

  const ties: readonly [string, Parameters<typeof cand>[0][], string][] = [
    [
      "same time: the higher confidence wins",
      [
        { id: "low", timestampMs: 5, confidence: 0.4 },
        { id: "high", timestampMs: 5, confidence: 0.8 },
      ],
      "high",
    ],
    [
      "same time and confidence: the smaller hash wins",
      [
        { id: "y", timestampMs: 5, confidence: 0.5, hash: "b".repeat(64) },
        { id: "x", timestampMs: 5, confidence: 0.5, hash: "a".repeat(64) },
      ],
      "x",
    ],
  ];
  for (const [name, specs, expected] of ties) {
    it(name, () => {
      const candidates = specs.map(cand);
      const want = candidates.find((c) => c.assertion.agentId === `agent-${expected}`);
      assert.equal(recencyLens(candidates).winner, want, `${expected} wins`);
      assert.equal(recencyLens([...candidates].reverse()).winner, want, `${expected} wins in any order`);
    });
  }

  it("scores conflict on each value's best effective confidence", () => {
    const r = recencyLens([
      cand({ id: "a", value: "a", confidence: 0.5 }),
      cand({ id: "b", value: "b", confidence: 0.5 }),
    ]);
    assert.equal(r.conflictScore, 1, "two equally strong values are evenly split");
    assert.equal(r.status, "contested");
  });

  it("answers nothing for no candidates", () => {
    const r = recencyLens([]);
    assert.deepEqual(
      [r.winner, r.value, r.candidatesCount, r.resolutionConfidence, r.conflictScore, r.status],
      [null, null, 0, null, 0, "agreed"],
      "empty resolution",
    );
  });
});

describe("recencyLens against its definition", () => {
  it("decides as the plain reference does, corrections included", () => {
    fc.assert(
      fc.property(correctedCandidatesArb, (cs) => {
        assert.deepEqual(plainDecision(recencyLens(cs)), referenceRecency(cs));
      }),
      { numRuns: 2_000 },
    );
  });
});
