/**
 * Opening the embedded database: the locks on its directories, a store prepared meanwhile swapped
 * in, a store torn by a machine crash wiped for a rebuild, then either WAL recovery and replay (a
 * single node) or following the cluster's log (a cluster node).
 */
import { mkdirSync, rmSync } from "node:fs";
import { silentLogger, type Logger } from "../logger.ts";
import type { AssertionLog } from "../cluster/assertion-log.ts";
import { storeMayBeTorn } from "../store/boot-state.ts";
import { Ingest } from "../store/ingest.ts";
import { LmdbStore } from "../store/lmdb-store.ts";
import type { RecoveredWal } from "../wal/recover.ts";
import { Wal, type GroupCommit } from "../wal/wal.ts";
import { WalLog } from "../wal/wal-log.ts";
import { DirectoryLock } from "./directory-lock.ts";
import { swapInPendingStore } from "./pending-store.ts";
import { replayWal } from "./replay.ts";

export interface StemeDbOptions {
  /** Where the WAL segments live (`STEMEDB_WAL_DIR`). */
  readonly walDir: string;
  /** Where the LMDB store lives (`STEMEDB_DB_DIR`). */
  readonly dbDir: string;
  readonly segmentSize?: number;
  /** Make every store commit wait for the disk; off by default (the WAL makes writes durable). */
  readonly durableStoreCommits?: boolean;
  /** Decoded assertions the query engine keeps in memory (`LmdbStore.open`); default 200,000. */
  readonly cachedAssertions?: number;
  readonly logger?: Logger;
  readonly onGroupCommit?: (commit: GroupCommit) => void;
  /**
   * The cluster's log, opened, to use instead of a local WAL (cluster mode): `walDir` is then
   * unused, and the store is built from the log and resumes after the last sequence it applied.
   * The database owns the log from then on and closes it.
   */
  readonly clusterLog?: AssertionLog;
  /**
   * With a cluster log: the longest a write waits for this node to apply what the log has
   * acknowledged (its reader may be cut off from the stream) before it answers 503.
   */
  readonly applyTimeoutMs?: number;
}

export interface OpenReport {
  /** What WAL recovery found (a single node; a cluster node keeps no WAL). */
  readonly recovered?: RecoveredWal;
  /** Records replayed from the WAL into the store at start. */
  readonly replayed: number;
  /** The store was rebuilt because the machine went down while it was open. */
  readonly rebuilt: boolean;
}

/** What an open database is made of, handed to `StemeDb`, which owns it all from then on. */
export interface OpenedParts {
  readonly log: AssertionLog;
  readonly store: LmdbStore;
  readonly ingest: Ingest;
  readonly locks: DirectoryLock[];
  readonly report: OpenReport;
  readonly applyTimeoutMs?: number | undefined;
}

/**
 * Opens the directories of `options` and returns the parts of the database, ready to write and
 * read. On failure, everything opened so far is closed and the locks released.
 */
export async function openParts(options: StemeDbOptions): Promise<OpenedParts> {
  const logger = options.logger ?? silentLogger;
  const cluster = options.clusterLog;
  if (cluster === undefined) mkdirSync(options.walDir, { recursive: true });
  mkdirSync(options.dbDir, { recursive: true });
  const locks: DirectoryLock[] = [];
  try {
    if (cluster === undefined) locks.push(DirectoryLock.acquire(options.walDir));
    if (cluster !== undefined || options.dbDir !== options.walDir) {
      locks.push(DirectoryLock.acquire(options.dbDir));
    }
    // A compacted or rebuilt store prepared while the server ran takes the old one's place.
    swapInPendingStore(options.dbDir, logger);
    const rebuilt = storeMayBeTorn(options.dbDir);
    if (rebuilt) {
      logger.warn(
        { dbDir: options.dbDir },
        "The store was open when the machine went down; Rebuilding indexes...",
      );
      wipeStore(options.dbDir);
    }
    const store = LmdbStore.open({
      dir: options.dbDir,
      durableCommits: options.durableStoreCommits ?? false,
      ...(options.cachedAssertions !== undefined ? { cachedAssertions: options.cachedAssertions } : {}),
    });
    try {
      if (cluster !== undefined) {
        return follow(cluster, logger, store, locks, rebuilt, options.applyTimeoutMs);
      }
      return await recover(options, logger, store, locks, rebuilt);
    } catch (error) {
      await store.close();
      throw error;
    }
  } catch (error) {
    for (const lock of locks) lock.release();
    await cluster?.close();
    throw error;
  }
}

/**
 * A cluster node: ingest reads the cluster's log from after the last sequence the store
 * applied (the start of the log for a new or wiped store), in the background.
 */
function follow(
  log: AssertionLog,
  logger: Logger,
  store: LmdbStore,
  locks: DirectoryLock[],
  rebuilt: boolean,
  applyTimeoutMs: number | undefined,
): OpenedParts {
  logger.info({ appliedSeq: store.appliedSeq }, "Following the cluster log from the last applied sequence");
  const ingest = new Ingest(store, logger);
  log.consume(store.appliedSeq + 1, (records) => {
    ingest.enqueue(records);
  });
  return { log, store, ingest, locks, report: { replayed: 0, rebuilt }, applyTimeoutMs };
}

/**
 * A single node: WAL recovery (a torn tail cut off, damage refused), then the records the store has
 * not applied replayed into it, then ingest of what is written from now on.
 */
async function recover(
  options: StemeDbOptions,
  logger: Logger,
  store: LmdbStore,
  locks: DirectoryLock[],
  rebuilt: boolean,
): Promise<OpenedParts> {
  logger.info({ walDir: options.walDir, appliedSeq: store.appliedSeq }, "Starting WAL recovery...");
  const { wal, recovered } = await Wal.open({
    dir: options.walDir,
    minNextSeq: store.appliedSeq + 1,
    checkFromSeq: store.appliedSeq + 1,
    logger,
    ...(options.segmentSize !== undefined ? { segmentSize: options.segmentSize } : {}),
    ...(options.onGroupCommit !== undefined ? { onGroupCommit: options.onGroupCommit } : {}),
  });
  try {
    const replayed = replayWal(wal, store, logger);
    logger.info({ replayed, appliedSeq: store.appliedSeq }, `Replayed ${replayed} entries from WAL`);
    const ingest = new Ingest(store, logger);
    const log = new WalLog(wal);
    log.consume(store.appliedSeq + 1, (records) => {
      ingest.enqueue(records);
    });
    return { log, store, ingest, locks, report: { recovered, replayed, rebuilt } };
  } catch (error) {
    await wal.close();
    throw error;
  }
}

function wipeStore(dir: string): void {
  for (const name of ["data.mdb", "lock.mdb", "store-state.json"]) rmSync(`${dir}/${name}`, { force: true });
}
