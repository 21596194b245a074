import type { Command } from "commander";
import { ChecksumError } from "../errors.ts";
import { ConfigError, loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import { serve } from "../ops/serve.ts";

/** Flags of `serve`, each overriding its environment variable. */
const FLAGS: readonly [flag: string, variable: string, help: string][] = [
  ["--bind <host:port>", "STEMEDB_BIND_ADDR", "address to listen on (default 127.0.0.1:18180)"],
  ["--wal-dir <dir>", "STEMEDB_WAL_DIR", "WAL directory (default data/wal)"],
  ["--db-dir <dir>", "STEMEDB_DB_DIR", "store directory (default data/db)"],
  ["--tls-cert <file>", "STEMEDB_TLS_CERT", "PEM certificate (with --tls)"],
  ["--tls-key <file>", "STEMEDB_TLS_KEY", "PEM private key (with --tls)"],
  ["--log-level <level>", "STEMEDB_LOG_LEVEL", "trace, debug, info, warn, error"],
  ["--node-id <id>", "STEMEDB_NODE_ID", "this node's name (default the hostname)"],
];

function optionKey(flag: string): string {
  const name = /^--([\w-]+)/.exec(flag)?.[1] ?? flag;
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Reads the configuration and runs the server until SIGTERM or SIGINT; exits 1 on a failed start. */
export async function runServer(options: Record<string, unknown>): Promise<void> {
  const overrides: Record<string, string> = {};
  for (const [flag, variable] of FLAGS) {
    const value = options[optionKey(flag)];
    if (typeof value === "string") overrides[variable] = value;
  }
  if (options["tls"] === true) overrides["STEMEDB_TLS_ENABLED"] = "true";
  let config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`stemedb: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  try {
    const server = await serve(config, logger);
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) {
        logger.warn({ signal }, "Second signal: exiting without waiting");
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, `Received ${signal}`);
      const timer = setTimeout(() => {
        logger.error({}, `Shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "Shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", () => {
      stop("SIGTERM");
    });
    process.on("SIGINT", () => {
      stop("SIGINT");
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fields = error instanceof ChecksumError ? { segment: error.segment, offset: error.offset } : {};
    logger.fatal({ err: error, ...fields }, `Startup failed: ${message}`);
    process.stderr.write(`stemedb: startup failed: ${message}\n`);
    logger.flush();
    process.exit(1);
  }
}

export function addServeCommand(program: Command): void {
  const command = program.command("serve").description("run the server (the default command of stemedb-api)");
  for (const [flag, , help] of FLAGS) command.option(flag, help);
  command.option("--tls", "enable TLS (STEMEDB_TLS_ENABLED=true)");
  command.action(runServer);
}
