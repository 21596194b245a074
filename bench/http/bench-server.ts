import { loadConfig } from "../../src/ops/config.ts";
import { createLogger } from "../../src/ops/logging.ts";
import { serve, type RunningServer } from "../../src/ops/serve.ts";
import { withTempDataDir } from "../ingest/temp-data-dir.ts";

/**
 * Runs `body` against the real server (`serve`, as `stemedb-api` starts it) on a free loopback
 * port and a fresh data directory, then closes the server and removes the directory.
 *
 * The configuration is these variables alone, not the environment's, so that a `STEMEDB_*`
 * variable in the shell cannot change what is measured: everything else is the default a fresh
 * install runs with (metrics on, query audit kept 30 days, the Shield on), except the per-client
 * rate limits and per-agent quotas. The load generator is one client and one agent on loopback
 * standing in for a fleet, so those limits would measure themselves; `bench/shield` measures what
 * the Shield costs with every protection on. `env` adds or overrides variables.
 */
export async function withBenchServer<T>(
  body: (server: RunningServer) => Promise<T>,
  env: Readonly<Record<string, string>> = {},
): Promise<T> {
  return withTempDataDir(async (dirs) => {
    const config = loadConfig({
      STEMEDB_BIND_ADDR: "127.0.0.1:0",
      STEMEDB_WAL_DIR: dirs.walDir,
      STEMEDB_DB_DIR: dirs.dbDir,
      STEMEDB_LOG_LEVEL: "silent",
      STEMEDB_RATE_LIMIT_ENABLED: "false",
      STEMEDB_QUOTA_ENABLED: "false",
      ...env,
    });
    const server = await serve(config, createLogger("silent"));
    try {
      return await body(server);
    } finally {
      await server.close();
    }
  });
}
