import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ScreenedClaim, Verdict } from "./content-defense.ts";
import { decodeClaims, decodeVerdicts, encodeClaims, encodeVerdicts } from "./screening-wire.ts";

const value = fc.oneof(
  fc.record({ type: fc.constant("text" as const), value: fc.string({ unit: "grapheme" }) }),
  fc.record({ type: fc.constant("reference" as const), value: fc.string() }),
  fc.record({
    type: fc.constant("number" as const),
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
  }),
  fc.record({ type: fc.constant("boolean" as const), value: fc.boolean() }),
);
const hex = fc.string({
  unit: fc.constantFrom(...Array.from("0123456789abcdef")),
  minLength: 64,
  maxLength: 64,
});
const claim: fc.Arbitrary<ScreenedClaim> = fc
  .record({
    hash: hex,
    parent: fc.option(hex, { nil: undefined }),
    agentId: fc.string({ minLength: 1 }),
    conceptPath: fc.string({ unit: "binary" }),
    predicate: fc.string(),
    value,
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ parent, ...rest }) => (parent === undefined ? rest : { ...rest, parent }));

describe("screening wire", () => {
  it("carries any batch of claims and trusts across unchanged (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(claim, fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 30 }),
        (items) => {
          const claims = items.map(([c]) => c);
          const trusts = items.map(([, t]) => t);
          const decoded = decodeClaims(structuredClone(encodeClaims(claims, trusts)));
          // -0 travels as "0": the defense compares values with ===, for which they are equal.
          const normalised = claims.map((c) =>
            c.value.type === "number" && Object.is(c.value.value, -0)
              ? { ...c, value: { type: "number", value: 0 } }
              : c,
          );
          // structuredClone: fast-check builds records without a prototype; the decoder makes plain ones.
          assert.deepEqual(decoded, structuredClone({ claims: normalised, trusts }));
        },
      ),
    );
  });

  it("carries verdicts across, details in place", () => {
    const verdicts: Verdict[] = [
      { kind: "pass" },
      { kind: "quarantine", reason: "near_duplicate", detail: "100% similar to abc… 3 s ago" },
      { kind: "pass" },
      { kind: "quarantine", reason: "pattern_match", detail: "claim text matches /casino/" },
      { kind: "quarantine", reason: "low_quality", detail: "quality score 0.22 is below 0.4" },
    ];
    assert.deepEqual(decodeVerdicts(structuredClone(encodeVerdicts(verdicts))), verdicts);
  });
});
