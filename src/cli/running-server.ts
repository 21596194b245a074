import { StemeClient } from "../client/steme-client.ts";
import type { Config } from "../ops/config.ts";
import { adminToken, type AdminOptions } from "./admin-commands.ts";
import type { ServerOptions } from "./client-commands.ts";

/** The running server's URL: `--server`, `STEMEDB_URL`, else its configured bind address. */
export function serverUrl(options: ServerOptions, config: Config): string {
  const given = options.server ?? process.env["STEMEDB_URL"];
  if (given !== undefined) return given;
  const host = ["0.0.0.0", "::", "[::]"].includes(config.bindAddr.host) ? "127.0.0.1" : config.bindAddr.host;
  return `${config.tls.enabled ? "https" : "http"}://${host}:${config.bindAddr.port}`;
}

/**
 * POSTs an admin operation to the server that holds the data directory (the operations commands
 * ask it when its lock is held), with the admin token found as `stemedb keys` finds it.
 */
export async function postToRunningServer<T>(
  options: AdminOptions,
  config: Config,
  path: string,
  body: Record<string, unknown> = {},
): Promise<T> {
  const client = new StemeClient({
    baseUrl: serverUrl(options, config),
    adminToken: adminToken(options, config.dbDir),
    retries: 0,
    // Backups, compactions and rebuilds answer when they are done, which may take long.
    timeoutMs: 0,
  });
  // Each operation writes something of its own (a backup, a new store): never resent.
  return client.request<T>("POST", path, { body, idempotent: false, admin: true });
}
