import type { StemeDb } from "../db/steme-db.ts";
import type { Logger } from "../logger.ts";
import type { Config } from "./config.ts";
import type { Metrics } from "./metrics.ts";
import { WalArchiver } from "./wal-archiver.ts";

/** The server's WAL archiver when `STEMEDB_WAL_ARCHIVE_DIR` is set, its gauges registered; not started. */
export function openArchiver(
  config: Config,
  db: StemeDb,
  logger: Logger,
  metrics: Metrics | undefined,
): WalArchiver | undefined {
  if (config.walArchive === undefined) return undefined;
  const archiver = new WalArchiver({
    dir: config.walArchive.dir,
    maxDelayMs: config.walArchive.maxDelayMs,
    prefix: () => db.walPrefix,
    logger,
  });
  metrics?.watchArchiver({
    pendingSegments: () => archiver.pendingSegments,
    lastSuccessMs: () => archiver.lastSuccessMs,
  });
  return archiver;
}
