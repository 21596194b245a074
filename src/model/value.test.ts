import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Value } from "./assertion.ts";
import { TEXT_MAX_BYTES, parseValue } from "./value.ts";

describe("parseValue", () => {
  const accepted: readonly [string, unknown, Value][] = [
    ["a bare string as text", "RS256", { type: "text", value: "RS256" }],
    ["an empty string", "", { type: "text", value: "" }],
    ["text with newlines and tabs", "a\n\tb", { type: "text", value: "a\n\tb" }],
    ["text as sent, not NFC", "e\u0301", { type: "text", value: "e\u0301" }],
    ["a bare number", 1.15, { type: "number", value: 1.15 }],
    ["-0 as 0", -0, { type: "number", value: 0 }],
    ["a bare boolean", false, { type: "boolean", value: false }],
    ["tagged text", { type: "text", value: "x" }, { type: "text", value: "x" }],
    ["tagged Number", { type: "Number", value: 96.7 }, { type: "number", value: 96.7 }],
    ["tagged BOOLEAN", { type: "BOOLEAN", value: true }, { type: "boolean", value: true }],
    ["tagged reference", { type: "reference", value: "a/b" }, { type: "reference", value: "a/b" }],
    ["external Number", { Number: 1.15 }, { type: "number", value: 1.15 }],
    ["external Text", { Text: "x" }, { type: "text", value: "x" }],
    ["external Boolean", { Boolean: false }, { type: "boolean", value: false }],
    ["external Reference", { Reference: "code://a/b" }, { type: "reference", value: "code://a/b" }],
    ["external lowercase", { number: 2 }, { type: "number", value: 2 }],
    ["a reference, NFC", { Reference: "cafe\u0301" }, { type: "reference", value: "caf\u00e9" }],
    ["text at the limit", "x".repeat(TEXT_MAX_BYTES), { type: "text", value: "x".repeat(TEXT_MAX_BYTES) }],
  ];
  for (const [name, input, expected] of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(parseValue(input, "value"), expected);
    });
  }

  it("keeps -0 out of the stored value", () => {
    assert.equal(Object.is(parseValue(-0, "value").value, 0), true);
  });

  const rejected: readonly [string, unknown, string, string][] = [
    ["null", null, "value", "wrong_type"],
    ["an array", [1], "value", "wrong_type"],
    ["an empty object", {}, "value", "wrong_type"],
    ["an object of another shape", { foo: 1 }, "value", "wrong_type"],
    ["two external tags", { Number: 1, Text: "x" }, "value", "wrong_type"],
    ["value without type", { value: 1 }, "value", "wrong_type"],
    ["an unknown type", { type: "date", value: "x" }, "value.type", "unknown_value"],
    ["a non-string type", { type: 1, value: "x" }, "value.type", "wrong_type"],
    ["an extra tagged member", { type: "text", value: "x", unit: "kg" }, "value.unit", "unknown_field"],
    ["a missing tagged value", { type: "text" }, "value.value", "wrong_type"],
    ["a type mismatch", { type: "number", value: "1" }, "value.value", "wrong_type"],
    ["an external mismatch", { Boolean: "true" }, "value.Boolean", "wrong_type"],
    ["external null", { Number: null }, "value.Number", "wrong_type"],
    ["NaN", NaN, "value", "out_of_range"],
    ["tagged Infinity", { type: "number", value: Infinity }, "value.value", "out_of_range"],
    ["text over 16 KiB", "é".repeat(TEXT_MAX_BYTES / 2 + 1), "value", "too_long"],
    ["a lone surrogate", "a\ud800b", "value", "bad_unicode"],
    ["a bad reference", { Reference: "a//b" }, "value.Reference", "bad_path"],
    ["a non-string reference", { type: "reference", value: 1 }, "value.value", "wrong_type"],
    ["a bigint", 1n, "value", "wrong_type"],
  ];
  for (const [name, input, field, reason] of rejected) {
    it(`rejects ${name} (${field}, ${reason})`, () => {
      assert.throws(() => parseValue(input, "value"), { name: "ValidationError", field, reason });
    });
  }
});
