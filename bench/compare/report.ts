/**
 * The comparison's markdown: the rates with StemeDB's ratios over each peer and the targets, then
 * the latencies, then memory and disk, then how it was measured.
 */
import { formatCount, markdownTable, type Column } from "../ingest/table.ts";
import type { ClaimShape } from "./claim-generator.ts";
import { DRUGS_PER_AREA, PAIRS_PER_DRUG } from "./claim-generator.ts";
import {
  SYSTEMS,
  SYSTEM_NAMES,
  rowSpecs,
  type Figures,
  type RowSpec,
  type RunPlan,
  type SystemId,
} from "./rows.ts";
import {
  P99_TARGET_MS,
  P99_TARGET_RECORDS,
  PEERS,
  STEMEDB_VARIANTS,
  checkTargets,
  ratio,
  type Results,
  type TargetCheck,
} from "./targets.ts";

export interface CompareReport {
  /** `machineLine()` from before the run. */
  readonly machine: string;
  readonly plan: RunPlan;
  readonly shape: ClaimShape;
  readonly results: Results;
  /** The SQL systems' plans of the lens queries, after the bulk load. */
  readonly plans: Partial<Record<SystemId, string>>;
  readonly elapsedSeconds: number;
}

const SHORT: Readonly<Record<SystemId, string>> = {
  stemedb: "in process",
  http: "HTTP",
  postgres: "PostgreSQL",
  sqlite: "SQLite",
};

/** Renders the report. */
export function formatReport(report: CompareReport): string {
  const { plan, results } = report;
  const rows = rowSpecs(plan);
  const checks = checkTargets(rows, results);
  const missed = checks.filter((c) => !c.met);
  const title = plan.quick
    ? "# StemeDB, PostgreSQL and SQLite compared (quick run: the numbers mean nothing)"
    : "# StemeDB, PostgreSQL and SQLite compared";
  return [
    title,
    "",
    `Machine: ${report.machine}.`,
    "",
    describeWorkload(report),
    "",
    "## Throughput and StemeDB's ratios",
    "",
    "Rates are per second; a time row (ms) is better when lower, and its ratio is the peer's time over StemeDB's, so above 1× StemeDB is ahead on every row.",
    "",
    rateTable(rows, results, checks),
    "",
    `Targets: ${checks.length - missed.length} of ${checks.length} met.${missed.length === 0 ? "" : ` Missed: ${missed.map(describeCheck).join("; ")}.`}`,
    ...(plan.records === P99_TARGET_RECORDS
      ? []
      : [
          "",
          `The p99 target is set at ${formatCount(P99_TARGET_RECORDS)} claims; this run had ${formatCount(plan.records)}.`,
        ]),
    "",
    "## Latency (ms): p50 / p99",
    "",
    figureTable(rows, results, (f) => `${formatMs(f.p50Ms)} / ${formatMs(f.p99Ms)}`),
    "",
    "## Peak memory / bytes on disk",
    "",
    "Peak resident memory of the system's processes during the row (PostgreSQL: summed over the postmaster and its backends); bytes the data directory or database files take on disk, WAL included, after the row.",
    "",
    figureTable(rows, results, (f) => `${formatBytes(f.peakRssBytes)} / ${formatBytes(f.diskBytes)}`),
    "",
    "## How it was measured",
    "",
    ...NOTES,
    "",
    ...Object.entries(report.plans).flatMap(([system, text]) => [
      `<details><summary>${SYSTEM_NAMES[system as SystemId]}: plans of the lens queries at ${formatCount(plan.records)} claims (every one uses the pair index; checked)</summary>`,
      "",
      "```",
      text,
      "```",
      "",
      "</details>",
      "",
    ]),
    `Run time: ${Math.round(report.elapsedSeconds)} s.`,
    "",
  ].join("\n");
}

function describeWorkload({ plan, shape }: CompareReport): string {
  const drugs = shape.pairs / PAIRS_PER_DRUG;
  const areas = Math.ceil(drugs / DRUGS_PER_AREA);
  return [
    `${formatCount(plan.records)} assertions over ${formatCount(shape.pairs)} (concept path, predicate) pairs: ${formatCount(drugs)} drugs × 5 concept paths × 4 predicates, in ${formatCount(areas)} therapeutic areas; prefix queries read one drug's subtree (20 pairs);`,
    "1,000 agents, every batch of 1,000 by one agent; all six tiers; text, number and boolean values; timestamps over two years; one pair in a hundred popular (a fifth of all claims).",
    `The first half is ingested by 1 client into an empty store, the second half by ${plan.ingestClients} clients at once into the same store. Single durable writes are a sample: ${formatCount(plan.singlesOneClient)} by 1 client, ${formatCount(plan.singlesManyClients)} by ${plan.singleClients} clients (one fsync-bound commit each, so a million would take hours).`,
    `Query rows run ${plan.queryMs / 1000} s each (hot rows after a ${plan.warmupMs / 1000} s warm-up; cold rows ask each pair once and stop when their slice of pairs runs out); the mixed row runs ${plan.mixedMs / 1000} s;`,
    `cold start is timed ${plan.coldStarts} time(s); recovery after ${plan.recoveryWriteMs / 1000} s of batched writes by ${plan.ingestClients} clients.`,
  ].join("\n");
}

function rateTable(rows: readonly RowSpec[], results: Results, checks: readonly TargetCheck[]): string {
  const columns: Column[] = [
    { heading: "row" },
    { heading: "unit" },
    ...SYSTEMS.map((s) => ({ heading: SYSTEM_NAMES[s], align: "right" as const })),
    ...STEMEDB_VARIANTS.flatMap((v) =>
      PEERS.map((p) => ({ heading: `${SHORT[v]} / ${SHORT[p]}`, align: "right" as const })),
    ),
    { heading: "targets (in process / HTTP)" },
  ];
  const lines = rows.map((row) => {
    const figures = results.get(row.id) ?? {};
    return [
      row.label,
      row.unit,
      ...SYSTEMS.map((s) => {
        const f = figures[s];
        if (f === undefined) return "n/a";
        return row.kind === "time" ? formatMs(f.p50Ms) : formatRate(f.perSecond);
      }),
      ...STEMEDB_VARIANTS.flatMap((v) => PEERS.map((p) => formatRatio(ratio(results, row.id, v, p)))),
      targetCell(checks.filter((c) => c.row === row.id)),
    ];
  });
  return markdownTable(columns, lines);
}

function figureTable(rows: readonly RowSpec[], results: Results, cell: (f: Figures) => string): string {
  const columns: Column[] = [
    { heading: "row" },
    ...SYSTEMS.map((s) => ({ heading: SYSTEM_NAMES[s], align: "right" as const })),
  ];
  return markdownTable(
    columns,
    rows.map((row) => [
      row.label,
      ...SYSTEMS.map((s) => {
        const f = results.get(row.id)?.[s];
        return f === undefined ? "n/a" : cell(f);
      }),
    ]),
  );
}

/** "≥ 3× PostgreSQL: yes / NO; ahead of SQLite: yes / yes" (in process / over HTTP). */
function targetCell(checks: readonly TargetCheck[]): string {
  const byTarget = new Map<string, TargetCheck[]>();
  for (const c of checks) byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c]);
  return [...byTarget]
    .map(
      ([target, list]) =>
        `${target}: ${STEMEDB_VARIANTS.map((v) => (list.find((c) => c.variant === v)?.met === true ? "yes" : "NO")).join(" / ")}`,
    )
    .join("; ");
}

function describeCheck(check: TargetCheck): string {
  return `${check.row} ${check.target} (${SHORT[check.variant]})`;
}

const NOTES = [
  "- Every system gets the same claims in the same order, generated once from a fixed seed before anything is timed, and answers the same questions as of the same instant; a conformance test (`peers.test.ts`) checks the four give the same answers.",
  "- Durability: StemeDB appends to its WAL and fdatasyncs before a write resolves (group commit); PostgreSQL runs `fsync=on`, `synchronous_commit=on`, `full_page_writes=on`; SQLite runs WAL mode with `synchronous=FULL`. Batches are one transaction (one statement in PostgreSQL, one `appendMany` or one `POST /v1/assert/batch` in StemeDB).",
  "- SQLite has one writer: its concurrent rows run the same calls from several clients, which take turns.",
  "- The embedded systems (StemeDB in process, SQLite) are called synchronously, so their query rows run one client; the servers run several, over keep-alive connections, one PostgreSQL connection per client.",
  "- StemeDB over HTTP is the real server in its own process, configured as `npm start` runs it (Shield at its defaults). Each client connects from its own loopback address and reads as its own agent, since the Shield limits rates per client and meters quotas per agent. Queries carry `as_of` (every claim is older) so all systems answer as of one instant.",
  `- The p99 target (≤ ${P99_TARGET_MS} ms) is for lens queries at ${formatCount(P99_TARGET_RECORDS)} claims.`,
  "- Peak memory: each embedded system runs in its own process, and the memory the benchmark holds there (the claims it ingests, measured before the store opened) is taken off. PostgreSQL's sum counts its shared buffers once per process that touched them, so it overstates what the machine spent.",
  "- Cold start and recovery are timed from the start of the open (for a server, of its process) to the first answer. Recovery follows a SIGKILL of the process writing: the embedded system's own process, the StemeDB server, or every PostgreSQL process. The data files stay in the OS page cache throughout (it is not dropped on a shared machine).",
];

function formatRate(n: number): string {
  return n >= 100 ? formatCount(n) : n.toFixed(1);
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return formatCount(ms);
}

function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  return `${x < 10 ? x.toFixed(2) : x.toFixed(1)}×`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(1)} MiB`;
}
