import assert from "node:assert/strict";
import { test } from "node:test";
import { timelineStops } from "./time-travel.ts";

test("the slider stops at each distinct claim time, oldest first, and at a shared as_of too", () => {
  const a = "2026-01-01T00:00:00.000Z";
  const b = "2026-01-02T00:00:00.000Z";
  assert.deepEqual(timelineStops([b, a, b], undefined), [a, b]);
  assert.deepEqual(timelineStops([b, a], "2026-01-01T12:00:00Z"), [a, "2026-01-01T12:00:00.000Z", b]);
  assert.deepEqual(timelineStops([a], a), [a]);
  assert.deepEqual(timelineStops([], undefined), []);
});
