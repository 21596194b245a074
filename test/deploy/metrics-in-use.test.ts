import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import {
  asArray,
  asRecord,
  asString,
  deploymentPath,
  parseYamlFile,
  readDeploymentFile,
} from "./deployment-files.ts";
import { exposedMetricNames, metricNamesIn } from "./metric-names.ts";

/** Metrics the rules and dashboard may read before this server exports them: none now. */
const UPCOMING: readonly string[] = [];
// Exported in cluster mode only (STEMEDB_CLUSTER_NATS_URLS set): the single node started here has none.
const CLUSTER_ONLY = ["replication_lag_seconds"];
// Prometheus's own series for every target.
const PROMETHEUS = ["up"];

interface Query {
  readonly where: string;
  readonly expr: string;
}

function alertQueries(): Query[] {
  const file = asRecord(parseYamlFile(deploymentPath("prometheus/stemedb-alerts.yml")), "the rules file");
  return asArray(file["groups"], "groups").flatMap((group) =>
    asArray(asRecord(group, "a group")["rules"], "rules").map((value) => {
      const rule = asRecord(value, "a rule");
      return { where: `alert ${asString(rule["alert"], "alert")}`, expr: asString(rule["expr"], "expr") };
    }),
  );
}

interface Panel {
  readonly title?: string;
  readonly type?: string;
  readonly targets?: readonly { readonly expr?: string }[];
}

function dashboardPanels(): Panel[] {
  const dashboard = JSON.parse(readDeploymentFile("grafana/stemedb-dashboard.json")) as { panels: Panel[] };
  return dashboard.panels.filter((panel) => panel.type !== "row");
}

describe("metric names in the alert rules and the dashboard", () => {
  it("exist in a live server's /metrics (or are the announced upcoming ones)", async (t) => {
    const data = tempDir("stemedb-metrics-");
    const server = await startServer({
      STEMEDB_WAL_DIR: join(data, "wal"),
      STEMEDB_DB_DIR: join(data, "db"),
      // Archiving on, so that its gauges are exported too.
      STEMEDB_WAL_ARCHIVE_DIR: join(data, "wal-archive"),
    });
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200, "the server serves /metrics");
    const known = new Set([
      ...exposedMetricNames(await response.text()),
      ...UPCOMING,
      ...CLUSTER_ONLY,
      ...PROMETHEUS,
    ]);
    await server.stop();
    assert.ok(known.has("stemedb_wal_fsync_latency_seconds_bucket"), "the scrape lists histogram buckets");

    const check = (queries: readonly Query[]): void => {
      for (const { where, expr } of queries) {
        const names = metricNamesIn(expr);
        assert.ok(names.length > 0, `${where} reads a metric: ${expr}`);
        for (const name of names)
          assert.ok(known.has(name), `${where} reads ${name}, which no server exports`);
      }
    };

    await t.test("in stemedb-alerts.yml", () => {
      check(alertQueries());
    });

    await t.test("in every panel of the Grafana dashboard", () => {
      const panels = dashboardPanels();
      assert.ok(panels.length >= 12, `the dashboard has its panels (${panels.length})`);
      for (const panel of panels) {
        const exprs = (panel.targets ?? []).map((target) => target.expr ?? "");
        assert.ok(exprs.length > 0, `panel "${panel.title ?? "?"}" has a query`);
        check(exprs.map((expr) => ({ where: `panel "${panel.title ?? "?"}"`, expr })));
      }
    });

    await t.test("in the dashboard's node variable", () => {
      const dashboard = JSON.parse(readDeploymentFile("grafana/stemedb-dashboard.json")) as {
        templating: { list: { name: string; definition?: string }[] };
      };
      for (const variable of dashboard.templating.list) {
        const metric = /label_values\(([A-Za-z_:][\w:]*)/.exec(variable.definition ?? "")?.[1];
        if (metric !== undefined) assert.ok(known.has(metric), `variable ${variable.name} reads ${metric}`);
      }
    });
  });
});
