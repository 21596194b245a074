import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ValidationError } from "../errors.ts";
import type { Assertion } from "./assertion.ts";
import { canonicalJson, contentObject } from "./content-hash.ts";
import { canonicalize } from "./jcs.ts";
import { normalizeAssertion } from "./normalize.ts";
import { anything, hex32, hex64, model, spell, spelling, type Model } from "./test-arbitraries.ts";
import { assertionToJson } from "./wire.ts";

const options = { nowMs: 1_770_820_200_000 };
const normalize = (input: unknown): Assertion => normalizeAssertion(input, options);

/** Re-serialises a JSON value with random whitespace and other spellings of the same numbers. */
const jsonText = (value: unknown, ws: string, respell: boolean): string => {
  if (typeof value === "number") return respell ? respellNumber(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${ws}${value.map((v) => jsonText(v, ws, respell)).join(`,${ws}`)}${ws}]`;
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}${ws}:${ws}${jsonText(v, ws, respell)}`,
    );
    return `{${ws}${members.join(`,${ws}`)}${ws}}`;
  }
  return JSON.stringify(value);
};

/** The same decimal value written differently: `1` → `1.0`, `1E0`, `10e-1`-style mantissa shifts. */
function respellNumber(n: number): string {
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.00E+5"; // JSON forbids leading zeros: "00" is not a number
  const [mantissa = "", exponent = "0"] = n.toExponential().split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  // digits × 10^(exponent − (digits.length − 1)), plus a trailing zero: the same decimal number.
  const shifted = Number(exponent) - (digits.length - 1) - 1;
  return `${negative ? "-" : ""}${digits}0E${shifted >= 0 ? "+" : ""}${shifted}`;
}

function shuffled(body: Record<string, unknown>, order: readonly number[]): Record<string, unknown> {
  const entries = Object.entries(body);
  const keyed = entries.map((entry, i) => ({ entry, key: order[i % order.length]! + i / 1000 }));
  keyed.sort((a, b) => a.key - b.key);
  return Object.fromEntries(keyed.map(({ entry }) => entry));
}

describe("normalizeAssertion properties", () => {
  it("gives one hash for every spelling of the same content (aliases, cases, forms, key order)", () => {
    fc.assert(
      fc.property(model, spelling, spelling, fc.array(fc.nat(), { minLength: 1 }), (m, s1, s2, order) => {
        const a = normalize(spell(m, s1));
        const b = normalize(shuffled(spell(m, s2), order));
        assert.equal(a.hash, b.hash);
        assert.deepEqual({ ...a, agentId: "" }, { ...b, agentId: "" });
      }),
      { numRuns: 300 },
    );
  });

  it("is not affected by JSON whitespace or number spelling", () => {
    fc.assert(
      fc.property(model, spelling, fc.constantFrom("", " ", "\n  ", "\t"), (m, s, ws) => {
        const body = spell(m, s);
        const plain = normalize(JSON.parse(JSON.stringify(body)));
        assert.equal(normalize(JSON.parse(jsonText(body, ws, false))).hash, plain.hash);
        assert.equal(normalize(JSON.parse(jsonText(body, ws, true))).hash, plain.hash);
      }),
      { numRuns: 300 },
    );
  });

  const fields = [
    "conceptPath",
    "predicate",
    "value",
    "confidence",
    "authorityTier",
    "timestampMs",
    "source",
    "lifecycle",
    "epoch",
    "parent",
  ] as const;

  it("changes the hash when any content field changes", () => {
    fc.assert(
      fc.property(model, model, fc.constantFrom(...fields), spelling, (m1, m2, field, s) => {
        const changed: Model = { ...m1, [field]: m2[field] };
        const a = normalize(spell(m1, s));
        const b = normalize(spell(changed, s));
        // Compare what was stored: NFC may fold two generated paths into one, and an absent
        // tier or lifecycle means its default.
        if (canonicalize(contentObject(a)) === canonicalize(contentObject(b))) {
          assert.equal(a.hash, b.hash);
          assert.deepEqual(a[field], b[field]);
        } else {
          assert.notEqual(a.hash, b.hash);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("changes the hash for a minimal change of each field", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const base = normalize(spell(m, s));
        const flip = (h: string) => (h.startsWith("0") ? "1" : "0") + h.slice(1);
        const variants: Model[] = [
          { ...m, conceptPath: m.conceptPath + "x" },
          { ...m, predicate: m.predicate + "x" },
          { ...m, confidence: m.confidence === 1 ? 0.5 : Math.min(1, m.confidence + 2 ** -40) },
          { ...m, authorityTier: base.authorityTier === 5 ? 4 : 5 },
          { ...m, timestampMs: m.timestampMs === 0 ? 1 : m.timestampMs - 1 },
          { ...m, lifecycle: base.lifecycle === "approved" ? "proposed" : "approved" },
          { ...m, source: m.source === undefined ? { uri: "x://y" } : undefined },
          { ...m, epoch: m.epoch === undefined ? "0".repeat(64) : flip(m.epoch) },
          { ...m, parent: m.parent === undefined ? "0".repeat(64) : flip(m.parent) },
          {
            ...m,
            value:
              m.value.type === "text"
                ? { type: "reference", value: m.value.value === "" ? "a" : "t" }
                : { type: "text", value: String(m.value.value) },
          },
        ];
        for (const variant of variants) assert.notEqual(normalize(spell(variant, s)).hash, base.hash);
      }),
      { numRuns: 200 },
    );
  });

  it("does not change the hash when signatures are added", () => {
    const signature = fc.record({ agent_id: hex32, signature: hex64, timestamp: fc.nat({ max: 2e9 }) });
    fc.assert(
      fc.property(
        model,
        spelling,
        fc.uniqueArray(signature, { maxLength: 5, selector: (s) => s.agent_id }),
        (m, s, sigs) => {
          const body = spell(m, s);
          const signed = normalize({ ...body, signatures: sigs });
          assert.equal(signed.hash, normalize(body).hash);
          assert.equal(signed.signatures.length, sigs.length);
          assert.equal(signed.agentId, sigs[0]?.agent_id ?? "anonymous");
        },
      ),
    );
  });

  it("round-trips through the API output form", () => {
    fc.assert(
      fc.property(model, spelling, fc.option(hex32, { nil: undefined }), (m, s, signer) => {
        const body = spell(m, s);
        const signatures = signer === undefined ? [] : [{ agent_id: signer, signature: "ab".repeat(64) }];
        const a = normalizeAssertion({ ...body, signatures }, { ...options, agentId: "key:ops" });
        const wire: unknown = JSON.parse(JSON.stringify(assertionToJson(a)));
        const b = normalizeAssertion(wire, { ...options, agentId: "key:ops" });
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the same canonical JSON as canonicalize(contentObject())", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const a = normalize(spell(m, s));
        assert.equal(canonicalJson(a), canonicalize(contentObject(a)));
      }),
      { numRuns: 300 },
    );
  });

  const onlyValidationErrors = (input: unknown): void => {
    try {
      normalize(input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      assert.equal(typeof error.field, "string");
      assert.match(error.reason, /^[a-z_]+$/);
      assert.doesNotMatch(error.message, /\.$/);
    }
  };

  it("throws only ValidationError for any value", () => {
    fc.assert(fc.property(anything, onlyValidationErrors), { numRuns: 1000 });
  });

  it("throws only ValidationError for any JSON text", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        onlyValidationErrors(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("throws only ValidationError for a valid body with one field broken, dropped or added", () => {
    const keys = fc.constantFrom(
      "concept_path",
      "subject",
      "predicate",
      "value",
      "object",
      "confidence",
      "authority_tier",
      "source_class",
      "source",
      "source_hash",
      "lifecycle",
      "epoch",
      "parent",
      "parent_hash",
      "timestamp",
      "signatures",
      "hash",
      "agent_id",
      "__proto__",
      "constructor",
      "extra",
    );
    fc.assert(
      fc.property(model, spelling, keys, anything, fc.boolean(), (m, s, key, junk, drop) => {
        const body = spell(m, s);
        if (drop) Reflect.deleteProperty(body, key);
        else
          Object.defineProperty(body, key, {
            value: junk,
            enumerable: true,
            configurable: true,
            writable: true,
          });
        onlyValidationErrors(body);
      }),
      { numRuns: 2000 },
    );
  });
});
