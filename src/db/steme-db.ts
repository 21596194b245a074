import { NotFoundError, UnavailableError } from "../errors.ts";
import { withinMs } from "../waiting.ts";
import { verifyAll, verifyVote, type Assertion } from "../model/index.ts";
import { decodeLogAssertion, encodeLogAssertion } from "../store/assertion-codec.ts";
import type { Ingest } from "../store/ingest.ts";
import type { ApplyOutcome, AssertionCarry, LmdbStore, LogEntry } from "../store/lmdb-store.ts";
import { mergeSignatures } from "../store/merge-signatures.ts";
import { RecordType } from "../store/record-type.ts";
import type { ControlRecord, QuarantineHold } from "../model/control-record.ts";
import { decodeControl, encodeControl, encodeHold } from "../store/shield-codec.ts";
import { SIDE_KINDS, encodeSideRecord, type SideRecord } from "../store/side-record-codec.ts";
import { copyLogPrefix } from "../wal/copy-prefix.ts";
import type { Wal } from "../wal/wal.ts";
import type { SegmentInfo } from "../wal/recover.ts";
import type { Evidence } from "../query/evidence.ts";
import type { AssertionLog, LogAppend } from "../cluster/assertion-log.ts";
import { WalLog } from "../wal/wal-log.ts";
import type { DirectoryLock } from "./directory-lock.ts";
import { openParts, type OpenReport, type OpenedParts, type StemeDbOptions } from "./open-db.ts";

export type { OpenReport, StemeDbOptions } from "./open-db.ts";

export interface AppendResult {
  readonly hash: string;
  readonly status: ApplyOutcome;
  /** Log sequence of the record, when one was written. */
  readonly seq?: number;
  /** The assertion as stored (with every signature it has now). */
  readonly assertion: Assertion;
  /** Why the content is held in quarantine, when `status` is `quarantined`. */
  readonly reason?: string;
}

/**
 * The embedded database: the WAL (durability), the LMDB store (indexes) and ingest between them.
 * `append` resolves only when the write is durable on disk and visible to reads.
 *
 * @example
 * ```ts
 * const db = await StemeDb.open({ walDir: "data/wal", dbDir: "data/db" });
 * const result = await db.append(normalizeAssertion(body, { nowMs: Date.now() }));
 * db.get(result.hash);
 * await db.close();
 * ```
 */
export class StemeDb {
  readonly store: LmdbStore;
  readonly openReport: OpenReport;
  /** Trust, votes, epochs, retractions and quarantine as the query engine reads them. */
  get evidence(): Evidence {
    return this.store.side;
  }
  readonly #log: AssertionLog;
  readonly #ingest: Ingest;
  readonly #locks: DirectoryLock[];
  readonly #applyTimeoutMs: number | undefined;
  #closed = false;

  private constructor(parts: OpenedParts) {
    this.#log = parts.log;
    this.store = parts.store;
    this.#ingest = parts.ingest;
    this.#locks = parts.locks;
    this.openReport = parts.report;
    this.#applyTimeoutMs = parts.applyTimeoutMs;
  }

  /** Opens the database in `options`' directories (`openParts`): recovered, replayed and ready. */
  static async open(options: StemeDbOptions): Promise<StemeDb> {
    return new StemeDb(await openParts(options));
  }

  /**
   * Registers a listener told of every assertion newly stored, in log order, once it is visible
   * to reads (for change feeds). Listeners must not throw.
   */
  onNewAssertions(listener: (assertions: readonly Assertion[]) => void): void {
    this.#ingest.onApplied((entries, outcomes) => {
      const created: Assertion[] = [];
      entries.forEach((entry, i) => {
        if (outcomes[i] !== "created") return;
        if (entry.type === RecordType.assertion) {
          const carried = entry.carry as AssertionCarry | undefined;
          created.push(carried?.assertion ?? decodeLogAssertion(entry.payload).assertion);
        } else if (entry.type === RecordType.control) {
          // An approval from quarantine makes an assertion visible: to readers it is new.
          const record = (entry.carry as ControlRecord | undefined) ?? decodeControl(entry.payload);
          if (record.kind !== "quarantine_decision" || record.decision !== "approve") return;
          const approved = this.store.get(record.hash);
          if (approved !== undefined) created.push(approved);
        }
      });
      if (created.length > 0) listener(created);
    });
  }

  /** Why writes are refused right now (the log or the store failed), if they are. */
  get failure(): Error | undefined {
    return this.#log.failure ?? this.#ingest.failure;
  }

  /** Set when only a restart makes the log take writes again (its fsync failed). */
  get restartRequired(): Error | undefined {
    return this.#log.failure;
  }

  /** `local` (the WAL of a single node) or `cluster` (the cluster's JetStream log). */
  get logKind(): AssertionLog["kind"] {
    return this.#log.kind;
  }

  /**
   * Resolves once every log record up to `seq` is applied here, or after `timeoutMs` with
   * `false`: a read that must see a write made through another node.
   */
  async waitForSeq(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.store.appliedSeq >= seq) return true;
    // whenAppliedThrough never rejects: a rejection is the time running out.
    return withinMs(timeoutMs, () => this.#ingest.whenAppliedThrough(seq)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Why writes fail right now, if they do: `failure`, or the last WAL write found the disk full
   * (appends still try, so this clears by itself once space returns).
   */
  get writeRefusal(): Error | undefined {
    return this.failure ?? this.#log.writeFailure;
  }

  /**
   * The WAL's segments and the durable bytes of the last, for archiving and copying; none on a
   * cluster node, whose log is the cluster's.
   */
  get walPrefix(): { readonly segments: readonly SegmentInfo[]; readonly tailSize: number } {
    return this.#wal?.durablePrefix ?? { segments: [], tailSize: 0 };
  }

  get walSegments(): number {
    return this.#wal?.segments.length ?? 0;
  }

  /**
   * Stores one normalised assertion. Verifies its signatures (unless the caller already did),
   * skips the log when the content is already stored with the same signers, and otherwise
   * resolves once the record is durable in the WAL and applied to the store.
   */
  async append(assertion: Assertion, options: { signaturesVerified?: boolean } = {}): Promise<AppendResult> {
    if (options.signaturesVerified !== true) verifyAll(assertion.hash, assertion.signatures);
    return this.#appendVerified(assertion);
  }

  /**
   * Stores many assertions with one group commit: every signature is verified before anything is
   * written, so a bad item rejects the whole batch and stores nothing.
   */
  async appendMany(
    assertions: readonly Assertion[],
    options: { signaturesVerified?: boolean } = {},
  ): Promise<AppendResult[]> {
    if (options.signaturesVerified !== true) for (const a of assertions) verifyAll(a.hash, a.signatures);
    this.#checkWritable();
    const results = new Array<AppendResult>(assertions.length);
    const toLog: { readonly index: number; readonly assertion: Assertion; readonly carry: AssertionCarry }[] =
      [];
    assertions.forEach((assertion, index) => {
      const answered = this.#answeredWithoutLog(assertion);
      if (answered !== undefined) results[index] = answered;
      else toLog.push({ index, assertion, carry: { ...encodeLogAssertion(assertion), assertion } });
    });
    if (toLog.length === 0) return results;
    // One log append and one wait for the lot, rather than a promise chain per assertion.
    const seqs = await this.#log.appendAll(
      toLog.map(({ assertion, carry }) => ({
        type: RecordType.assertion,
        payload: carry.payload,
        hash: assertion.hash,
        carry,
      })),
    );
    const outcomes = await this.#appliedWithin(this.#ingest.whenAppliedAll(seqs), seqs.at(-1) ?? 0);
    toLog.forEach(({ index, assertion }, i) => {
      results[index] = this.#loggedResult(assertion, seqs[i] ?? 0, outcomes[i] ?? "exists");
    });
    return results;
  }

  /**
   * Applies records read again from the log (a cluster shard's repair) in turn with new writes;
   * what the store still has changes nothing, and the applied position stays where it is.
   */
  reapply(records: readonly LogEntry[]): Promise<ApplyOutcome[]> {
    this.#checkWritable();
    return this.#ingest.reapply(records);
  }

  get(hash: string): Assertion | undefined {
    return this.store.get(hash);
  }

  /**
   * Stores a vote, epoch, source or retraction: signatures verified, a vote's assertion must
   * exist, content already stored is `exists` without touching the log.
   */
  async appendRecord(side: SideRecord): Promise<{ status: "created" | "exists"; seq?: number }> {
    this.#checkWritable();
    switch (side.kind) {
      case "vote":
        verifyVote(side.record);
        if (!this.store.has(side.record.assertion)) {
          throw new NotFoundError(
            `No assertion has hash ${side.record.assertion}: votes are on stored assertions`,
          );
        }
        break;
      case "epoch":
      case "retraction":
        verifyAll(side.record.hash, side.record.signatures);
        break;
      case "source":
        break;
    }
    if (this.store.side.has(side.record.hash)) return { status: "exists" };
    const seq = await this.#appendOne({
      type: SIDE_KINDS[side.kind],
      payload: encodeSideRecord(side),
      hash: side.record.hash,
      carry: side,
    });
    const outcome = await this.#outcomeOf(seq);
    return { status: outcome === "created" ? "created" : "exists", seq };
  }

  /**
   * Stores a write but holds it out of every read (quarantine) until an admin decides. Content
   * already held or already visible changes nothing (`exists`).
   */
  async hold(
    hold: QuarantineHold,
    options: { signaturesVerified?: boolean } = {},
  ): Promise<{ status: "quarantined" | "exists"; seq?: number }> {
    this.#checkWritable();
    if (options.signaturesVerified !== true) verifyAll(hold.assertion.hash, hold.assertion.signatures);
    const hash = hold.assertion.hash;
    if (this.store.shield.held(hash) !== undefined || this.store.has(hash)) return { status: "exists" };
    const seq = await this.#appendOne({
      type: RecordType.quarantine,
      payload: encodeHold(hold),
      hash: hold.assertion.hash,
      carry: hold,
    });
    const outcome = await this.#outcomeOf(seq);
    return { status: outcome === "created" ? "quarantined" : "exists", seq };
  }

  /**
   * Logs a Shield control record (quarantine decision, API key, revocation, agent policy) and
   * resolves once it is applied. `created` when it changed something.
   */
  async appendControl(record: ControlRecord): Promise<{ status: "created" | "exists"; seq: number }> {
    this.#checkWritable();
    const seq = await this.#appendOne({
      type: RecordType.control,
      payload: encodeControl(record),
      carry: record,
    });
    const outcome = await this.#outcomeOf(seq);
    return { status: outcome === "created" ? "created" : "exists", seq };
  }

  /**
   * Copies the database into `walDir` and `dbDir` (both existing and empty) while it keeps taking
   * writes: first a snapshot of the store, then every WAL record durable by then or after. The
   * copy's log thus holds everything its store has and possibly more, which opening the copy
   * replays: a consistent database as of the end of the copied log. Returns that position.
   */
  async copyTo(target: { readonly walDir: string; readonly dbDir: string }): Promise<{ walSeq: number }> {
    this.#checkOpen();
    await this.store.copyTo(target.dbDir);
    // A cluster node's copy is its store alone: the cluster's log holds the rest, and a node
    // started on the copy resumes reading it after the snapshot's applied sequence.
    if (this.#wal === undefined) return { walSeq: this.store.appliedSeq };
    // After the store snapshot, so the log copy covers every record the snapshot has applied.
    const prefix = this.#wal.durablePrefix;
    const walSeq = this.#wal.nextSeq - 1;
    await copyLogPrefix(prefix, target.walDir);
    return { walSeq };
  }

  /** Stops taking writes, waits for those in flight, and closes the log and the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#log.close();
    await this.#ingest.drain();
    await this.store.close();
    for (const lock of this.#locks) lock.release();
  }

  /** Appends one record to the log; resolves with its sequence once it is durable. */
  async #appendOne(record: LogAppend): Promise<number> {
    const [seq] = await this.#log.appendAll([record]);
    if (seq === undefined) throw new Error("The log returned no sequence for an appended record");
    return seq;
  }

  /** What applying logged record `seq` did, within the apply timeout (`#appliedWithin`). */
  #outcomeOf(seq: number): Promise<ApplyOutcome> {
    return this.#appliedWithin(this.#ingest.whenApplied(seq), seq);
  }

  /**
   * Waits for what applying a logged record did; with an apply timeout (a cluster node), at most
   * that long: the record is durable in the cluster's log, so the answer says so.
   */
  async #appliedWithin<T>(applied: Promise<T>, seq: number): Promise<T> {
    const limitMs = this.#applyTimeoutMs;
    if (limitMs === undefined) return applied;
    return withinMs(
      limitMs,
      () => applied,
      () =>
        new UnavailableError(
          `The write is stored in the cluster's log (seq ${seq}) but this node has not applied it within ` +
            `${limitMs} ms (it applies up to ${this.store.appliedSeq}); it will become visible, read it with ` +
            `min_seq=${seq}, and retrying it is safe`,
          1,
        ),
    );
  }

  /** The local WAL, when the log is one (not in a cluster). */
  get #wal(): Wal | undefined {
    return this.#log instanceof WalLog ? this.#log.wal : undefined;
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError("The database is closed");
  }

  #checkWritable(): void {
    this.#checkOpen();
    const failure = this.failure;
    if (failure !== undefined) throw failure;
  }

  async #appendVerified(assertion: Assertion): Promise<AppendResult> {
    this.#checkWritable();
    const answered = this.#answeredWithoutLog(assertion);
    if (answered !== undefined) return answered;
    const encoded = encodeLogAssertion(assertion);
    const carry: AssertionCarry = { ...encoded, assertion };
    const seq = await this.#appendOne({
      type: RecordType.assertion,
      payload: encoded.payload,
      hash: assertion.hash,
      carry,
    });
    return this.#loggedResult(assertion, seq, await this.#outcomeOf(seq));
  }

  /** The answer to a write that needs no log record: content held in quarantine, or already stored. */
  #answeredWithoutLog(assertion: Assertion): AppendResult | undefined {
    if (this.store.shield.isHeldOut(assertion.hash)) return this.#heldResult(assertion);
    const stored = this.store.get(assertion.hash);
    if (stored !== undefined && mergeSignatures(stored, assertion) === stored) {
      return { hash: assertion.hash, status: "exists", assertion: stored };
    }
    return undefined;
  }

  /** The answer to a write logged at `seq`, from what applying it did. */
  #loggedResult(assertion: Assertion, seq: number, status: ApplyOutcome): AppendResult {
    if (status === "quarantined") return { ...this.#heldResult(assertion), seq };
    const result = status === "created" ? assertion : (this.store.get(assertion.hash) ?? assertion);
    return { hash: assertion.hash, status, seq, assertion: result };
  }

  #heldResult(assertion: Assertion): AppendResult {
    const held = this.store.shield.held(assertion.hash);
    return {
      hash: assertion.hash,
      status: "quarantined",
      assertion: held?.assertion ?? assertion,
      ...(held !== undefined ? { reason: held.reason } : {}),
    };
  }
}
