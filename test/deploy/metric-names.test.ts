import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exposedMetricNames, metricNamesIn } from "./metric-names.ts";

describe("metricNamesIn", () => {
  const cases: readonly [expr: string, names: readonly string[]][] = [
    ['up{job="stemedb"} == 0', ["up"]],
    ["rate(stemedb_restarts_total[5m]) > 2", ["stemedb_restarts_total"]],
    [
      "histogram_quantile(0.99, sum by (job, instance, le) (rate(x_seconds_bucket[5m]))) > 0.01",
      ["x_seconds_bucket"],
    ],
    ['a_total{status=~"5.."} / ignoring (status) group_left b_total', ["a_total", "b_total"]],
    ["process_resident_memory_bytes > 3221225472 and 1e9 < c", ["process_resident_memory_bytes", "c"]],
    ["time() - last_success_timestamp_seconds > 2700", ["last_success_timestamp_seconds"]],
    ['increase(q{instance=~"$instance"}[$__rate_interval])', ["q"]],
    ['sum by (reason) (rate(r_total{job="stemedb", reason="a b"}[5m]))', ["r_total"]],
    ["rate (spaced_total [1m])", ["spaced_total"]],
  ];
  for (const [expr, names] of cases) {
    it(`reads ${JSON.stringify(names)} from ${expr}`, () => {
      assert.deepEqual(metricNamesIn(expr).sort(), [...names].sort());
    });
  }
});

describe("exposedMetricNames", () => {
  it("lists samples, declared families and the suffixes of histograms and summaries", () => {
    const names = exposedMetricNames(
      [
        "# HELP h_seconds help",
        "# TYPE h_seconds histogram",
        'h_seconds_bucket{le="0.1"} 1',
        "# TYPE s_seconds summary",
        "# TYPE labelled_total counter",
        "plain 3",
      ].join("\n"),
    );
    for (const name of [
      "h_seconds_bucket",
      "h_seconds_count",
      "s_seconds",
      "s_seconds_sum",
      "labelled_total",
      "plain",
    ])
      assert.ok(names.has(name), `${name} is exposed`);
    assert.ok(!names.has("HELP"), "comment words are not metric names");
  });
});
