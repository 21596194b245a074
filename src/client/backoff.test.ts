import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay } from "./backoff.ts";

test("backoffDelay: full jitter below min(cap, base × 2^attempt)", () => {
  const options = { baseMs: 200, capMs: 5_000 };
  const cases: [number, number][] = [
    [0, 200],
    [1, 400],
    [4, 3_200],
    [5, 5_000],
    [30, 5_000],
  ];
  for (const [attempt, ceiling] of cases) {
    assert.equal(backoffDelay(attempt, { ...options, random: () => 0 }), 0);
    assert.equal(backoffDelay(attempt, { ...options, random: () => 0.5 }), ceiling / 2);
    assert.ok(backoffDelay(attempt, { ...options, random: () => 0.999999 }) < ceiling);
  }
  assert.throws(() => backoffDelay(-1, options), RangeError);
});
