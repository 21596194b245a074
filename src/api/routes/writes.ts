import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppendResult } from "../../db/steme-db.ts";
import { SignatureError, ValidationError } from "../../errors.ts";
import { assertionToJson, normalizeAssertion, verifyAll, type Assertion } from "../../model/index.ts";
import type { AppContext } from "../app-context.ts";
import { callerAgentId } from "../identity.ts";
import { errorResponses } from "../schemas/common.ts";

const BATCH_LIMIT = 10_000;

function toResult(result: AppendResult): {
  hash: string;
  status: AppendResult["status"];
  seq?: number;
  assertion: ReturnType<typeof assertionToJson>;
} {
  return {
    hash: result.hash,
    status: result.status,
    ...(result.seq !== undefined ? { seq: result.seq } : {}),
    assertion: assertionToJson(result.assertion),
  };
}

/** Prefixes a batch item's field with its index, so the client knows which item is wrong. */
function itemError(error: unknown, index: number): unknown {
  const prefix = `assertions[${index}]`;
  if (error instanceof ValidationError) {
    const field = error.field === "" ? prefix : `${prefix}.${error.field}`;
    return new ValidationError(field, error.reason, `${prefix}: ${error.message}`);
  }
  if (error instanceof SignatureError) {
    return new SignatureError(`${prefix}.${error.field}`, error.agentId, `${prefix}: ${error.message}`);
  }
  return error;
}

export function writeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const normalize = (body: unknown, agentId: string | undefined, nowMs: number): Assertion => {
      const assertion = normalizeAssertion(body, { nowMs, ...(agentId !== undefined ? { agentId } : {}) });
      if (ctx.config.requireSignatures && assertion.signatures.length === 0) {
        throw new ValidationError(
          "signatures",
          "required",
          "This server requires signed writes: add signatures [{agent_id, signature}] over stemedb:v1:<hash>",
        );
      }
      return assertion;
    };
    const counted = (results: readonly AppendResult[]): void => {
      const created = results.filter((r) => r.status === "created").length;
      if (created > 0) ctx.metrics?.assertionsTotal.inc(created);
    };

    const single = {
      schema: {
        tags: ["writes"],
        summary: "Store one assertion",
        description:
          "201 when stored (durable on disk and visible to reads), 200 when the same content is already stored. " +
          "Accepts the seed form (concept_path, value, authority_tier) and the original API's form " +
          "(subject, object, source_class, source_hash).",
        body: Type.Ref("AssertionInput"),
        response: { 200: Type.Ref("WriteResult"), 201: Type.Ref("WriteResult"), ...errorResponses },
      },
      bodyLimit: ctx.config.maxBodyBytes,
    };
    for (const url of ["/v1/assert", "/v1/assertions"]) {
      app.post(url, single, async (request, reply) => {
        const assertion = normalize(request.body, callerAgentId(request), Date.now());
        const result = await ctx.db.append(assertion);
        counted([result]);
        return reply.status(result.status === "exists" ? 200 : 201).send(toResult(result));
      });
    }

    app.post(
      "/v1/assert/batch",
      {
        schema: {
          tags: ["writes"],
          summary: "Store up to 10,000 assertions in one durable commit",
          description:
            "Every item is validated and every signature verified before anything is written: one bad item stores nothing.",
          body: Type.Object({
            assertions: Type.Array(Type.Ref("AssertionInput"), { maxItems: BATCH_LIMIT }),
          }),
          response: {
            200: Type.Object({ results: Type.Array(Type.Ref("WriteResult")) }),
            201: Type.Object({ results: Type.Array(Type.Ref("WriteResult")) }),
            ...errorResponses,
          },
        },
        bodyLimit: ctx.config.maxBatchBodyBytes,
      },
      async (request, reply) => {
        const agentId = callerAgentId(request);
        const nowMs = Date.now();
        const assertions = request.body.assertions.map((item, index) => {
          try {
            const assertion = normalize(item, agentId, nowMs);
            verifyAll(assertion.hash, assertion.signatures);
            return assertion;
          } catch (error) {
            throw itemError(error, index);
          }
        });
        const results = await ctx.db.appendMany(assertions, { signaturesVerified: true });
        counted(results);
        const anyCreated = results.some((r) => r.status !== "exists");
        return reply.status(anyCreated ? 201 : 200).send({ results: results.map(toResult) });
      },
    );
  };
}
