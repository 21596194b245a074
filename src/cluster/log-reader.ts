import { DeliverPolicy, type ConsumerMessages, type JetStreamClient } from "nats";
import type { Logger } from "../logger.ts";
import { sleep, withinMs } from "../waiting.ts";
import type { DurableRecord } from "../wal/wal.ts";
import { RECORD_TYPE_HEADER } from "./log-subjects.ts";

/** Nothing delivered this long while the stream has more: the reader starts over. */
const STALLED_MS = 2_000;

export interface LogReaderOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly logger: Logger;
  /** The stream's last sequence: tells a stalled reader from a quiet log. */
  readonly lastSeq: () => Promise<number>;
  /** What this node's writer passed along with record `seq`, if it published it (taken once). */
  readonly takeCarry: (seq: number) => unknown;
}

/**
 * A node's reader of the cluster's log: every record of the stream from a sequence on, in order,
 * in batches (messages that arrive together are applied in one store transaction), for as long
 * as it runs. Starts over after the last record it delivered whenever its consumer fails or
 * stalls.
 */
export class LogReader {
  readonly #options: LogReaderOptions;
  #deliveredSeq = 0;
  /** Ends the current consumer's wait for its next message: on a stall, or on close. */
  #interrupt: () => void = () => undefined;
  #reading: Promise<void> | undefined;
  #closed = false;

  constructor(options: LogReaderOptions) {
    this.#options = options;
  }

  /** The last sequence handed to the listener. */
  get deliveredSeq(): number {
    return this.#deliveredSeq;
  }

  /** Starts delivering every record from `fromSeq` on to `listener`. Call once. */
  start(fromSeq: number, listener: (records: readonly DurableRecord[]) => void): void {
    if (this.#reading !== undefined) throw new Error("The cluster log is already being consumed");
    this.#reading = this.#read(fromSeq, listener).catch((error: unknown) => {
      if (!this.#closed) this.#options.logger.error({ err: error }, "Reading the cluster log stopped");
    });
  }

  /**
   * Stops reading; resolves once the last batch has been delivered. It does not wait for the
   * consumer to close: on a connection that is down, that wait never ends, and the reader's
   * watchdog would keep the process alive.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#interrupt();
    await this.#reading;
  }

  /**
   * Reads the stream in order from `fromSeq`, until closed. The client's ordered
   * consumer recovers by itself from most failures, but after the stream's leader died it took up
   * to 30 s here to notice (its consumer lived on the dead server): so a watchdog that sees the
   * stream ahead of what was delivered, with nothing delivered for `STALLED_MS`, starts a new
   * consumer after the last record delivered.
   */
  async #read(fromSeq: number, listener: (records: readonly DurableRecord[]) => void): Promise<void> {
    this.#deliveredSeq = Math.max(this.#deliveredSeq, fromSeq - 1);
    // A call, not a field read: close() changes it while this loop awaits.
    const closing = (): boolean => this.#closed;
    let batch: DurableRecord[] = [];
    let flushing = false;
    const flush = (): void => {
      flushing = false;
      const records = batch;
      batch = [];
      if (records.length > 0) listener(records);
    };
    while (!closing()) {
      let messages: ConsumerMessages;
      try {
        // Bounded: creating a consumer while the stream elects a leader can wait on no one.
        messages = await withinMs(STALLED_MS * 2, async () => {
          const consumer = await this.#options.js.consumers.get(this.#options.stream, {
            deliver_policy: DeliverPolicy.StartSequence,
            opt_start_seq: this.#deliveredSeq + 1,
          });
          return consumer.consume({ max_messages: 1_000, expires: 4_000, idle_heartbeat: 1_000 });
        });
      } catch (error) {
        // No leader yet (an election), or the connection is down: try again shortly.
        if (closing()) return;
        this.#options.logger.warn({ err: error }, "Cannot read the cluster log yet; retrying");
        await sleep(500);
        continue;
      }
      let lastDeliveryMs = Date.now();
      // Raced against each next message: closing a stuck consumer may itself wait on the server
      // that stopped answering, and the loop must not.
      const interrupted = new Promise<"interrupted">((resolve) => {
        this.#interrupt = () => {
          resolve("interrupted");
        };
      });
      if (closing()) this.#interrupt();
      const watchdog = setInterval(() => {
        if (Date.now() - lastDeliveryMs < STALLED_MS) return;
        this.#options.lastSeq().then(
          (last) => {
            if (last > this.#deliveredSeq && Date.now() - lastDeliveryMs >= STALLED_MS) {
              this.#options.logger.warn(
                { deliveredSeq: this.#deliveredSeq, lastSeq: last },
                "Reading the cluster log stalled; starting over after the last record read",
              );
              this.#interrupt();
            }
          },
          () => undefined,
        );
      }, STALLED_MS / 2);
      const iterator = messages[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await Promise.race([iterator.next(), interrupted]);
          if (next === "interrupted" || next.done === true) break;
          const message = next.value;
          const seq = message.seq;
          lastDeliveryMs = Date.now();
          // A consumer started over may hand back what its predecessor already delivered.
          if (seq <= this.#deliveredSeq) continue;
          const carry = this.#options.takeCarry(seq);
          this.#deliveredSeq = seq;
          batch.push({
            seq,
            type: Number(message.headers?.get(RECORD_TYPE_HEADER)),
            payload: message.data,
            ...(carry !== undefined ? { carry } : {}),
          });
          // Messages that arrive together are applied together, in one store transaction.
          if (!flushing) {
            flushing = true;
            setImmediate(flush);
          }
        }
      } catch (error) {
        if (!closing())
          this.#options.logger.warn({ err: error }, "Reading the cluster log failed; starting over");
      } finally {
        clearInterval(watchdog);
        messages.close().catch(() => undefined);
      }
    }
    flush();
  }
}
