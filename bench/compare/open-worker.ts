/**
 * A fresh process that opens an embedded system (StemeDB in process, SQLite) on its data
 * directory and answers one query: a cold start after a clean close, or the recovery after a
 * writer was killed. With `write`, it then writes without end, to be killed mid-write for the
 * recovery row. The modules are loaded before the clock starts: what is timed is the database's
 * open, not Node's start.
 */
import type { ClaimShape, Pair } from "./claim-generator.ts";
import { writeUntilKilled } from "./endless-writes.ts";
import { firstAnswer } from "./first-answer.ts";
import type { SystemId } from "./rows.ts";
import { runWorker } from "./worker-events.ts";

export interface OpenJob {
  readonly system: SystemId;
  readonly dataDir: string;
  readonly pair: Pair;
  readonly shape: ClaimShape;
  /** After the answer, write batches from this many clients until killed. */
  readonly writeClients?: number;
}

runWorker(async (input, emit) => {
  const job = input as OpenJob;
  const first = await firstAnswer(job.system, job.dataDir, job.pair, job.shape.nowMs);
  emit({ kind: "opened", ms: first.ms, peakRssBytes: first.peakRssBytes });
  if (job.writeClients !== undefined) {
    const peers = Array.from({ length: job.writeClients }, () => first.peer);
    await writeUntilKilled(peers, job.shape, () => {
      emit({ kind: "writing" });
    });
  }
  await first.peer.close();
});
