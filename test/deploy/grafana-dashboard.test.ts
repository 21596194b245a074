import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readDeploymentFile } from "./deployment-files.ts";

interface Datasource {
  readonly type?: string;
  readonly uid?: string;
}

interface Panel {
  readonly id?: number;
  readonly title?: string;
  readonly type?: string;
  readonly datasource?: Datasource;
  readonly gridPos?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets?: readonly {
    readonly expr?: string;
    readonly refId?: string;
    readonly datasource?: Datasource;
  }[];
}

interface Dashboard {
  readonly uid?: string;
  readonly title?: string;
  readonly schemaVersion?: number;
  readonly templating?: {
    readonly list: readonly { readonly name: string; readonly type: string; readonly query?: unknown }[];
  };
  readonly panels?: readonly Panel[];
}

function dashboard(): Dashboard {
  return JSON.parse(readDeploymentFile("grafana/stemedb-dashboard.json")) as Dashboard;
}

describe("grafana/stemedb-dashboard.json", () => {
  it("is a Grafana dashboard of schema 39 with a Prometheus data source variable", () => {
    const board = dashboard();
    assert.equal(board.schemaVersion, 39);
    assert.ok(board.uid !== undefined && board.title !== undefined, "the dashboard has a uid and a title");
    const variable = board.templating?.list.find((v) => v.type === "datasource");
    assert.deepEqual(variable && { name: variable.name, query: variable.query }, {
      name: "datasource",
      query: "prometheus",
    });
  });

  it("queries that data source from every panel, with unique ids inside the 24-column grid", () => {
    const panels = (dashboard().panels ?? []).filter((panel) => panel.type !== "row");
    const ids = new Set<number>();
    for (const panel of panels) {
      const name = `panel "${panel.title ?? "?"}"`;
      assert.deepEqual(
        panel.datasource,
        { type: "prometheus", uid: "${datasource}" },
        `${name} uses the variable`,
      );
      assert.ok(panel.id !== undefined && !ids.has(panel.id), `${name} has a unique id`);
      ids.add(panel.id);
      assert.ok(
        panel.gridPos !== undefined && panel.gridPos.x + panel.gridPos.w <= 24,
        `${name} fits the grid`,
      );
      for (const target of panel.targets ?? []) {
        assert.ok(
          (target.expr ?? "").trim() !== "",
          `${name} target ${target.refId ?? "?"} has an expression`,
        );
        assert.equal(
          target.datasource?.uid,
          "${datasource}",
          `${name} target ${target.refId ?? "?"} uses the variable`,
        );
      }
    }
  });

  it("has the panels the operations issue lists", () => {
    const exprs = (dashboard().panels ?? []).flatMap((panel) =>
      (panel.targets ?? []).map((t) => t.expr ?? ""),
    );
    const all = exprs.join("\n");
    for (const metric of [
      "stemedb_assertions_total",
      "stemedb_query_latency_seconds_count",
      'quantile="0.5"',
      'quantile="0.99"',
      "stemedb_wal_fsync_latency_seconds_bucket",
      "stemedb_wal_group_commit_records",
      "stemedb_stored_assertions",
      "stemedb_wal_segments",
      "stemedb_requests_rejected_total",
      "stemedb_quarantine_pending",
      "stemedb_circuit_breaker_state",
      "process_resident_memory_bytes",
      "stemedb_restarts_total",
      "stemedb_wal_archive_pending_segments",
    ])
      assert.ok(all.includes(metric), `a panel shows ${metric}`);
  });
});
