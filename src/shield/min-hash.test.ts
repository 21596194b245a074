import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  MIN_HASH_PERMUTATIONS,
  estimateJaccard,
  estimateJaccardAtLeast,
  minHash,
  shingles,
} from "./min-hash.ts";

/** The exact Jaccard similarity of two texts' shingle sets, which `minHash` estimates. */
function exactJaccard(a: string, b: string): number {
  const left = new Set(shingles(a));
  const right = new Set(shingles(b));
  let shared = 0;
  for (const s of left) if (right.has(s)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 1 : shared / union;
}

// A small alphabet and a few overwrites make pairs whose similarity covers the whole 0..1 range;
// two independent random strings would almost always be near 0 and test nothing.
const text = fc.string({
  unit: fc.constantFrom(...Array.from("abcdefghij klmnop")),
  minLength: 20,
  maxLength: 200,
});
const similarPair = fc
  .tuple(
    text,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyz "))), {
      maxLength: 40,
    }),
  )
  .map(([base, edits]) => {
    const chars = Array.from(base);
    for (const [at, c] of edits) chars[at % chars.length] = c;
    return [base, chars.join("")] as const;
  });

describe("shingles", () => {
  const cases: readonly [string, readonly string[]][] = [
    ["", []],
    ["ab", ["ab"]],
    ["abc", ["abc"]],
    ["claim", ["cla", "lai", "aim"]],
  ];
  for (const [input, expected] of cases) {
    it(`of ${JSON.stringify(input)}`, () => {
      assert.deepEqual(shingles(input), expected);
    });
  }
});

describe("minHash", () => {
  it("has 128 slots by default and as many as asked otherwise", () => {
    assert.equal(minHash("weight loss").length, MIN_HASH_PERMUTATIONS);
    assert.equal(minHash("weight loss", 16).length, 16);
  });

  it("is deterministic: signatures made elsewhere and earlier stay comparable", () => {
    // Pinned so that a change of the hashing is noticed: signatures are only held in memory, so a
    // deliberate change (as to one permutation hashing) only needs new pins.
    const pinned = [4006813762, 2139324905, 4136817097, 1093383844];
    assert.deepEqual([...minHash("drug://semaglutide | effect | weight loss").subarray(0, 4)], pinned);
  });

  it("gives the empty text all-empty slots, unlike any other text", () => {
    assert.ok(minHash("").every((slot) => slot === 0xffffffff));
    assert.equal(estimateJaccard(minHash(""), minHash("")), 1);
    assert.equal(estimateJaccard(minHash(""), minHash("a")), 0);
  });

  it("ignores repeated shingles, as a set would", () => {
    assert.deepEqual(minHash("abcabc"), minHash("abcabcabcabc"));
  });

  it("rejects a permutation count that is not a positive integer", () => {
    assert.throws(() => minHash("x", 0), RangeError);
    assert.throws(() => minHash("x", 1.5), RangeError);
  });
});

describe("estimateJaccard", () => {
  it("is 1 for identical texts", () => {
    fc.assert(fc.property(fc.string(), (s) => estimateJaccard(minHash(s), minHash(s)) === 1));
  });

  it("is symmetric", () => {
    fc.assert(
      fc.property(similarPair, ([a, b]) => {
        assert.equal(estimateJaccard(minHash(a), minHash(b)), estimateJaccard(minHash(b), minHash(a)));
      }),
    );
  });

  it("is within ±0.1 of the exact Jaccard for at least 95% of pairs, and never off by more than 0.2", () => {
    // The standard error is √(J(1−J)/128) ≤ 0.044, so ±0.1 is ≥ 2.26 σ: about 97.6% of pairs in the
    // worst case (J = 0.5) and more elsewhere; measured over 5,000 pairs, 98.7%, largest error 0.15.
    const pairs = fc.sample(similarPair, { numRuns: 1000, seed: 42 });
    const errors = pairs.map(([a, b]) =>
      Math.abs(estimateJaccard(minHash(a), minHash(b)) - exactJaccard(a, b)),
    );
    const within = errors.filter((e) => e <= 0.1).length / errors.length;
    assert.ok(within >= 0.95, `only ${within} of estimates were within 0.1`);
    assert.ok(Math.max(...errors) <= 0.2, `an estimate was off by ${Math.max(...errors)}`);
  });

  it("tells different texts apart", () => {
    const a = minHash("drug://semaglutide | effect | weight loss");
    assert.ok(estimateJaccard(a, minHash("code://python/requests/tls | default | true")) < 0.1);
  });

  it("estimateJaccardAtLeast agrees with estimateJaccard and the threshold, exact fractions included", () => {
    const threshold = fc.oneof(
      fc.double({ min: 0, max: 1.1, noNaN: true }),
      fc.nat(20).map((n) => n / 20),
    );
    fc.assert(
      fc.property(similarPair, threshold, fc.constantFrom(10, 128), ([a, b], t, k) => {
        const estimate = estimateJaccard(minHash(a, k), minHash(b, k));
        assert.equal(
          estimateJaccardAtLeast(minHash(a, k), minHash(b, k), t),
          estimate >= t ? estimate : undefined,
        );
      }),
    );
  });

  it("rejects signatures of different lengths", () => {
    assert.throws(() => estimateJaccard(minHash("a"), minHash("a", 64)), RangeError);
  });
});
