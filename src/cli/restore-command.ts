import type { Command } from "commander";
import { restoreBackup } from "../ops/backup/restore.ts";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";

/** `2026-02-11T14:30:00Z` (RFC 3339) or Unix seconds, as Unix milliseconds. */
export function parseTargetTime(text: string): number {
  const ms = /^\d+(\.\d+)?$/.test(text)
    ? Number(text) * 1000
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(
      `--to-time must be an RFC 3339 time (2026-02-11T14:30:00Z) or Unix seconds, got "${text}"`,
    );
  }
  return ms;
}

/** `stemedb restore <backup>`: a backup (plus archived WAL, to a point in time) into the data directory. */
export function addRestoreCommand(program: Command): void {
  program
    .command("restore <backup>")
    .description(
      "restore a backup into the data directory (the server must be stopped): the previous contents are " +
        "moved aside, archived WAL is replayed, --to-time stops at a moment",
    )
    .option(
      "--to-time <time>",
      "point-in-time restore: leave out what was written after this (RFC 3339 or Unix s)",
    )
    .option(
      "--wal-archive <dir>",
      "archived WAL segments to replay after the backup (default STEMEDB_WAL_ARCHIVE_DIR)",
    )
    .option("--no-wal-archive", "restore the backup alone, without archived WAL")
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--db-dir <dir>", "store directory (default STEMEDB_DB_DIR or data/db)")
    .option("--json", "print the report as JSON")
    .action(
      async (
        backup: string,
        options: {
          toTime?: string;
          walArchive?: string | false;
          walDir?: string;
          dbDir?: string;
          json?: boolean;
        },
      ) => {
        const config = loadConfig(process.env, {
          ...(options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {}),
          ...(options.dbDir !== undefined ? { STEMEDB_DB_DIR: options.dbDir } : {}),
        });
        const archiveDir =
          options.walArchive === false ? undefined : (options.walArchive ?? config.walArchive?.dir);
        const report = await restoreBackup({
          backup,
          walDir: config.walDir,
          dbDir: config.dbDir,
          ...(archiveDir !== undefined ? { archiveDir } : {}),
          ...(options.toTime !== undefined ? { toTimeMs: parseTargetTime(options.toTime) } : {}),
          logger: createLogger(config.logLevel, process.stderr),
        });
        const cut =
          report.cut === null
            ? ""
            : `; left out records from ${report.cut.seq} on (written after ${report.to_time ?? ""})`;
        process.stdout.write(
          options.json === true
            ? `${JSON.stringify(report, null, 2)}\n`
            : `Restored ${report.assertion_count} assertions up to record ${report.wal_position} from ${report.source_backup} ` +
                `(${report.replayed} records replayed, ${report.archive_segments_used} archived segments)${cut} in ` +
                `${report.seconds.toFixed(2)} s\n`,
        );
      },
    );
}
