import type { Command } from "commander";
import { rebuildStore } from "../db/rebuild.ts";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";

export function addRebuildCommand(program: Command): void {
  program
    .command("rebuild")
    .description("recreate the store from the WAL alone (the server must be stopped)")
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--db-dir <dir>", "store directory (default STEMEDB_DB_DIR or data/db)")
    .action(async (options: { walDir?: string; dbDir?: string }) => {
      const config = loadConfig(process.env, {
        ...(options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {}),
        ...(options.dbDir !== undefined ? { STEMEDB_DB_DIR: options.dbDir } : {}),
      });
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
