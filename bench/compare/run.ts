/**
 * `runComparison`: makes the workload once, then runs every row on each system in turn (its
 * session in a worker process, then its cold starts and its recovery), and renders the report and
 * the chart.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { writeResults } from "../http/write-results.ts";
import { machineLine } from "../ingest/machine.ts";
import { formatCount } from "../ingest/table.ts";
import { makeWorkload } from "./compare-workload.ts";
import { runPlan } from "./run-plan.ts";
import { processTree } from "./process-tree.ts";
import { ratioChart } from "./ratio-chart.ts";
import { formatReport } from "./report.ts";
import { restartRows } from "./restart-rows.ts";
import {
  SYSTEMS,
  SYSTEM_NAMES,
  rowSpecs,
  type Figures,
  type RowId,
  type RunPlan,
  type SystemId,
} from "./rows.ts";
import type { SessionJob } from "./session-worker.ts";
import type { Results } from "./targets.ts";
import { startWorker } from "./worker-process.ts";
import { writeWorkload, type WorkloadFiles } from "./workload-file.ts";
import type { Workload } from "./compare-workload.ts";

export interface CompareOptions {
  /** Small and short: checks that the harness works, in well under a minute. */
  readonly quick: boolean;
  /** Bulk claims (default 1,000,000; 5,000 with `quick`). */
  readonly records?: number;
  /** Also write `bench/results/compare-<UTC stamp>.md` and the chart beside it. Off by default. */
  readonly write?: boolean;
  /** Told what is running; stdout stays for the report. */
  readonly progress?: (line: string) => void;
}

export interface Comparison {
  readonly markdown: string;
  readonly svg: string;
  readonly results: Results;
  readonly plan: RunPlan;
}

const SESSION_WORKER = new URL("./session-worker.ts", import.meta.url);

/**
 * Runs the comparison (see `bench/compare/README.md`) and returns the report and the chart.
 *
 * @example
 * ```ts
 * const { markdown, svg } = await runComparison({ quick: true });
 * ```
 */
export async function runComparison(options: CompareOptions): Promise<Comparison> {
  const progress = options.progress ?? ((): void => undefined);
  const plan = runPlan(options.quick, options.records);
  const startedAt = new Date();
  // Taken now, not when the report is formatted: the load average must be from before the run.
  const machine = machineLine(startedAt);
  const runDir = mkdtempSync(join(tmpdir(), "stemedb-bench-compare-"));
  // PostgreSQL runs as its own user, which must reach its cluster directory inside this one.
  chmodSync(runDir, 0o711);
  const results = new Map<RowId, Partial<Record<SystemId, Figures>>>();
  const plans: Partial<Record<SystemId, string>> = {};
  try {
    progress(`Making ${formatCount(plan.records)} claims and the other writes (not timed)...`);
    const { bulk, workload } = makeWorkload(plan);
    const files = await writeWorkload(runDir, bulk, workload);
    for (const system of SYSTEMS) {
      const record = (row: RowId, figures: Figures): void => {
        results.set(row, { ...results.get(row), [system]: figures });
      };
      const dataDir = join(runDir, system);
      await runSession(
        system,
        { files, runDir, dataDir, plan },
        record,
        (text) => (plans[system] = text),
        progress,
      );
      progress(`${SYSTEM_NAMES[system]}: cold start, and recovery after kill -9...`);
      const restarts = await restartRows({
        system,
        dataDir,
        pair: firstPair(workload),
        shape: workload.shape,
        plan,
      });
      record("cold-start", restarts.coldStart);
      record("recovery", restarts.recovery);
      rmSync(dataDir, { recursive: true, force: true });
    }
    const rows = rowSpecs(plan);
    const elapsedSeconds = (Date.now() - startedAt.getTime()) / 1000;
    const markdown = formatReport({ machine, plan, shape: workload.shape, results, plans, elapsedSeconds });
    const svg = ratioChart(rows, results, `${formatCount(plan.records)} claims; ${machine}`);
    if (options.write === true) {
      const path = writeResults("compare", markdown, startedAt);
      const svgPath = path.replace(/\.md$/, ".svg");
      writeFileSync(svgPath, svg);
      writeFileSync(
        path,
        `${markdown}\n![StemeDB's ratios over PostgreSQL and SQLite](./${basename(svgPath)})\n`,
      );
      progress(`Wrote ${path} and ${svgPath}`);
    }
    return { markdown, svg, results, plan };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

interface SessionDirs {
  readonly files: WorkloadFiles;
  readonly runDir: string;
  readonly dataDir: string;
  readonly plan: RunPlan;
}

/** One system's timed rows in a worker; the servers it started are killed if it fails. */
async function runSession(
  system: SystemId,
  dirs: SessionDirs,
  record: (row: RowId, figures: Figures) => void,
  onPlans: (text: string) => void,
  progress: (line: string) => void,
): Promise<void> {
  mkdirSync(dirs.dataDir);
  const job: SessionJob = { system, files: dirs.files, dataDir: dirs.dataDir, plan: dirs.plan };
  const servers: number[] = [];
  const worker = startWorker(SESSION_WORKER, job, (event) => {
    if (event.kind === "progress") progress(`${SYSTEM_NAMES[system]}: ${event.line}...`);
    else if (event.kind === "row") record(event.row, event.figures);
    else if (event.kind === "plans") onPlans(event.text);
    else if (event.kind === "server") servers.push(event.pid);
  });
  try {
    await worker.done;
  } catch (error) {
    // The worker died without stopping its servers: they are orphans of this run now.
    for (const pid of servers) for (const child of processTree(pid)) killQuietly(child);
    throw error;
  }
}

function firstPair(workload: Workload): Workload["targets"]["hot"][number] {
  const pair = workload.targets.hot[0];
  if (pair === undefined) throw new RangeError("Cannot time a first answer: the workload has no pairs");
  return pair;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}
