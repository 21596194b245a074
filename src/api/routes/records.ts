import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NotFoundError } from "../../errors.ts";
import {
  assertionToJson,
  epochToJson,
  normalizeEpoch,
  normalizeRetraction,
  normalizeSource,
  normalizeVote,
  parseHex,
  retractionToJson,
  sourceToJson,
  voteToJson,
} from "../../model/index.ts";
import type { SideRecord } from "../../store/side-record-codec.ts";
import type { AppContext } from "../app-context.ts";
import { callerOf } from "../shield-hooks.ts";
import { errorResponses } from "../schemas/common.ts";

const anyBody = Type.Object({}, { additionalProperties: true });
const written = { 200: Type.Unknown(), 201: Type.Unknown(), 404: Type.Ref("ErrorBody"), ...errorResponses };

/** Votes, epochs, sources and retractions: the records around assertions. */
export function recordRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Unsigned records are attributed as assertions are: the API key's agent, else X-Agent-Id.
    const options = (request: Parameters<typeof callerOf>[0]): { nowMs: number; agentId?: string } => {
      const agentId = callerOf(request).agentId;
      return { nowMs: Date.now(), ...(agentId !== undefined ? { agentId } : {}) };
    };
    const store = async (side: SideRecord, json: object): Promise<{ status: 200 | 201; body: object }> => {
      const result = await ctx.db.appendRecord(side);
      return {
        status: result.status === "created" ? 201 : 200,
        body: {
          hash: side.record.hash,
          status: result.status,
          ...(result.seq !== undefined ? { seq: result.seq } : {}),
          [side.kind]: json,
        },
      };
    };

    app.post(
      "/v1/vote",
      {
        schema: {
          tags: ["writes"],
          summary: "Vote for an assertion (an agent's later vote on it replaces its earlier one)",
          body: anyBody,
          response: written,
        },
      },
      async (request, reply) => {
        const vote = normalizeVote(request.body, options(request));
        const { status, body } = await store({ kind: "vote", record: vote }, voteToJson(vote));
        return reply.status(status).send(body);
      },
    );

    app.post(
      "/v1/epoch",
      {
        schema: {
          tags: ["writes"],
          summary: "Declare an epoch, superseding earlier ones",
          body: anyBody,
          response: written,
        },
      },
      async (request, reply) => {
        const epoch = normalizeEpoch(request.body, options(request));
        const { status, body } = await store({ kind: "epoch", record: epoch }, epochToJson(epoch));
        return reply.status(status).send(body);
      },
    );

    app.post(
      "/v1/sources",
      {
        schema: {
          tags: ["writes"],
          summary: "Register a source (its hash is the BLAKE3 of its content)",
          body: anyBody,
          response: written,
        },
        bodyLimit: ctx.config.maxBatchBodyBytes,
      },
      async (request, reply) => {
        const source = normalizeSource(request.body, options(request));
        const { status, body } = await store({ kind: "source", record: source }, sourceToJson(source));
        return reply.status(status).send(body);
      },
    );

    app.post(
      "/v1/sources/:hash/retract",
      {
        schema: {
          tags: ["writes"],
          summary:
            "Retract a source: every assertion citing it is flagged and, by default, left out of answers",
          description:
            "The body is optional: a JSON object with reason, timestamp and signatures, or nothing at all. " +
            "(No body schema here: fastify would refuse a request without a body.)",
          params: Type.Object({ hash: Type.String() }),
          response: written,
        },
      },
      async (request, reply) => {
        const source = parseHex(request.params.hash, "source", 32);
        // A retraction may be posted with no body at all.
        const sent: unknown = request.body;
        const retraction = normalizeRetraction(sent ?? {}, { ...options(request), source });
        const { status, body } = await store(
          { kind: "retraction", record: retraction },
          retractionToJson(retraction),
        );
        return reply.status(status).send(body);
      },
    );

    app.get(
      "/v1/sources/:hash",
      {
        schema: {
          tags: ["reads"],
          summary: "A source: registration, retractions",
          params: Type.Object({ hash: Type.String() }),
          querystring: Type.Object({ include_content: Type.Optional(Type.String()) }),
          response: { 200: Type.Unknown(), 404: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const hash = parseHex(request.params.hash, "hash", 32);
        const found = ctx.db.store.side.record(hash);
        const retractions = ctx.db.store.side.retractionsOf(hash);
        if (found?.kind !== "source" && retractions.length === 0)
          throw new NotFoundError(`No source has hash ${hash}`);
        return {
          hash,
          source:
            found?.kind === "source"
              ? sourceToJson(found.record, { includeContent: request.query.include_content === "true" })
              : null,
          retracted: retractions.length > 0,
          retractions: retractions.flatMap((r) =>
            r.kind === "retraction" ? [retractionToJson(r.record)] : [],
          ),
        };
      },
    );

    app.get(
      "/v1/sources/:hash/impact",
      {
        schema: {
          tags: ["reads"],
          summary:
            "The invalidation cascade: every assertion citing the source (by hash, or by its registered URI)",
          params: Type.Object({ hash: Type.String() }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const hash = parseHex(request.params.hash, "hash", 32);
        const registered = ctx.db.store.side.record(hash);
        const uri = registered?.kind === "source" ? registered.record.uri : undefined;
        const seen = new Set<string>();
        const citing = [
          ...ctx.db.store.scanSource({ hash }),
          ...(uri !== undefined ? ctx.db.store.scanSource({ uri }) : []),
        ].filter((a) => !seen.has(a.hash) && seen.add(a.hash));
        return {
          hash,
          retracted: ctx.db.store.side.retractionsOf(hash).length > 0,
          assertion_count: citing.length,
          assertions: citing.map(assertionToJson),
        };
      },
    );
  };
}
