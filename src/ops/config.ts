import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_CACHED_ASSERTIONS } from "../store/decoded-pairs.ts";
import { clusterSchema, toClusterConfig, type ClusterConfig } from "./cluster-config.ts";
import { bool, positiveInt } from "./env-parsers.ts";
import { shieldSchema, toShieldConfig, type ShieldConfig } from "./shield-config.ts";

/**
 * Server configuration, from `STEMEDB_*` environment variables (every one is listed in
 * `.env.example` and `docs/configuration.md`), overridable by command-line flags. Everything is
 * validated at start: a bad value stops the server with one line naming the variable, the value
 * and what it should look like.
 */
export interface Config {
  readonly bindAddr: { readonly host: string; readonly port: number; readonly text: string };
  readonly walDir: string;
  readonly dbDir: string;
  /** Where `stemedb backup` and `POST /v1/admin/backup` put backups unless told otherwise. */
  readonly backupDir: string;
  /** Continuous WAL archiving: where, and the most the archive may lag the log. Off when unset. */
  readonly walArchive: { readonly dir: string; readonly maxDelayMs: number } | undefined;
  readonly walSegmentBytes: number;
  readonly storeDurableCommits: boolean;
  readonly tls:
    { readonly enabled: false } | { readonly enabled: true; readonly cert: string; readonly key: string };
  readonly meterEnabled: boolean;
  readonly logLevel: LogLevel;
  readonly nodeId: string;
  readonly maxBodyBytes: number;
  readonly maxBatchBodyBytes: number;
  readonly requireSignatures: boolean;
  readonly shutdownTimeoutMs: number;
  /** Days query audit records are kept; 0 turns the audit trail off. */
  readonly auditRetentionDays: number;
  /** Decoded assertions the query engine keeps in memory (pairs read recently); 0 turns it off. */
  readonly queryCacheAssertions: number;
  /** Authentication, limits, breakers, quarantine, proof of work, timeouts. */
  readonly shield: ShieldConfig;
  /** Cluster mode's settings; `undefined` on a single node. */
  readonly cluster: ClusterConfig | undefined;
}

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/** A configuration value that cannot be used; the message names the variable and the fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

const schema = z.object({
  STEMEDB_BIND_ADDR: z.string().default("127.0.0.1:18180"),
  STEMEDB_WAL_DIR: z.string().trim().min(1).default("data/wal"),
  STEMEDB_DB_DIR: z.string().trim().min(1).default("data/db"),
  STEMEDB_BACKUP_DIR: z.string().trim().min(1).default("backups"),
  STEMEDB_WAL_ARCHIVE_DIR: z.string().trim().min(1).optional(),
  STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS: positiveInt(
    "STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS",
    1,
    86_400,
  ).default(60),
  STEMEDB_WAL_SEGMENT_BYTES: positiveInt("STEMEDB_WAL_SEGMENT_BYTES", 4096, 2 ** 40).default(
    64 * 1024 * 1024,
  ),
  STEMEDB_STORE_DURABLE_COMMITS: bool("STEMEDB_STORE_DURABLE_COMMITS").default(false),
  STEMEDB_TLS_ENABLED: bool("STEMEDB_TLS_ENABLED").default(false),
  STEMEDB_TLS_CERT: z.string().trim().optional(),
  STEMEDB_TLS_KEY: z.string().trim().optional(),
  STEMEDB_METER_ENABLED: bool("STEMEDB_METER_ENABLED").default(true),
  STEMEDB_LOG_LEVEL: z.string().trim().optional(),
  RUST_LOG: z.string().trim().optional(),
  STEMEDB_NODE_ID: z.string().trim().min(1).optional(),
  STEMEDB_MAX_BODY_BYTES: positiveInt("STEMEDB_MAX_BODY_BYTES", 1024, 2 ** 30).default(1024 * 1024),
  STEMEDB_MAX_BATCH_BODY_BYTES: positiveInt("STEMEDB_MAX_BATCH_BODY_BYTES", 1024, 2 ** 31).default(
    16 * 1024 * 1024,
  ),
  STEMEDB_REQUIRE_SIGNATURES: bool("STEMEDB_REQUIRE_SIGNATURES").default(false),
  STEMEDB_SHUTDOWN_TIMEOUT_MS: positiveInt("STEMEDB_SHUTDOWN_TIMEOUT_MS", 0, 600_000).default(10_000),
  STEMEDB_AUDIT_RETENTION_DAYS: positiveInt("STEMEDB_AUDIT_RETENTION_DAYS", 0, 36_500).default(30),
  STEMEDB_QUERY_CACHE_ASSERTIONS: positiveInt("STEMEDB_QUERY_CACHE_ASSERTIONS", 0, 100_000_000).default(
    DEFAULT_CACHED_ASSERTIONS,
  ),
  ...shieldSchema,
  ...clusterSchema,
});

/** Every variable the server reads, with its default, for `.env.example` and the docs. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

/**
 * Builds the configuration from the environment, then applies overrides (command-line flags,
 * already in `STEMEDB_*` form). Throws `ConfigError` listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Readonly<Record<string, string>> = {}): Config {
  const input: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = overrides[key] ?? env[key];
    // An empty variable (`STEMEDB_TLS_CERT=`) means unset, as in shells and systemd files.
    if (value !== undefined && value !== "") input[key] = value;
  }
  const problems: string[] = [];
  // Checked whatever else is wrong, so that one start reports every bad value at once.
  const bindAddr = parseBindAddr(input["STEMEDB_BIND_ADDR"] ?? "127.0.0.1:18180", problems);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "configuration");
      problems.push(
        `${issue.message.startsWith(name) ? "" : `${name}: `}${issue.message} (got ${JSON.stringify(input[name])})`,
      );
    }
    throw new ConfigError(problems);
  }
  const v = parsed.data;
  const logLevel = parseLogLevel(v.STEMEDB_LOG_LEVEL, v.RUST_LOG, problems);
  let tls: Config["tls"] = { enabled: false };
  if (v.STEMEDB_TLS_ENABLED) {
    if (v.STEMEDB_TLS_CERT === undefined)
      problems.push("STEMEDB_TLS_ENABLED=true needs STEMEDB_TLS_CERT (path to the PEM certificate)");
    if (v.STEMEDB_TLS_KEY === undefined)
      problems.push("STEMEDB_TLS_ENABLED=true needs STEMEDB_TLS_KEY (path to the PEM private key)");
    if (v.STEMEDB_TLS_CERT !== undefined && v.STEMEDB_TLS_KEY !== undefined) {
      tls = { enabled: true, cert: v.STEMEDB_TLS_CERT, key: v.STEMEDB_TLS_KEY };
    }
  }
  const shield = toShieldConfig(v, problems);
  const host = bindAddr.host.includes(":") ? `[${bindAddr.host}]` : bindAddr.host;
  const bindUrl = `${tls.enabled ? "https" : "http"}://${host}:${bindAddr.port}`;
  const cluster = toClusterConfig(v, { bindUrl }, problems);
  if (cluster !== undefined && v.STEMEDB_WAL_ARCHIVE_DIR !== undefined) {
    problems.push(
      "STEMEDB_WAL_ARCHIVE_DIR does not apply in cluster mode (STEMEDB_CLUSTER_NATS_URLS): the cluster's stream is the log; unset it",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    bindAddr,
    walDir: v.STEMEDB_WAL_DIR,
    dbDir: v.STEMEDB_DB_DIR,
    backupDir: v.STEMEDB_BACKUP_DIR,
    walArchive:
      v.STEMEDB_WAL_ARCHIVE_DIR === undefined
        ? undefined
        : { dir: v.STEMEDB_WAL_ARCHIVE_DIR, maxDelayMs: v.STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS * 1000 },
    walSegmentBytes: v.STEMEDB_WAL_SEGMENT_BYTES,
    storeDurableCommits: v.STEMEDB_STORE_DURABLE_COMMITS,
    tls,
    meterEnabled: v.STEMEDB_METER_ENABLED,
    logLevel,
    nodeId: v.STEMEDB_NODE_ID ?? hostname(),
    maxBodyBytes: v.STEMEDB_MAX_BODY_BYTES,
    maxBatchBodyBytes: v.STEMEDB_MAX_BATCH_BODY_BYTES,
    requireSignatures: v.STEMEDB_REQUIRE_SIGNATURES,
    shutdownTimeoutMs: v.STEMEDB_SHUTDOWN_TIMEOUT_MS,
    auditRetentionDays: v.STEMEDB_AUDIT_RETENTION_DAYS,
    queryCacheAssertions: v.STEMEDB_QUERY_CACHE_ASSERTIONS,
    shield,
    cluster,
  };
}

function parseBindAddr(text: string, problems: string[]): Config["bindAddr"] {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !Number.isInteger(port) || port > 65535) {
    problems.push(
      `STEMEDB_BIND_ADDR must be host:port, e.g. 127.0.0.1:18180 or [::1]:18180 (got ${JSON.stringify(text)})`,
    );
    return { host: "127.0.0.1", port: 18180, text };
  }
  return { host, port, text: text.trim() };
}

/**
 * STEMEDB_LOG_LEVEL, else RUST_LOG (the seeds' config files set `RUST_LOG=info`), whose directive
 * syntax (`info`, `stemedb=debug,tower=warn`) we read as: the first bare level, else the level of
 * a `stemedb…=` directive.
 */
function parseLogLevel(level: string | undefined, rustLog: string | undefined, problems: string[]): LogLevel {
  if (level !== undefined) {
    const wanted = level.toLowerCase() as LogLevel;
    if (LOG_LEVELS.includes(wanted)) return wanted;
    problems.push(`STEMEDB_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got ${JSON.stringify(level)})`);
    return "info";
  }
  if (rustLog === undefined) return "info";
  const directives = rustLog
    .toLowerCase()
    .split(",")
    .map((d) => d.trim().replace(/^off$/, "silent"));
  const bare = directives.find((d) => LOG_LEVELS.includes(d as LogLevel));
  const ours = directives
    .find((d) => d.startsWith("stemedb"))
    ?.split("=")[1]
    ?.replace(/^off$/, "silent");
  const chosen = bare ?? ours ?? "info";
  return LOG_LEVELS.includes(chosen as LogLevel) ? (chosen as LogLevel) : "info";
}
