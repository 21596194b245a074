import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppendResult } from "../../db/steme-db.ts";
import { PermissionError, SignatureError, ValidationError } from "../../errors.ts";
import { assertionToJson, normalizeAssertion, verifyAll, type Assertion } from "../../model/index.ts";
import type { AppContext } from "../app-context.ts";
import { callerOf } from "../shield-hooks.ts";
import { errorResponses } from "../schemas/common.ts";

const BATCH_LIMIT = 10_000;

function toResult(result: AppendResult): {
  hash: string;
  status: AppendResult["status"];
  reason?: string;
  seq?: number;
  assertion: ReturnType<typeof assertionToJson>;
} {
  return {
    hash: result.hash,
    status: result.status,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    ...(result.seq !== undefined ? { seq: result.seq } : {}),
    assertion: assertionToJson(result.assertion),
  };
}

/** 201 stored, 202 held in quarantine, 200 already stored. */
function statusCodeOf(results: readonly AppendResult[]): 200 | 201 | 202 {
  if (results.some((r) => r.status === "created" || r.status === "cosigned")) return 201;
  return results.some((r) => r.status === "quarantined") ? 202 : 200;
}

/** Prefixes a batch item's field with its index, so the client knows which item is wrong. */
function itemError(error: unknown, index: number): unknown {
  const prefix = `assertions[${index}]`;
  if (error instanceof ValidationError) {
    const field = error.field === "" ? prefix : `${prefix}.${error.field}`;
    return new ValidationError(field, error.reason, `${prefix}: ${error.message}`);
  }
  if (error instanceof PermissionError) {
    return new PermissionError(error.code, `${prefix}: ${error.message}`, `${prefix}.${error.field ?? ""}`);
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
    /**
     * Stores verified assertions: content already stored or held goes to `appendMany` (exists,
     * co-signed, still held); new content is screened, and what the Shield flags is held in
     * quarantine instead of indexed. Results come back in input order.
     */
    const store = async (assertions: readonly Assertion[], nowMs: number): Promise<AppendResult[]> => {
      const results: (AppendResult | undefined)[] = assertions.map(() => undefined);
      const known = assertions.map((a) => ctx.db.store.has(a.hash) || ctx.db.store.shield.isHeldOut(a.hash));
      const fresh = assertions.flatMap((a, i) => (known[i] === true ? [] : [i]));
      const screening = ctx.shield.screen(
        fresh.map((i) => assertions[i] as Assertion),
        nowMs,
      );
      const plain: number[] = assertions.flatMap((_, i) => (known[i] === true ? [i] : []));
      const held: Promise<void>[] = [];
      fresh.forEach((i, k) => {
        const assertion = assertions[i] as Assertion;
        const verdict = screening.verdicts[k] ?? { kind: "pass" };
        if (verdict.kind === "pass") {
          plain.push(i);
          return;
        }
        held.push(
          ctx.db
            .hold(
              { assertion, reason: verdict.reason, detail: verdict.detail, heldAtMs: nowMs },
              { signaturesVerified: true },
            )
            .then(() => {
              ctx.metrics?.quarantinedTotal.inc({ reason: verdict.reason });
              results[i] = { hash: assertion.hash, status: "quarantined", reason: verdict.reason, assertion };
            }),
        );
      });
      plain.sort((a, b) => a - b);
      let stored = false;
      try {
        const appended = ctx.db.appendMany(
          plain.map((i) => assertions[i] as Assertion),
          { signaturesVerified: true },
        );
        await Promise.all(held);
        (await appended).forEach((result, k) => {
          results[plain[k] as number] = result;
        });
        stored = true;
      } finally {
        // Stored (held or not), the new claims count for later near-duplicates; refused, they do not.
        screening.settle(stored);
      }
      return results as AppendResult[];
    };

    const single = {
      schema: {
        tags: ["writes"],
        summary: "Store one assertion",
        description:
          "201 when stored (durable on disk and visible to reads), 200 when the same content is already stored, " +
          "202 when stored but held in quarantine (status quarantined, with the reason) until an admin decides. " +
          "Accepts the seed form (concept_path, value, authority_tier) and the original API's form " +
          "(subject, object, source_class, source_hash).",
        body: Type.Ref("AssertionInput"),
        response: {
          200: Type.Ref("WriteResult"),
          201: Type.Ref("WriteResult"),
          202: Type.Ref("WriteResult"),
          ...errorResponses,
        },
      },
      bodyLimit: ctx.config.maxBodyBytes,
    };
    for (const url of ["/v1/assert", "/v1/assertions"]) {
      app.post(url, single, async (request, reply) => {
        const caller = callerOf(request);
        const nowMs = Date.now();
        const assertion = normalize(request.body, caller.agentId, nowMs);
        ctx.shield.checkTier(caller, assertion, "authority_tier");
        verifyAll(assertion.hash, assertion.signatures);
        const results = await store([assertion], nowMs);
        counted(results);
        return reply.status(statusCodeOf(results)).send(toResult(results[0] as AppendResult));
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
            202: Type.Object({ results: Type.Array(Type.Ref("WriteResult")) }),
            ...errorResponses,
          },
        },
        bodyLimit: ctx.config.maxBatchBodyBytes,
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const nowMs = Date.now();
        const assertions = request.body.assertions.map((item, index) => {
          try {
            const assertion = normalize(item, caller.agentId, nowMs);
            ctx.shield.checkTier(caller, assertion, "authority_tier");
            verifyAll(assertion.hash, assertion.signatures);
            return assertion;
          } catch (error) {
            throw itemError(error, index);
          }
        });
        const results = await store(assertions, nowMs);
        counted(results);
        return reply.status(statusCodeOf(results)).send({ results: results.map(toResult) });
      },
    );
  };
}
