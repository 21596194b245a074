import assert from "node:assert/strict";
import { test } from "node:test";
import { runIngestBench } from "./run.ts";

// Keeps the benchmark harness working; the numbers of a quick run mean nothing.
test("the ingest benchmark's quick mode runs every row and prints the tables", async () => {
  const report = await runIngestBench({ quick: true, write: false });
  for (const heading of [
    "## Durable appends",
    "## Batched appends",
    "## Rebuild of the store",
    "## Bytes on disk",
  ]) {
    assert.ok(report.includes(heading), `the report has "${heading}"`);
  }
  assert.match(report, /\|\s+unsigned\s+\|\s+1,024 \|/);
});
