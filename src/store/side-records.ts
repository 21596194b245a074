import type { CandidateVote } from "../lens/index.ts";
import {
  NEUTRAL_TRUST,
  TRUST_DELTAS,
  adjustTrust,
  trustAt,
  type Assertion,
  type Source,
} from "../model/index.ts";
import type { Evidence } from "../query/evidence.ts";
import { GenerationalCache } from "./generational-cache.ts";
import type { Keyspaces } from "./keyspaces.ts";
import { prefixRange, readU64 } from "./index-keys.ts";
import { decodeSideRecord, encodeSideRecord, type SideKind, type SideRecord } from "./side-record-codec.ts";
import type { Write } from "./write-batch.ts";

const KIND_BYTE: Readonly<Record<SideKind, number>> = { vote: 2, epoch: 3, source: 4, retraction: 5 };
const KIND_OF_BYTE = new Map(Object.entries(KIND_BYTE).map(([kind, byte]) => [byte, kind as SideKind]));
const TWO_32 = 4_294_967_296;

/** An agent's stored trust: a score as of a time, from which `trustAt` decays it. */
interface TrustState {
  readonly score: number;
  readonly atMs: number;
}
/** Cached for an agent with no trust record, so that it is not looked up again. */
const UNSCORED: TrustState = Object.freeze({ score: NEUTRAL_TRUST, atMs: 0 });
/** The votes of every candidate while the store holds none: one frozen array, not one each. */
const NO_VOTES: readonly CandidateVote[] = Object.freeze([]);
/** Agents whose trust is cached; every candidate of every query reads its author's. */
const CACHED_AGENTS = 100_000;

function u64(value: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(Math.floor(value / TWO_32), 0);
  b.writeUInt32BE(value >>> 0, 4);
  return b;
}

/**
 * What a vote of weight `weight` by a voter of trust `voterTrust` moves its author's trust by. A
 * vote is read as `weight` backing and `1 − weight` doubt:
 *
 * - Backing raises trust by `TRUST_DELTAS.voteReceived × weight × voterTrust`, as it always has.
 * - Doubt lowers it by `TRUST_DELTAS.voteReceived × (1 − weight) × standing`, where standing is the
 *   voter's trust above neutral, `max(0, 2 × voterTrust − 1)`. A vote of 0 ("reviewed, not backed")
 *   from an agent that has earned trust is an outcome against the claim; from a new or distrusted
 *   identity it is nothing, so a swarm of fresh keys cannot vote anyone's trust down.
 *
 * For an agent of neutral trust (every new one) this is the rule before doubt counted.
 *
 * @example
 * ```ts
 * voteTrustEffect(1, 0.5); // +0.005
 * voteTrustEffect(0, 0.5); // 0: a new agent's doubt counts for nothing
 * voteTrustEffect(0, 0.9); // −0.008
 * ```
 */
export function voteTrustEffect(weight: number, voterTrust: number): number {
  const standing = Math.max(0, 2 * voterTrust - 1);
  return TRUST_DELTAS.voteReceived * (weight * voterTrust - (1 - weight) * standing);
}

/** The key prefix of one agent's votes on one assertion in the `votes` keyspace. */
function voterPrefix(assertion: string, agentId: string): Buffer {
  return Buffer.concat([Buffer.from(assertion, "hex"), Buffer.from(agentId), Buffer.from([0])]);
}

/** Earliest time per key: a superseded epoch or a retracted source is so from its first record on. */
function remember(map: Map<string, number>, key: string, atMs: number): void {
  const known = map.get(key);
  if (known === undefined || atMs < known) map.set(key, atMs);
}

/**
 * Votes, epochs, sources, retractions and agent trust: the records around assertions, and the
 * `Evidence` the query engine reads from them. Supersessions and retractions are few and read for
 * every candidate, so they are also held in memory (loaded at open, updated after each commit).
 */
export class SideRecords implements Evidence {
  readonly #ks: Keyspaces;
  readonly #superseded = new Map<string, number>();
  readonly #retractedHashes = new Map<string, number>();
  readonly #retractedUris = new Map<string, number>();
  #votes: number;
  /** Stored trust by agent, dropped when a commit changes it (`forgetTrust`). */
  readonly #trust = new GenerationalCache<string, TrustState>({ maxWeight: CACHED_AGENTS, weigh: () => 1 });

  constructor(ks: Keyspaces) {
    this.#ks = ks;
    for (const { key, value } of ks.supersede.getRange({})) {
      remember(this.#superseded, key.subarray(0, 32).toString("hex"), readU64(value, 0));
    }
    for (const { key, value } of ks.retracted.getRange({})) {
      this.#noteRetraction(key.subarray(0, 32).toString("hex"), readU64(value, 0));
    }
    this.#votes = ks.votes.getCount({});
  }

  /** Whether a vote, epoch, source or retraction with this hash is stored. */
  has(hash: string): boolean {
    return this.#ks.records.doesExist(Buffer.from(hash, "hex"));
  }

  /** A stored vote, epoch, source or retraction by its hash. */
  record(hash: string): SideRecord | undefined {
    const raw = this.#ks.records.getBinary(Buffer.from(hash, "hex"));
    if (raw === undefined) return undefined;
    const kind = KIND_OF_BYTE.get(raw[0] ?? 0);
    return kind === undefined ? undefined : decodeSideRecord(kind, raw.subarray(1));
  }

  /** Retractions of a source, oldest first. */
  retractionsOf(sourceHash: string): SideRecord[] {
    const prefix = Buffer.from(sourceHash, "hex");
    const found: SideRecord[] = [];
    for (const key of this.#ks.retracted.getKeys(prefixRange(prefix))) {
      const record = this.record(key.subarray(32).toString("hex"));
      if (record !== undefined) found.push(record);
    }
    return found;
  }

  /** Epochs that supersede `epoch`. */
  supersededBy(epoch: string): SideRecord[] {
    const prefix = Buffer.from(epoch, "hex");
    const found: SideRecord[] = [];
    for (const key of this.#ks.supersede.getKeys(prefixRange(prefix))) {
      const record = this.record(key.subarray(32).toString("hex"));
      if (record !== undefined) found.push(record);
    }
    return found;
  }

  /** The agent's trust at `nowMs` (default: now); the clock is read only for a scored agent. */
  trustOf(agentId: string, nowMs?: number): number {
    let state = this.#trust.get(agentId);
    if (state === undefined) {
      const raw = this.#ks.trust.getBinaryFast(Buffer.from(agentId));
      state = raw === undefined ? UNSCORED : { score: raw.readDoubleBE(0), atMs: readU64(raw, 8) };
      this.#trust.set(agentId, state);
    }
    return state === UNSCORED ? NEUTRAL_TRUST : trustAt(state.score, state.atMs, nowMs ?? Date.now());
  }

  /** Called by the store once a batch that changed the agent's trust is committed. */
  forgetTrust(agentId: string): void {
    this.#trust.delete(agentId);
  }

  votesOn(hash: string, asOfMs: number): readonly CandidateVote[] {
    if (this.#votes === 0) return NO_VOTES;
    const prefix = Buffer.from(hash, "hex");
    const latest = new Map<string, { weight: number; atMs: number }>();
    for (const { key, value } of this.#ks.votes.getRange(prefixRange(prefix))) {
      const atMs = readU64(key, key.length - 8);
      if (atMs > asOfMs) continue;
      const agentId = key.toString("utf8", 32, key.length - 9);
      const known = latest.get(agentId);
      if (known === undefined || atMs >= known.atMs)
        latest.set(agentId, { weight: value.readDoubleBE(0), atMs });
    }
    return [...latest].map(([agentId, { weight }]) => ({
      agentId,
      weight,
      voterTrust: this.trustOf(agentId, asOfMs),
    }));
  }

  isEpochSuperseded(epoch: string, asOfMs: number): boolean {
    const since = this.#superseded.get(epoch);
    return since !== undefined && since <= asOfMs;
  }

  isSourceRetracted(source: Source, asOfMs: number): boolean {
    const byHash = source.hash === undefined ? undefined : this.#retractedHashes.get(source.hash);
    const byUri = source.uri === undefined ? undefined : this.#retractedUris.get(source.uri);
    return (byHash !== undefined && byHash <= asOfMs) || (byUri !== undefined && byUri <= asOfMs);
  }

  /**
   * Plans the writes of one record. Returns whether it is new, and what to remember in memory once
   * the batch commits (never before: a failed batch must leave the caches as they were).
   */
  plan(
    side: SideRecord,
    writes: Write[],
    trust: TrustLedger,
    locate: (hash: string) => Assertion | undefined,
  ): { created: boolean; afterCommit?: () => void } {
    if (this.has(side.record.hash)) return { created: false };
    const id = Buffer.from(side.record.hash, "hex");
    writes.push([
      this.#ks.records,
      id,
      Buffer.concat([Buffer.from([KIND_BYTE[side.kind]]), encodeSideRecord(side)]),
    ]);
    switch (side.kind) {
      case "vote": {
        const v = side.record;
        const key = Buffer.concat([
          Buffer.from(v.assertion, "hex"),
          Buffer.from(v.agentId),
          Buffer.from([0]),
          u64(v.timestampMs),
        ]);
        const weight = Buffer.allocUnsafe(8);
        weight.writeDoubleBE(v.weight, 0);
        writes.push([this.#ks.votes, key, weight]);
        // Read before this vote is noted: the voter's vote this one replaces, if any.
        const earlier = trust.latestVote(v.assertion, v.agentId);
        trust.noteVote(v.assertion, v.agentId, v.weight, v.timestampMs);
        const author = locate(v.assertion)?.agentId;
        // A vote older than the voter's latest one is already replaced in the tally: no effect.
        // A later one replaces the earlier one in trust too, as in the tally: only the change
        // counts, so voting for the same claim every day raises nothing (both effects are weighed
        // by the voter's trust now, which keeps the rule a function of the log in order).
        if (
          author !== undefined &&
          author !== v.agentId &&
          (earlier === undefined || earlier.atMs <= v.timestampMs)
        ) {
          const voterTrust = trust.of(v.agentId, v.timestampMs);
          const delta =
            voteTrustEffect(v.weight, voterTrust) -
            (earlier === undefined ? 0 : voteTrustEffect(earlier.weight, voterTrust));
          if (delta !== 0) trust.adjust(author, delta, v.timestampMs);
        }
        return { created: true, afterCommit: () => (this.#votes += 1) };
      }
      case "epoch": {
        const e = side.record;
        for (const superseded of e.supersedes)
          writes.push([this.#ks.supersede, Buffer.from(superseded + e.hash, "hex"), u64(e.timestampMs)]);
        return {
          created: true,
          afterCommit: () => {
            e.supersedes.forEach((x) => {
              remember(this.#superseded, x, e.timestampMs);
            });
          },
        };
      }
      case "source":
        return {
          created: true,
          afterCommit: () => {
            const since = this.#retractedHashes.get(side.record.hash);
            if (since !== undefined && side.record.uri !== undefined)
              remember(this.#retractedUris, side.record.uri, since);
          },
        };
      case "retraction": {
        const r = side.record;
        writes.push([this.#ks.retracted, Buffer.from(r.source + r.hash, "hex"), u64(r.timestampMs)]);
        return {
          created: true,
          afterCommit: () => {
            this.#noteRetraction(r.source, r.timestampMs);
          },
        };
      }
    }
  }

  #noteRetraction(sourceHash: string, atMs: number): void {
    remember(this.#retractedHashes, sourceHash, atMs);
    const source = this.record(sourceHash);
    if (source?.kind === "source" && source.record.uri !== undefined)
      remember(this.#retractedUris, source.record.uri, atMs);
  }
}

/** Trust changes of one batch: read through to the store, written once per agent at the end. */
export class TrustLedger {
  readonly #ks: Keyspaces;
  readonly #pending = new Map<string, { score: number; atMs: number }>();
  /** Votes planned earlier in this batch, by assertion and voter: not in the store yet. */
  readonly #votes = new Map<string, { weight: number; atMs: number }>();

  constructor(ks: Keyspaces) {
    this.#ks = ks;
  }

  /** The latest vote (by its time) of `agentId` on `assertion`, stored or earlier in this batch. */
  latestVote(assertion: string, agentId: string): { weight: number; atMs: number } | undefined {
    let latest: { weight: number; atMs: number } | undefined;
    const prefix = voterPrefix(assertion, agentId);
    for (const { key, value } of this.#ks.votes.getRange(prefixRange(prefix))) {
      const atMs = readU64(key, key.length - 8);
      if (latest === undefined || atMs >= latest.atMs) latest = { weight: value.readDoubleBE(0), atMs };
    }
    // A vote of this batch at the same time as a stored one overwrites it (same key): it wins ties.
    const planned = this.#votes.get(`${assertion}:${agentId}`);
    return planned !== undefined && (latest === undefined || planned.atMs >= latest.atMs) ? planned : latest;
  }

  /** Remembers a vote planned in this batch, for `latestVote` of later votes in the same batch. */
  noteVote(assertion: string, agentId: string, weight: number, atMs: number): void {
    const key = `${assertion}:${agentId}`;
    const known = this.#votes.get(key);
    if (known === undefined || atMs >= known.atMs) this.#votes.set(key, { weight, atMs });
  }

  of(agentId: string, nowMs: number): number {
    const state = this.#state(agentId);
    return state === undefined ? NEUTRAL_TRUST : trustAt(state.score, state.atMs, nowMs);
  }

  adjust(agentId: string, delta: number, atMs: number): void {
    const state = this.#state(agentId) ?? { score: NEUTRAL_TRUST, atMs };
    this.#pending.set(agentId, {
      score: adjustTrust(state.score, state.atMs, delta, atMs),
      atMs: Math.max(atMs, state.atMs),
    });
  }

  /** Trust moves when a later assertion settles the lifecycle of an agent's claim. */
  settle(child: Assertion, locate: (hash: string) => Assertion | undefined): void {
    if (child.parent === undefined) return;
    const delta =
      child.lifecycle === "approved"
        ? TRUST_DELTAS.approved
        : child.lifecycle === "rejected"
          ? TRUST_DELTAS.rejected
          : child.lifecycle === "deprecated"
            ? TRUST_DELTAS.deprecated
            : 0;
    if (delta === 0) return;
    const parent = locate(child.parent);
    if (parent !== undefined && parent.agentId !== child.agentId)
      this.adjust(parent.agentId, delta, child.timestampMs);
  }

  writes(): Write[] {
    return [...this.#pending].map(([agentId, { score, atMs }]) => {
      const value = Buffer.allocUnsafe(16);
      value.writeDoubleBE(score, 0);
      u64(atMs).copy(value, 8);
      return [this.#ks.trust, Buffer.from(agentId), value] as const;
    });
  }

  #state(agentId: string): { score: number; atMs: number } | undefined {
    const pending = this.#pending.get(agentId);
    if (pending !== undefined) return pending;
    const raw = this.#ks.trust.getBinaryFast(Buffer.from(agentId));
    return raw === undefined ? undefined : { score: raw.readDoubleBE(0), atMs: readU64(raw, 8) };
  }
}
