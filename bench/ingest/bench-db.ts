import { performance } from "node:perf_hooks";
import { StemeDb } from "../../src/db/steme-db.ts";
import { GroupCommitTally } from "./group-commit-tally.ts";
import { LatencySamples } from "./latency.ts";
import type { DataDirs } from "./temp-data-dir.ts";

/** What one timed write run measured. */
export interface WriteRun {
  readonly assertions: number;
  /** From the first append to the last one resolving durable; opening and closing not included. */
  readonly seconds: number;
  /** One sample per `append` call (or per `appendMany` batch). */
  readonly latency: LatencySamples;
  readonly commits: GroupCommitTally;
  /**
   * Share of the run the event loop was busy (0–1). Well under 1 means the writers were waiting
   * (for fdatasync, or for LMDB's writer thread), not short of JavaScript time.
   */
  readonly loopBusy: number;
  /** Process CPU time ÷ wall time: all threads, so up to the number of cores. */
  readonly cpuCores: number;
}

/**
 * Opens a database on `dirs` with a group-commit tally, runs `write` timed, checks that every
 * assertion was stored, and closes the database again (so the caller can measure or rebuild the
 * directories afterwards).
 */
export async function timedWrites(
  dirs: DataDirs,
  count: number,
  samples: number,
  write: (db: StemeDb, latency: LatencySamples) => Promise<void>,
): Promise<WriteRun> {
  const commits = new GroupCommitTally();
  const db = await StemeDb.open({
    walDir: dirs.walDir,
    dbDir: dirs.dbDir,
    onGroupCommit: commits.onGroupCommit,
  });
  const latency = new LatencySamples(samples);
  let seconds: number;
  let loopBusy: number;
  let cpuCores: number;
  try {
    const loopBefore = performance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    const began = process.hrtime.bigint();
    await write(db, latency);
    seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    cpuCores = (cpu.user + cpu.system) / 1e6 / seconds;
    loopBusy = performance.eventLoopUtilization(loopBefore).utilization;
    // A duplicate in the workload would be answered from the store without touching the log and
    // make the run look faster than it is.
    if (db.store.assertionCount !== count) {
      throw new Error(
        `Cannot trust this run: ${count} assertions were appended but the store holds ${db.store.assertionCount}`,
      );
    }
  } finally {
    await db.close();
  }
  return { assertions: count, seconds, latency, commits, loopBusy, cpuCores };
}
