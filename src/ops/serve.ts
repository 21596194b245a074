import type { Logger as PinoLogger } from "pino";
import type { AppContext } from "../api/app-context.ts";
import { buildApp, type App } from "../api/build-app.ts";
import { StemeDb } from "../db/steme-db.ts";
import type { Config } from "./config.ts";
import { prepareDataDirs } from "./data-dirs.ts";
import { Metrics } from "./metrics.ts";
import { openArchiver } from "./open-archiver.ts";
import { joinCluster, openClusterLog, type ClusterMembership } from "./open-cluster.ts";
import type { Shield } from "../shield/shield.ts";
import { openShield } from "./open-shield.ts";
import { loadTls } from "./tls.ts";
import { VERSION } from "./version.ts";

/** The start failed at a known step; the message is the one line an operator needs. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

export interface RunningServer {
  readonly app: App;
  readonly db: StemeDb;
  readonly url: string;
  /** Stops accepting, finishes in-flight requests and writes, fsyncs, closes. */
  close(): Promise<void>;
}

/**
 * Starts the server in the ten numbered steps of the operations runbook, logging each one so a
 * person reading `journalctl` sees where a start stopped.
 */
export async function serve(config: Config, logger: PinoLogger): Promise<RunningServer> {
  const startedAt = performance.now();
  const step = (n: number, message: string, fields: object = {}): void => {
    logger.info({ step: n, ...fields }, `[${n}/10] ${message}`);
  };
  step(1, "Logging initialised", { logLevel: config.logLevel });
  step(
    2,
    config.meterEnabled ? "Metrics registry started" : "Metrics disabled (STEMEDB_METER_ENABLED=false)",
  );
  step(3, "Configuration loaded", {
    bindAddr: config.bindAddr.text,
    walDir: config.walDir,
    dbDir: config.dbDir,
    tls: config.tls.enabled,
    nodeId: config.nodeId,
    cluster: config.cluster?.natsUrls ?? false,
  });
  const https = config.tls.enabled ? loadTls(config.tls.cert, config.tls.key) : undefined;
  // A cluster node's log is the cluster's stream: it keeps no WAL directory.
  prepareDataDirs(
    config.cluster === undefined
      ? { STEMEDB_WAL_DIR: config.walDir, STEMEDB_DB_DIR: config.dbDir }
      : { STEMEDB_DB_DIR: config.dbDir },
  );
  step(4, "Data directories ready", { walDir: config.walDir, dbDir: config.dbDir });

  step(
    5,
    config.cluster === undefined ? "Opening WAL (crash recovery if needed)" : "Connecting to the cluster log",
  );
  const clusterLog =
    config.cluster === undefined ? undefined : await openClusterLog(config.cluster, config.nodeId, logger);
  // Metrics read the database's counters, and the database reports fsyncs to the metrics.
  const opened: { db?: StemeDb } = {};
  const metrics = config.meterEnabled
    ? new Metrics(
        () => opened.db?.store.assertionCount ?? 0,
        () => opened.db?.walSegments ?? 0,
      )
    : undefined;
  const db = await StemeDb.open({
    walDir: config.walDir,
    dbDir: config.dbDir,
    segmentSize: config.walSegmentBytes,
    durableStoreCommits: config.storeDurableCommits,
    cachedAssertions: config.queryCacheAssertions,
    logger,
    ...(clusterLog !== undefined && config.cluster !== undefined
      ? { clusterLog, applyTimeoutMs: config.cluster.writeTimeoutMs }
      : {}),
    onGroupCommit: (commit) => {
      metrics?.walFsyncLatency.observe(commit.fsyncSeconds);
      metrics?.walGroupCommitRecords.observe(commit.records);
    },
  });
  opened.db = db;
  metrics?.watchStorage(() => db.writeRefusal === undefined);
  const starts = db.store.recordStart();
  if (starts > 1) metrics?.restartsTotal.inc(starts - 1);
  step(6, "Store open", { assertions: db.store.assertionCount, appliedSeq: db.store.appliedSeq });
  step(7, "Ingest worker running");
  const archiver = openArchiver(config, db, logger, metrics);

  let app: App;
  let shield: Shield;
  let cluster: ClusterMembership | undefined;
  const state = { draining: false };
  // On every way out once the store is open: the cluster, the store, and the metrics' hold on both.
  const release = async (): Promise<void> => {
    await cluster?.stop();
    await db.close();
    metrics?.close();
  };
  try {
    shield = openShield({ config, db, logger, metrics });
    if (config.cluster !== undefined && clusterLog !== undefined) {
      cluster = await joinCluster({
        config: config.cluster,
        nodeId: config.nodeId,
        version: VERSION,
        db,
        log: clusterLog,
        shield,
        metrics,
        logger,
      });
    }
    const ctx: AppContext = {
      db,
      config,
      metrics,
      evidence: db.evidence,
      shield,
      archiver,
      ...(cluster !== undefined ? { cluster: cluster.node } : {}),
      version: VERSION,
      startedAt,
      state,
    };
    app = await buildApp(ctx, { logger, ...(https !== undefined ? { https } : {}) });
    await app.ready();
  } catch (error) {
    await release();
    throw error;
  }
  step(8, "HTTP router built");

  try {
    await app.listen({ host: config.bindAddr.host, port: config.bindAddr.port });
  } catch (error) {
    await app.close();
    await release();
    throw bindError(error, config);
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.bindAddr.port;
  const host = config.bindAddr.host.includes(":") ? `[${config.bindAddr.host}]` : config.bindAddr.host;
  const url = `${config.tls.enabled ? "https" : "http"}://${host}:${port}`;
  step(9, `Bound ${host}:${port}`);
  archiver?.start();
  step(10, `Startup complete, listening on ${url}`, {
    seconds: Number(((performance.now() - startedAt) / 1000).toFixed(3)),
  });

  // Query audit records older than the retention period go, hourly (and once at start).
  const pruneAudit = (): void => {
    if (config.auditRetentionDays === 0) return;
    db.store.audit.prune(Date.now() - config.auditRetentionDays * 86_400_000).then(
      (removed) => {
        if (removed > 0) logger.info({ removed }, "Pruned old query audit records");
      },
      (error: unknown) => {
        logger.error({ err: error }, "Cannot prune query audit records");
      },
    );
  };
  pruneAudit();
  const pruneTimer = setInterval(pruneAudit, 3_600_000);
  pruneTimer.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      state.draining = true;
      clearInterval(pruneTimer);
      logger.info({}, "Shutting down: no new connections, finishing in-flight requests");
      await app.close();
      // After the last request, before the log closes: a clean stop leaves the archive complete.
      await archiver?.stop();
      await release();
      logger.info({}, "Shutdown complete: WAL fsynced and closed");
    })();
    return closing;
  };
  return { app, db, url, close };
}

function bindError(error: unknown, config: Config): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const addr = config.bindAddr.text;
  if (code === "EADDRINUSE") {
    return new StartupError(
      `Cannot bind ${addr}: address already in use. Another process holds the port (lsof -i :${config.bindAddr.port}); ` +
        `stop it or choose another address with STEMEDB_BIND_ADDR`,
    );
  }
  if (code === "EACCES") {
    return new StartupError(
      `Cannot bind ${addr}: permission denied (ports below 1024 need privileges); set STEMEDB_BIND_ADDR`,
    );
  }
  if (code === "EADDRNOTAVAIL") {
    return new StartupError(`Cannot bind ${addr}: the address is not on this machine; set STEMEDB_BIND_ADDR`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
