import type { RunPlan } from "./rows.ts";

/** The full run: a million claims, about 20 minutes on two cores. */
const FULL: RunPlan = {
  quick: false,
  records: 1_000_000,
  ingestClients: 4,
  singleClients: 64,
  queryClients: 8,
  mixedClients: 16,
  // Single writes are fsync-bound: samples, not a million.
  singlesOneClient: 5_000,
  singlesManyClients: 20_000,
  // More than the fastest system writes in the mixed row's window (a tenth of its operations).
  mixedWrites: 60_000,
  queryMs: 5_000,
  warmupMs: 500,
  mixedMs: 10_000,
  coldStarts: 3,
  recoveryWriteMs: 3_000,
};

/** The quick run: checks that the harness works end to end, in well under a minute. */
const QUICK: RunPlan = {
  ...FULL,
  quick: true,
  records: 5_000,
  singlesOneClient: 100,
  singlesManyClients: 320,
  mixedWrites: 2_000,
  queryMs: 100,
  warmupMs: 20,
  mixedMs: 200,
  coldStarts: 1,
  recoveryWriteMs: 200,
};

/**
 * The plan of a full or quick run, with `records` bulk claims when given.
 *
 * @example
 * ```ts
 * runPlan(false, 200_000).records; // 200000
 * ```
 */
export function runPlan(quick: boolean, records?: number): RunPlan {
  const plan = quick ? QUICK : FULL;
  if (records === undefined) return plan;
  if (!Number.isSafeInteger(records) || records < 1) {
    throw new RangeError(`Cannot run with ${records} records: it must be a positive integer`);
  }
  return { ...plan, records };
}
