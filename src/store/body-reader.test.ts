import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Assertion } from "../model/index.ts";
import { decodeBody, decodeLogAssertion, encodeBody, encodeLogAssertion } from "./assertion-codec.ts";
import { readBody, readLogAssertion } from "./body-reader.ts";
import { storedAssertion as assertion, withFloat32Confidence } from "./test-assertions.ts";

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
