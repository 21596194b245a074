import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A scratch data directory laid out as a server's: the WAL and the store side by side. */
export interface DataDirs {
  readonly root: string;
  readonly walDir: string;
  readonly dbDir: string;
}

/**
 * Runs `body` with a fresh data directory under the OS temp dir and removes it afterwards, even
 * when `body` throws, so a failed run leaves no gigabytes behind.
 */
export async function withTempDataDir<T>(body: (dirs: DataDirs) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), "stemedb-bench-ingest-"));
  try {
    return await body({ root, walDir: join(root, "wal"), dbDir: join(root, "db") });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
