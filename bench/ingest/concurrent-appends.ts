import type { Assertion } from "../../src/model/index.ts";
import { timedWrites, type WriteRun } from "./bench-db.ts";
import type { DataDirs } from "./temp-data-dir.ts";

/**
 * `writers` concurrent writers, each awaiting one `append` at a time over its share of the
 * assertions (writer w takes w, w + writers, …, so the log receives them roughly in time order).
 * This is the shape of many API clients each waiting for its write to be durable.
 *
 * `signaturesVerified` skips verification in `append`; pass it only for unsigned workloads,
 * where there is nothing to verify, so signed runs pay for verification as a server would.
 */
export async function measureConcurrentAppends(
  dirs: DataDirs,
  assertions: readonly Assertion[],
  options: { readonly writers: number; readonly signaturesVerified: boolean },
): Promise<WriteRun> {
  const { writers, signaturesVerified } = options;
  return timedWrites(dirs, assertions.length, assertions.length, async (db, latency) => {
    const writer = async (first: number): Promise<void> => {
      for (let i = first; i < assertions.length; i += writers) {
        const assertion = assertions[i];
        if (assertion === undefined) continue;
        const began = process.hrtime.bigint();
        await db.append(assertion, { signaturesVerified });
        latency.recordSince(began);
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  });
}
