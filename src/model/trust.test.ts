import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { adjustTrust, NEUTRAL_TRUST, trustAt } from "./trust.ts";

const DAY = 86_400_000;

test("trust decays halfway back to neutral every 30 days, never before its time", () => {
  const cases: [number, number, number][] = [
    [0.9, 30 * DAY, 0.7],
    [0.9, 60 * DAY, 0.6],
    [0.1, 30 * DAY, 0.3],
    [0.9, 0, 0.9],
    [0.9, -5 * DAY, 0.9],
  ];
  for (const [score, age, expected] of cases)
    assert.ok(Math.abs(trustAt(score, 0, age) - expected) < 1e-12, `${score} after ${age / DAY} days`);
});

test("adjustments stay within 0..1 and move the decayed score", () => {
  assert.equal(adjustTrust(0.98, 0, 0.05, 0), 1);
  assert.equal(adjustTrust(0.05, 0, -0.1, 0), 0);
  assert.ok(Math.abs(adjustTrust(0.9, 0, 0.05, 30 * DAY) - 0.75) < 1e-12, "decayed to 0.7, then +0.05");
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.nat(),
      (s, d, t) => {
        const next = adjustTrust(s, 0, d, t);
        return next >= 0 && next <= 1 && Math.abs(trustAt(NEUTRAL_TRUST, 0, t) - NEUTRAL_TRUST) < 1e-12;
      },
    ),
  );
});
