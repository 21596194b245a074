/**
 * What a worker process (a system's session, a cold start, a recovery writer) tells the run that
 * started it: one JSON object per line on its stdout.
 */
import type { Figures, RowId } from "./rows.ts";

export type WorkerEvent =
  | { readonly kind: "progress"; readonly line: string }
  | { readonly kind: "row"; readonly row: RowId; readonly figures: Figures }
  /** A server process was started: kill it if the worker dies. */
  | { readonly kind: "server"; readonly pid: number }
  /** The SQL plans of the lens queries, checked to use the pair index. */
  | { readonly kind: "plans"; readonly text: string }
  /** The recovery writer's first batch is durable: it is writing now. */
  | { readonly kind: "writing" }
  /** Time to open and answer a first query, and the peak memory of the process meanwhile. */
  | { readonly kind: "opened"; readonly ms: number; readonly peakRssBytes: number }
  | { readonly kind: "error"; readonly message: string };

/**
 * The worker side: runs `body` with the job from the command line (as the run wrote it, JSON), sends
 * its events, and exits 0 when it ends, 1 (after an `error` event) when it throws.
 *
 * @example
 * ```ts
 * runWorker(async (input, emit) => {
 *   const job = input as SessionJob;
 *   emit({ kind: "progress", line: "ingest-1" });
 * });
 * ```
 */
export function runWorker(body: (job: unknown, emit: (event: WorkerEvent) => void) => Promise<void>): void {
  const emit = (event: WorkerEvent): void => {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  };
  const job: unknown = JSON.parse(process.argv[2] ?? "null");
  body(job, emit).then(
    () => process.exit(0),
    (error: unknown) => {
      emit({
        kind: "error",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    },
  );
}
