import { assertionToJson, formatTimestamp } from "../model/index.ts";
import type { HeldWrite } from "../store/shield-state.ts";

/** A held write as the API shows it (admin quarantine list, trace). */
export function heldToJson(held: HeldWrite): HeldJson;
export function heldToJson(held: HeldWrite | undefined): HeldJson | null;
export function heldToJson(held: HeldWrite | undefined): HeldJson | null {
  if (held === undefined) return null;
  return {
    hash: held.hash,
    state: held.state,
    reason: held.reason,
    detail: held.detail,
    agent_id: held.agentId,
    held_at: formatTimestamp(held.heldAtMs),
    ...(held.decidedAtMs !== undefined ? { decided_at: formatTimestamp(held.decidedAtMs) } : {}),
    ...(held.decidedBy !== undefined ? { decided_by: held.decidedBy } : {}),
    ...(held.note !== undefined ? { note: held.note } : {}),
    assertion: assertionToJson(held.assertion),
  };
}

export interface HeldJson {
  readonly hash: string;
  readonly state: HeldWrite["state"];
  readonly reason: string;
  readonly detail: string;
  readonly agent_id: string;
  readonly held_at: string;
  readonly decided_at?: string;
  readonly decided_by?: string;
  readonly note?: string;
  readonly assertion: ReturnType<typeof assertionToJson>;
}
