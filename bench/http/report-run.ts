import { formatCount, formatFixed } from "../ingest/table.ts";
import type { MeasuredRun } from "./load-process.ts";

/**
 * Logs a run's headline as it finishes (and its first error, which the report does not show, so
 * a row of errors can be diagnosed), and returns the run.
 */
export function reportRun(run: MeasuredRun, progress: (line: string) => void): MeasuredRun {
  const { load } = run;
  const firstError = load.firstError !== undefined ? ` (first: ${load.firstError})` : "";
  progress(
    `  ${formatCount(load.items / load.seconds)} items/s, p50 ${formatFixed(load.p50Ms, 1)} ms, ` +
      `p99 ${formatFixed(load.p99Ms, 1)} ms, ${formatCount(load.errors)} errors${firstError}`,
  );
  return run;
}
