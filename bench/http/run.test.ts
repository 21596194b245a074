import assert from "node:assert/strict";
import { test } from "node:test";
import { runHttpBench } from "./run.ts";

// Keeps the benchmark harness working end to end (server, load generator process, report); the
// numbers of a quick run mean nothing. Quick mode must stay under 40 s.
test(
  "the HTTP benchmark's quick mode runs every row and prints the tables",
  { timeout: 60_000 },
  async () => {
    const began = Date.now();
    const report = await runHttpBench({ quick: true, write: false });
    for (const heading of [
      "# StemeDB HTTP benchmark",
      "## Single assertions",
      "## Batched assertions",
      "## Queries",
      "## How to read this",
    ]) {
      assert.ok(report.includes(heading), `the report has "${heading}"`);
    }
    assert.match(report, /\|\s+signed\s+\|\s+256 \|/, "the report has the signed row at concurrency 256");
    assert.match(
      report,
      /\|\s+cold \(all 10,000\)\s+\|\s+consensus\s+\|/,
      "the report has the cold consensus row",
    );
    const seconds = (Date.now() - began) / 1000;
    assert.ok(seconds < 40, `the quick run took ${seconds.toFixed(1)} s, over the 40 s it is allowed`);
  },
);
