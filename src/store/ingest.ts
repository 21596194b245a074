import { UnavailableError } from "../errors.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { CommitFailure } from "./commit-failure.ts";
import type { ApplyOutcome, LmdbStore, LogEntry } from "./lmdb-store.ts";

interface Waiter {
  readonly resolve: (outcome: ApplyOutcome) => void;
  readonly reject: (error: Error) => void;
}

const RETRY_MS = 1000;

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
  readonly #waiters = new Map<number, Waiter>();
  /** Outcomes of records applied before anyone asked for them. */
  readonly #early = new Map<number, ApplyOutcome>();
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

  /** Queues durable records (called by the WAL in log order). */
  enqueue(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.#queue.push(entry);
    this.#running ??= this.#run();
  }

  /** Resolves with what applying record `seq` did, once it is committed and visible. */
  whenApplied(seq: number): Promise<ApplyOutcome> {
    const early = this.#early.get(seq);
    if (early !== undefined) {
      this.#early.delete(seq);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => this.#waiters.set(seq, { resolve, reject }));
  }

  /**
   * Resolves with what applying each record from `firstSeq` to `lastSeq` did, once all are
   * committed and visible; rejects as `whenApplied` would for any of them. A batch's records wait
   * on one promise instead of one each.
   */
  whenAppliedAll(firstSeq: number, lastSeq: number): Promise<ApplyOutcome[]> {
    return new Promise((resolve, reject) => {
      const outcomes = new Array<ApplyOutcome>(lastSeq - firstSeq + 1);
      let remaining = outcomes.length;
      const settle = (seq: number, outcome: ApplyOutcome): void => {
        outcomes[seq - firstSeq] = outcome;
        remaining -= 1;
        if (remaining === 0) resolve(outcomes);
      };
      for (let seq = firstSeq; seq <= lastSeq; seq++) {
        const early = this.#early.get(seq);
        if (early !== undefined) {
          this.#early.delete(seq);
          settle(seq, early);
        } else {
          this.#waiters.set(seq, {
            resolve: (outcome) => {
              settle(seq, outcome);
            },
            reject,
          });
        }
      }
    });
  }

  /** Resolves when everything queued so far is applied. */
  async drain(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        await this.#applyUntilCommitted(batch);
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
          this.#waiters.get(entry.seq)?.reject(pending);
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
    const waiter = this.#waiters.get(seq);
    if (waiter !== undefined) {
      this.#waiters.delete(seq);
      waiter.resolve(outcome);
    } else if (seq > this.#abandonedUpTo) {
      this.#early.set(seq, outcome);
    }
  }
}
