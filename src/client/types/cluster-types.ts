import type * as Cluster from "../schemas/cluster-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * One node of a cluster as it announces itself: its id, the URL of its API, its version and the
 * last log sequence it applied as of `updated_at`.
 *
 * @example
 * ```ts
 * const urls = (await client.clusterMembers()).members.map((m: ClusterMember) => m.url);
 * ```
 */
export type ClusterMember = StaticOf<typeof Cluster.ClusterMember>;

/**
 * The answer to `GET /v1/cluster/members`: the id of the node that answered, and every live member.
 *
 * @example
 * ```ts
 * const { node_id, members }: ClusterMembers = await client.clusterMembers();
 * ```
 */
export type ClusterMembers = StaticOf<typeof Cluster.ClusterMembers>;

/**
 * The count and XOR (64 hex) of one shard's content hashes: equal on nodes that hold the same hashes.
 *
 * @example
 * ```ts
 * const sum: ShardSum | undefined = digest.shards["ab"];
 * ```
 */
export type ShardSum = StaticOf<typeof Cluster.ShardSum>;

/**
 * A node's convergence digest: one `ShardSum` per shard `00`…`ff`, taken at `applied_seq`. Nodes
 * that applied the same log up to the same sequence have equal digests.
 *
 * @example
 * ```ts
 * const digest: ClusterDigest = await client.clusterDigest({ minSeq: 1200 });
 * digest.count; // every content hash the node holds
 * ```
 */
export type ClusterDigest = StaticOf<typeof Cluster.ClusterDigest>;

/**
 * What a shard's repair did: how many records it read from the stream, and how many of them the
 * store lacked.
 *
 * @example
 * ```ts
 * const { restored }: ShardRepairResult = await client.admin.repairShard("ab");
 * ```
 */
export type ShardRepairResult = StaticOf<typeof Cluster.ShardRepairResult>;

/**
 * The `cluster` object of a cluster node's health: its connection to the NATS servers, the
 * stream's last sequence, how far behind it the node is, and why it is out of rotation if it is.
 *
 * @example
 * ```ts
 * const cluster: ClusterHealth | undefined = (await client.health()).cluster;
 * if (cluster !== undefined) console.log(`${cluster.lag_records ?? "?"} records behind`);
 * ```
 */
export type ClusterHealth = StaticOf<typeof Cluster.ClusterHealth>;
