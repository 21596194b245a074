import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Assertion, Value } from "../model/assertion.ts";
import { claimText } from "./claim-text.ts";
import { QUALITY_WEIGHTS, isUntrustedHighConfidence, qualityScore, scoreBelow } from "./quality-score.ts";

const DEFAULT_THRESHOLD = 0.4;

function claim(conceptPath: string, predicate: string, value: Value, confidence = 0.7): Assertion {
  const content = { conceptPath, predicate, value, confidence, authorityTier: 3 } as const;
  return {
    ...content,
    lifecycle: "proposed",
    timestampMs: 0,
    hash: "0".repeat(64),
    signatures: [],
    agentId: "a",
  };
}
const text = (value: string): Value => ({ type: "text", value });
const number = (value: number): Value => ({ type: "number", value });
const boolean = (value: boolean): Value => ({ type: "boolean", value });

describe("qualityScore", () => {
  // [concept path, predicate, value, lowest acceptable score]: ordinary claims, by a neutral author.
  const ordinary: readonly [string, string, Value, number][] = [
    ["drug://semaglutide", "effect", text("weight loss"), 0.9],
    ["code://python/requests/tls/cert_verification", "default", boolean(true), 0.9],
    ["drug://semaglutide", "efficacy", number(96.7), 0.9],
    ["drugs/aspirin/safety", "bleeding", text("rare"), 0.8],
    ["jwt/alg", "expected", text("RS256"), 0.8],
    ["drug://x", "source", text("https://example.org/paper"), 0.8],
    ["Tesla_Inc", "has_revenue", number(1), 0.8],
    // Test-style claims: short, but they say something.
    ["test://a", "p", number(1), 0.6],
    ["a/b", "p", { type: "reference", value: "c/d" }, 0.6],
    ["a", "p", number(1), 0.55],
    ["a", "p", text("x"), 0.5],
  ];
  for (const [path, predicate, value, atLeast] of ordinary) {
    it(`passes ${path} ${predicate} ${JSON.stringify(value.value)} with at least ${atLeast}`, () => {
      const { score } = qualityScore(claim(path, predicate, value), 0.5);
      assert.ok(score >= atLeast, `scored ${score}`);
    });
  }

  // [concept path, predicate, value, highest acceptable score]: noise, even from a trusted author.
  const garbage: readonly [string, string, Value, number][] = [
    ["x://aaaaaaaa", "aaaa", text("aaaaaaaaaaaaaaaa"), 0.3],
    ["x://aaaaaaaa", "aaaa", text("!!!!!!!!!!"), 0.3],
    ["x://zzzzzzzz", "zzzz", text("zzzz zzzz zzzz"), 0.3],
    ["x://aaaaaaaa", "aaaa", text("aaaa bbbb"), 0.35],
    ["a", "p", text(""), 0.35],
  ];
  for (const [path, predicate, value, atMost] of garbage) {
    it(`flags ${path} ${predicate} ${JSON.stringify(value.value)} at ${atMost} or less`, () => {
      const { score } = qualityScore(claim(path, predicate, value), 1);
      assert.ok(score <= atMost && score < DEFAULT_THRESHOLD, `scored ${score}`);
    });
  }

  const structure: readonly [string, Value, number][] = [
    ["a number", number(0), 1],
    ["a boolean", boolean(false), 1],
    ["a reference", { type: "reference", value: "drug://aspirin" }, 1],
    ["a URL", text("https://doi.org/10.1000/182"), 1],
    ["several words", text("weight loss"), 1],
    ["one word", text("nausea"), 0.5],
    ["one character repeated", text("aaaaaaaa"), 0],
    ["punctuation", text("!?!?"), 0],
  ];
  for (const [name, value, expected] of structure) {
    it(`gives ${name} structure ${expected}`, () => {
      assert.equal(qualityScore(claim("drug://x", "effect", value), 0.5).parts.structure, expected);
    });
  }

  const lengths: readonly [string, string, Value, number][] = [
    ["drug://semaglutide", "effect", text("weight loss"), 1],
    ["drug://semaglutide", "is", text("weight loss"), 2 / 3],
    ["test://a", "p", number(1), 1 / 3],
    ["x://aaaaaaaa", "aaaa", text("aaaaaaaa"), 0],
  ];
  for (const [path, predicate, value, expected] of lengths) {
    it(`gives ${path} ${predicate} ${JSON.stringify(value.value)} length ${expected.toFixed(2)}`, () => {
      assert.equal(qualityScore(claim(path, predicate, value), 0.5).parts.length, expected);
    });
  }

  it("does not give a short text full entropy because its few characters differ", () => {
    // "a | p | 1" has 3 distinct letters and digits: log₂ 3 ≈ 1.58 bits of 4.
    const { entropy } = qualityScore(claim("a", "p", number(1)), 0.5).parts;
    assert.ok(Math.abs(entropy - Math.log2(3) / 4) < 1e-12);
  });

  it("zeroes the trust part when an untrusted author claims high confidence", () => {
    const cases: readonly [number, number, number][] = [
      [0.3, 0.95, 0],
      [0.3, 0.8, 1],
      [0.5, 0.95, 1],
      [0.9, 1, 1],
    ];
    for (const [trust, confidence, expected] of cases) {
      const a = claim("drug://x", "effect", text("weight loss"), confidence);
      assert.equal(qualityScore(a, trust).parts.trust, expected, `trust ${trust}, confidence ${confidence}`);
    }
    const strict = { untrustedTrustBelow: 0.9, untrustedConfidenceAbove: 0.5 };
    assert.equal(isUntrustedHighConfidence(0.6, 0.8, strict), true);
  });

  it("is the weighted sum of its parts, within 0..1, for any claim", () => {
    assert.equal(
      Object.values(QUALITY_WEIGHTS).reduce((sum, w) => sum + w, 0),
      1,
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.double({ min: 0, max: 1 }), (p, q, v, trust) => {
        const { score, parts } = qualityScore(claim(p, q, text(v)), trust);
        const sum = 0.4 * parts.entropy + 0.2 * parts.length + 0.2 * parts.structure + 0.2 * parts.trust;
        assert.ok(Math.abs(score - sum) < 1e-12 && score >= 0 && score <= 1);
      }),
    );
  });

  it("scores every part as the plain regex definitions do, for any text (property)", () => {
    // The score walks code units with an ASCII table for speed; these are the definitions.
    const reference = {
      entropy(t: string): number {
        const counts = new Map<string, number>();
        let n = 0;
        for (const c of t) {
          if (!/[\p{L}\p{N}]/u.test(c)) continue;
          counts.set(c, (counts.get(c) ?? 0) + 1);
          n++;
        }
        let bits = 0;
        for (const count of counts.values()) bits -= (count / n) * Math.log2(count / n);
        return Math.min(1, bits / 4);
      },
      words(t: string): number {
        return (t.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !/^(.)\1+$/su.test(w)).length;
      },
      named(s: string): boolean {
        return Array.from(s).length >= 3 && !/^(.)\1+$/su.test(s);
      },
    };
    // Letters, digits, repeats, separators, non-ASCII letters, astral characters, lone surrogates.
    const unit = fc.constantFrom(
      ..."aab1 /:!é日Ωx\u{1d400}\u{1f600}\ud800\n".split(""),
      "\u{1d400}",
      "\u{1f600}",
    );
    const texts = fc.oneof(
      fc.string({ unit, maxLength: 24 }),
      fc.string({ unit: "grapheme", maxLength: 12 }),
    );
    fc.assert(
      fc.property(texts, texts, texts, (p, q, v) => {
        const a = claim(p, q, text(v));
        const { parts } = qualityScore(a, 0.5);
        assert.ok(Math.abs(parts.entropy - reference.entropy(claimText(a))) < 1e-12, "entropy");
        const words = reference.words(v);
        const leaf = p.slice(p.lastIndexOf("/") + 1);
        const length =
          ((reference.named(leaf) ? 1 : 0) + (reference.named(q) ? 1 : 0) + (words > 0 ? 1 : 0)) / 3;
        assert.equal(parts.length, length, "length");
        const url = /^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(v.trim().toLowerCase());
        assert.equal(parts.structure, url ? 1 : words >= 2 ? 1 : words === 1 ? 0.5 : 0, "structure");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("scoreBelow", () => {
  it("decides as qualityScore does, and gives the same score below the threshold (property)", () => {
    const unit = fc.constantFrom(..."aab1 /:!é日x\n".split(""));
    const texts = fc.string({ unit, maxLength: 16 });
    const values = fc.oneof(
      texts.map(text),
      fc.double({ noNaN: true }).map(number),
      fc.boolean().map(boolean),
    );
    const unit01 = fc.double({ min: 0, max: 1, noNaN: true });
    // Thresholds at every sum the parts can make, where rounding would show, and anywhere.
    const threshold = fc.oneof(
      fc.integer({ min: 0, max: 15 }).map((k) => k / 15),
      fc.constantFrom(0.2, 0.4, 0.6, 0.8, 1),
      unit01,
    );
    fc.assert(
      fc.property(texts, texts, values, unit01, unit01, threshold, (p, q, v, trust, confidence, t) => {
        const a = claim(p, q, v, confidence);
        const { score } = qualityScore(a, trust);
        assert.equal(scoreBelow(a, trust, t), score < t ? score : undefined);
      }),
      { numRuns: 5000 },
    );
  });
});
