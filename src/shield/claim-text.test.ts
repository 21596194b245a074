import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Value } from "../model/assertion.ts";
import { claimText } from "./claim-text.ts";

const claim = (conceptPath: string, predicate: string, value: Value) => ({ conceptPath, predicate, value });

describe("claimText", () => {
  const cases: readonly [string, ReturnType<typeof claim>, string][] = [
    [
      "text",
      claim("drug://semaglutide", "effect", { type: "text", value: "weight loss" }),
      "drug://semaglutide | effect | weight loss",
    ],
    [
      "a boolean",
      claim("code://python/requests/tls/cert_verification", "default", { type: "boolean", value: true }),
      "code://python/requests/tls/cert_verification | default | true",
    ],
    [
      "a number",
      claim("drug://x", "efficacy", { type: "number", value: 96.7 }),
      "drug://x | efficacy | 96.7",
    ],
    ["a reference", claim("a/b", "is_a", { type: "reference", value: "c/d" }), "a/b | is_a | c/d"],
    [
      "upper case",
      claim("Drug://ASPIRIN", "Dose", { type: "text", value: "Low" }),
      "drug://aspirin | dose | low",
    ],
    [
      "runs of whitespace",
      claim("a", "p", { type: "text", value: "  weight\n\t loss  " }),
      "a | p | weight loss",
    ],
    ["an empty text value", claim("a", "p", { type: "text", value: "" }), "a | p |"],
  ];
  for (const [name, input, expected] of cases) {
    it(`writes ${name}`, () => {
      assert.equal(claimText(input), expected);
    });
  }

  it("gives the same text for composed and decomposed accents", () => {
    const composed = claim("med://caf\u00e9", "p", { type: "text", value: "\u00e9t\u00e9" });
    const decomposed = claim("med://cafe\u0301", "p", { type: "text", value: "e\u0301te\u0301" });
    assert.equal(claimText(composed), claimText(decomposed));
    assert.equal(claimText(composed), "med://caf\u00e9 | p | \u00e9t\u00e9");
  });

  it("is lowercase NFC without doubled or edge whitespace, for any text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.string(),
        fc.string({ unit: "grapheme" }),
        (path, predicate, text) => {
          const out = claimText(claim(path, predicate, { type: "text", value: text }));
          assert.equal(out, out.normalize("NFC"));
          assert.equal(out, out.trim());
          assert.doesNotMatch(out, /\s\s|[\t\n\r]/);
          assert.equal(out, out.toLowerCase());
        },
      ),
    );
  });

  it("gives ASCII text the same result as the general NFC form", () => {
    // ASCII takes a shortcut (no NFC, collapse only when needed); it must agree with the long way.
    const ascii = fc.string({ unit: fc.constantFrom(..." \t\n\r\v\fAbZ09:/-|é".split("")) });
    fc.assert(
      fc.property(ascii, ascii, ascii, (path, predicate, text) => {
        const joined = `${path} | ${predicate} | ${text}`;
        const general = joined.toLowerCase().normalize("NFC").replace(/\s+/g, " ").trim();
        assert.equal(claimText(claim(path, predicate, { type: "text", value: text })), general);
      }),
    );
  });
});
