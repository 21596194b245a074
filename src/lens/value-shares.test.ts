import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ValueShare } from "./resolution.ts";
import { resolve } from "./resolution.ts";
import { cand, crowd, num, text } from "./test-candidates.ts";
import { distinctAgents, valueShareOf } from "./value-shares.ts";

const share = (value: string, weight: number): ValueShare => ({
  value: text(value),
  weight,
  share: 0,
  supporters: 1,
  assertions: [],
  bestTier: 5,
});

describe("valueShareOf", () => {
  const cases: { name: string; value: string; values: ValueShare[]; want: number }[] = [
    { name: "the only value", value: "a", values: [share("a", 0.4)], want: 1 },
    { name: "its weight over the total", value: "a", values: [share("a", 0.9), share("b", 0.3)], want: 0.75 },
    { name: "no weight anywhere: no evidence", value: "a", values: [share("a", 0), share("b", 0)], want: 0 },
    { name: "a value not among them", value: "c", values: [share("a", 1)], want: 0 },
  ];
  for (const { name, value, values, want } of cases) {
    it(name, () => {
      assert.ok(Math.abs(valueShareOf(text(value), values) - want) < 1e-12);
    });
  }

  it("tells a number from the text of the same digits", () => {
    assert.equal(valueShareOf(num(1), [share("1", 1)]), 0);
  });
});

describe("resolution_confidence of trust, vote and layered is the winning value's share", () => {
  // Twenty agreeing claims and one dissent: the claim's share of all claims was 1/21.
  const agree = crowd("agree", 20, {
    value: "a",
    tier: 1,
    confidence: 0.9,
    trust: 0.8,
    votes: [{ agentId: "v", weight: 1, voterTrust: 1 }],
  });
  const dissent = crowd("dissent", 1, { value: "b", tier: 1, confidence: 0.3, trust: 0.8 });
  const all = [...agree, ...dissent];

  it("trust: 0.72 against 0.24", () => {
    const r = resolve("trust", all);
    assert.ok(
      Math.abs((r.resolutionConfidence ?? 0) - 0.72 / (0.72 + 0.24)) < 1e-12,
      `${r.resolutionConfidence}`,
    );
  });

  it("layered: within the deciding tier, the same shares", () => {
    const r = resolve("layered", all);
    assert.ok(
      Math.abs((r.resolutionConfidence ?? 0) - 0.72 / (0.72 + 0.24)) < 1e-12,
      `${r.resolutionConfidence}`,
    );
  });

  it("vote: twenty votes against none", () => {
    assert.equal(resolve("vote", all).resolutionConfidence, 1);
  });

  it("authority keeps the winning claim's share (the comparison benchmark computes it so)", () => {
    const r = resolve("authority", all);
    assert.ok(
      Math.abs((r.resolutionConfidence ?? 0) - 0.72 / (20 * 0.72 + 0.24)) < 1e-12,
      `${r.resolutionConfidence}`,
    );
  });
});

describe("distinctAgents", () => {
  it("counts the distinct authors but for the excepted claims, in small groups and large (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ agent: fc.constantFrom("ann", "bob", "cy", "dee", "eve"), excepted: fc.boolean() }),
          {
            maxLength: 20,
          },
        ),
        fc.boolean(),
        (drawn, withExcept) => {
          const group = drawn.map((d, i) => cand({ id: `c${i}`, agent: d.agent }));
          const except = new Set(
            group.filter((_, i) => withExcept && drawn[i]?.excepted).map((c) => c.assertion.hash),
          );
          const expected = new Set(
            group.filter((c) => !except.has(c.assertion.hash)).map((c) => c.assertion.agentId),
          );
          assert.equal(distinctAgents(group, withExcept ? except : undefined), expected.size);
        },
      ),
      { numRuns: 500 },
    );
  });
});
