import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../errors.ts";
import { ASSERTION_MAX_JSON_BYTES, normalizeAssertion } from "./normalize.ts";
import { signHash } from "./signature.ts";
import { assertionToJson } from "./wire.ts";

const nowMs = 1_770_820_200_000;
const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const agent = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const hex = (c: string) => c.repeat(64);

/** spec/vectors.json case 1. */
const base = {
  concept_path: "test/dr_validation",
  predicate: "restored",
  value: true,
  confidence: 1,
  authority_tier: "expert",
  timestamp: "2026-02-11T14:30:00Z",
} as const;
const baseHash = "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87";

const normalize = (input: unknown, agentId?: string) =>
  normalizeAssertion(input, agentId === undefined ? { nowMs } : { nowMs, agentId });

describe("normalizeAssertion accepts", () => {
  it("the spec's seed body", () => {
    const a = normalize(base);
    assert.deepEqual(a, {
      hash: baseHash,
      conceptPath: "test/dr_validation",
      predicate: "restored",
      value: { type: "boolean", value: true },
      confidence: 1,
      authorityTier: 3,
      lifecycle: "proposed",
      timestampMs: 1770820200000,
      signatures: [],
      agentId: "anonymous",
    });
  });

  it("a minimal body, with defaults: anecdotal, proposed, timestamp = now", () => {
    const a = normalize({ concept_path: "a", predicate: "p", value: "v", confidence: 0 });
    assert.equal(a.authorityTier, 5);
    assert.equal(a.lifecycle, "proposed");
    assert.equal(a.timestampMs, nowMs);
    assert.equal(a.source, undefined);
    assert.equal("source" in a || "epoch" in a || "parent" in a, false);
  });

  it("the original API's names as aliases, with the same hash", () => {
    const canonical = normalize({
      ...base,
      source: { hash: hex("a") },
      parent: hex("b"),
    });
    const original = normalize({
      subject: base.concept_path,
      predicate: base.predicate,
      object: { Boolean: true },
      confidence: base.confidence,
      source_class: "Expert",
      source_hash: hex("A"),
      parent_hash: hex("B"),
      timestamp: 1770820200,
    });
    assert.equal(original.hash, canonical.hash);
    assert.deepEqual(original.source, { hash: hex("a") });
    assert.equal(original.parent, hex("b"));
  });

  it("source_hash merged with a source that has only a uri", () => {
    const a = normalize({ ...base, source: { uri: "fda://x" }, source_hash: hex("c") });
    assert.deepEqual(a.source, { uri: "fda://x", hash: hex("c") });
  });

  it("null as absent for optional fields", () => {
    const a = normalize({
      ...base,
      source: null,
      lifecycle: null,
      epoch: null,
      parent: null,
      parent_hash: null,
      signatures: null,
      hash: null,
      agent_id: null,
    });
    assert.equal(a.hash, baseHash);
  });

  it("lifecycle proposed spelled out: no change to the hash", () => {
    assert.equal(normalize({ ...base, lifecycle: "Proposed" }).hash, baseHash);
    assert.notEqual(normalize({ ...base, lifecycle: "approved" }).hash, baseHash);
  });

  it("the correct hash, in either case", () => {
    assert.equal(normalize({ ...base, hash: baseHash.toUpperCase() }).hash, baseHash);
  });

  it("signatures, attributing to the first signer; timestamps default to now", () => {
    const signature = signHash(baseHash, seed);
    const a = normalize({ ...base, signatures: [{ agent_id: agent.toUpperCase(), signature }] }, "key:ops");
    assert.deepEqual(a.signatures, [{ agentId: agent, signature, timestampMs: nowMs }]);
    assert.equal(a.agentId, agent);
    assert.equal(a.hash, baseHash);
  });

  it("attribution to the write-time identity, else anonymous; a body agent_id does not attribute", () => {
    assert.equal(normalize(base, "key:ops").agentId, "key:ops");
    assert.equal(normalize({ ...base, agent_id: "someone" }).agentId, "anonymous");
    assert.equal(normalize({ ...base, agent_id: "someone" }, "key:ops").agentId, "key:ops");
  });

  it("a body agent_id equal to the first signer", () => {
    const sig = { agent_id: agent, signature: "00".repeat(64) };
    assert.equal(normalize({ ...base, signatures: [sig], agent_id: agent.toUpperCase() }).agentId, agent);
  });

  it("an own __proto__ key only as an unknown field, and never reads inherited properties", () => {
    assert.throws(() => normalize(JSON.parse('{"__proto__": {"confidence": 1}}')), {
      field: "__proto__",
      reason: "unknown_field",
    });
    const inherited: unknown = Object.create({ ...base });
    assert.throws(() => normalize(inherited), { field: "concept_path", reason: "required" });
  });

  it("a null-prototype object", () => {
    assert.equal(normalize(Object.assign(Object.create(null) as object, base)).hash, baseHash);
  });

  it("an assertion of exactly 64 KiB as the API prints it, and not one byte more", () => {
    const size = (a: unknown) => new TextEncoder().encode(JSON.stringify(a)).length;
    const empty = size(assertionToJson(normalize({ ...base, value: "" })));
    const escapes = Math.floor((ASSERTION_MAX_JSON_BYTES - empty) / 6); // "\u0001" is 6 bytes as JSON
    const text = "\u0001".repeat(escapes) + "x".repeat(ASSERTION_MAX_JSON_BYTES - empty - escapes * 6);
    const a = normalize({ ...base, value: text });
    assert.equal(size(assertionToJson(a)), ASSERTION_MAX_JSON_BYTES);
    assert.throws(() => normalize({ ...base, value: text + "x" }), { field: "", reason: "too_large" });
  });
});

describe("normalizeAssertion rejects", () => {
  const sig = (agentChar: string) => ({ agent_id: hex(agentChar), signature: "00".repeat(64) });
  const without = (key: keyof typeof base) =>
    Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));

  const sparse: unknown[] = [sig("a")];
  sparse[2] = sig("b");

  // [what, input, field, reason]
  const rejected: readonly [string, unknown, string, string][] = [
    ["null", null, "", "wrong_type"],
    ["an array", [base], "", "wrong_type"],
    ["a string", "{}", "", "wrong_type"],
    ["an unknown field", { ...base, subjekt: "x" }, "subjekt", "unknown_field"],
    ["a misspelt camelCase field", { ...base, conceptPath: "x" }, "conceptPath", "unknown_field"],
    ["a missing concept_path", without("concept_path"), "concept_path", "required"],
    ["a null concept_path", { ...base, concept_path: null }, "concept_path", "required"],
    ["a missing predicate", without("predicate"), "predicate", "required"],
    ["a missing value", without("value"), "value", "required"],
    ["a null value", { ...base, value: null }, "value", "required"],
    ["a missing confidence", without("confidence"), "confidence", "required"],
    ["both subject and concept_path", { ...base, subject: "x" }, "subject", "duplicate_field"],
    ["both object and value", { ...base, object: true }, "object", "duplicate_field"],
    ["both source_class and authority_tier", { ...base, source_class: 1 }, "source_class", "duplicate_field"],
    [
      "both parent_hash and parent",
      { ...base, parent: hex("a"), parent_hash: hex("a") },
      "parent_hash",
      "duplicate_field",
    ],
    [
      "both source_hash and source.hash",
      { ...base, source: { hash: hex("a") }, source_hash: hex("a") },
      "source_hash",
      "duplicate_field",
    ],
    ["a bad path via its alias", { ...without("concept_path"), subject: "a//b" }, "subject", "bad_path"],
    ["a path too long", { ...base, concept_path: "a".repeat(513) }, "concept_path", "too_long"],
    ["a predicate with a newline", { ...base, predicate: "a\nb" }, "predicate", "control_character"],
    ["a value object of another shape", { ...base, value: { x: 1 } }, "value", "wrong_type"],
    [
      "a value via its alias",
      { ...without("value"), object: { type: "nope", value: 1 } },
      "object.type",
      "unknown_value",
    ],
    ["confidence 1.5", { ...base, confidence: 1.5 }, "confidence", "out_of_range"],
    ["confidence -0.1", { ...base, confidence: -0.1 }, "confidence", "out_of_range"],
    ["confidence NaN", { ...base, confidence: NaN }, "confidence", "out_of_range"],
    ["confidence as text", { ...base, confidence: "0.5" }, "confidence", "wrong_type"],
    ["an unknown tier", { ...base, authority_tier: "gold" }, "authority_tier", "unknown_value"],
    [
      "tier 6 via its alias",
      { ...without("authority_tier"), source_class: 6 },
      "source_class",
      "out_of_range",
    ],
    ["an unknown lifecycle", { ...base, lifecycle: "accepted" }, "lifecycle", "unknown_value"],
    ["Feb 30", { ...base, timestamp: "2026-02-30T00:00:00Z" }, "timestamp", "out_of_range"],
    ["a timestamp without offset", { ...base, timestamp: "2026-02-11T14:30:00" }, "timestamp", "bad_format"],
    ["a negative timestamp", { ...base, timestamp: -1 }, "timestamp", "out_of_range"],
    ["source as a string", { ...base, source: "fda://x" }, "source", "wrong_type"],
    ["an empty source", { ...base, source: {} }, "source", "empty"],
    [
      "an unknown source field",
      { ...base, source: { uri: "x", title: "t" } },
      "source.title",
      "unknown_field",
    ],
    ["a source uri too long", { ...base, source: { uri: "u".repeat(2049) } }, "source.uri", "too_long"],
    [
      "a source uri with a control",
      { ...base, source: { uri: "a\u0000" } },
      "source.uri",
      "control_character",
    ],
    ["an empty source uri", { ...base, source: { uri: "" } }, "source.uri", "empty"],
    ["a bad source.hash", { ...base, source: { hash: "abc" } }, "source.hash", "bad_hex"],
    ["a bad source_hash", { ...base, source_hash: "xyz" }, "source_hash", "bad_hex"],
    ["a bad epoch", { ...base, epoch: hex("g") }, "epoch", "bad_hex"],
    ["a numeric parent", { ...base, parent: 1 }, "parent", "wrong_type"],
    ["a bad parent_hash", { ...base, parent_hash: "1" }, "parent_hash", "bad_hex"],
    ["signatures not an array", { ...base, signatures: sig("a") }, "signatures", "wrong_type"],
    [
      "33 signatures",
      { ...base, signatures: Array.from({ length: 33 }, (_, i) => sig(i.toString(16))) },
      "signatures",
      "too_many",
    ],
    ["a null signature", { ...base, signatures: [sig("a"), null] }, "signatures[1]", "wrong_type"],
    ["a sparse signatures array", { ...base, signatures: sparse }, "signatures[1]", "wrong_type"],
    [
      "a signature without agent_id",
      { ...base, signatures: [{ signature: "00".repeat(64) }] },
      "signatures[0].agent_id",
      "required",
    ],
    [
      "a signature without signature",
      { ...base, signatures: [{ agent_id: hex("a") }] },
      "signatures[0].signature",
      "required",
    ],
    [
      "a short agent_id",
      { ...base, signatures: [{ ...sig("a"), agent_id: "ab" }] },
      "signatures[0].agent_id",
      "bad_hex",
    ],
    [
      "a short signature",
      { ...base, signatures: [{ ...sig("a"), signature: hex("0") }] },
      "signatures[0].signature",
      "bad_hex",
    ],
    [
      "a bad signature timestamp",
      { ...base, signatures: [{ ...sig("a"), timestamp: "now" }] },
      "signatures[0].timestamp",
      "bad_format",
    ],
    [
      "an unknown signature field",
      { ...base, signatures: [{ ...sig("a"), alg: "ed25519" }] },
      "signatures[0].alg",
      "unknown_field",
    ],
    [
      "two signatures by one agent",
      { ...base, signatures: [sig("a"), sig("b"), { ...sig("A") }] },
      "signatures[2].agent_id",
      "duplicate_signer",
    ],
    ["a wrong hash", { ...base, hash: hex("0") }, "hash", "hash_mismatch"],
    ["a malformed hash", { ...base, hash: "abc" }, "hash", "bad_hex"],
    [
      "an agent_id other than the first signer",
      { ...base, signatures: [sig("a")], agent_id: hex("b") },
      "agent_id",
      "agent_mismatch",
    ],
    ["a non-string agent_id", { ...base, agent_id: 7 }, "agent_id", "wrong_type"],
    ["an assertion over 64 KiB as JSON", { ...base, value: "\u0001".repeat(16 * 1024) }, "", "too_large"],
  ];
  for (const [what, input, field, reason] of rejected) {
    it(`${what} (${field || "body"}: ${reason})`, () => {
      assert.throws(
        () => normalize(input),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
          assert.deepEqual([error.field, error.reason], [field, reason], error.message);
          assert.doesNotMatch(error.message, /\.$/);
          return true;
        },
      );
    });
  }

  it("with messages that say what is wrong and what to do", () => {
    const message = (input: unknown) => {
      try {
        normalize(input);
      } catch (error) {
        if (error instanceof ValidationError) return error.message;
      }
      return "";
    };
    assert.equal(message({ ...base, confidence: 1.5 }), "confidence must be a number from 0 to 1, got 1.5");
    assert.equal(
      message({ ...base, subject: "x" }),
      "subject is another name for concept_path: send only one of them",
    );
    assert.match(
      message({ ...base, colour: "red" }),
      /^colour is not an assertion field: use only concept_path, .*subject/,
    );
    assert.equal(
      message({ ...base, hash: hex("0") }),
      `hash does not match the content: computed ${baseHash}, got ${hex("0")}; ` +
        "check the fields you hashed against spec/model.md §Content hash, or omit hash",
    );
  });

  it("a nowMs that is not integer milliseconds, as a RangeError (a caller bug)", () => {
    assert.throws(() => normalizeAssertion(base, { nowMs: 1.5 }), RangeError);
    assert.throws(() => normalizeAssertion(base, { nowMs: -1 }), RangeError);
  });
});
