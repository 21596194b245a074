import type { Logger } from "../logger.ts";
import type { LmdbStore, LogEntry } from "../store/lmdb-store.ts";
import type { Wal } from "../wal/wal.ts";

const REPLAY_BATCH = 100_000;

/**
 * Applies every durable WAL record the store has not seen yet, in batches of one transaction
 * each. Returns how many records were read from the log.
 */
export function replayWal(wal: Wal, store: LmdbStore, logger: Logger): number {
  let replayed = 0;
  let batch: LogEntry[] = [];
  const onGap = (fromSeq: number, toSeq: number): void => {
    logger.error(
      { fromSeq, toSeq },
      `WAL records ${fromSeq}..${toSeq} are missing from the log; they cannot be replayed into the store`,
    );
  };
  for (const record of wal.read(store.appliedSeq + 1, onGap)) {
    batch.push(record);
    if (batch.length >= REPLAY_BATCH) {
      store.applySync(batch);
      replayed += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    store.applySync(batch);
    replayed += batch.length;
  }
  return replayed;
}
