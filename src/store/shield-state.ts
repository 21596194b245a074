import { Packr } from "msgpackr";
import type {
  AgentPolicyChange,
  ApiKeyCreated,
  ControlRecord,
  QuarantineDecision,
  QuarantineHold,
} from "../model/control-record.ts";
import { TRUST_DELTAS, type Assertion, type Tier } from "../model/index.ts";
import { decodeLogAssertion, encodeLogAssertion } from "./assertion-codec.ts";
import type { ApplyOutcome } from "./assertion-plan.ts";
import type { Keyspaces } from "./keyspaces.ts";
import type { TrustLedger } from "./side-records.ts";
import type { Write } from "./write-batch.ts";

const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const TWO_32 = 4_294_967_296;

export type HoldState = "pending" | "approved" | "rejected";
const STATE_BYTE: Readonly<Record<HoldState, number>> = { pending: 1, approved: 2, rejected: 3 };
const STATE_OF_BYTE: readonly (HoldState | undefined)[] = [undefined, "pending", "approved", "rejected"];

/** A write held in quarantine, and what became of it. */
export interface HeldWrite {
  readonly hash: string;
  readonly agentId: string;
  readonly reason: string;
  readonly detail: string;
  readonly heldAtMs: number;
  readonly state: HoldState;
  readonly decidedAtMs?: number;
  readonly decidedBy?: string;
  readonly note?: string;
  readonly assertion: Assertion;
}

export interface ApiKeyEntry {
  readonly id: string;
  readonly keyHash: string;
  readonly agentId?: string;
  readonly name?: string;
  readonly tierCap?: Tier;
  readonly createdAtMs: number;
  readonly revokedAtMs?: number;
}

/** What an admin set for one agent; absent fields mean the server default. */
export interface AgentPolicy {
  readonly agentId: string;
  readonly tierCap?: Tier;
  readonly quotaPerHour?: number;
  readonly banned: boolean;
  readonly updatedAtMs: number;
}

/** The stored form of a held write: the decision fields and the assertion's WAL payload. */
interface StoredHold {
  readonly state: HoldState;
  readonly reason: string;
  readonly detail: string;
  readonly heldAtMs: number;
  readonly agentId: string;
  readonly decidedAtMs?: number;
  readonly decidedBy?: string;
  readonly note?: string;
  readonly logPayload: Buffer;
}

/** State planned earlier in the same batch, read before the committed state. */
export interface ShieldBatch {
  readonly holds: Map<string, StoredHold>;
  readonly policies: Map<string, AgentPolicy>;
  readonly keys: Map<string, ApiKeyEntry>;
}

export function newShieldBatch(): ShieldBatch {
  return { holds: new Map(), policies: new Map(), keys: new Map() };
}

export interface PlannedControl {
  /** The record changed something (a decision on a pending hold, a new key, a policy change). */
  readonly created: boolean;
  /** An approval indexed its assertion: it is now visible, and counts as a new assertion. */
  readonly approved?: Assertion;
  readonly afterCommit?: () => void;
}

function u64(value: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(Math.floor(value / TWO_32), 0);
  b.writeUInt32BE(value >>> 0, 4);
  return b;
}

/** `T` with every property allowed to be `undefined` (as optional fields are before cleaning). */
type Loose<T> = { [K in keyof T]: T[K] | undefined };

/** Drops undefined fields: stored records and `exactOptionalPropertyTypes` both want them absent. */
function withoutUndefined<T extends object>(value: Loose<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The Shield's durable state, derived from the log: writes held in quarantine (stored but never
 * indexed, so no read can see them, until approved), API keys, and per-agent policy. Keys and
 * policies are few and read on every request, so they are also held in memory (loaded at open,
 * updated after each commit).
 */
export class ShieldState {
  readonly #ks: Keyspaces;
  readonly #keysById = new Map<string, ApiKeyEntry>();
  readonly #keysByHash = new Map<string, ApiKeyEntry>();
  readonly #policies = new Map<string, AgentPolicy>();
  #pending = 0;
  /** Held writes not approved (pending or rejected): while zero, no lookup is needed. */
  #heldOut = 0;

  constructor(ks: Keyspaces) {
    this.#ks = ks;
    for (const { value } of ks.apiKeys.getRange({})) this.#rememberKey(packr.unpack(value) as ApiKeyEntry);
    for (const { value } of ks.policies.getRange({})) {
      const policy = packr.unpack(value) as AgentPolicy;
      this.#policies.set(policy.agentId, policy);
    }
    for (const { value } of ks.quarantine.getRange({})) {
      if (value[0] === STATE_BYTE.pending) this.#pending += 1;
      if (value[0] !== STATE_BYTE.approved) this.#heldOut += 1;
    }
  }

  /** Held writes awaiting a decision. */
  get pendingCount(): number {
    return this.#pending;
  }

  /** The held write with this hash, whatever its state. */
  held(hash: string): HeldWrite | undefined {
    const stored = this.#readHold(hash);
    return stored === undefined ? undefined : toHeldWrite(hash, stored);
  }

  /** True while a write is held out of reads: pending review, or rejected. */
  isHeldOut(hash: string): boolean {
    if (this.#heldOut === 0) return false;
    const raw = this.#ks.quarantine.getBinaryFast(Buffer.from(hash, "hex"));
    return raw !== undefined && raw[0] !== STATE_BYTE.approved;
  }

  /** Held writes, newest first, optionally only those in one state. */
  listHeld(options: { state?: HoldState; limit: number }): HeldWrite[] {
    const found: HeldWrite[] = [];
    for (const key of this.#ks.heldByTime.getKeys({ reverse: true })) {
      if (found.length >= options.limit) break;
      const held = this.held(key.subarray(8).toString("hex"));
      if (held !== undefined && (options.state === undefined || held.state === options.state))
        found.push(held);
    }
    return found;
  }

  apiKeyByHash(keyHash: string): ApiKeyEntry | undefined {
    return this.#keysByHash.get(keyHash);
  }

  apiKey(id: string): ApiKeyEntry | undefined {
    return this.#keysById.get(id);
  }

  apiKeys(): ApiKeyEntry[] {
    return [...this.#keysById.values()].sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  policy(agentId: string): AgentPolicy | undefined {
    return this.#policies.get(agentId);
  }

  policies(): AgentPolicy[] {
    return [...this.#policies.values()];
  }

  /**
   * Plans holding a write. A write already held (or already stored and visible, which `isStored`
   * tells) changes nothing. The author's trust drops a little: the suspicion is undone by approval.
   */
  planHold(
    hold: QuarantineHold & { readonly logPayload?: Buffer },
    batch: ShieldBatch,
    writes: Write[],
    trust: TrustLedger,
    isStored: (hash: string) => boolean,
  ): { created: boolean; afterCommit?: () => void } {
    const { assertion } = hold;
    if (batch.holds.has(assertion.hash) || this.#readHold(assertion.hash) !== undefined)
      return { created: false };
    if (isStored(assertion.hash)) return { created: false };
    const stored: StoredHold = {
      state: "pending",
      reason: hold.reason,
      detail: hold.detail,
      heldAtMs: hold.heldAtMs,
      agentId: assertion.agentId,
      // Decoded from the log, the hold has its assertion's WAL form already; fresh, it is made.
      logPayload: hold.logPayload ?? encodeLogAssertion(assertion).payload,
    };
    batch.holds.set(assertion.hash, stored);
    const id = Buffer.from(assertion.hash, "hex");
    writes.push([this.#ks.quarantine, id, encodeStoredHold(stored)]);
    writes.push([this.#ks.heldByTime, Buffer.concat([u64(hold.heldAtMs), id]), Buffer.alloc(0)]);
    trust.adjust(assertion.agentId, TRUST_DELTAS.quarantined, hold.heldAtMs);
    return {
      created: true,
      afterCommit: () => {
        this.#pending += 1;
        this.#heldOut += 1;
      },
    };
  }

  /**
   * Plans one control record. An approval indexes the held assertion through `index` (the same
   * planning as any new assertion) and moves its author's trust up; a rejection moves it down.
   */
  planControl(
    record: ControlRecord,
    batch: ShieldBatch,
    writes: Write[],
    trust: TrustLedger,
    index: (assertion: Assertion, logPayload: Buffer) => ApplyOutcome,
  ): PlannedControl {
    switch (record.kind) {
      case "quarantine_decision":
        return this.#planDecision(record, batch, writes, trust, index);
      case "api_key":
        return this.#planKey(keyEntry(record), batch, writes);
      case "api_key_revoked": {
        const known = batch.keys.get(record.id) ?? this.#keysById.get(record.id);
        if (known === undefined || known.revokedAtMs !== undefined) return { created: false };
        return this.#planKey({ ...known, revokedAtMs: record.atMs }, batch, writes);
      }
      case "agent_policy":
        return this.#planPolicy(record, batch, writes);
    }
  }

  #planDecision(
    record: QuarantineDecision,
    batch: ShieldBatch,
    writes: Write[],
    trust: TrustLedger,
    index: (assertion: Assertion, logPayload: Buffer) => ApplyOutcome,
  ): PlannedControl {
    const stored = batch.holds.get(record.hash) ?? this.#readHold(record.hash);
    if (stored?.state !== "pending") return { created: false };
    const approve = record.decision === "approve";
    const decided = withoutUndefined<StoredHold>({
      ...stored,
      state: approve ? "approved" : "rejected",
      decidedAtMs: record.atMs,
      decidedBy: record.by,
      note: record.note,
    });
    batch.holds.set(record.hash, decided);
    writes.push([this.#ks.quarantine, Buffer.from(record.hash, "hex"), encodeStoredHold(decided)]);
    trust.adjust(
      stored.agentId,
      approve ? TRUST_DELTAS.quarantineApproved : TRUST_DELTAS.quarantineRejected,
      record.atMs,
    );
    const afterCommit = (): void => {
      this.#pending -= 1;
      if (approve) this.#heldOut -= 1;
    };
    if (!approve) return { created: true, afterCommit };
    const { assertion } = decodeLogAssertion(stored.logPayload);
    const outcome = index(assertion, stored.logPayload);
    return { created: true, afterCommit, ...(outcome === "created" ? { approved: assertion } : {}) };
  }

  #planKey(entry: ApiKeyEntry, batch: ShieldBatch, writes: Write[]): PlannedControl {
    const known = batch.keys.get(entry.id) ?? this.#keysById.get(entry.id);
    if (known !== undefined && known.revokedAtMs === entry.revokedAtMs) return { created: false };
    batch.keys.set(entry.id, entry);
    writes.push([this.#ks.apiKeys, Buffer.from(entry.id), packr.pack(entry)]);
    return {
      created: true,
      afterCommit: () => {
        this.#rememberKey(entry);
      },
    };
  }

  #planPolicy(change: AgentPolicyChange, batch: ShieldBatch, writes: Write[]): PlannedControl {
    const known = batch.policies.get(change.agentId) ??
      this.#policies.get(change.agentId) ?? { agentId: change.agentId, banned: false, updatedAtMs: 0 };
    const pick = <T>(next: T | null | undefined, current: T | undefined): T | undefined =>
      next === undefined ? current : (next ?? undefined);
    const policy = withoutUndefined<AgentPolicy>({
      agentId: change.agentId,
      tierCap: pick(change.tierCap, known.tierCap),
      quotaPerHour: pick(change.quotaPerHour, known.quotaPerHour),
      banned: change.banned ?? known.banned,
      updatedAtMs: Math.max(change.atMs, known.updatedAtMs),
    });
    batch.policies.set(change.agentId, policy);
    writes.push([this.#ks.policies, Buffer.from(change.agentId), packr.pack(policy)]);
    return { created: true, afterCommit: () => this.#policies.set(policy.agentId, policy) };
  }

  #rememberKey(entry: ApiKeyEntry): void {
    this.#keysById.set(entry.id, entry);
    this.#keysByHash.set(entry.keyHash, entry);
  }

  #readHold(hash: string): StoredHold | undefined {
    const raw = this.#ks.quarantine.getBinary(Buffer.from(hash, "hex"));
    if (raw === undefined) return undefined;
    const state = STATE_OF_BYTE[raw[0] ?? 0];
    if (state === undefined)
      throw new TypeError(`Quarantine entry ${hash} has an unknown state byte ${raw[0]}`);
    const fields = packr.unpack(raw.subarray(1)) as Omit<StoredHold, "state" | "logPayload"> & {
      logPayload: Uint8Array;
    };
    return { ...fields, state, logPayload: Buffer.from(fields.logPayload) };
  }
}

function keyEntry(record: ApiKeyCreated): ApiKeyEntry {
  return withoutUndefined<ApiKeyEntry>({
    id: record.id,
    keyHash: record.keyHash,
    agentId: record.agentId,
    name: record.name,
    tierCap: record.tierCap,
    createdAtMs: record.createdAtMs,
  });
}

/** The state byte first, so counting pending holds at open needs no decoding. */
function encodeStoredHold(stored: StoredHold): Buffer {
  const { state, ...fields } = stored;
  return Buffer.concat([Buffer.from([STATE_BYTE[state]]), packr.pack(fields)]);
}

function toHeldWrite(hash: string, stored: StoredHold): HeldWrite {
  return withoutUndefined<HeldWrite>({
    hash,
    agentId: stored.agentId,
    reason: stored.reason,
    detail: stored.detail,
    heldAtMs: stored.heldAtMs,
    state: stored.state,
    decidedAtMs: stored.decidedAtMs,
    decidedBy: stored.decidedBy,
    note: stored.note,
    assertion: decodeLogAssertion(stored.logPayload).assertion,
  });
}
