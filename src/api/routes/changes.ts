import type { ServerResponse } from "node:http";
import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ValidationError } from "../../errors.ts";
import { assertionToJson, formatTimestamp, parseTimestamp, type Assertion } from "../../model/index.ts";
import { changesSince, pathSelected, winnerOf } from "../../query/changes.ts";
import { parseQuerySpec } from "../../query/query-spec.ts";
import type { AppContext } from "../app-context.ts";
import { errorResponses } from "../schemas/common.ts";

const HEARTBEAT_MS = 15_000;
const MAX_WATCHERS = 1_000;

const winnerJson = (a: Assertion | null): object | null =>
  a === null ? null : { hash: a.hash, value: a.value };

/** `GET /v1/changes` and its live form `GET /v1/watch` (Server-Sent Events). */
export function changeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const watchers = new Set<(assertions: readonly Assertion[]) => void>();
  /** The open `/v1/watch` responses, ended when the server closes. */
  const streams = new Set<ServerResponse>();
  ctx.db.onNewAssertions((assertions) => {
    for (const watcher of watchers) watcher(assertions);
  });

  const specOf = (query: { concept_path?: string; lens?: string }) =>
    parseQuerySpec({ concept_path: query.concept_path ?? "*", lens: query.lens ?? "recency" }, "query");

  return async (app) => {
    app.get(
      "/v1/changes",
      {
        schema: {
          tags: ["reads"],
          summary: "What changed under a path since a time: new assertions and changed winners",
          querystring: Type.Object({
            concept_path: Type.Optional(Type.String()),
            since: Type.String({ description: "RFC 3339 or Unix seconds" }),
            lens: Type.Optional(
              Type.String({ description: "The lens whose winners are compared (default recency)" }),
            ),
            limit: Type.Optional(
              Type.String({ description: "Most new assertions listed, 1 to 10,000 (default 1,000)" }),
            ),
          }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const spec = specOf(request.query);
        const { since } = request.query;
        const sinceMs = parseTimestamp(/^\d+(\.\d+)?$/.test(since) ? Number(since) : since, "since");
        const limit = request.query.limit === undefined ? 1000 : Number(request.query.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
          throw new ValidationError("limit", "out_of_range", "limit must be a whole number from 1 to 10,000");
        }
        const nowMs = Date.now();
        const changes = changesSince(ctx.db.store, ctx.evidence, spec, sinceMs, nowMs, limit);
        return {
          since: formatTimestamp(sinceMs),
          until: formatTimestamp(nowMs),
          lens: spec.lens,
          new_assertions: changes.newAssertions.map(assertionToJson),
          changed_winners: changes.changedWinners.map((c) => ({
            concept_path: c.pair.conceptPath,
            predicate: c.pair.predicate,
            before: winnerJson(c.before),
            after: winnerJson(c.after),
          })),
        };
      },
    );

    // A stream lasts as long as its client wants: ended here, or closing the server would wait
    // for every watcher to hang up.
    app.addHook("preClose", async () => {
      for (const stream of streams) stream.end();
    });

    app.get(
      "/v1/watch",
      {
        schema: {
          tags: ["reads"],
          summary:
            "Server-Sent Events: `assertion` for each new assertion under the path, `winner` when a pair's winner changes",
          querystring: Type.Object({
            concept_path: Type.Optional(Type.String()),
            lens: Type.Optional(Type.String()),
          }),
        },
      },
      async (request, reply) => {
        const spec = specOf(request.query);
        if (watchers.size >= MAX_WATCHERS) {
          throw new ValidationError(
            "",
            "too_many",
            `This server already serves ${MAX_WATCHERS} watchers; try again later`,
          );
        }
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
          "x-request-id": request.id,
        });
        raw.write(
          `: watching ${spec.path.kind === "exact" ? spec.path.conceptPath : spec.path.kind === "subtree" ? `${spec.path.prefix}/*` : "*"}\n\n`,
        );
        const winners = new Map<number, string | null>();
        const send = (event: string, data: object): void => {
          raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const watcher = (assertions: readonly Assertion[]): void => {
          const touched = new Map<number, { conceptPath: string; predicate: string }>();
          for (const a of assertions) {
            if (!pathSelected(spec.path, a.conceptPath)) continue;
            send("assertion", assertionToJson(a));
            const pair = ctx.db.store.findPair(a.conceptPath, a.predicate);
            if (pair !== undefined) touched.set(pair.id, pair);
          }
          const nowMs = Date.now();
          for (const [id, names] of touched) {
            const pair = { id, ...names };
            const winner = winnerOf(ctx.db.store, ctx.evidence, pair, spec, nowMs);
            if (winners.get(id) !== (winner?.hash ?? null)) {
              winners.set(id, winner?.hash ?? null);
              send("winner", {
                concept_path: pair.conceptPath,
                predicate: pair.predicate,
                lens: spec.lens,
                winner: winnerJson(winner),
              });
            }
          }
        };
        watchers.add(watcher);
        streams.add(raw);
        const heartbeat = setInterval(() => raw.write(": ping\n\n"), HEARTBEAT_MS);
        const stop = (): void => {
          clearInterval(heartbeat);
          watchers.delete(watcher);
          streams.delete(raw);
        };
        request.raw.on("close", stop);
        raw.on("error", stop);
      },
    );
  };
}
