import { formatCount, formatFixed, markdownTable } from "../ingest/table.ts";
import type { LoopResult } from "./closed-loop.ts";
import type { ClusterBenchResults } from "./run.ts";

/** One measured load on one setup. */
export interface ClusterRow {
  readonly setup: string;
  readonly load: string;
  readonly result: LoopResult;
}

/** The report: one table of loads on both setups with the cluster's ratio, and the failover. */
export function formatClusterReport(r: ClusterBenchResults): string {
  const single = new Map(
    r.rows.filter((row) => row.setup.startsWith("1 node")).map((row) => [row.load, row]),
  );
  const rows = r.rows.map((row) => {
    const base = single.get(row.load);
    const ratio =
      base === undefined || base === row
        ? ""
        : `${formatFixed(row.result.itemsPerSecond / base.result.itemsPerSecond, 2)}×`;
    return [
      row.load,
      row.setup,
      formatCount(row.result.itemsPerSecond),
      formatFixed(row.result.p50Ms, 2),
      formatFixed(row.result.p99Ms, 2),
      formatCount(row.result.failures),
      ratio,
    ];
  });
  const f = r.failover;
  return [
    "# StemeDB cluster benchmark",
    `Machine: ${r.machine}`,
    ...(r.quick ? ["**Quick run** (`--quick`): short windows; a smoke test."] : []),
    "Every process on this one machine: the load generator, three nats-servers and three StemeDB nodes " +
      "(or one node with its local WAL) share its cores, so the cluster's figures are a floor, not what three " +
      `machines would give. Requests go round-robin over the nodes; ${formatFixed(r.windowSeconds, 1)} s measured after a warm-up.`,
    "## Throughput and latency",
    markdownTable(
      [
        { heading: "load" },
        { heading: "setup" },
        { heading: "items/s", align: "right" },
        { heading: "p50 ms", align: "right" },
        { heading: "p99 ms", align: "right" },
        { heading: "failed", align: "right" },
        { heading: "vs 1 node", align: "right" },
      ],
      rows,
    ),
    "## Failover: the stream's leader killed (SIGKILL) under 16 writing clients",
    markdownTable(
      [
        { heading: "killed" },
        { heading: "longest write outage", align: "right" },
        { heading: "acknowledged", align: "right" },
        { heading: "refused (503)", align: "right" },
        { heading: "acknowledged but lost", align: "right" },
      ],
      [
        [
          f.leader,
          `${formatCount(f.outageMs)} ms`,
          formatCount(f.acknowledged),
          formatCount(f.refused),
          formatCount(f.lost),
        ],
      ],
    ),
    "",
  ].join("\n\n");
}
