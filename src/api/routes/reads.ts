import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NotFoundError } from "../../errors.ts";
import {
  assertionToJson,
  epochToJson,
  parseHex,
  retractionToJson,
  sourceToJson,
  type Assertion,
} from "../../model/index.ts";
import type { AppContext } from "../app-context.ts";
import { heldToJson } from "../held-json.ts";
import { errorResponses } from "../schemas/common.ts";

export function readRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/v1/assertions/:hash",
      {
        schema: {
          tags: ["reads"],
          summary: "One assertion by its content hash",
          params: Type.Object({ hash: Type.String() }),
          response: { 200: Type.Ref("Assertion"), 404: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const hash = parseHex(request.params.hash, "hash", 32);
        const assertion = ctx.db.get(hash);
        if (assertion === undefined) throw notStored(ctx, hash);
        return assertionToJson(assertion);
      },
    );

    app.get(
      "/v1/trace/:hash",
      {
        schema: {
          tags: ["reads"],
          summary: "Provenance of an assertion: source, signers, parent chain, children, votes, epoch",
          params: Type.Object({ hash: Type.String() }),
          response: { 200: Type.Unknown(), 404: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const hash = parseHex(request.params.hash, "hash", 32);
        const assertion = ctx.db.get(hash);
        if (assertion === undefined) throw notStored(ctx, hash);
        const side = ctx.db.store.side;
        const now = Date.now();
        const sourceRecord =
          assertion.source?.hash === undefined ? undefined : side.record(assertion.source.hash);
        const epochRecord = assertion.epoch === undefined ? undefined : side.record(assertion.epoch);
        return {
          assertion: assertionToJson(assertion),
          source:
            assertion.source === undefined
              ? null
              : {
                  ...assertion.source,
                  registered: sourceRecord?.kind === "source" ? sourceToJson(sourceRecord.record) : null,
                  retracted: side.isSourceRetracted(assertion.source, now),
                  retractions:
                    assertion.source.hash === undefined
                      ? []
                      : side
                          .retractionsOf(assertion.source.hash)
                          .flatMap((r) => (r.kind === "retraction" ? [retractionToJson(r.record)] : [])),
                },
          signers: assertion.signatures.map((s) => ({
            agent_id: s.agentId,
            trust: side.trustOf(s.agentId, now),
          })),
          author: { agent_id: assertion.agentId, trust: side.trustOf(assertion.agentId, now) },
          parents: parentChain(assertion, (h) => ctx.db.get(h)).map(assertionToJson),
          children: [...ctx.db.store.children(hash)].map(assertionToJson),
          votes: side
            .votesOn(hash, now)
            .map((v) => ({ agent_id: v.agentId, weight: v.weight, voter_trust: v.voterTrust })),
          epoch:
            assertion.epoch === undefined
              ? null
              : {
                  hash: assertion.epoch,
                  record: epochRecord?.kind === "epoch" ? epochToJson(epochRecord.record) : null,
                  superseded: side.isEpochSuperseded(assertion.epoch, now),
                  superseded_by: side
                    .supersededBy(assertion.epoch)
                    .flatMap((e) => (e.kind === "epoch" ? [epochToJson(e.record)] : [])),
                },
          quarantine: heldToJson(ctx.db.store.shield.held(hash)),
        };
      },
    );
  };
}

/** 404 for a hash that names no visible assertion, saying so when the write is held in quarantine. */
function notStored(ctx: AppContext, hash: string): NotFoundError {
  const held = ctx.db.store.shield.held(hash);
  if (held === undefined) return new NotFoundError(`No assertion has hash ${hash}`);
  return new NotFoundError(
    `Assertion ${hash} is held in quarantine (${held.reason}, ${held.state}): it is not readable until an admin approves it`,
  );
}

/** The assertions this one corrects, nearest first; stops at a missing parent or a loop. */
function parentChain(
  start: Assertion,
  get: (hash: string) => Assertion | undefined,
  limit = 100,
): Assertion[] {
  const chain: Assertion[] = [];
  const seen = new Set([start.hash]);
  let next = start.parent;
  while (next !== undefined && chain.length < limit && !seen.has(next)) {
    const parent = get(next);
    if (parent === undefined) break;
    chain.push(parent);
    seen.add(parent.hash);
    next = parent.parent;
  }
  return chain;
}
