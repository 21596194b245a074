import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { requireDebianTool } from "../support/debian-tool.ts";
import { asArray, asRecord, asString, deploymentPath, parseYamlFile } from "./deployment-files.ts";
import { describeRun, runTool } from "./run-tool.ts";

const DIR = deploymentPath("prometheus");

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
}

function alertRules(): Rule[] {
  const file = asRecord(parseYamlFile(deploymentPath("prometheus/stemedb-alerts.yml")), "the rules file");
  return asArray(file["groups"], "groups").flatMap((group) =>
    asArray(asRecord(group, "a group")["rules"], "a group's rules").map((value) => {
      const rule = asRecord(value, "a rule");
      return {
        alert: asString(rule["alert"], "alert"),
        expr: asString(rule["expr"], "expr").replace(/\s+/g, " ").trim(),
        ...(rule["for"] !== undefined ? { for: asString(rule["for"], "for") } : {}),
      };
    }),
  );
}

describe("Prometheus configuration and alert rules", () => {
  let promtool = "";

  before(async () => {
    promtool = await requireDebianTool("promtool", "prometheus");
  });

  it("promtool check rules accepts stemedb-alerts.yml", async () => {
    const result = await runTool(promtool, ["check", "rules", "stemedb-alerts.yml"], { cwd: DIR });
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /SUCCESS/, describeRun(result));
  });

  it("promtool check config accepts prometheus.yml and finds the rules beside it", async () => {
    const result = await runTool(promtool, ["check", "config", "prometheus.yml"], { cwd: DIR });
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /SUCCESS: 1 rule files found/, describeRun(result));
  });

  it("promtool test rules passes the unit tests of StemeDBDown and StemeDBRestartLoop", async () => {
    const result = await runTool(promtool, ["test", "rules", "stemedb-alerts.test.yml"], { cwd: DIR });
    assert.equal(result.code, 0, describeRun(result));
    const tests = readTestedAlerts();
    for (const alert of ["StemeDBDown", "StemeDBRestartLoop"])
      assert.ok(tests.has(alert), `stemedb-alerts.test.yml tests ${alert}`);
  });

  it("has the seeds' two alerts word for word", () => {
    const rules = new Map(alertRules().map((rule) => [rule.alert, rule]));
    assert.deepEqual(rules.get("StemeDBDown"), {
      alert: "StemeDBDown",
      expr: 'up{job="stemedb"} == 0',
      for: "1m",
    });
    assert.equal(rules.get("StemeDBRestartLoop")?.expr, "rate(stemedb_restarts_total[5m]) > 2");
  });

  it("alerts on the seeds' targets: query p99 over 200 ms, WAL fsync p99 over 10 ms", () => {
    const exprs = alertRules().map((rule) => rule.expr);
    assert.ok(
      exprs.includes('stemedb_query_latency_seconds{quantile="0.99"} > 0.2'),
      "the query latency summary's 0.99 quantile is compared with 200 ms",
    );
    // stemedb_wal_fsync_latency_seconds is a histogram (src/ops/metrics.ts): quantiles come from buckets.
    assert.ok(
      exprs.some((e) =>
        /histogram_quantile\(0\.99, .*stemedb_wal_fsync_latency_seconds_bucket.*\) > 0\.01$/.test(e),
      ),
      "the fsync histogram's p99 is compared with 10 ms",
    );
  });

  it("alerts on the backlog, breakers, rejections, memory, archiving and a full disk", () => {
    const exprs = alertRules()
      .map((rule) => rule.expr)
      .join("\n");
    for (const metric of [
      "stemedb_quarantine_pending",
      "stemedb_circuit_breaker_state",
      "stemedb_requests_rejected_total",
      "process_resident_memory_bytes",
      "stemedb_wal_archive_pending_segments",
      "stemedb_wal_archive_last_success_timestamp_seconds",
      "stemedb_storage_writable",
    ])
      assert.ok(exprs.includes(metric), `an alert reads ${metric}`);
  });

  it("scrapes the three nodes on the API port as job stemedb", () => {
    const config = asRecord(parseYamlFile(deploymentPath("prometheus/prometheus.yml")), "prometheus.yml");
    const jobs = asArray(config["scrape_configs"], "scrape_configs").map((j) =>
      asRecord(j, "a scrape config"),
    );
    const job = jobs.find((j) => j["job_name"] === "stemedb");
    assert.ok(job !== undefined, "a scrape job is named stemedb");
    const targets = asArray(job["static_configs"], "static_configs").flatMap((c) =>
      asArray(asRecord(c, "a static config")["targets"], "targets"),
    );
    assert.deepEqual(targets, ["10.0.1.51:18180", "10.0.1.52:18180", "10.0.1.53:18180"]);
  });
});

/** The alert names stemedb-alerts.test.yml has test cases for. */
function readTestedAlerts(): Set<string> {
  const file = asRecord(parseYamlFile(deploymentPath("prometheus/stemedb-alerts.test.yml")), "the test file");
  return new Set(
    asArray(file["tests"], "tests").flatMap((test) =>
      asArray(asRecord(test, "a test")["alert_rule_test"], "alert_rule_test").map((c) =>
        asString(asRecord(c, "an alert test")["alertname"], "alertname"),
      ),
    ),
  );
}
