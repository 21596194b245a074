import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NotFoundError } from "../../errors.ts";
import type { ClusterNode } from "../../cluster/cluster-node.ts";
import { shardDigest } from "../../cluster/shard-digest.ts";
import type { AppContext } from "../app-context.ts";
import { errorResponses } from "../schemas/common.ts";
// The SDK's schemas of these routes are the routes' own: one definition for both sides.
import {
  ClusterDigest,
  ClusterMembers,
  DigestParameters,
  RepairInput,
  ShardRepairResult,
} from "../../client/schemas/cluster-schemas.ts";

/**
 * The cluster's endpoints: its members, this node's convergence digest (on a single node too, to
 * compare a restored copy with its origin), and the repair of one shard from the stream.
 */
export function clusterRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const clustered = (): ClusterNode => {
    if (ctx.cluster === undefined) {
      throw new NotFoundError(
        "This node runs alone: cluster mode is off (set STEMEDB_CLUSTER_NATS_URLS to join a cluster)",
      );
    }
    return ctx.cluster;
  };

  return async (app) => {
    app.get(
      "/v1/cluster/members",
      {
        schema: {
          tags: ["cluster"],
          summary: "The cluster's live members, from the membership bucket",
          response: {
            200: ClusterMembers,
            404: Type.Ref("ErrorBody"),
            ...errorResponses,
          },
        },
      },
      async () => ({ node_id: ctx.config.nodeId, members: await clustered().members() }),
    );

    app.get(
      "/v1/cluster/digest",
      {
        schema: {
          tags: ["cluster"],
          summary: "This node's convergence digest: count and XOR of content hashes per shard 00–ff",
          description:
            "Nodes that applied the same log up to the same sequence have equal digests. Pass `min_seq` to wait " +
            "(bounded) until this node has applied at least that sequence. Reads the whole index: about a second " +
            "per million records.",
          querystring: DigestParameters,
          response: {
            200: ClusterDigest,
            ...errorResponses,
          },
        },
      },
      async () => {
        const store = ctx.db.store;
        const digest = shardDigest(store.contentHashes(), store.appliedSeq);
        return {
          node_id: ctx.config.nodeId,
          applied_seq: digest.appliedSeq,
          count: digest.count,
          shards: digest.shards,
        };
      },
    );

    app.post(
      "/v1/admin/cluster/repair",
      {
        schema: {
          tags: ["admin", "cluster"],
          summary: "Replay one shard from the cluster's stream into this node's store",
          description:
            "Reads every assertion, vote, epoch, source and retraction of the shard (hashes starting with `shard`) " +
            "from the stream and applies them again: what the store has changes nothing, what it lost comes back.",
          body: RepairInput,
          response: {
            200: ShardRepairResult,
            404: Type.Ref("ErrorBody"),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const result = await clustered().repair(request.body.shard);
        return { shard: request.body.shard, ...result };
      },
    );
  };
}
