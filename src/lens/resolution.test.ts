import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Tier } from "../model/assertion.ts";
import { LENS_NAMES, type Candidate } from "./candidate.ts";
import { resolve, type Resolution } from "./resolution.ts";
import { cand, candidatesArb, hashes, num, text } from "./test-candidates.ts";

/** Everything observable in a resolution, as plain data that `deepEqual` can compare exactly. */
function observe(r: Resolution): unknown {
  return {
    ...r,
    ranked: hashes(r.ranked),
    winner: r.winner?.assertion.hash ?? null,
    weights: [...r.weights].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

const permuted = candidatesArb.chain((cs) =>
  fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length })),
);

describe("resolve", () => {
  it("runs the lens it is named after", () => {
    const cs = [cand({ id: "a", value: "a" }), cand({ id: "b", value: "b", timestampMs: 1 })];
    for (const lens of LENS_NAMES) assert.equal(resolve(lens, cs).lens, lens, lens);
  });

  it("rejects a lens name it does not know", () => {
    assert.throws(() => resolve("newest" as never, []), RangeError);
  });

  it("passes tier weights to the weighting lenses", () => {
    const cs = [cand({ id: "t0", value: "a", tier: 0 }), cand({ id: "t5", value: "b", tier: 5 })];
    const inverted = { tierWeights: [0.1, 0.2, 0.4, 0.6, 0.8, 1] as const };
    assert.deepEqual(resolve("authority", cs).value, text("a"), "default: tier 0 wins");
    assert.deepEqual(resolve("authority", cs, inverted).value, text("b"), "inverted: tier 5 wins");
    assert.deepEqual(resolve("skeptic", cs, inverted).values?.[0]?.value, text("b"), "skeptic too");
  });

  for (const lens of LENS_NAMES) {
    describe(`${lens} properties`, () => {
      it("gives the same result for any order of the candidates", () => {
        fc.assert(
          fc.property(permuted, ([cs, shuffled]) => {
            assert.deepEqual(
              observe(resolve(lens, shuffled)),
              observe(resolve(lens, cs)),
              "order-independent",
            );
          }),
        );
      });

      it("keeps every number finite and in range, and shares summing to 1", () => {
        fc.assert(
          fc.property(candidatesArb, (cs) => {
            const r = resolve(lens, cs);
            assert.equal(r.candidatesCount, cs.length, "counts every candidate");
            assert.equal(r.ranked.length, cs.length, "ranks every candidate");
            for (const w of r.weights.values()) assert.ok(Number.isFinite(w) && w >= 0, `weight ${w}`);
            assert.ok(r.conflictScore >= 0 && r.conflictScore <= 1, `conflict ${r.conflictScore}`);
            const rc = r.resolutionConfidence;
            assert.ok(rc === null || (rc >= 0 && rc <= 1), `resolution confidence ${rc}`);
            const values = r.values ?? [];
            if (values.length > 0) {
              const sum = values.reduce((s, v) => s + v.share, 0);
              assert.ok(Math.abs(sum - 1) < 1e-9, `shares sum to ${sum}`);
            }
            for (const v of values)
              assert.ok(Number.isFinite(v.weight) && v.weight >= 0, `value weight ${v.weight}`);
            if (lens !== "skeptic") {
              assert.equal(r.winner, cs.length === 0 ? null : r.ranked[0], "the winner ranks first");
              assert.deepEqual(r.value, r.winner?.assertion.value ?? null, "value is the winner's");
            }
          }),
        );
      });

      it("is unanimous with conflict 0 when every claim holds one value", () => {
        fc.assert(
          fc.property(candidatesArb, (cs) => {
            fc.pre(cs.length > 0);
            const same = cs.map((c) => ({ ...c, assertion: { ...c.assertion, value: num(7) } }));
            const r = resolve(lens, same);
            assert.deepEqual([r.status, r.conflictScore], ["unanimous", 0], "one value");
          }),
        );
      });

      it("has conflict 1 when k distinct values weigh the same", () => {
        const arb = fc.record({
          k: fc.integer({ min: 2, max: 8 }),
          tier: fc.constantFrom<Tier>(0, 1, 2, 3, 4, 5),
          confidence: fc.constantFrom(0, 0.3, 0.8, 1),
          trust: fc.constantFrom(0, 0.5, 1),
          voted: fc.boolean(),
        });
        fc.assert(
          fc.property(arb, ({ k, tier, confidence, trust, voted }) => {
            const votes = voted ? [{ agentId: "v", weight: 0.5, voterTrust: 0.5 }] : [];
            const cs: Candidate[] = Array.from({ length: k }, (_, i) =>
              cand({ id: `c${i}`, value: num(i), tier, confidence, trust, votes }),
            );
            const r = resolve(lens, cs);
            assert.ok(Math.abs(r.conflictScore - 1) < 1e-9, `conflict ${r.conflictScore}`);
            assert.equal(r.status, "contested");
          }),
        );
      });
    });
  }
});
