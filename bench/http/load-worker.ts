/**
 * The load generator's process (`node --import tsx bench/http/load-worker.ts`), started by
 * `LoadProcess`. It reads one `LoadJob` per line on stdin, builds the job's bodies (untimed), runs
 * the closed loop, and writes `WorkerEvent` lines on stdout: the window opening and closing, then
 * the result. Jobs run one at a time, in order; the process ends when stdin closes.
 *
 * It is a process of its own so that on a small machine the client's JavaScript does not share
 * the server's event loop: both still share the cores, which the report shows as client CPU.
 */
import { createInterface } from "node:readline";
import { runClosedLoop } from "./closed-loop.ts";
import type { LoadJob, WorkerEvent } from "./load-job.ts";
import { prepareRequests } from "./plan-requests.ts";

function emit(event: WorkerEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  try {
    const job = JSON.parse(line) as LoadJob;
    const plan = prepareRequests(job.plan);
    const result = await runClosedLoop(plan, {
      url: job.url,
      concurrency: job.concurrency,
      warmupMs: job.warmupMs,
      durationMs: job.durationMs,
      onWindowStart: () => {
        emit({ kind: "window-start" });
      },
      onWindowEnd: () => {
        emit({ kind: "window-end" });
      },
    });
    emit({ kind: "result", result });
  } catch (error) {
    emit({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
