import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRetryAfter } from "./retry-after.ts";

const NOW = Date.parse("2026-02-11T14:30:00Z");

test("parseRetryAfter reads delay-seconds and HTTP dates (RFC 9110 §10.2.3)", () => {
  const cases: [string | null | undefined, number | undefined][] = [
    ["0", 0],
    ["1", 1000],
    [" 120 ", 120_000],
    ["1.5", 1500],
    ["Wed, 11 Feb 2026 14:30:30 GMT", 30_000],
    ["Wednesday, 11-Feb-26 14:31:00 GMT", 60_000],
    ["Wed, 11 Feb 2026 14:29:00 GMT", 0],
    ["-1", undefined],
    ["12abc", undefined],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [header, expected] of cases) {
    assert.equal(parseRetryAfter(header, NOW), expected, `Retry-After: ${String(header)}`);
  }
});
