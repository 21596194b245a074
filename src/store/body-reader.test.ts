import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Assertion, Signature } from "../model/index.ts";
import { hex32, hex64, model } from "../model/test-arbitraries.ts";
import { decodeBody, decodeLogAssertion, encodeBody, encodeLogAssertion } from "./assertion-codec.ts";
import { readBody, readLogAssertion } from "./body-reader.ts";

const signature: fc.Arbitrary<Signature> = fc
  .record({ agentId: hex32, signature: hex64, timestampMs: fc.integer({ min: 0, max: 2 ** 42 }) })
  .map((s) => ({ ...s })); // fast-check's records have no prototype; decoded ones do

/** Any assertion the store may hold: every field, optional or not, every kind of agent. */
const assertion: fc.Arbitrary<Assertion> = fc
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

const identityOf = (a: Assertion) => ({
  hash: a.hash,
  conceptPath: a.conceptPath,
  predicate: a.predicate,
  timestampMs: a.timestampMs,
});

test("the reader gives back every stored body as it was written", () => {
  fc.assert(
    fc.property(assertion, (a) => {
      assert.deepStrictEqual(readBody(identityOf(a), encodeBody(a)), a);
    }),
    { numRuns: 3_000 },
  );
});

test("the reader gives back every WAL payload, and its body's bytes are the stored body", () => {
  fc.assert(
    fc.property(assertion, (a) => {
      const { payload, body } = encodeLogAssertion(a);
      const read = readLogAssertion(payload, 1);
      assert.ok(read !== undefined);
      assert.deepStrictEqual(read.assertion, a);
      assert.deepEqual(payload.subarray(read.bodyStart), body);
      assert.deepEqual(decodeLogAssertion(payload).body, encodeBody(a));
    }),
    { numRuns: 2_000 },
  );
});

/** A stored body with its confidence (a float64 after the value) written as a float32 instead. */
function withFloat32Confidence(a: Assertion): Buffer {
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

test("a form the reader does not read is decoded by msgpackr, and damage is still an error", () => {
  const a = {
    hash: "ab".repeat(32),
    conceptPath: "drug/aspirin",
    predicate: "max_dose_mg",
    value: { type: "number", value: 4000 },
    confidence: 0.5,
    authorityTier: 1,
    lifecycle: "approved",
    timestampMs: 1_700_000_000_000,
    agentId: "cd".repeat(32),
    signatures: [],
  } as Assertion;
  const float32 = withFloat32Confidence(a);
  assert.equal(readBody(identityOf(a), float32), undefined);
  assert.deepStrictEqual(decodeBody(identityOf(a), float32), a);

  const whole = encodeBody(a);
  assert.equal(readBody(identityOf(a), whole.subarray(0, whole.length - 3)), undefined);
  assert.throws(() => decodeBody(identityOf(a), whole.subarray(0, whole.length - 3)));
  assert.equal(readBody(identityOf(a), Buffer.concat([whole, Buffer.from([0])])), undefined);

  const payload = encodeLogAssertion(a).payload;
  const otherFormat = Buffer.from(payload);
  otherFormat[1] = 2;
  assert.equal(readLogAssertion(otherFormat, 1), undefined);
  assert.throws(() => decodeLogAssertion(otherFormat), /format 2 is unknown/);
});
