import type { ConsumerMessages, NatsConnection } from "nats";
import type { Logger } from "../logger.ts";
import { sleep } from "../waiting.ts";
import type { DurableRecord } from "../wal/wal.ts";
import { createEphemeralConsumer, type EphemeralConsumer } from "./ephemeral-consumer.ts";
import { RECORD_TYPE_HEADER } from "./log-subjects.ts";

/** Nothing delivered this long while the stream has more: the reader starts over. */
const STALLED_MS = 2_000;

export interface LogReaderOptions {
  /** The log's connection: the reader creates its consumers on it, and deletes them. */
  readonly connection: NatsConnection;
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
 * as it runs. Starts over after the last record it delivered whenever its consumer fails, skips
 * a message, or stalls.
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
   * Stops reading; resolves once the last batch has been delivered and its consumer deleted (or
   * after a second trying). It does not wait for the consumer's pull to close: on a connection
   * that is down, that wait never ends, and the reader's watchdog would keep the process alive.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#interrupt();
    await this.#reading;
  }

  /**
   * Reads the stream in order from `fromSeq`, until closed, through consumers of its own
   * (`ephemeral-consumer.ts`), each started after the last record delivered: when one fails (the
   * server lost it), skips a message, or stalls, the next takes over. A stall is the stream ahead
   * of what was delivered with nothing delivered for `STALLED_MS`: after the stream's leader died,
   * a consumer living on the dead server went quiet without failing (a client-side reset took up
   * to 30 s here to notice).
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
      let reading: EphemeralConsumer;
      try {
        // Bounded: creating a consumer while the stream elects a leader can wait on no one.
        reading = await createEphemeralConsumer(this.#options.connection, {
          stream: this.#options.stream,
          startSeq: this.#deliveredSeq + 1,
          purpose: "reader",
          withinMs: STALLED_MS * 2,
        });
      } catch (error) {
        if (closing()) break;
        // Closed under the reader: no consumer will ever be created again, and retrying would
        // keep the process alive.
        if (this.#options.connection.isClosed())
          throw new Error("Cannot read the cluster log: its NATS connection is closed", {
            cause: error,
          });
        // No leader yet (an election), or the connection is down: try again shortly.
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
      let messages: ConsumerMessages | undefined;
      try {
        messages = await reading.consume();
        const iterator = messages[Symbol.asyncIterator]();
        for (let delivery = 1; ; delivery += 1) {
          const next = await Promise.race([iterator.next(), interrupted]);
          if (next === "interrupted" || next.done === true) break;
          const message = next.value;
          lastDeliveryMs = Date.now();
          // The consumer numbers what it sends 1, 2, 3…: a number skipped is a message sent while
          // this client was away, never sent again (no acknowledgements), so start over before it.
          if (message.info.deliverySequence !== delivery) {
            this.#options.logger.warn(
              { deliveredSeq: this.#deliveredSeq, skipped: message.info.deliverySequence - delivery },
              "Reading the cluster log skipped messages; starting over after the last record read",
            );
            break;
          }
          const seq = message.seq;
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
        // Not awaited: stopping clears the pull's timers at once; its promise waits on the server.
        messages?.close().catch(() => undefined);
        // Bounded, and awaited only on close: the server may be gone, and its inactive threshold
        // removes the consumer then.
        const deleted = reading.delete();
        if (closing()) await deleted;
      }
    }
    flush();
  }
}
