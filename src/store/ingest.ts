import { UnavailableError } from "../errors.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { CommitFailure } from "./commit-failure.ts";
import type { ApplyOutcome, LmdbStore, LogEntry } from "./lmdb-store.ts";

interface Waiter {
  readonly resolve: (outcome: ApplyOutcome) => void;
  readonly reject: (error: Error) => void;
}

/** Records read again from earlier in the log, and who waits for what applying them did. */
interface Reapply {
  readonly entries: readonly LogEntry[];
  readonly resolve: (outcomes: ApplyOutcome[]) => void;
  readonly reject: (error: unknown) => void;
}

/** A reader waiting until everything up to `seq` is applied. */
interface ThroughWaiter {
  readonly seq: number;
  readonly resolve: () => void;
}

const RETRY_MS = 1000;
const EARLY_OUTCOMES_KEPT = 65_536;

/**
 * Applies durable log records to the store, in log order, in batches: while one batch's
 * transaction commits, the next accumulates. The store records the applied position in the same
 * transaction, so each record is applied exactly once even across crashes.
 *
 * If a transaction fails (the store's disk is full, say), the records stay durable in the WAL:
 * the waiting writers get `UnavailableError`, and ingest retries the same batch, joined by what
 * became durable meanwhile, until it commits. Nothing of a batch is visible until it commits.
 */
export class Ingest {
  readonly #store: LmdbStore;
  readonly #logger: Logger;
  #queue: LogEntry[] = [];
  #running: Promise<void> | undefined;
  /** Writers waiting for a record, by sequence; several when a cluster log answers a duplicate. */
  readonly #waiters = new Map<number, Waiter[]>();
  /**
   * Outcomes of records applied before anyone asked for them: a writer hears of its sequence
   * only after the log acknowledged it, and the record may be applied first. The most recent
   * `EARLY_OUTCOMES_KEPT` are kept; records of a cluster log written by other nodes are never asked
   * for, and an outcome forgotten is answered `exists`.
   */
  readonly #early = new Map<number, ApplyOutcome>();
  /** Records read again from the log, to apply in turn with new ones. */
  #reapplies: Reapply[] = [];
  /** Readers waiting until everything up to a sequence is applied. */
  #through: ThroughWaiter[] = [];
  /** Writers of records up to this sequence were told of a failure and no longer wait. */
  #abandonedUpTo = 0;
  #failure: Error | undefined;
  readonly #listeners: ((entries: readonly LogEntry[], outcomes: readonly ApplyOutcome[]) => void)[] = [];

  constructor(store: LmdbStore, logger: Logger = silentLogger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** Set while the store refuses transactions; writes should be refused meanwhile. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Registers a listener told of every committed batch and what applying each record did. */
  onApplied(listener: (entries: readonly LogEntry[], outcomes: readonly ApplyOutcome[]) => void): void {
    this.#listeners.push(listener);
  }

  /** Queues durable records (called by the log in log order). */
  enqueue(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.#queue.push(entry);
    this.#running ??= this.#run();
  }

  /**
   * Resolves with what applying record `seq` did, once it is committed and visible. A record
   * applied long ago (a cluster log acknowledging a duplicate with the first copy's sequence) is
   * `exists`.
   */
  whenApplied(seq: number): Promise<ApplyOutcome> {
    const known = this.#outcomeIfApplied(seq);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      this.#addWaiter(seq, { resolve, reject });
    });
  }

  /**
   * Resolves with what applying each record of `seqs` did, once all are committed and visible;
   * rejects as `whenApplied` would for any of them. A batch's records wait on one promise instead
   * of one each.
   */
  whenAppliedAll(seqs: readonly number[]): Promise<ApplyOutcome[]> {
    return new Promise((resolve, reject) => {
      const outcomes = new Array<ApplyOutcome>(seqs.length);
      let remaining = seqs.length;
      const settle = (index: number, outcome: ApplyOutcome): void => {
        outcomes[index] = outcome;
        remaining -= 1;
        if (remaining === 0) resolve(outcomes);
      };
      if (remaining === 0) resolve(outcomes);
      seqs.forEach((seq, index) => {
        const known = this.#outcomeIfApplied(seq);
        if (known !== undefined) settle(index, known);
        else
          this.#addWaiter(seq, {
            resolve: (outcome) => {
              settle(index, outcome);
            },
            reject,
          });
      });
    });
  }

  /**
   * Resolves once every record up to `seq` is applied and visible (a read that must see a write
   * made through another node). Never rejects; callers bound the wait themselves.
   */
  whenAppliedThrough(seq: number): Promise<void> {
    if (this.#store.appliedSeq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.#through.push({ seq, resolve }));
  }

  /**
   * Applies records read again from earlier in the log (a shard's repair), in turn with new
   * records so that one transaction at a time changes the store; the applied position stays
   * where it is. Resolves with what applying each did (`exists` for what the store still had).
   */
  reapply(entries: readonly LogEntry[]): Promise<ApplyOutcome[]> {
    return new Promise((resolve, reject) => {
      this.#reapplies.push({ entries, resolve, reject });
      this.#running ??= this.#run();
    });
  }

  /** Resolves when everything queued so far is applied. */
  async drain(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#queue.length > 0 || this.#reapplies.length > 0) {
        if (this.#queue.length > 0) {
          const batch = this.#queue;
          this.#queue = [];
          await this.#applyUntilCommitted(batch);
        }
        const reapply = this.#reapplies.shift();
        if (reapply !== undefined) {
          try {
            reapply.resolve(await this.#store.apply(reapply.entries));
          } catch (error) {
            reapply.reject(error);
          }
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  async #applyUntilCommitted(first: LogEntry[]): Promise<void> {
    let batch = first;
    for (;;) {
      try {
        const outcomes = await this.#store.apply(batch);
        if (this.#failure !== undefined) this.#logger.info({}, "Store accepts writes again; ingest resumed");
        this.#failure = undefined;
        batch.forEach((entry, i) => {
          this.#settle(entry.seq, outcomes[i] ?? "exists");
        });
        this.#releaseThrough();
        for (const listener of this.#listeners) listener(batch, outcomes);
        return;
      } catch (error) {
        const lastSeq = batch.at(-1)?.seq ?? 0;
        const noSpace = error instanceof CommitFailure && error.noSpace;
        const cause = `The store cannot apply writes: ${error instanceof Error ? error.message : String(error)}`;
        const retryAfter = noSpace ? 10 : 5;
        // Writes refused from now on were not stored; the writers waiting here were: their
        // records are durable in the WAL and become visible once a retry commits.
        const failure = new UnavailableError(
          `${cause}; the write was not stored${noSpace ? "; free disk space and retry" : ""}`,
          retryAfter,
          { cause: error },
        );
        const pending = new UnavailableError(
          `${cause}; the write is durable in the WAL and becomes visible once the store recovers` +
            `${noSpace ? " (free disk space)" : ""}; retrying it is safe (same content, same assertion)`,
          retryAfter,
          { cause: error },
        );
        // Logged once per outage, not at every retry.
        if (this.#failure === undefined) {
          this.#logger.error(
            { err: error, fromSeq: batch[0]?.seq, toSeq: lastSeq },
            `${cause}; the records stay in the WAL and are retried every ${RETRY_MS} ms`,
          );
        }
        this.#failure = failure;
        for (const entry of batch) {
          for (const waiter of this.#waiters.get(entry.seq) ?? []) waiter.reject(pending);
          this.#waiters.delete(entry.seq);
        }
        this.#abandonedUpTo = Math.max(this.#abandonedUpTo, lastSeq);
        await new Promise((done) => setTimeout(done, RETRY_MS));
        // Records that became durable meanwhile would otherwise wait, unanswered, behind this
        // batch for as long as the store fails; with it, their writers hear of the failure too.
        batch = batch.concat(this.#queue.splice(0));
      }
    }
  }

  #settle(seq: number, outcome: ApplyOutcome): void {
    const waiters = this.#waiters.get(seq);
    if (waiters !== undefined) {
      this.#waiters.delete(seq);
      for (const waiter of waiters) waiter.resolve(outcome);
    } else if (seq > this.#abandonedUpTo) {
      this.#early.set(seq, outcome);
      if (this.#early.size > EARLY_OUTCOMES_KEPT) this.#forgetOldestEarly();
    }
  }

  /** Wakes the readers waiting for a position the store has now reached. */
  #releaseThrough(): void {
    if (this.#through.length === 0) return;
    const applied = this.#store.appliedSeq;
    const still: ThroughWaiter[] = [];
    for (const reader of this.#through) {
      if (reader.seq <= applied) reader.resolve();
      else still.push(reader);
    }
    this.#through = still;
  }

  /** The outcome of `seq` if it is already applied: remembered, or `exists` once forgotten. */
  #outcomeIfApplied(seq: number): ApplyOutcome | undefined {
    const early = this.#early.get(seq);
    if (early !== undefined) {
      this.#early.delete(seq);
      return early;
    }
    return seq <= this.#store.appliedSeq ? "exists" : undefined;
  }

  #addWaiter(seq: number, waiter: Waiter): void {
    const waiting = this.#waiters.get(seq);
    if (waiting === undefined) this.#waiters.set(seq, [waiter]);
    else waiting.push(waiter);
  }

  #forgetOldestEarly(): void {
    // Maps iterate in insertion order, and outcomes are inserted in log order.
    for (const seq of this.#early.keys()) {
      this.#early.delete(seq);
      if (this.#early.size <= EARLY_OUTCOMES_KEPT / 2) return;
    }
  }
}
