import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeAssertion } from "./normalize.ts";
import { assertionToJson } from "./wire.ts";

describe("assertionToJson", () => {
  it("prints the API's output shape", () => {
    const a = normalizeAssertion(
      {
        subject: "Tesla_Inc",
        predicate: "has_revenue",
        object: { Number: 96.7 },
        confidence: 0.95,
        source_class: "Clinical",
        source_hash: "A".repeat(64),
        lifecycle: "approved",
        timestamp: 1706745600.5,
        signatures: [{ agent_id: "d".repeat(64), signature: "e".repeat(128), timestamp: 1706745601 }],
      },
      { nowMs: 0 },
    );
    assert.deepEqual(assertionToJson(a), {
      hash: a.hash,
      concept_path: "Tesla_Inc",
      predicate: "has_revenue",
      value: { type: "number", value: 96.7 },
      confidence: 0.95,
      authority_tier: "clinical",
      source: { hash: "a".repeat(64) },
      lifecycle: "approved",
      timestamp: "2024-02-01T00:00:00.500Z",
      agent_id: "d".repeat(64),
      signatures: [
        { agent_id: "d".repeat(64), signature: "e".repeat(128), timestamp: "2024-02-01T00:00:01.000Z" },
      ],
    });
  });

  it("leaves out absent optional members", () => {
    const a = normalizeAssertion(
      { concept_path: "a", predicate: "p", value: 1, confidence: 1 },
      { nowMs: 0 },
    );
    assert.deepEqual(Object.keys(assertionToJson(a)), [
      "hash",
      "concept_path",
      "predicate",
      "value",
      "confidence",
      "authority_tier",
      "lifecycle",
      "timestamp",
      "agent_id",
      "signatures",
    ]);
  });
});
