import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { DirectoryLock } from "../db/directory-lock.ts";
import { StemeDb } from "../db/steme-db.ts";
import { BACKUP_METADATA_FILE } from "../ops/backup/backup-metadata.ts";
import { createBackup } from "../ops/backup/create-backup.ts";
import { verifyBackup, verifyDatabase, type VerifyReport } from "../ops/backup/verify.ts";
import { loadConfig, type Config } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import type { AdminOptions } from "./admin-commands.ts";
import { requireDatabase } from "./require-database.ts";
import { postToRunningServer } from "./running-server.ts";

interface DirOptions {
  readonly walDir?: string;
  readonly dbDir?: string;
}

function configOf(options: DirOptions): Config {
  return loadConfig(process.env, {
    ...(options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {}),
    ...(options.dbDir !== undefined ? { STEMEDB_DB_DIR: options.dbDir } : {}),
  });
}

/** `stemedb backup` and `stemedb verify`. */
export function addBackupCommands(program: Command): void {
  program
    .command("backup")
    .description(
      "make an online, consistent backup: asks the running server, or opens the data directory when none runs",
    )
    .option("--to <dir>", "directory to create the backup in (default STEMEDB_BACKUP_DIR or backups)")
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--db-dir <dir>", "store directory (default STEMEDB_DB_DIR or data/db)")
    .option("--server <url>", "the running server (default STEMEDB_URL, else STEMEDB_BIND_ADDR)")
    .option("--admin-token <token>", "admin token (default STEMEDB_ADMIN_TOKEN, else the admin-token file)")
    .option("--json", "print the backup's metadata as JSON")
    .action(async (options: DirOptions & AdminOptions & { to?: string }) => {
      const config = configOf(options);
      const to = resolve(options.to ?? config.backupDir);
      const holder = DirectoryLock.holder(config.walDir);
      let result: { path: string; assertion_count: number; total_bytes: number; duration_seconds: number };
      if (holder !== undefined) {
        // The server holds the data directory: it makes the backup itself, online.
        result = await postToRunningServer<typeof result>(options, config, "/v1/admin/backup", { to });
      } else {
        requireDatabase(config.walDir);
        const logger = createLogger(config.logLevel, process.stderr);
        const db = await StemeDb.open({ walDir: config.walDir, dbDir: config.dbDir, logger });
        try {
          const { path, metadata } = await createBackup(db, { to, logger });
          result = { path, ...metadata };
        } finally {
          await db.close();
        }
      }
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(result, null, 2)}\n`
          : `Backup ${result.path}: ${result.assertion_count} assertions, ${result.total_bytes} bytes, ` +
              `${result.duration_seconds.toFixed(2)} s\n`,
      );
    });

  program
    .command("verify [target]")
    .description(
      "verify a backup (checksums, every WAL record, store against its log) or a stopped server's data directory",
    )
    .option("--latest", "verify the newest stemedb-backup-* directory inside target")
    .option("--wal-dir <dir>", "WAL directory when verifying the data directory (default STEMEDB_WAL_DIR)")
    .option("--db-dir <dir>", "store directory when verifying the data directory (default STEMEDB_DB_DIR)")
    .option("--json", "print the report as JSON")
    .action(
      async (target: string | undefined, options: DirOptions & { latest?: boolean; json?: boolean }) => {
        const report = await verifyTarget(target, options);
        if (options.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(describe(report));
        if (report.problems.length > 0) process.exitCode = 1;
      },
    );
}

async function verifyTarget(
  target: string | undefined,
  options: DirOptions & { latest?: boolean },
): Promise<VerifyReport> {
  if (options.latest === true) {
    if (target === undefined) throw new Error("--latest needs the directory holding the backups");
    return verifyBackup(latestBackup(target));
  }
  if (target !== undefined && existsSync(join(target, BACKUP_METADATA_FILE))) return verifyBackup(target);
  const dirs =
    target !== undefined ? { walDir: join(target, "wal"), dbDir: join(target, "db") } : configOf(options);
  const holder = DirectoryLock.holder(dirs.walDir);
  if (holder !== undefined) {
    throw new Error(
      `A server (pid ${holder}) is writing ${dirs.walDir}: stop it to verify the data directory, or verify a backup`,
    );
  }
  requireDatabase(dirs.walDir);
  return verifyDatabase(dirs);
}

/** The newest complete backup in `dir`: names sort by time, and unfinished ones are hidden. */
function latestBackup(dir: string): string {
  const names = readdirSync(dir)
    .filter((name) => name.startsWith("stemedb-backup-"))
    .sort();
  const latest = names.at(-1);
  if (latest === undefined) throw new Error(`No stemedb-backup-* directory in ${dir}`);
  return join(dir, latest);
}

function describe(report: VerifyReport): string {
  const lines = [
    `${report.problems.length === 0 ? "OK" : "FAILED"}: ${report.kind} ${report.target}`,
    `  WAL: ${report.walRecords} records in ${report.walSegments} segments, up to record ${report.walPosition}`,
    `  store: ${report.assertionCount} assertions, applied up to record ${report.storeAppliedSeq}`,
    ...(report.filesChecked > 0 ? [`  files: ${report.filesChecked} checked against their SHA-256`] : []),
    ...report.warnings.map((w) => `  warning: ${w}`),
    ...report.problems.map((p) => `  problem: ${p}`),
  ];
  return `${lines.join("\n")}\n`;
}
