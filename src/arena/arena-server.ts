/**
 * The server an arena run plays against: the real `serve` path (WAL, LMDB store, Shield, Fastify)
 * on a fresh temporary directory, listening on a free loopback port, removed when the run ends.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import { serve } from "../ops/serve.ts";

/** A running arena server. */
export interface ArenaServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly adminToken: string;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

/**
 * The Shield settings of the arena, on top of the server's defaults (everything on: rate limits,
 * quotas, breakers, quarantine). Each is what an operator of an open server would set, or what
 * keeps a run deterministic:
 *
 * - `STEMEDB_DEFAULT_TIER_CAP=community`: strangers cannot claim a high tier (`docs/security.md`
 *   §Tier caps recommends it for open servers); the populations an admin knows get keys with caps.
 * - Breaker window and cool-down of an hour: a run lasts minutes, so an open breaker stays open for
 *   the rest of it whatever the machine's speed, instead of reopening after 30 wall-clock seconds.
 * - The near-duplicate window at 0 s: the screen counts wall-clock seconds, and the arena packs a
 *   simulated day into a fraction of one, so its default ten minutes would span the whole run and
 *   hold every weekly restatement of a claim as a loop. At 0 s it still holds repeats sent within
 *   the same instant.
 * - The query audit off: the arena's own thousands of evaluation reads are not traffic to audit.
 */
export const ARENA_SERVER_ENV: Readonly<Record<string, string>> = {
  STEMEDB_DEFAULT_TIER_CAP: "community",
  STEMEDB_BREAKER_WINDOW_SECONDS: "3600",
  STEMEDB_BREAKER_COOLDOWN_SECONDS: "3600",
  STEMEDB_QUARANTINE_DUPLICATE_WINDOW_SECONDS: "0",
  STEMEDB_AUDIT_RETENTION_DAYS: "0",
  STEMEDB_LOG_LEVEL: "silent",
};

/**
 * Starts the arena's server. `env` adds to or overrides `ARENA_SERVER_ENV`.
 *
 * @example
 * ```ts
 * const server = await startArenaServer();
 * try {
 *   new StemeClient({ baseUrl: server.url });
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startArenaServer(env: Readonly<Record<string, string>> = {}): Promise<ArenaServer> {
  const root = mkdtempSync(join(tmpdir(), "stemedb-arena-"));
  const adminToken = randomBytes(24).toString("base64url");
  try {
    const config = loadConfig({
      ...ARENA_SERVER_ENV,
      ...env,
      STEMEDB_BIND_ADDR: "127.0.0.1:0",
      STEMEDB_WAL_DIR: join(root, "wal"),
      STEMEDB_DB_DIR: join(root, "db"),
      STEMEDB_BACKUP_DIR: join(root, "backups"),
      STEMEDB_ADMIN_TOKEN: adminToken,
      STEMEDB_ADMIN_TOKEN_FILE: join(root, "admin-token"),
    });
    const server = await serve(config, createLogger(config.logLevel));
    let closed: Promise<void> | undefined;
    return {
      url: server.url,
      adminToken,
      close: () => {
        closed ??= server.close().finally(() => {
          rmSync(root, { recursive: true, force: true });
        });
        return closed;
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
