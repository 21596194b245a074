import { dirname, join, resolve } from "node:path";
import type { StemeDb } from "../db/steme-db.ts";
import type { Logger } from "../logger.ts";
import { resolveAdminToken } from "../shield/admin-token.ts";
import { Shield } from "../shield/shield.ts";
import type { Config } from "./config.ts";
import type { Metrics } from "./metrics.ts";

/**
 * The admin token file when `STEMEDB_ADMIN_TOKEN_FILE` is unset: `admin-token` in the data
 * directory, the parent of the store (`data/admin-token` with the defaults).
 */
export function defaultAdminTokenFile(config: Config): string {
  return config.shield.adminTokenFile ?? join(dirname(resolve(config.dbDir)), "admin-token");
}

/** The Shield of a server over `db`, with its admin token resolved and its metrics wired. */
export function openShield(options: {
  readonly config: Config;
  readonly db: StemeDb;
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
}): Shield {
  const { config, db, metrics } = options;
  const admin = resolveAdminToken({
    fromEnv: config.shield.adminToken,
    file: defaultAdminTokenFile(config),
    logger: options.logger,
  });
  if (!admin.created && admin.file !== undefined)
    options.logger.info({ file: admin.file }, `Admin token read from ${admin.file}`);
  const shield = new Shield({
    config: config.shield,
    adminToken: admin.token,
    state: db.store.shield,
    trustOf: (agentId) => db.evidence.trustOf(agentId),
    assertionCountOf: (agentId) => db.store.countAgent(agentId),
    ...(metrics !== undefined
      ? {
          onReject: (reason: string) => {
            metrics.requestsRejected.inc({ reason });
          },
        }
      : {}),
  });
  metrics?.watchShield({
    breakerCounts: () => shield.breakers.counts(Date.now()),
    pendingQuarantine: () => db.store.shield.pendingCount,
  });
  return shield;
}
