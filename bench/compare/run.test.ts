import assert from "node:assert/strict";
import { test } from "node:test";
import { ROW_IDS, SYSTEMS, SYSTEM_NAMES, rowSpecs } from "./rows.ts";
import { runComparison } from "./run.ts";

// Keeps the comparison harness working end to end (workers, servers, crashes, report, chart);
// the numbers of a quick run mean nothing. Quick mode must stay well under a minute.
test("the comparison's quick mode measures every row on every system", { timeout: 180_000 }, async () => {
  const { markdown, svg, results, plan } = await runComparison({ quick: true, write: false });

  for (const row of ROW_IDS) {
    for (const system of SYSTEMS) {
      const figures = results.get(row)?.[system];
      assert.ok(figures !== undefined, `${row} has figures for ${system}`);
      for (const [name, value] of Object.entries(figures)) {
        assert.ok(Number.isFinite(value) && value > 0, `${row} ${system} ${name} is ${value}`);
      }
      assert.ok(figures.p50Ms <= figures.p99Ms, `${row} ${system}: p50 ≤ p99`);
    }
  }

  for (const heading of [
    "## Throughput and StemeDB's ratios",
    "## Latency (ms): p50 / p99",
    "## Peak memory / bytes on disk",
  ]) {
    assert.ok(markdown.includes(heading), `the report has "${heading}"`);
  }
  for (const system of SYSTEMS)
    assert.ok(markdown.includes(SYSTEM_NAMES[system]), `the report names ${system}`);
  for (const row of rowSpecs(plan)) {
    // The row in each of the three tables, with a number in every system's cell and no gap.
    const lines = markdown.split("\n").filter((line) => line.startsWith(`| ${row.label} `));
    assert.equal(lines.length, 3, `"${row.label}" is in the three tables`);
    for (const line of lines) assert.ok(!line.includes("n/a"), `a figure is missing: ${line}`);
  }
  assert.match(markdown, /Targets: \d+ of \d+ met/);
  assert.match(markdown, /plans of the lens queries/);

  assertWellFormedSvg(svg);
  assert.equal(
    (svg.match(/<rect /g) ?? []).length,
    1 + 3 + ROW_IDS.length * 4,
    "the background, the legend and a bar per ratio",
  );
});

/** Every tag closed in order, every `&` an entity, one root `svg` element. */
function assertWellFormedSvg(svg: string): void {
  assert.match(svg.trimStart(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|apos);)/, "no bare &");
  const open: string[] = [];
  let roots = 0;
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^<>]*?(\/?)>/g)) {
    if (name === undefined) continue;
    if (closing === "/") {
      assert.equal(open.pop(), name, `</${name}> closes the last open tag`);
    } else if (selfClosing !== "/") {
      if (open.length === 0) roots++;
      open.push(name);
    }
  }
  assert.deepEqual(open, [], "every tag is closed");
  assert.equal(roots, 1, "one root element");
  assert.doesNotMatch(svg.replace(/<[^<>]*>/g, ""), /[<>]/, "no stray angle brackets in text");
}
