import type { Command } from "commander";
import { compactStore } from "../db/compact.ts";
import { DirectoryLock } from "../db/directory-lock.ts";
import type { PendingStore } from "../db/pending-store.ts";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import type { AdminOptions } from "./admin-commands.ts";
import { requireDatabase } from "./require-database.ts";
import { postToRunningServer } from "./running-server.ts";

/** `stemedb compact`: LMDB copy-compaction, now when no server runs, at its next start when one does. */
export function addCompactCommand(program: Command): void {
  program
    .command("compact")
    .description(
      "compact the store (LMDB copy-compaction): at once when no server runs; " +
        "a running server prepares the copy and swaps it in at its next start",
    )
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--db-dir <dir>", "store directory (default STEMEDB_DB_DIR or data/db)")
    .option("--server <url>", "the running server (default STEMEDB_URL, else STEMEDB_BIND_ADDR)")
    .option("--admin-token <token>", "admin token (default STEMEDB_ADMIN_TOKEN, else the admin-token file)")
    .option("--json", "print the result as JSON")
    .action(async (options: AdminOptions & { walDir?: string; dbDir?: string }) => {
      const config = loadConfig(process.env, {
        ...(options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {}),
        ...(options.dbDir !== undefined ? { STEMEDB_DB_DIR: options.dbDir } : {}),
      });
      const online = DirectoryLock.holder(config.walDir) !== undefined;
      let info: PendingStore;
      if (online) {
        info = await postToRunningServer<PendingStore>(options, config, "/v1/admin/compact");
      } else {
        requireDatabase(config.walDir);
        info = await compactStore({
          walDir: config.walDir,
          dbDir: config.dbDir,
          logger: createLogger(config.logLevel, process.stderr),
        });
      }
      const reclaimed = info.bytes_before - info.bytes_after;
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify({ ...info, reclaimed_bytes: reclaimed }, null, 2)}\n`
          : `Compacted the store: ${info.bytes_before} → ${info.bytes_after} bytes (${reclaimed} reclaimed)` +
              (online ? "; the running server swaps it in at its next start\n" : "\n"),
      );
    });
}
