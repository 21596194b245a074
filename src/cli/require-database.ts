import { existsSync } from "node:fs";
import { listSegmentFiles } from "../wal/segment-name.ts";

/**
 * Refuses to work on a directory that holds no database, instead of creating an empty one there:
 * run from the wrong directory, or without the server's settings, `stemedb backup` would
 * otherwise back up nothing and say it succeeded.
 */
export function requireDatabase(walDir: string): void {
  if (existsSync(walDir) && listSegmentFiles(walDir).length > 0) return;
  throw new Error(
    `No StemeDB database in ${walDir} (no WAL segments): point STEMEDB_WAL_DIR and STEMEDB_DB_DIR ` +
      "(or --wal-dir and --db-dir) at the server's data directories",
  );
}
