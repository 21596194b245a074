import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { silentLogger, type Logger } from "../logger.ts";
import { LmdbStore } from "../store/lmdb-store.ts";
import { Wal } from "../wal/wal.ts";
import { DirectoryLock } from "./directory-lock.ts";
import { discardPendingStore } from "./pending-store.ts";
import { replayWal } from "./replay.ts";

export interface RebuildReport {
  readonly records: number;
  readonly assertions: number;
  readonly seconds: number;
}

/**
 * Recreates the store from the WAL alone. The new store is built beside the old one and swapped
 * in only when complete, so an interrupted rebuild leaves the old store in place. Refuses while a
 * server holds either directory.
 */
export async function rebuildStore(options: {
  readonly walDir: string;
  readonly dbDir: string;
  readonly logger?: Logger;
}): Promise<RebuildReport> {
  const logger = options.logger ?? silentLogger;
  const began = process.hrtime.bigint();
  mkdirSync(options.dbDir, { recursive: true });
  const locks = [DirectoryLock.acquire(options.walDir), DirectoryLock.acquire(options.dbDir)];
  const staging = `${options.dbDir}.rebuild`;
  try {
    rmSync(staging, { recursive: true, force: true });
    // A replacement prepared while the server ran is older than this rebuild.
    discardPendingStore(options.dbDir);
    logger.info({ walDir: options.walDir, dbDir: options.dbDir }, "Rebuilding indexes...");
    const store = LmdbStore.open({ dir: staging });
    const { wal } = await Wal.open({ dir: options.walDir, logger });
    const records = replayWal(wal, store, logger);
    const assertions = store.assertionCount;
    await wal.close();
    await store.close();
    const retired = `${options.dbDir}.old`;
    rmSync(retired, { recursive: true, force: true });
    locks[1]?.release();
    if (existsSync(options.dbDir)) renameSync(options.dbDir, retired);
    renameSync(staging, options.dbDir);
    rmSync(retired, { recursive: true, force: true });
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    logger.info({ records, assertions, seconds }, `Rebuilt the store from ${records} WAL records`);
    return { records, assertions, seconds };
  } finally {
    for (const lock of locks) lock.release();
    rmSync(staging, { recursive: true, force: true });
  }
}
