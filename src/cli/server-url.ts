import type { Config } from "../ops/config.ts";
import type { ServerOptions } from "./client-commands.ts";

/** The running server's URL: `--server`, `STEMEDB_URL`, else its configured bind address. */
export function serverUrl(options: ServerOptions, config: Config): string {
  const given = options.server ?? process.env["STEMEDB_URL"];
  if (given !== undefined) return given;
  const host = ["0.0.0.0", "::", "[::]"].includes(config.bindAddr.host) ? "127.0.0.1" : config.bindAddr.host;
  return `${config.tls.enabled ? "https" : "http"}://${host}:${config.bindAddr.port}`;
}
