import assert from "node:assert/strict";
import { test } from "node:test";
import { runShieldBench } from "./run.ts";

// Keeps the Shield benchmark working end to end (servers of both settings, the API key, the load
// generator process, the in-process timing, the report); the numbers of a quick run mean nothing,
// so only their presence is checked, never the overhead target.
test(
  "the Shield benchmark's quick mode runs every workload with the Shield off and on",
  { timeout: 120_000 },
  async () => {
    const report = await runShieldBench({ quick: true, write: false });
    for (const heading of [
      "# StemeDB Shield overhead benchmark",
      "## Overhead",
      "## Shield steps in process",
      "## Every run",
      "## How to read this",
    ]) {
      assert.ok(report.includes(heading), `the report has "${heading}"`);
    }

    const rowsOf = (prefix: string): string[][] =>
      report
        .split("\n")
        .filter((line) => line.startsWith(`| ${prefix}`))
        .map((line) =>
          line
            .split("|")
            .slice(1, -1)
            .map((cell) => cell.trim()),
        );
    const positive = (cell: string | undefined, what: string): void => {
      const n = Number((cell ?? "").replaceAll(",", "").split(" ")[0]);
      assert.ok(n > 0, `${what} is a positive number, got "${cell ?? ""}"`);
    };
    const workloads = [
      "`POST /v1/assert`, one claim",
      "`POST /v1/assert/batch` × 1,000",
      "load: `POST /v1/assert/batch` × 5,000",
      "`POST /v1/query`, recency, one pair",
    ];
    for (const workload of workloads) {
      const overhead = rowsOf(workload).find((cells) => /\/s\)$/.test(cells[0] ?? ""));
      assert.ok(overhead !== undefined, `the overhead table has a row for ${workload}`);
      positive(overhead[2], `${workload}: the rate with the Shield off`);
      positive(overhead[3], `${workload}: the rate with the Shield on`);
      for (const [i, what] of [
        [5, "p50"],
        [6, "p99"],
        [7, "server CPU per item"],
      ] as const) {
        for (const side of (overhead[i] ?? "").split(" → ")) positive(side, `${workload}: ${what}`);
      }

      const runs = rowsOf(workload).filter((cells) => cells[1] === "off" || cells[1] === "on");
      assert.deepEqual(
        runs.map((cells) => cells[1]),
        ["off", "on"],
        `every run lists ${workload} once off and once on`,
      );
      for (const cells of runs) {
        positive(cells[5], `${workload}, Shield ${cells[1] ?? ""}: items/s`);
        assert.equal(cells[8], "0", `${workload}, Shield ${cells[1] ?? ""}: no errors`);
        assert.equal(cells[9], "0", `${workload}, Shield ${cells[1] ?? ""}: nothing held in quarantine`);
      }
    }

    for (const step of [
      "authenticate",
      "limitRate",
      "costOf + checkQuota",
      "screen + settle (content defense)",
      "· screen + settle, values stated before",
      "· minHash",
    ]) {
      const row = report.split("\n").find((line) => line.startsWith(`| ${step}`));
      assert.ok(row !== undefined, `the steps table has ${step}`);
      positive(row.split("|").at(-2)?.trim(), `${step}: µs on`);
    }
  },
);
