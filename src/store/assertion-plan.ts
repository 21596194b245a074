import type { Assertion } from "../model/index.ts";
import {
  HASH_PREFIX,
  agentKey,
  hashKey,
  idTime,
  pairName,
  sourceKey,
  sourcePrefix,
  timelineKey,
} from "./index-keys.ts";
import type { IdDirectory } from "./id-directory.ts";
import { idKey } from "./id-directory.ts";
import type { Keyspaces } from "./keyspaces.ts";
import { mergeSignatures } from "./merge-signatures.ts";
import type { Write } from "./write-batch.ts";

/**
 * What applying one record did. `quarantined`: the content is held in quarantine, so this plain
 * write of the same content stays out of the indexes too.
 */
export type ApplyOutcome = "created" | "exists" | "cosigned" | "quarantined";

/** A stored assertion and the pair it is clustered under. */
export interface Located {
  readonly assertion: Assertion;
  readonly pairId: number;
}

export interface AssertionPlanContext {
  readonly ks: Keyspaces;
  readonly pairs: IdDirectory;
  readonly agents: IdDirectory;
  /** The stored assertion with this hash, if any (committed state). */
  readonly locate: (hash: string) => Located | undefined;
  /** Assertions planned earlier in the same batch, by hash. */
  readonly batch: Map<string, Located>;
  readonly writes: Write[];
}

/**
 * Plans the writes that store one assertion: its body in the timeline, the hash index, the agent,
 * source and parent indexes, and any new pair or agent ids. An assertion already stored only gains
 * the signatures of new co-signers; one stored with the same signers changes nothing.
 * `body` is the encoded body, as the WAL record holds it.
 */
export function planAssertion(
  ctx: AssertionPlanContext,
  a: Assertion,
  body: Buffer,
  encodeBody: (a: Assertion) => Buffer,
): ApplyOutcome {
  const { ks, writes } = ctx;
  const earlier = ctx.batch.get(a.hash) ?? ctx.locate(a.hash);
  if (earlier !== undefined) {
    const merged = mergeSignatures(earlier.assertion, a);
    if (merged === earlier.assertion) return "exists";
    writes.push([ks.timeline, timelineKey(earlier.pairId, merged.timestampMs, a.hash), encodeBody(merged)]);
    ctx.batch.set(a.hash, { assertion: merged, pairId: earlier.pairId });
    return "cosigned";
  }
  const pairsBefore = writes.length;
  const pairId = ctx.pairs.intern(pairName(a.conceptPath, a.predicate), writes);
  if (writes.length > pairsBefore)
    writes.push([ks.predicates, Buffer.from(pairName(a.predicate, a.conceptPath)), idKey(pairId)]);
  const location = idTime(pairId, a.timestampMs);
  writes.push([ks.timeline, timelineKey(pairId, a.timestampMs, a.hash), body]);
  writes.push([ks.hashes, hashKey(a.hash), location]);
  const agentNum = ctx.agents.intern(a.agentId, writes);
  writes.push([ks.byAgent, agentKey(agentNum, a.timestampMs, a.hash), idKey(pairId)]);
  if (a.source?.hash !== undefined)
    writes.push([ks.bySource, sourceKey(sourcePrefix({ hash: a.source.hash }), a.hash), location]);
  if (a.source?.uri !== undefined)
    writes.push([ks.bySource, sourceKey(sourcePrefix({ uri: a.source.uri }), a.hash), location]);
  if (a.parent !== undefined)
    writes.push([ks.byParent, Buffer.from(a.parent + a.hash.slice(0, HASH_PREFIX * 2), "hex"), location]);
  ctx.batch.set(a.hash, { assertion: a, pairId });
  return "created";
}
