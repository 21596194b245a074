import { z } from "zod";
import { positiveInt } from "./env-parsers.ts";

/** Cluster mode: where the NATS servers are and how this node takes part (`docs/operations/cluster.md`). */
export interface ClusterConfig {
  /** NATS client URLs; any reachable one will do. */
  readonly natsUrls: readonly string[];
  /** The JetStream stream holding the log; membership lives in the bucket `<stream>_MEMBERS`. */
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly replicas: number;
  /** How other nodes and `stemedb cluster` reach this node's API. */
  readonly advertiseUrl: string;
  readonly writeTimeoutMs: number;
  /** Health answers 503 while this node is further behind the log than this. */
  readonly maxLagSeconds: number;
  /** The longest a read with `min_seq` waits for this node to apply that sequence. */
  readonly minSeqWaitMs: number;
}

/** NATS names: stream names and subject tokens take no dots, spaces, `*`, `>` or path separators. */
const natsName = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: `${name} must be letters, digits, _ or -, at most 64` });

export const clusterSchema = {
  STEMEDB_CLUSTER_NATS_URLS: z.string().trim().optional(),
  STEMEDB_CLUSTER_STREAM: natsName("STEMEDB_CLUSTER_STREAM").default("STEMEDB"),
  STEMEDB_CLUSTER_SUBJECT_PREFIX: natsName("STEMEDB_CLUSTER_SUBJECT_PREFIX").default("steme"),
  STEMEDB_CLUSTER_REPLICAS: positiveInt("STEMEDB_CLUSTER_REPLICAS", 1, 5).default(3),
  STEMEDB_CLUSTER_ADVERTISE_URL: z.string().trim().optional(),
  STEMEDB_CLUSTER_WRITE_TIMEOUT_MS: positiveInt("STEMEDB_CLUSTER_WRITE_TIMEOUT_MS", 100, 600_000).default(
    15_000,
  ),
  STEMEDB_CLUSTER_MAX_LAG_SECONDS: positiveInt("STEMEDB_CLUSTER_MAX_LAG_SECONDS", 1, 86_400).default(10),
  STEMEDB_CLUSTER_MIN_SEQ_WAIT_MS: positiveInt("STEMEDB_CLUSTER_MIN_SEQ_WAIT_MS", 0, 60_000).default(5_000),
};

type ClusterInput = z.output<z.ZodObject<typeof clusterSchema>>;

/**
 * The cluster settings, or `undefined` on a single node (no `STEMEDB_CLUSTER_NATS_URLS`). The
 * advertised URL defaults to the bound address, which only works when that is reachable from the
 * other nodes (not 127.0.0.1).
 */
export function toClusterConfig(
  v: ClusterInput,
  defaults: { readonly bindUrl: string },
  problems: string[],
): ClusterConfig | undefined {
  if (v.STEMEDB_CLUSTER_NATS_URLS === undefined) return undefined;
  const natsUrls = v.STEMEDB_CLUSTER_NATS_URLS.split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  for (const url of natsUrls) {
    if (!/^(nats|tls):\/\/[^\s/]+:\d{1,5}$/.test(url)) {
      problems.push(
        `STEMEDB_CLUSTER_NATS_URLS must list NATS URLs such as nats://10.0.0.1:18182, separated by commas (got ${JSON.stringify(url)})`,
      );
    }
  }
  if (natsUrls.length === 0) problems.push("STEMEDB_CLUSTER_NATS_URLS must list at least one NATS URL");
  const advertiseUrl = (v.STEMEDB_CLUSTER_ADVERTISE_URL ?? defaults.bindUrl).replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+$/.test(advertiseUrl)) {
    problems.push(
      `STEMEDB_CLUSTER_ADVERTISE_URL must be http(s)://host:port, how other nodes reach this one (got ${JSON.stringify(advertiseUrl)})`,
    );
  }
  return {
    natsUrls,
    stream: v.STEMEDB_CLUSTER_STREAM,
    subjectPrefix: v.STEMEDB_CLUSTER_SUBJECT_PREFIX,
    replicas: v.STEMEDB_CLUSTER_REPLICAS,
    advertiseUrl,
    writeTimeoutMs: v.STEMEDB_CLUSTER_WRITE_TIMEOUT_MS,
    maxLagSeconds: v.STEMEDB_CLUSTER_MAX_LAG_SECONDS,
    minSeqWaitMs: v.STEMEDB_CLUSTER_MIN_SEQ_WAIT_MS,
  };
}
