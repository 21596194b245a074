/** Assertions as the store holds them, for the tests of its codecs and readers. */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Assertion, Signature } from "../model/index.ts";
import { hex32, hex64, model } from "../model/test-arbitraries.ts";
import { encodeBody } from "./assertion-codec.ts";

const signature: fc.Arbitrary<Signature> = fc
  .record({ agentId: hex32, signature: hex64, timestampMs: fc.integer({ min: 0, max: 2 ** 42 }) })
  .map((s) => ({ ...s })); // fast-check's records have no prototype; decoded ones do

/** Any assertion the store may hold: every field, optional or not, every kind of agent. */
export const storedAssertion: fc.Arbitrary<Assertion> = fc
  .record({
    m: model,
    hash: hex32,
    agentId: fc.oneof(hex32, fc.constantFrom("anonymous", "ci-bot"), fc.string({ unit: "grapheme" })),
    signatures: fc.array(signature, { maxLength: 3 }),
  })
  .map(({ m, hash, agentId, signatures }) => {
    const a: Record<string, unknown> = {
      hash,
      conceptPath: m.conceptPath,
      predicate: m.predicate,
      // msgpack has one zero: -0 is stored as 0 by any encoder.
      value:
        m.value.type === "number" && Object.is(m.value.value, -0) ? { type: "number", value: 0 } : m.value,
      confidence: m.confidence === 0 ? 0 : m.confidence,
      authorityTier: m.authorityTier ?? 3,
      lifecycle: m.lifecycle ?? "proposed",
      timestampMs: m.timestampMs,
      agentId,
      signatures,
    };
    if (m.source !== undefined) a["source"] = { ...m.source };
    if (m.epoch !== undefined) a["epoch"] = m.epoch;
    if (m.parent !== undefined) a["parent"] = m.parent;
    return a as unknown as Assertion;
  });

/** A stored body with its confidence (a float64 after the value) written as a float32 instead. */
export function withFloat32Confidence(a: Assertion): Buffer {
  const bytes = encodeBody(a);
  const float64 = Buffer.alloc(9);
  float64[0] = 0xcb;
  float64.writeDoubleBE(a.confidence, 1);
  const at = bytes.indexOf(float64);
  assert.ok(at > 0, "the confidence is stored as a float64");
  const float32 = Buffer.alloc(5);
  float32[0] = 0xca;
  float32.writeFloatBE(a.confidence, 1);
  return Buffer.concat([bytes.subarray(0, at), float32, bytes.subarray(at + 9)]);
}
