import { LmdbStore, type LogEntry } from "../store/lmdb-store.ts";
import { readRecords } from "../wal/read-records.ts";
import { preparePendingStore, type PendingStore } from "./pending-store.ts";
import type { StemeDb } from "./steme-db.ts";

/** Records per store transaction in an online rebuild; the event loop runs between them. */
const ONLINE_BATCH = 10_000;

/**
 * Prepares a compacted copy of the live store (LMDB copy-compaction: free pages left out), to be
 * swapped in at the next start. The server keeps serving meanwhile.
 */
export function prepareCompactedStore(db: StemeDb): Promise<PendingStore> {
  return preparePendingStore(db.store.dir, "compact", (dir) => db.store.copyTo(dir, { compact: true }));
}

/**
 * Rebuilds the store from the WAL into a new one beside the live store, to be swapped in at the
 * next start, while the server keeps serving: every durable record up to now is applied, in
 * transactions of `ONLINE_BATCH` records, each awaited so requests are served in between.
 */
export function prepareRebuiltStore(db: StemeDb): Promise<PendingStore> {
  const { segments, tailSize } = db.walPrefix;
  return preparePendingStore(db.store.dir, "rebuild", async (dir) => {
    const store = LmdbStore.open({ dir });
    try {
      let batch: LogEntry[] = [];
      for (const record of readRecords(segments, { fromSeq: 1, tailSize })) {
        // The record's payload is a view into the segment's bytes, which live as long as the batch.
        batch.push(record);
        if (batch.length >= ONLINE_BATCH) {
          await store.apply(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await store.apply(batch);
    } finally {
      await store.close();
    }
  });
}
