import type { Logger } from "../logger.ts";
import type { LmdbStore, LogEntry } from "../store/lmdb-store.ts";
import type { Wal } from "../wal/wal.ts";

const REPLAY_BATCH = 100_000;

/**
 * Applies every durable WAL record the store has not seen yet, in batches of one transaction
 * each. Returns how many records were read from the log.
 */
export function replayWal(wal: Wal, store: LmdbStore, logger: Logger): number {
  const onGap = (fromSeq: number, toSeq: number): void => {
    logger.error(
      { fromSeq, toSeq },
      `WAL records ${fromSeq}..${toSeq} are missing from the log; they cannot be replayed into the store`,
    );
  };
  // Caught up (a clean shutdown): reading the last segment to find nothing newer costs a full
  // scan of it with every checksum, a third of a second for 64 MiB.
  if (store.appliedSeq + 1 >= wal.nextSeq) return 0;
  return applyRecords(wal.read(store.appliedSeq + 1, onGap), store);
}

/** Applies records to the store in batches of one transaction each; returns how many. */
export function applyRecords(records: Iterable<LogEntry>, store: LmdbStore): number {
  let applied = 0;
  let batch: LogEntry[] = [];
  for (const record of records) {
    batch.push(record);
    if (batch.length >= REPLAY_BATCH) {
      store.applySync(batch);
      applied += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    store.applySync(batch);
    applied += batch.length;
  }
  return applied;
}
