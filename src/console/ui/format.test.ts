import assert from "node:assert/strict";
import { test } from "node:test";
import {
  askedAbout,
  counted,
  formatConfidence,
  formatDuration,
  formatLatency,
  formatRate,
  formatShare,
  formatValue,
  shortId,
} from "./format.ts";

test("values print as a person reads them", () => {
  const cases: readonly [Parameters<typeof formatValue>[0], string][] = [
    [{ type: "number", value: 4000 }, "4000"],
    [{ type: "number", value: 1.15 }, "1.15"],
    [{ type: "boolean", value: false }, "false"],
    [{ type: "text", value: "RS256" }, "RS256"],
    [{ type: "reference", value: "drugs/acetylsalicylic_acid" }, "→ drugs/acetylsalicylic_acid"],
    [null, "—"],
  ];
  for (const [value, text] of cases) assert.equal(formatValue(value), text);
});

test("numbers print with the precision their meaning needs", () => {
  assert.equal(formatConfidence(0.9134), "0.913");
  assert.equal(formatConfidence(0.5), "0.5");
  assert.equal(formatConfidence(1), "1");
  assert.equal(formatConfidence(null), "—");
  assert.equal(formatShare(0.6667), "67%");
  assert.equal(formatShare(0), "0%");
  assert.equal(formatRate(0.25), "0.25/s");
  assert.equal(formatRate(12.345), "12.3/s");
  assert.equal(formatRate(1234.5), "1235/s");
  assert.equal(formatRate(undefined), "—");
  assert.equal(formatLatency(0.0042), "4.2 ms");
  assert.equal(formatLatency(0.00012), "0.12 ms");
  assert.equal(formatLatency(0.25), "250 ms");
  assert.equal(formatDuration(0), "0 s");
  assert.equal(formatDuration(59), "59 s");
  assert.equal(formatDuration(93_784), "1 d 2 h");
  assert.equal(formatDuration(3_605), "1 h 5 s");
  assert.equal(counted(1, "claim"), "1 claim");
  assert.equal(counted(1200, "claim"), "1,200 claims");
  assert.equal(counted(0, "pair"), "0 pairs");
});

test("64-hex ids are shortened, names are not; a query is named by what it asked", () => {
  assert.equal(shortId("ab".repeat(32)), "ab".repeat(5));
  assert.equal(shortId("ingest-bot"), "ingest-bot");
  assert.equal(
    askedAbout({ concept_path: "drugs/*", predicate: "max_daily_dose_mg" }),
    "drugs/* · max_daily_dose_mg",
  );
  assert.equal(askedAbout({ subject: "drugs/aspirin" }), "drugs/aspirin");
  assert.equal(askedAbout({}), "—");
});
