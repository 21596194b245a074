/**
 * The process that runs one system's timed rows: in it the embedded systems run (so that its peak
 * memory is theirs), and from it the servers are driven. The store is left closed cleanly for the
 * cold-start and recovery rows.
 */
import { LENS_QUERY_NAMES, readsWholeTable } from "./explain.ts";
import { residentBytes } from "./rss-meter.ts";
import { SYSTEM_NAMES, type RunPlan, type SystemId } from "./rows.ts";
import { ingestLoop, measureRow, runQueryAndWriteRows } from "./session-rows.ts";
import { openSystemStore, type StoreOptions, type SystemStore } from "./system-store.ts";
import { runWorker, type WorkerEvent } from "./worker-events.ts";
import { readBulk, readWorkload, type WorkloadFiles } from "./workload-file.ts";
import type { Workload } from "./compare-workload.ts";
import type { BenchClaim } from "./peer.ts";

export interface SessionJob {
  readonly system: SystemId;
  readonly files: WorkloadFiles;
  /** Empty: the store the rows fill, left closed for the cold-start and recovery rows. */
  readonly dataDir: string;
  readonly plan: RunPlan;
}

const collectGarbage = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

runWorker(async (input, emit) => {
  const job = input as SessionJob;
  const inProcess = job.system === "stemedb" || job.system === "sqlite";
  // What this process holds for the benchmark is not the system's: measured, and taken off its peaks.
  collectGarbage();
  const bare = residentBytes();
  const workload = readWorkload(job.files);
  collectGarbage();
  const workloadBytes = inProcess ? Math.max(0, residentBytes() - bare) : 0;
  let batches: BenchClaim[][] = await readBulk(job.files);
  collectGarbage();
  let harnessBytes = inProcess ? Math.max(0, residentBytes() - bare) : 0;
  const options: StoreOptions = {
    harnessBytes: () => harnessBytes,
    onServer: (pid) => {
      emit({ kind: "server", pid });
    },
  };
  const progress = (line: string): void => {
    emit({ kind: "progress", line });
  };

  // Half the claims by one client, then the other half by several: one store, filled once.
  const half = Math.ceil(batches.length / 2);
  const store = await openSystemStore(job.system, job.dataDir, options);
  try {
    progress("ingest-1");
    const one = await measureRow(store, await ingestLoop(store, batches.slice(0, half), 1));
    emit({ kind: "row", row: "ingest-1", figures: one });
    progress("ingest-many");
    const many = await measureRow(
      store,
      await ingestLoop(store, batches.slice(half), job.plan.ingestClients),
    );
    emit({ kind: "row", row: "ingest-many", figures: many });
    // Dropped once stored: kept, the claims would add to every garbage collection of an embedded
    // system's later rows, which the servers (other processes) would not pay.
    batches = [];
    collectGarbage();
    harnessBytes = workloadBytes;
    if (store.sql !== undefined) emit(await checkPlans(job, store.sql, workload));
    const queryClients = inProcess ? 1 : job.plan.queryClients;
    await runQueryAndWriteRows(
      { store, plan: job.plan, workload, queryClients },
      (row, rowFigures) => {
        emit({ kind: "row", row, figures: rowFigures });
      },
      progress,
    );
  } finally {
    await store.close();
  }
});

/**
 * Refreshes the statistics as a DBA does after a bulk load, then checks that every lens query is
 * planned with the pair index at this size, and fails the run if one is not: a full scan would
 * compare StemeDB with a misconfigured database.
 */
async function checkPlans(
  job: SessionJob,
  sql: NonNullable<SystemStore["sql"]>,
  workload: Workload,
): Promise<WorkerEvent> {
  await sql.analyze();
  const pair = workload.targets.hot[0];
  const prefix = workload.targets.prefixes[0];
  if (pair === undefined || prefix === undefined)
    throw new RangeError("Cannot explain: the workload has no pairs");
  const plans = await sql.explain({ ...pair, prefix, nowMs: workload.shape.nowMs });
  const dialect = job.system === "postgres" ? "postgres" : "sqlite";
  for (const name of LENS_QUERY_NAMES) {
    const plan = plans[name];
    if (!plan.includes("claims_pair_newest") || readsWholeTable(dialect, plan)) {
      throw new Error(
        `${SYSTEM_NAMES[job.system]} plans the ${name} query without the pair index at ${job.plan.records} claims:\n${plan}`,
      );
    }
  }
  return {
    kind: "plans",
    text: LENS_QUERY_NAMES.map((name) => `-- ${name}\n${plans[name]}`).join("\n\n"),
  };
}
