/**
 * Peak resident memory of the processes of a system under test, per benchmark row: Linux keeps
 * each process's peak (`VmHWM` in `/proc/<pid>/status`) and resets it when "5" is written to
 * `/proc/<pid>/clear_refs`, so one long-lived process can report a peak for each row it runs.
 */
import { readFileSync, writeFileSync } from "node:fs";

/**
 * Measures the sum of the peaks of `pids()` (asked anew at each call, since a server forks and
 * reaps processes), less `harnessBytes()`: memory the benchmark itself holds in the same process
 * and that is not the system's (the claims an in-process run ingests), asked at each reading.
 *
 * @example
 * ```ts
 * const meter = new RssMeter(() => processTree(server.pid));
 * meter.reset();
 * await runRow();
 * meter.peakBytes(); // the row's peak, summed over the postmaster and its backends
 * ```
 */
export class RssMeter {
  readonly #pids: () => readonly number[];
  readonly #harnessBytes: () => number;

  constructor(pids: () => readonly number[], harnessBytes: () => number = () => 0) {
    this.#pids = pids;
    this.#harnessBytes = harnessBytes;
  }

  /** Starts a new peak at the current resident size of every process. */
  reset(): void {
    for (const pid of this.#pids()) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
      } catch (error) {
        // A process that has just exited has nothing left to measure; anything else is a refusal.
        if (!isGone(error)) {
          throw new Error(`Cannot reset the peak memory of process ${pid}: clear_refs refused`, {
            cause: error,
          });
        }
      }
    }
  }

  /** Bytes: the sum of the processes' peaks since `reset` (or their start), less the harness's. */
  peakBytes(): number {
    let kib = 0;
    for (const pid of this.#pids()) kib += statusKib(pid, "VmHWM");
    return Math.max(0, kib * 1024 - this.#harnessBytes());
  }
}

/**
 * The resident size of this process now, in bytes, for measuring what the harness holds.
 *
 * @example
 * ```ts
 * const before = residentBytes();
 * const claims = loadClaims();
 * const harnessBytes = residentBytes() - before;
 * ```
 */
export function residentBytes(): number {
  return statusKib(process.pid, "VmRSS") * 1024;
}

function statusKib(pid: number, field: "VmHWM" | "VmRSS"): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return 0; // exited: it holds no memory now
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

function isGone(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ESRCH");
}
