import type { Assertion } from "../model/index.ts";
import { decodeLogAssertion, encodeBody } from "./assertion-codec.ts";
import { planAssertion, type ApplyOutcome, type Located } from "./assertion-plan.ts";
import type { IdDirectory } from "./id-directory.ts";
import type { Keyspaces } from "./keyspaces.ts";
import type { AssertionCarry, LogEntry } from "./lmdb-store.ts";
import { RecordType } from "./record-type.ts";
import type { ControlRecord, QuarantineHold } from "../model/control-record.ts";
import { decodeControl, decodeHold } from "./shield-codec.ts";
import { newShieldBatch, type ShieldState } from "./shield-state.ts";
import { decodeSideRecord, sideKindOf, type SideRecord } from "./side-record-codec.ts";
import { TrustLedger, type SideRecords } from "./side-records.ts";
import type { Write } from "./write-batch.ts";

/** Everything one batch of log records will write, and what to do once it has committed. */
export interface BatchPlan {
  readonly writes: Write[];
  readonly outcomes: ApplyOutcome[];
  /** New assertions (for the count kept in meta), approvals from quarantine included. */
  readonly created: number;
  /** Assertions made visible by an approval in this batch, in log order. */
  readonly approved: Assertion[];
  /** In-memory updates that must wait for the commit (a failed batch leaves caches untouched). */
  readonly afterCommit: (() => void)[];
}

export interface PlanStores {
  readonly ks: Keyspaces;
  readonly pairs: IdDirectory;
  readonly agents: IdDirectory;
  readonly side: SideRecords;
  readonly shield: ShieldState;
  /** The committed assertion and its pair, failing loudly on an indexed-prefix collision. */
  readonly locateForWrite: (hash: string) => Located | undefined;
  readonly locate: (hash: string) => Assertion | undefined;
}

/**
 * Plans one batch of log records, in log order: assertions, votes, epochs, sources and
 * retractions, and the trust changes they cause, all to be committed in one transaction with the
 * applied WAL position. Records seen earlier in the same batch count as stored.
 */
export function planBatch(entries: readonly LogEntry[], stores: PlanStores): BatchPlan {
  const writes: Write[] = [];
  const outcomes: ApplyOutcome[] = [];
  const afterCommit: (() => void)[] = [];
  const batch = new Map<string, Located>();
  const ctx = {
    ks: stores.ks,
    pairs: stores.pairs,
    agents: stores.agents,
    locate: stores.locateForWrite,
    batch,
    writes,
  };
  const locate = (hash: string): Assertion | undefined => batch.get(hash)?.assertion ?? stores.locate(hash);
  const trust = new TrustLedger(stores.ks);
  const sideSeen = new Set<string>();
  const shieldBatch = newShieldBatch();
  const approved: Assertion[] = [];
  let created = 0;
  for (const entry of entries) {
    if (entry.type === RecordType.assertion) {
      const carried = entry.carry as AssertionCarry | undefined;
      const { assertion, body } = carried ?? decodeLogAssertion(entry.payload);
      if (shieldBatch.holds.has(assertion.hash) || stores.shield.isHeldOut(assertion.hash)) {
        outcomes.push("quarantined");
        continue;
      }
      const outcome = planAssertion(ctx, assertion, body, encodeBody);
      if (outcome === "created") {
        created += 1;
        trust.settle(assertion, locate);
      }
      outcomes.push(outcome);
      continue;
    }
    if (entry.type === RecordType.quarantine) {
      const hold = (entry.carry as QuarantineHold | undefined) ?? decodeHold(entry.payload);
      const isStored = (hash: string): boolean => locate(hash) !== undefined;
      const planned = stores.shield.planHold(hold, shieldBatch, writes, trust, isStored);
      if (planned.afterCommit !== undefined) afterCommit.push(planned.afterCommit);
      outcomes.push(planned.created ? "created" : "exists");
      continue;
    }
    if (entry.type === RecordType.control) {
      const record = (entry.carry as ControlRecord | undefined) ?? decodeControl(entry.payload);
      const planned = stores.shield.planControl(record, shieldBatch, writes, trust, (assertion, logPayload) =>
        planAssertion(ctx, assertion, decodeLogAssertion(logPayload).body, encodeBody),
      );
      if (planned.afterCommit !== undefined) afterCommit.push(planned.afterCommit);
      if (planned.approved !== undefined) {
        created += 1;
        approved.push(planned.approved);
      }
      outcomes.push(planned.created ? "created" : "exists");
      continue;
    }
    const kind = sideKindOf(entry.type);
    if (kind === undefined) {
      throw new TypeError(`WAL record ${entry.seq} has type ${entry.type}, which this version cannot apply`);
    }
    const side = (entry.carry as SideRecord | undefined) ?? decodeSideRecord(kind, entry.payload);
    if (sideSeen.has(side.record.hash)) {
      outcomes.push("exists");
      continue;
    }
    sideSeen.add(side.record.hash);
    const planned = stores.side.plan(side, writes, trust, locate);
    if (planned.afterCommit !== undefined) afterCommit.push(planned.afterCommit);
    outcomes.push(planned.created ? "created" : "exists");
  }
  writes.push(...trust.writes());
  return { writes, outcomes, created, approved, afterCommit };
}
