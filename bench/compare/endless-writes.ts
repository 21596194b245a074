import { BATCH_SIZE, claimBatches, type ClaimShape } from "./claim-generator.ts";
import { RECOVERY } from "./compare-workload.ts";
import type { Peer } from "./peer.ts";

/**
 * The recovery row's writes: batches of new claims from each of `peers` at once, without end,
 * until the process is killed (an embedded system writing in this process) or the server written
 * to is (each client's next write then fails, and the writes end quietly). `onWriting` is told
 * once the first batch is durable.
 *
 * @example
 * ```ts
 * const writes = writeUntilKilled(peers, shape, () => started());
 * await server.crash();
 * await writes;
 * ```
 */
export async function writeUntilKilled(
  peers: readonly Peer[],
  shape: ClaimShape,
  onWriting: () => void,
): Promise<void> {
  const batches = claimBatches(shape, { batchSize: BATCH_SIZE, ...RECOVERY });
  let writing = false;
  const client = async (peer: Peer): Promise<void> => {
    for (;;) {
      try {
        await peer.ingest(batches.next().value);
      } catch (error) {
        // Once writing, a failure is the server being killed under the writer: stop.
        if (writing) return;
        throw error;
      }
      if (!writing) {
        writing = true;
        onWriting();
      }
    }
  };
  await Promise.all(peers.map(client));
}
