import { ClusterNode } from "../cluster/cluster-node.ts";
import { JetStreamLog } from "../cluster/jetstream-log.ts";
import { QuotaExchange } from "../cluster/quota-exchange.ts";
import type { StemeDb } from "../db/steme-db.ts";
import type { Logger } from "../logger.ts";
import type { Shield } from "../shield/shield.ts";
import type { ClusterConfig } from "./cluster-config.ts";
import type { Metrics } from "./metrics.ts";

/**
 * Connects to the cluster's NATS servers and opens the log's stream (creating it on the
 * cluster's first start). A start that cannot reach them stops with the URLs and what to check.
 */
export async function openClusterLog(
  config: ClusterConfig,
  nodeId: string,
  logger: Logger,
): Promise<JetStreamLog> {
  try {
    return await JetStreamLog.open({
      servers: config.natsUrls,
      stream: config.stream,
      subjectPrefix: config.subjectPrefix,
      replicas: config.replicas,
      writeTimeoutMs: config.writeTimeoutMs,
      connectionName: `stemedb ${nodeId}`,
      logger,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot open the cluster log (stream ${config.stream}) on ${config.natsUrls.join(", ")}: ${reason}; ` +
        "check STEMEDB_CLUSTER_NATS_URLS, that nats-server runs with JetStream on a majority of them, and the firewall",
      { cause: error },
    );
  }
}

/** A cluster node's parts beside its database: its place in the cluster and the shared quotas. */
export interface ClusterMembership {
  readonly node: ClusterNode;
  readonly quotas: QuotaExchange;
  stop(): Promise<void>;
}

/**
 * Joins the membership bucket, starts measuring lag (exported as metrics), and shares quota
 * usage with the other nodes.
 */
export async function joinCluster(options: {
  readonly config: ClusterConfig;
  readonly nodeId: string;
  readonly version: string;
  readonly db: StemeDb;
  readonly log: JetStreamLog;
  readonly shield: Shield;
  readonly metrics: Metrics | undefined;
  readonly logger: Logger;
}): Promise<ClusterMembership> {
  const { config, nodeId, log, logger } = options;
  const node = await ClusterNode.start({
    config,
    nodeId,
    version: options.version,
    db: options.db,
    log,
    logger,
  });
  options.metrics?.watchCluster({ health: () => node.health, members: () => node.memberCount });
  const quotas = QuotaExchange.start({
    connection: log.connection,
    subject: `${config.subjectPrefix}.quota`,
    nodeId,
    shield: options.shield,
    logger,
  });
  logger.info(node.health, "Joined the cluster; the API answers 503 until this node has caught up");
  return {
    node,
    quotas,
    stop: async () => {
      quotas.stop();
      await node.stop();
    },
  };
}
