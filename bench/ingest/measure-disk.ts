import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { open } from "lmdb";

/** Pages and entries of one LMDB keyspace (named database). */
export interface KeyspaceUsage {
  readonly name: string;
  readonly entries: number;
  /** Branch, leaf and overflow pages of its B-tree. */
  readonly pages: number;
  readonly bytes: number;
}

/** Bytes a closed data directory takes on disk. */
export interface DiskUsage {
  /** Sum of the `*.wal` segment sizes. */
  readonly walBytes: number;
  readonly walSegments: number;
  /** Size of `data.mdb`. LMDB grows the file in large steps, so this overstates what is used. */
  readonly storeFileBytes: number;
  /** Pages up to the last one LMDB has used, `(lastPageNumber + 1) × pageSize`; free pages included. */
  readonly storeUsedBytes: number;
  /** Pages that hold live B-tree data; the rest of `storeUsedBytes` is free lists and free pages. */
  readonly storeLiveBytes: number;
  readonly pageSize: number;
  readonly keyspaces: readonly KeyspaceUsage[];
}

/** What `getStats()` of an lmdb-js environment or database returns (lmdb-js does not type it). */
interface LmdbStats {
  readonly pageSize: number;
  readonly treeBranchPageCount: number;
  readonly treeLeafPageCount: number;
  readonly overflowPages: number;
  readonly entryCount: number;
  readonly lastPageNumber: number;
}

/**
 * Measures the WAL and the store of a data directory. The database must be closed: the store is
 * opened read-only here, because its environment inside `LmdbStore` is private.
 */
export async function measureDisk(walDir: string, dbDir: string): Promise<DiskUsage> {
  const segments = readdirSync(walDir).filter((name) => name.endsWith(".wal"));
  const walBytes = segments.reduce((sum, name) => sum + statSync(join(walDir, name)).size, 0);
  const storeFileBytes = statSync(join(dbDir, "data.mdb")).size;
  const env = open({ path: dbDir, readOnly: true, noSubdir: false, maxDbs: 64 });
  try {
    const stats = env.getStats() as LmdbStats;
    // The main database's keys are the names of the named databases. Collect them before opening
    // any: opening a database while the key iterator's read transaction is live fails.
    const names = Array.from(env.getKeys(), String);
    const keyspaces = names.map((name): KeyspaceUsage => {
      const db = env.openDB({ name, encoding: "binary", keyEncoding: "binary" });
      const s = db.getStats() as LmdbStats;
      const pages = s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages;
      return { name, entries: s.entryCount, pages, bytes: pages * s.pageSize };
    });
    // Two meta pages and the main database's own pages hold the rest of the live data.
    const rootPages = 2 + stats.treeBranchPageCount + stats.treeLeafPageCount + stats.overflowPages;
    const livePages = rootPages + keyspaces.reduce((sum, k) => sum + k.pages, 0);
    return {
      walBytes,
      walSegments: segments.length,
      storeFileBytes,
      storeUsedBytes: (stats.lastPageNumber + 1) * stats.pageSize,
      storeLiveBytes: livePages * stats.pageSize,
      pageSize: stats.pageSize,
      keyspaces: keyspaces.sort((a, b) => b.bytes - a.bytes),
    };
  } finally {
    await env.close();
  }
}
