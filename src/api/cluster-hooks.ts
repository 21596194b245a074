import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { UnavailableError, ValidationError } from "../errors.ts";
import type { AppContext } from "./app-context.ts";

/** Paths a node answers while it catches up: how operators and load balancers see it. */
const ANSWERED_WHILE_CATCHING_UP = /^\/v1\/(health|cluster\/)|^\/metrics/;

/**
 * Two rules of a node that reads a shared log:
 * - Until it has applied what the log held when it started, a cluster node answers its API with
 *   503 (health says why), so a new or wiped node never serves an old view.
 * - A read may carry `min_seq` (the `seq` a write answered, on any node): it waits, at most
 *   `STEMEDB_CLUSTER_MIN_SEQ_WAIT_MS`, until this node has applied that sequence, and answers
 *   503 if it has not: read-your-writes across nodes. In the query string of any read, or in the
 *   body of `POST /v1/query`.
 */
export function installClusterHooks(
  app: FastifyInstance<Server, IncomingMessage, ServerResponse, PinoLogger, TypeBoxTypeProvider>,
  ctx: AppContext,
): void {
  const cluster = ctx.cluster;
  if (cluster !== undefined) {
    app.addHook("onRequest", async (request) => {
      if (cluster.caughtUp || !request.url.startsWith("/v1/") || ANSWERED_WHILE_CATCHING_UP.test(request.url))
        return;
      const { applied_seq: applied, stream_last_seq: last } = cluster.health;
      throw new UnavailableError(
        `This node is catching up with the cluster log (applied ${applied} of ${last ?? "?"}); another node can answer`,
        2,
      );
    });
  }
  const waitMs = ctx.config.cluster?.minSeqWaitMs ?? 0;
  app.addHook("preValidation", async (request) => {
    const minSeq = takeMinSeq(request);
    if (minSeq === undefined || ctx.db.store.appliedSeq >= minSeq) return;
    if (await ctx.db.waitForSeq(minSeq, waitMs)) return;
    throw new UnavailableError(
      `This node has applied the log up to ${ctx.db.store.appliedSeq}, not yet min_seq ${minSeq} ` +
        `(waited ${waitMs} ms): retry, or read from the node that took the write`,
      1,
    );
  });
}

/** Reads and removes `min_seq` from a read's query string or a query's body. */
function takeMinSeq(request: FastifyRequest): number | undefined {
  const isQuery = request.method === "POST" && request.url.startsWith("/v1/query");
  if (request.method !== "GET" && !isQuery) return undefined;
  const fromQuery = takeField(request.query);
  const fromBody = isQuery ? takeField(request.body) : undefined;
  const value = fromBody ?? fromQuery;
  if (value === undefined) return undefined;
  const seq = typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) {
    throw new ValidationError(
      "min_seq",
      "wrong_type",
      "min_seq must be a whole number: the seq a write answered, to read only once this node has applied it",
    );
  }
  return seq;
}

/** Removes `min_seq` so that the route's own parameter checks never see it. */
function takeField(container: unknown): unknown {
  if (typeof container !== "object" || container === null || !Object.hasOwn(container, "min_seq")) {
    return undefined;
  }
  const record = container as { min_seq?: unknown };
  const value = record.min_seq;
  delete record.min_seq;
  return value;
}
