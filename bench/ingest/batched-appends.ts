import type { Assertion } from "../../src/model/index.ts";
import { timedWrites, type WriteRun } from "./bench-db.ts";
import type { DataDirs } from "./temp-data-dir.ts";

/**
 * Bulk loading: `concurrency` loaders each take the next `batchSize` assertions and await one
 * `appendMany`, as an importer posting batches would. Latency samples are per batch.
 */
export async function measureBatchedAppends(
  dirs: DataDirs,
  assertions: readonly Assertion[],
  options: { readonly batchSize: number; readonly concurrency: number },
): Promise<WriteRun> {
  const { batchSize, concurrency } = options;
  const batches = Math.ceil(assertions.length / batchSize);
  return timedWrites(dirs, assertions.length, batches, async (db, latency) => {
    // One event loop, so a shared cursor needs no locking: whoever is free takes the next batch.
    let next = 0;
    const loader = async (): Promise<void> => {
      while (next < assertions.length) {
        const batch = assertions.slice(next, next + batchSize);
        next += batchSize;
        const began = process.hrtime.bigint();
        // Unsigned workload: there are no signatures to verify.
        await db.appendMany(batch, { signaturesVerified: true });
        latency.recordSince(began);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loader));
  });
}
