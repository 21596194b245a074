import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AssertionContent } from "./assertion.ts";
import { blake3Hex, canonicalBytes, canonicalJson, contentHash, contentObject } from "./content-hash.ts";

const content: AssertionContent = {
  conceptPath: "test/dr_validation",
  predicate: "restored",
  value: { type: "boolean", value: true },
  confidence: 1,
  authorityTier: 3,
  lifecycle: "proposed",
  timestampMs: 1770820200000,
};

describe("content hash", () => {
  it("builds the content object of spec/model.md, with optional members only where present", () => {
    assert.deepEqual(contentObject(content), {
      v: 1,
      concept_path: "test/dr_validation",
      predicate: "restored",
      value: { type: "boolean", value: true },
      confidence: 1,
      authority_tier: "expert",
      timestamp_ms: 1770820200000,
    });
    assert.deepEqual(
      contentObject({
        ...content,
        lifecycle: "approved",
        source: { uri: "u" },
        epoch: "a".repeat(64),
        parent: "b".repeat(64),
      }),
      {
        v: 1,
        concept_path: "test/dr_validation",
        predicate: "restored",
        value: { type: "boolean", value: true },
        confidence: 1,
        authority_tier: "expert",
        timestamp_ms: 1770820200000,
        source: { uri: "u" },
        lifecycle: "approved",
        epoch: "a".repeat(64),
        parent: "b".repeat(64),
      },
    );
  });

  it("hashes the canonical bytes with BLAKE3-256 (spec vector 1)", () => {
    const canonical =
      '{"authority_tier":"expert","concept_path":"test/dr_validation","confidence":1,"predicate":"restored",' +
      '"timestamp_ms":1770820200000,"v":1,"value":{"type":"boolean","value":true}}';
    assert.equal(canonicalJson(content), canonical);
    assert.deepEqual(canonicalBytes(content), new TextEncoder().encode(canonical));
    assert.equal(contentHash(content), "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87");
    assert.equal(blake3Hex(canonicalBytes(content)), contentHash(content));
  });

  it("computes BLAKE3 test values, reusing one hasher across calls and sizes", () => {
    // BLAKE3 of the empty input, from the BLAKE3 reference test vectors.
    assert.equal(
      blake3Hex(new Uint8Array()),
      "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    );
    const big = { ...content, predicate: "p".repeat(20_000) }; // grows the scratch buffer
    const first = contentHash(big);
    assert.equal(contentHash(content), "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87");
    assert.equal(contentHash(big), first);
    assert.equal(blake3Hex(canonicalBytes(big)), first);
  });

  it("writes source members in sorted order (hash before uri)", () => {
    const both = canonicalJson({ ...content, source: { uri: "u", hash: "c".repeat(64) } });
    assert.match(both, /"source":\{"hash":"c{64}","uri":"u"\}/);
  });

  it("throws RangeError for content no parser would produce", () => {
    assert.throws(() => contentHash({ ...content, timestampMs: 1.5 }), RangeError);
    assert.throws(() => contentHash({ ...content, authorityTier: 7 as 0 }), RangeError);
    assert.throws(() => contentHash({ ...content, confidence: NaN }), TypeError);
  });
});
