import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Candidate } from "./candidate.ts";
import { correctedByAuthor } from "./corrections.ts";
import { cand, hashes } from "./test-candidates.ts";
import { correctedCandidatesArb } from "./test-reference.ts";
import { canonicalOrder, compareTieBreak, rankByWeight } from "./tie-break.ts";

describe("compareTieBreak", () => {
  const a = "a".repeat(64);
  const b = "b".repeat(64);
  const cases: readonly [string, Parameters<typeof cand>[0], Parameters<typeof cand>[0]][] = [
    [
      "newer first",
      { id: "1", timestampMs: 2, confidence: 0.1 },
      { id: "2", timestampMs: 1, confidence: 0.9 },
    ],
    [
      "same time: higher confidence first",
      { id: "1", confidence: 0.9, hash: b },
      { id: "2", confidence: 0.1, hash: a },
    ],
    ["same time and confidence: smaller hash first", { id: "1", hash: a }, { id: "2", hash: b }],
  ];
  for (const [name, first, second] of cases) {
    it(name, () => {
      assert.ok(compareTieBreak(cand(first), cand(second)) < 0, `${name}: first sorts first`);
      assert.ok(compareTieBreak(cand(second), cand(first)) > 0, `${name}: and not the other way`);
    });
  }

  it("is 0 only for the same hash", () => {
    assert.equal(compareTieBreak(cand({ id: "x" }), cand({ id: "x" })), 0);
  });
});

describe("rankByWeight", () => {
  it("orders by weight, equal weights in tie-break order, whatever the input order", () => {
    const cs = [
      cand({ id: "old", timestampMs: 1 }),
      cand({ id: "heavy", timestampMs: 0 }),
      cand({ id: "new", timestampMs: 2 }),
    ];
    const weight = (id: string): number => (id === "agent-heavy" ? 2 : 1);
    const { ranked, weights } = rankByWeight(cs, (c) => weight(c.assertion.agentId));
    const again = rankByWeight([...cs].reverse(), (c) => weight(c.assertion.agentId));
    assert.deepEqual(hashes(ranked), hashes([cs[1]!, cs[2]!, cs[0]!]));
    assert.deepEqual(hashes(again.ranked), hashes(ranked), "input order does not matter");
    assert.equal(weights.size, 3);
  });

  it("leaves its input alone", () => {
    const cs = [cand({ id: "a", timestampMs: 1 }), cand({ id: "b", timestampMs: 2 })];
    const before = hashes(cs);
    canonicalOrder(cs);
    rankByWeight(cs, () => 1);
    assert.deepEqual(hashes(cs), before);
  });
});

describe("rankByWeight against its definition", () => {
  it("ranks the tie-break order by weight, stably, with corrected claims at 0", () => {
    const weightOf = (c: Candidate): number => c.effectiveConfidence * (6 - c.assertion.authorityTier);
    fc.assert(
      fc.property(correctedCandidatesArb, (cs) => {
        const canonical = [...cs].sort(compareTieBreak);
        const corrected = correctedByAuthor(canonical);
        const weight = (c: Candidate): number => (corrected.has(c.assertion.hash) ? 0 : weightOf(c));
        const { ranked, weights } = rankByWeight(cs, weightOf);
        assert.deepEqual(hashes(ranked), hashes([...canonical].sort((a, b) => weight(b) - weight(a))));
        assert.deepEqual(
          [...weights],
          canonical.map((c) => [c.assertion.hash, weight(c)]),
        );
      }),
      { numRuns: 1_000 },
    );
  });
});
