import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MAX_TIMESTAMP_MS, formatTimestamp, parseTimestamp } from "./timestamp.ts";

describe("parseTimestamp", () => {
  const accepted: readonly [unknown, number][] = [
    ["2026-02-11T14:30:00Z", 1770820200000],
    ["2026-02-11t14:30:00z", 1770820200000],
    ["2026-02-11T14:30:00.000Z", 1770820200000],
    ["2026-02-11T14:30:00.5Z", 1770820200500],
    ["2026-02-11T14:30:00.123999999Z", 1770820200123], // truncated, not rounded
    ["2026-02-11T20:00:00+05:30", 1770820200000],
    ["2026-02-11T09:30:00-05:00", 1770820200000],
    ["2026-02-11T14:30:00-00:00", 1770820200000],
    ["1970-01-01T00:00:00Z", 0],
    ["1970-01-01T01:00:00+01:00", 0],
    ["9999-12-31T23:59:59.999Z", MAX_TIMESTAMP_MS],
    ["2024-02-29T00:00:00Z", 1709164800000], // leap year
    ["2000-02-29T00:00:00Z", 951782400000], // divisible by 400
    [1706745600, 1706745600000],
    [1706745600.5, 1706745600500],
    [1706745600.0004, 1706745600000],
    [1706745600.0006, 1706745600001],
    [0, 0],
    [1.7e9, 1700000000000],
  ];
  for (const [input, ms] of accepted) {
    it(`reads ${JSON.stringify(input)} as ${ms}`, () => {
      assert.equal(parseTimestamp(input, "timestamp"), ms);
    });
  }

  const rejected: readonly [unknown, string][] = [
    ["2026-02-30T00:00:00Z", "out_of_range"], // no Feb 30
    ["2025-02-29T00:00:00Z", "out_of_range"], // not a leap year
    ["1900-02-29T00:00:00Z", "out_of_range"], // divisible by 100, not 400
    ["2026-04-31T00:00:00Z", "out_of_range"],
    ["2026-13-01T00:00:00Z", "out_of_range"],
    ["2026-00-01T00:00:00Z", "out_of_range"],
    ["2026-01-00T00:00:00Z", "out_of_range"],
    ["2026-01-01T24:00:00Z", "out_of_range"],
    ["2026-01-01T00:60:00Z", "out_of_range"],
    ["2026-01-01T23:59:60Z", "out_of_range"], // leap second: Unix time has none
    ["2026-01-01T00:00:00+24:00", "out_of_range"],
    ["2026-01-01T00:00:00+01:60", "out_of_range"],
    ["1969-12-31T23:59:59.999Z", "out_of_range"],
    ["1970-01-01T00:30:00+01:00", "out_of_range"],
    ["0075-01-01T00:00:00Z", "out_of_range"], // Date.UTC would read 1975
    ["2026-02-11T14:30:00", "bad_format"], // no offset
    ["2026-02-11 14:30:00Z", "bad_format"],
    ["2026-02-11T14:30Z", "bad_format"],
    ["2026-2-11T14:30:00Z", "bad_format"],
    ["2026-02-11T14:30:00.Z", "bad_format"],
    ["2026-02-11T14:30:00+0530", "bad_format"],
    ["2026-02-11", "bad_format"],
    ["1706745600", "bad_format"], // seconds as text: send a number
    [" 2026-02-11T14:30:00Z", "bad_format"],
    ["", "bad_format"],
    [-1, "out_of_range"],
    [253402300800, "out_of_range"],
    [NaN, "out_of_range"],
    [Infinity, "out_of_range"],
    [null, "wrong_type"],
    [true, "wrong_type"],
    [{}, "wrong_type"],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${JSON.stringify(input)} (${reason})`, () => {
      assert.throws(() => parseTimestamp(input, "signatures[0].timestamp"), {
        field: "signatures[0].timestamp",
        reason,
      });
    });
  }

  it("agrees with Date for any RFC 3339 time in range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TIMESTAMP_MS }), (ms) => {
        assert.equal(parseTimestamp(new Date(ms).toISOString(), "t"), ms);
        assert.equal(parseTimestamp(ms / 1000, "t"), ms);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatTimestamp", () => {
  it("prints RFC 3339 UTC with milliseconds", () => {
    assert.equal(formatTimestamp(1770820200000), "2026-02-11T14:30:00.000Z");
    assert.equal(formatTimestamp(0), "1970-01-01T00:00:00.000Z");
    assert.equal(formatTimestamp(MAX_TIMESTAMP_MS), "9999-12-31T23:59:59.999Z");
  });

  it("prints what toISOString prints for every stored instant, day boundaries included", () => {
    const DAY = 86_400_000;
    const instant = fc.oneof(
      fc.integer({ min: 0, max: MAX_TIMESTAMP_MS }),
      fc
        .tuple(
          fc.integer({ min: 1, max: Math.floor(MAX_TIMESTAMP_MS / DAY) }),
          fc.integer({ min: -2, max: 1 }),
        )
        .map(([day, offset]) => day * DAY + offset),
    );
    fc.assert(
      fc.property(instant, (ms) => {
        assert.equal(formatTimestamp(ms), new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("throws RangeError outside the stored range or for fractions", () => {
    assert.throws(() => formatTimestamp(-1), RangeError);
    assert.throws(() => formatTimestamp(MAX_TIMESTAMP_MS + 1), RangeError);
    assert.throws(() => formatTimestamp(0.5), RangeError);
  });
});
