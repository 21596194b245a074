/**
 * The content defense's thread: screens batches of claims and remembers the stored ones, so the
 * server's event loop spends on a claim only the cost of handing it over (`screening-wire.ts`).
 * Messages are handled in order, one at a time, as the in-process defense would see them.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  ContentDefense,
  type ContentDefenseOptions,
  type ScreenedClaim,
  type Verdict,
} from "./content-defense.ts";
import { decodeClaims, encodeVerdicts, type ClaimBatch } from "./screening-wire.ts";

/** Options as they cross the thread boundary: patterns as source and flags. */
export interface DefenseWorkerData {
  readonly options: Omit<ContentDefenseOptions, "patterns">;
  readonly patterns: readonly { readonly source: string; readonly flags: string }[];
}

/** One request's share of a screen message: its id, its time, and how many of the claims are its. */
export interface ScreenPart {
  readonly id: number;
  readonly nowMs: number;
  readonly count: number;
}

/** A batch screened earlier and now stored (`nowMs` set) or abandoned. */
export interface Settlement {
  readonly id: number;
  readonly nowMs?: number;
}

/**
 * Everything the server asked of the thread in one event-loop turn, in one message: settlements
 * first (they were asked before the turn's screens could be sent), then the turn's screens.
 */
export interface DefenseRequest {
  readonly settlements: readonly Settlement[];
  readonly parts: readonly ScreenPart[];
  readonly batch?: ClaimBatch;
}

/** Screened batches awaiting remember or forget; a caller that never answers loses the oldest. */
const MAX_UNSETTLED = 4096;

const port = parentPort;
if (port !== null) {
  const data = workerData as DefenseWorkerData;
  const defense = new ContentDefense({
    ...data.options,
    patterns: data.patterns.map((p) => new RegExp(p.source, p.flags)),
  });
  const unsettled = new Map<number, ScreenedClaim[]>();
  port.on("message", (request: DefenseRequest) => {
    for (const { id, nowMs } of request.settlements) {
      if (nowMs !== undefined) for (const claim of unsettled.get(id) ?? []) defense.remember(claim, nowMs);
      unsettled.delete(id);
    }
    if (request.batch === undefined) return;
    // Several requests' claims come in one message; each is screened at its own time.
    const { claims, trusts } = decodeClaims(request.batch);
    const verdicts: Verdict[] = [];
    let at = 0;
    for (const part of request.parts) {
      const mine = claims.slice(at, at + part.count);
      mine.forEach((claim, i) => verdicts.push(defense.check(claim, trusts[at + i] ?? 0, part.nowMs)));
      unsettled.set(part.id, mine);
      if (unsettled.size > MAX_UNSETTLED) unsettled.delete(unsettled.keys().next().value as number);
      at += part.count;
    }
    const reply = encodeVerdicts(verdicts);
    port.postMessage({ ids: request.parts.map((p) => p.id), verdicts: reply }, [reply.codes.buffer]);
  });
  port.postMessage({ ready: true });
}
