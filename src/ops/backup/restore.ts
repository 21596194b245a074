import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DirectoryLock } from "../../db/directory-lock.ts";
import { discardPendingStore } from "../../db/pending-store.ts";
import { StemeDb } from "../../db/steme-db.ts";
import { silentLogger, type Logger } from "../../logger.ts";
import { cutLogAfter, type LogCut } from "../../wal/cut-log.ts";
import { fsyncDirectory } from "../../wal/fsync-directory.ts";
import { fsyncFile } from "../../wal/fsync-file.ts";
import { listLogSegments } from "../../wal/log-segments.ts";
import { listSegmentFiles } from "../../wal/segment-name.ts";
import { readBackupMetadata } from "./backup-metadata.ts";
import { checkBackupFiles } from "./verify.ts";

export interface RestoreOptions {
  /** The backup directory (`stemedb-backup-…`). */
  readonly backup: string;
  readonly walDir: string;
  readonly dbDir: string;
  /** Archived WAL segments to replay after the backup (continuous archiving's directory). */
  readonly archiveDir?: string;
  /** Point-in-time recovery: leave out every record written after this, Unix milliseconds. */
  readonly toTimeMs?: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** What a restore did; also written to `metadata.json` beside the data directories. */
export interface RestoreReport {
  readonly source_backup: string;
  readonly backup_timestamp: string;
  readonly restored_at: string;
  readonly assertion_count: number;
  readonly wal_position: number;
  /** Records replayed on top of the backup's store (from the archive). */
  readonly replayed: number;
  readonly archive_segments_used: number;
  readonly to_time: string | null;
  /** The first record left out by `--to-time`, if any was. */
  readonly cut: LogCut | null;
  /** Where the data directories' previous contents were moved, if they had any. */
  readonly moved_aside: readonly string[];
  readonly seconds: number;
}

/**
 * Restores a backup into the data directories: refuses while a server holds them, checks every
 * file of the backup against its metadata, moves whatever the directories held aside (never
 * deletes it), copies the backup in, adds archived WAL segments that extend it, cuts the log at
 * `toTimeMs` for a point-in-time restore, and replays the log into the store, so a server started
 * afterwards is at once what the report says. Writes the report to `<data>/metadata.json`.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const logger = options.logger ?? silentLogger;
  const began = process.hrtime.bigint();
  const now = options.now ?? (() => new Date());
  mkdirSync(options.walDir, { recursive: true });
  mkdirSync(options.dbDir, { recursive: true });
  const locks = [DirectoryLock.acquire(options.walDir)];
  try {
    if (resolve(options.dbDir) !== resolve(options.walDir)) locks.push(DirectoryLock.acquire(options.dbDir));
    const metadata = readBackupMetadata(options.backup);
    const problems = await checkBackupFiles(options.backup, metadata);
    if (problems.length > 0) {
      throw new Error(
        `Backup ${options.backup} is damaged; nothing was changed:\n  ${problems.join("\n  ")}`,
      );
    }
    if (options.toTimeMs !== undefined && options.toTimeMs < Date.parse(metadata.timestamp)) {
      throw new Error(
        `The backup is consistent as of ${metadata.timestamp}, after ${new Date(options.toTimeMs).toISOString()}: ` +
          "restore an older backup to go back that far",
      );
    }
    const stamp = now()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    const movedAside = [options.walDir, options.dbDir].flatMap((dir) => moveContentsAside(dir, stamp));
    // A replacement store prepared for the old data must not be swapped in over the restored one.
    discardPendingStore(options.dbDir);
    copyTree(join(options.backup, "wal"), options.walDir);
    copyTree(join(options.backup, "db"), options.dbDir);
    const archiveSegmentsUsed =
      options.archiveDir === undefined ? 0 : addArchivedSegments(options.archiveDir, options.walDir);
    const cut =
      options.toTimeMs === undefined
        ? undefined
        : cutLogAfter(listLogSegments(options.walDir), options.toTimeMs, metadata.wal_position + 1);
    for (const lock of locks.splice(0)) lock.release();

    const db = await StemeDb.open({ walDir: options.walDir, dbDir: options.dbDir, logger });
    const restored = {
      count: db.store.assertionCount,
      position: db.store.appliedSeq,
      replayed: db.openReport.replayed,
    };
    await db.close();
    const report: RestoreReport = {
      source_backup: resolve(options.backup),
      backup_timestamp: metadata.timestamp,
      restored_at: now().toISOString(),
      assertion_count: restored.count,
      wal_position: restored.position,
      replayed: restored.replayed,
      archive_segments_used: archiveSegmentsUsed,
      to_time: options.toTimeMs === undefined ? null : new Date(options.toTimeMs).toISOString(),
      cut: cut ?? null,
      moved_aside: movedAside,
      seconds: Number(process.hrtime.bigint() - began) / 1e9,
    };
    const reportPath = join(dirname(resolve(options.dbDir)), "metadata.json");
    writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    fsyncFile(reportPath);
    logger.info({ ...report }, `Restored ${report.assertion_count} assertions from ${options.backup}`);
    if (cut !== undefined && options.archiveDir !== undefined) {
      // The new writes will take the numbers of the records cut off, which the archive still has.
      logger.warn(
        { archiveDir: options.archiveDir, cutAtSeq: cut.seq },
        "Point-in-time restore: archive this server's WAL into a new STEMEDB_WAL_ARCHIVE_DIR; the old archive " +
          `holds the records from ${cut.seq} on that were cut off, under the numbers new writes will take`,
      );
    }
    return report;
  } finally {
    for (const lock of locks) lock.release();
  }
}

/** Moves everything in `dir` but its lock file into `<dir>.before-restore-<stamp>/`; returns it if it did. */
function moveContentsAside(dir: string, stamp: string): string[] {
  const entries = readdirSync(dir).filter((name) => name !== "stemedb.lock");
  if (entries.length === 0) return [];
  const aside = `${resolve(dir)}.before-restore-${stamp}`;
  mkdirSync(aside, { recursive: true });
  for (const name of entries) renameSync(join(dir, name), join(aside, name));
  fsyncDirectory(dir);
  fsyncDirectory(aside);
  return [aside];
}

function copyTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    copyFileSync(join(from, name), join(to, name));
    fsyncFile(join(to, name));
  }
  fsyncDirectory(to);
}

/**
 * Copies archived segments that extend the restored log: those it lacks, and longer copies of
 * those it has (the backup's last segment was still being written when it was taken). Returns
 * how many were copied. Segment files from another log are caught when the log is opened.
 */
function addArchivedSegments(archiveDir: string, walDir: string): number {
  if (!existsSync(archiveDir)) throw new Error(`The WAL archive ${archiveDir} does not exist`);
  let copied = 0;
  for (const archived of listSegmentFiles(archiveDir)) {
    const target = join(walDir, basename(archived.path));
    const have = existsSync(target) ? statSync(target).size : -1;
    if (statSync(archived.path).size <= have) continue;
    copyFileSync(archived.path, target);
    fsyncFile(target);
    copied++;
  }
  if (copied > 0) fsyncDirectory(walDir);
  return copied;
}
