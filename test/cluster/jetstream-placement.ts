import { connect, type ConsumerInfo, type JetStreamManager, type NatsConnection } from "nats";
import type { StemeNode } from "../support/steme-cluster.ts";
import { eventually } from "./cluster-client.ts";

const STREAM = "STEMEDB";
/** Restarts of a node, or step-downs of a leader, before giving up: each lands elsewhere by chance. */
const MAX_TRIES = 10;

/**
 * Moves what `majority` depends on off the nats-server named `avoid`, before a test cuts that
 * server off, and returns where things are: the stream's leader, and each node's consumer of the
 * log. A node's consumer has one replica, placed on a server at random when the node starts and
 * never moved (nats-server 2.9 may even place it on a server that is down), so each node is
 * restarted until its new consumer lands elsewhere. Each `minority` node is restarted once, so
 * that the answer says where its consumer is too: where it lands decides how the node catches up.
 *
 * Without this, a majority node whose consumer sits on the cut-off server cannot apply the writes
 * its quorum acknowledged, and its writes hang until the NATS client gives that consumer up after
 * two missed 15 s heartbeats: a gap of its own, not what a partition test is about.
 */
export async function keepMajorityOff(
  servers: readonly string[],
  avoid: string,
  majority: readonly StemeNode[],
  minority: readonly StemeNode[],
): Promise<string> {
  const connection = await connect({ servers: [...servers] });
  try {
    const manager = await connection.jetstreamManager();
    await leaderOff(connection, manager, avoid);
    const placed: string[] = [];
    for (const node of [...majority, ...minority]) {
      const host = await restartUntil(
        manager,
        node,
        (server) => !majority.includes(node) || server !== avoid,
      );
      placed.push(`${node.id}'s consumer on ${host}`);
    }
    const leader = (await manager.streams.info(STREAM)).cluster?.leader ?? "?";
    return `stream led by ${leader}, ${placed.join(", ")}`;
  } finally {
    await connection.close();
  }
}

/** Asks the stream's leader to step down until a server other than `avoid` leads it. */
async function leaderOff(
  connection: NatsConnection,
  manager: JetStreamManager,
  avoid: string,
): Promise<void> {
  const leader = async (): Promise<string | undefined> =>
    (await manager.streams.info(STREAM)).cluster?.leader;
  for (let tries = 0; (await leader()) === avoid; tries++) {
    if (tries === MAX_TRIES) throw new Error(`Cannot move the ${STREAM} stream's leader off ${avoid}`);
    // The request `nats stream cluster step-down` sends; the other replicas elect a new leader.
    await connection.request(`$JS.API.STREAM.LEADER.STEPDOWN.${STREAM}`);
    await eventually("the stream has a leader again", async () => (await leader()) !== undefined, 30_000);
  }
}

/** Restarts `node` until the consumer it makes at start is on a server `fits`; returns that server. */
async function restartUntil(
  manager: JetStreamManager,
  node: StemeNode,
  fits: (server: string) => boolean,
): Promise<string> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const startedAt = Date.now();
    await node.stop();
    await node.start();
    let created: ConsumerInfo | undefined;
    await eventually(`${node.id} has made its consumer`, async () => {
      const consumers = await manager.consumers.list(STREAM).next();
      // Nothing else makes consumers of the log meanwhile: the one made since the restart is its.
      created = consumers.find((c) => createdMs(c) >= startedAt);
      return created !== undefined;
    });
    const host = created?.cluster?.leader;
    if (host !== undefined && fits(host)) return host;
  }
  throw new Error(`${node.id}'s consumer landed on a server it should not ${MAX_TRIES} times`);
}

/** When a consumer was made (ms); the server gives nanoseconds, which `Date.parse` may refuse. */
function createdMs(consumer: ConsumerInfo): number {
  return Date.parse(consumer.created.replace(/(\.\d{3})\d*/, "$1"));
}
