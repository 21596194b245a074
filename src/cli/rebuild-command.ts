import type { Command } from "commander";
import { DirectoryLock } from "../db/directory-lock.ts";
import type { PendingStore } from "../db/pending-store.ts";
import { rebuildStore } from "../db/rebuild.ts";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import type { AdminOptions } from "./admin-commands.ts";
import { requireDatabase } from "./require-database.ts";
import { postToRunningServer } from "./running-server.ts";

export function addRebuildCommand(program: Command): void {
  program
    .command("rebuild")
    .description(
      "recreate the store from the WAL alone: at once when no server runs; a running server builds " +
        "the new store beside the live one and swaps it in at its next start",
    )
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--db-dir <dir>", "store directory (default STEMEDB_DB_DIR or data/db)")
    .option("--server <url>", "the running server (default STEMEDB_URL, else STEMEDB_BIND_ADDR)")
    .option("--admin-token <token>", "admin token (default STEMEDB_ADMIN_TOKEN, else the admin-token file)")
    .action(async (options: AdminOptions & { walDir?: string; dbDir?: string }) => {
      const config = loadConfig(process.env, {
        ...(options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {}),
        ...(options.dbDir !== undefined ? { STEMEDB_DB_DIR: options.dbDir } : {}),
      });
      if (config.cluster !== undefined) {
        throw new Error(
          "In cluster mode (STEMEDB_CLUSTER_NATS_URLS) the store is rebuilt from the cluster's stream: " +
            "stop the node, move STEMEDB_DB_DIR aside and start it; it answers once it has caught up",
        );
      }
      if (DirectoryLock.holder(config.walDir) !== undefined) {
        const info = await postToRunningServer<PendingStore>(options, config, "/v1/admin/indexes/rebuild");
        process.stdout.write(
          `Rebuilt ${info.assertion_count} assertions from the WAL beside the live store; ` +
            "the running server swaps it in at its next start\n",
        );
        return;
      }
      requireDatabase(config.walDir);
      const report = await rebuildStore({
        walDir: config.walDir,
        dbDir: config.dbDir,
        logger: createLogger(config.logLevel, process.stderr),
      });
      const rate = report.seconds > 0 ? Math.round(report.records / report.seconds) : report.records;
      process.stdout.write(
        `Rebuilt ${report.assertions} assertions from ${report.records} WAL records in ${report.seconds.toFixed(2)} s (${rate} records/s)\n`,
      );
    });
}
