import { silentLogger, type Logger } from "../logger.ts";
import { LmdbStore } from "../store/lmdb-store.ts";
import { DirectoryLock } from "./directory-lock.ts";
import { preparePendingStore, swapInPendingStore, type PendingStore } from "./pending-store.ts";

/**
 * Compacts a stopped server's store now: an LMDB copy-compaction beside it, swapped in at once.
 * Refuses while a server holds the directories. Returns the sizes before and after.
 */
export async function compactStore(options: {
  readonly walDir: string;
  readonly dbDir: string;
  readonly logger?: Logger;
}): Promise<PendingStore> {
  const logger = options.logger ?? silentLogger;
  const locks = [DirectoryLock.acquire(options.walDir)];
  try {
    if (options.dbDir !== options.walDir) locks.push(DirectoryLock.acquire(options.dbDir));
    const store = LmdbStore.open({ dir: options.dbDir });
    let info: PendingStore;
    try {
      info = await preparePendingStore(options.dbDir, "compact", (dir) =>
        store.copyTo(dir, { compact: true }),
      );
    } finally {
      await store.close();
    }
    swapInPendingStore(options.dbDir, logger);
    return info;
  } finally {
    for (const lock of locks) lock.release();
  }
}
