import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Logger } from "../logger.ts";
import { LmdbStore } from "../store/lmdb-store.ts";
import { fsyncDirectory } from "../wal/fsync-directory.ts";
import { fsyncFile } from "../wal/fsync-file.ts";

/**
 * A replacement store prepared beside the live one while the server runs (a compacted copy, or a
 * rebuild from the WAL), swapped in when the database next opens. It is safe because the store is
 * derived from the WAL: the replacement records the log position it has applied, and opening
 * replays everything written since. Only `data.mdb` moves, and a crash between the two renames
 * leaves no store at all, which opening rebuilds from the log: never a mix of old and new.
 */
export interface PendingStore {
  readonly reason: "compact" | "rebuild";
  readonly created_at: string;
  /** The last WAL record the replacement has applied. */
  readonly applied_seq: number;
  readonly assertion_count: number;
  /** Size of the live store's file when the replacement was made, and of the replacement's. */
  readonly bytes_before: number;
  readonly bytes_after: number;
}

const PENDING_INFO = "pending.json";
const DATA_FILE = "data.mdb";

const pendingDir = (dbDir: string) => `${dbDir}.next`;

/**
 * Builds a replacement store with `build` (which writes `data.mdb` into the directory it is given)
 * under a temporary name, checks it opens, and publishes it as the pending replacement.
 */
export async function preparePendingStore(
  dbDir: string,
  reason: PendingStore["reason"],
  build: (dir: string) => Promise<void>,
): Promise<PendingStore> {
  const partial = `${pendingDir(dbDir)}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await build(partial);
    const store = LmdbStore.open({ dir: partial });
    const facts = { applied_seq: store.appliedSeq, assertion_count: store.assertionCount };
    await store.close();
    rmSync(join(partial, "lock.mdb"), { force: true });
    const info: PendingStore = {
      reason,
      created_at: new Date().toISOString(),
      ...facts,
      bytes_before: fileSize(join(dbDir, DATA_FILE)),
      bytes_after: fileSize(join(partial, DATA_FILE)),
    };
    writeFileSync(join(partial, PENDING_INFO), `${JSON.stringify(info, null, 2)}\n`);
    fsyncFile(join(partial, PENDING_INFO));
    fsyncDirectory(partial);
    rmSync(pendingDir(dbDir), { recursive: true, force: true });
    renameSync(partial, pendingDir(dbDir));
    fsyncDirectory(dirname(dbDir));
    return info;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Swaps a prepared replacement in, if there is one; the caller holds the directory's lock. */
export function swapInPendingStore(dbDir: string, logger: Logger): PendingStore | undefined {
  const next = pendingDir(dbDir);
  const infoPath = join(next, PENDING_INFO);
  if (!existsSync(infoPath)) {
    rmSync(next, { recursive: true, force: true });
    return undefined;
  }
  const info = JSON.parse(readFileSync(infoPath, "utf8")) as PendingStore;
  rmSync(join(dbDir, DATA_FILE), { force: true });
  rmSync(join(dbDir, "lock.mdb"), { force: true });
  fsyncDirectory(dbDir);
  renameSync(join(next, DATA_FILE), join(dbDir, DATA_FILE));
  fsyncDirectory(dbDir);
  rmSync(next, { recursive: true, force: true });
  logger.info(
    { ...info },
    `Swapped in the ${info.reason === "compact" ? "compacted" : "rebuilt"} store: ${info.bytes_before} → ${info.bytes_after} bytes`,
  );
  return info;
}

/** Drops a prepared replacement: after a restore or an offline rebuild it describes another log. */
export function discardPendingStore(dbDir: string): void {
  rmSync(pendingDir(dbDir), { recursive: true, force: true });
  rmSync(`${pendingDir(dbDir)}.partial`, { recursive: true, force: true });
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}
