import { connect, Events, headers, type JetStreamClient, type NatsConnection, type PubAck } from "nats";
import { createHash } from "node:crypto";
import { UnavailableError } from "../errors.ts";
import { silentLogger, type Logger } from "../logger.ts";
import type { DurableRecord } from "../wal/wal.ts";
import type { AssertionLog, LogAppend } from "./assertion-log.ts";
import { createEphemeralConsumer } from "./ephemeral-consumer.ts";
import { LogReader } from "./log-reader.ts";
import { recordSubject, RECORD_TYPE_HEADER } from "./log-subjects.ts";
import { ensureStream, untilAnswered } from "./stream-setup.ts";
import { errorText, sleep, withinMs } from "../waiting.ts";

/** Where the cluster's log lives and how writes to it are made durable. */
export interface JetStreamLogOptions {
  /** NATS client URLs, e.g. `nats://10.0.0.1:18182`; any reachable one will do. */
  readonly servers: readonly string[];
  /** The JetStream stream holding the log, e.g. `STEMEDB`. */
  readonly stream: string;
  /** Subjects are `<prefix>.a.<xx>` for assertions, `<prefix>.r.<xx>` for other records. */
  readonly subjectPrefix: string;
  /** Copies of every record; a write is acknowledged once a majority of them has it. */
  readonly replicas: number;
  /** A record id published again within this window is stored once (JetStream's deduplication). */
  readonly duplicateWindowMs?: number;
  /** How long one publish waits for the quorum's acknowledgement. */
  readonly publishTimeoutMs?: number;
  /**
   * How long a write keeps trying (each attempt with the same id) before it is refused as
   * unavailable: long enough to ride out a stream leader's election after a node dies.
   */
  readonly writeTimeoutMs?: number;
  /** How long `open` waits for JetStream to answer (a new cluster elects its leader first). */
  readonly startTimeoutMs?: number;
  /** Names this node's connection in the servers' monitoring. */
  readonly connectionName?: string;
  readonly logger?: Logger;
}

const DEFAULTS = {
  duplicateWindowMs: 120_000,
  // Short: a publish to a leader that just died waits this long before it is tried again.
  publishTimeoutMs: 2_000,
  writeTimeoutMs: 15_000,
  startTimeoutMs: 30_000,
} as const;
/** First wait between two publish attempts; doubled each time, at most `MAX_RETRY_DELAY_MS`. */
const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 1_000;
/** How long closing waits for pending messages to flush before it drops the connection. */
const DRAIN_MS = 5_000;
/** How long `readSubject` waits for its consumer, and then for each next record. */
const REPLAY_STALLED_MS = 10_000;

/**
 * The cluster's log on NATS JetStream: records are published to a replicated stream, and every
 * node reads the whole stream back, in order, to apply it to its own store. The stream's sequence
 * numbers play the part of the WAL's: a node remembers the last one it applied and resumes after
 * it. A write is durable once `appendAll` resolves: JetStream acknowledged it from a quorum of
 * replicas.
 *
 * A record's message id is the SHA-256 of its type and bytes: publishing the same record again
 * (a retry after a lost acknowledgement, or a client sending one write to two nodes) within the
 * duplicate window stores it once, while a new signature on known content is a new record.
 *
 * @example
 * ```ts
 * const log = await JetStreamLog.open({ servers: ["nats://127.0.0.1:18182"], stream: "STEMEDB",
 *   subjectPrefix: "steme", replicas: 3 });
 * log.consume(store.appliedSeq + 1, (records) => ingest.enqueue(records));
 * const [seq] = await log.appendAll([{ type: RecordType.assertion, payload }]);
 * ```
 */
export class JetStreamLog implements AssertionLog {
  readonly kind = "cluster";
  readonly #connection: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #options: JetStreamLogOptions;
  readonly #logger: Logger;
  /** What this node published, by sequence, until the consumer hands it to ingest with the record. */
  readonly #carries = new Map<number, unknown>();
  readonly #reader: LogReader;
  #connected = true;
  #writeFailure: Error | undefined;
  #closed = false;

  private constructor(connection: NatsConnection, options: JetStreamLogOptions) {
    this.#connection = connection;
    this.#js = connection.jetstream();
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#reader = new LogReader({
      connection,
      stream: options.stream,
      logger: this.#logger,
      lastSeq: () => this.lastSeq(),
      takeCarry: (seq) => {
        const carry = this.#carries.get(seq);
        this.#carries.delete(seq);
        return carry;
      },
    });
    void this.#followConnection();
  }

  /** Connects and creates the stream if it does not exist yet (a new cluster). */
  static async open(options: JetStreamLogOptions): Promise<JetStreamLog> {
    const connection = await connect({
      servers: [...options.servers],
      ...(options.connectionName !== undefined ? { name: options.connectionName } : {}),
      // A node keeps trying: the servers come back, and health reports the outage meanwhile.
      maxReconnectAttempts: -1,
      // The default 2 s between attempts on one server would stretch a failover; other servers
      // in the list are tried at once either way.
      reconnectTimeWait: 250,
      // A link that goes silent (a partition, not a closed socket) is noticed after 3 unanswered
      // pings 2 s apart, not the client's default of 2 × 120 s, and another server is tried.
      pingInterval: 2_000,
      maxPingOut: 3,
    });
    try {
      await untilAnswered(
        () =>
          ensureStream(connection, {
            ...options,
            duplicateWindowMs: options.duplicateWindowMs ?? DEFAULTS.duplicateWindowMs,
          }),
        options.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
      );
      return new JetStreamLog(connection, options);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** The NATS connection, shared with membership and the quota exchange. */
  get connection(): NatsConnection {
    return this.#connection;
  }

  /** The stream's name and subject prefix. */
  get stream(): { readonly name: string; readonly subjectPrefix: string; readonly replicas: number } {
    return {
      name: this.#options.stream,
      subjectPrefix: this.#options.subjectPrefix,
      replicas: this.#options.replicas,
    };
  }

  /** Whether the client is connected to a NATS server right now. */
  get connected(): boolean {
    return this.#connected && !this.#closed;
  }

  get failure(): Error | undefined {
    return this.#closed ? new UnavailableError("The cluster log is closed") : undefined;
  }

  /** The last write's refusal (no quorum), cleared by the next write that succeeds. */
  get writeFailure(): Error | undefined {
    return this.#writeFailure;
  }

  /**
   * Publishes records, each with its id, concurrently; resolves with their stream sequences once
   * a quorum has every one. A record whose id was published within the duplicate window gets the
   * sequence of that first copy. A publish that times out is tried again with the same id, so a
   * record acknowledged but not heard of is still stored once; when every attempt fails (no
   * quorum), rejects with `UnavailableError`.
   */
  async appendAll(records: readonly LogAppend[]): Promise<number[]> {
    if (this.#closed) throw new UnavailableError("The cluster log is closed");
    try {
      const seqs = await Promise.all(
        records.map(async (record) => {
          const ack = await this.#publish(record);
          // Unless the consumer already delivered it (without the carry; it decodes instead).
          if (!ack.duplicate && record.carry !== undefined && ack.seq > this.#reader.deliveredSeq) {
            this.#carries.set(ack.seq, record.carry);
          }
          return ack.seq;
        }),
      );
      this.#writeFailure = undefined;
      return seqs;
    } catch (error) {
      if (error instanceof UnavailableError) this.#writeFailure = error;
      throw error;
    }
  }

  /**
   * Delivers every record of the stream from `fromSeq` on, in order, in batches, to `listener`,
   * then each new one as it is stored: a node's ingest. Call once.
   */
  consume(fromSeq: number, listener: (records: readonly DurableRecord[]) => void): void {
    this.#reader.start(fromSeq, listener);
  }

  /** The last sequence in the stream: how far a node must apply to be caught up. */
  async lastSeq(): Promise<number> {
    const info = await (await this.#connection.jetstreamManager()).streams.info(this.#options.stream);
    // The stream answers: a refusal from before (no quorum) no longer describes the log.
    this.#writeFailure = undefined;
    return info.state.last_seq;
  }

  /** When record `seq` was stored in the stream (ms since the epoch), if it is there. */
  async storedAt(seq: number): Promise<number | undefined> {
    const manager = await this.#connection.jetstreamManager();
    try {
      const message = await manager.streams.getMessage(this.#options.stream, { seq });
      return message.time.getTime();
    } catch (error) {
      if (/no message found|not found/i.test(errorText(error))) return undefined;
      throw error;
    }
  }

  /**
   * Reads every record published to one subject (`steme.a.ab`: one shard of the assertions) from
   * the start of the stream, in order: what a node replays to repair a shard. Rejects with
   * `UnavailableError` when the stream stops answering part-way (a server died): the repair can
   * be tried again.
   */
  async readSubject(subject: string): Promise<DurableRecord[]> {
    const manager = await this.#connection.jetstreamManager();
    // Counted first: a consumer on a subject with no message would wait for one forever.
    const info = await manager.streams.info(this.#options.stream, { subjects_filter: subject });
    const pending = info.state.subjects?.[subject] ?? 0;
    const records: DurableRecord[] = [];
    if (pending === 0) return records;
    // From sequence 1 rather than "deliver all": Debian's nats-server 2.9.10 never answered the
    // client's ordered consumer created with DeliverPolicy.All and a filter.
    const reading = await createEphemeralConsumer(this.#connection, {
      stream: this.#options.stream,
      startSeq: 1,
      filterSubject: subject,
      purpose: "replay",
      withinMs: REPLAY_STALLED_MS,
    });
    const unavailable = (why: string): UnavailableError =>
      new UnavailableError(`Cannot read subject ${subject} of the cluster log: ${why}`, 5);
    try {
      const messages = await reading.consume();
      try {
        const iterator = messages[Symbol.asyncIterator]();
        for (let delivery = 1; ; delivery += 1) {
          const next = await withinMs(
            REPLAY_STALLED_MS,
            () => iterator.next(),
            () => unavailable(`nothing arrived for ${REPLAY_STALLED_MS} ms after ${records.length} records`),
          );
          if (next.done === true) throw unavailable(`its consumer stopped after ${records.length} records`);
          const message = next.value;
          // Numbered 1, 2, 3… by the consumer: a number skipped is a record lost on the way.
          if (message.info.deliverySequence !== delivery) {
            throw unavailable(`its consumer skipped a record after ${records.length} records`);
          }
          records.push({
            seq: message.seq,
            type: Number(message.headers?.get(RECORD_TYPE_HEADER)),
            payload: message.data,
          });
          if (message.info.pending === 0) break;
        }
      } finally {
        // Not awaited: stopping clears the pull's timers at once; its promise waits on the server.
        messages.close().catch(() => undefined);
      }
    } finally {
      await reading.delete();
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reader.close();
    // Draining flushes what is pending, but waits on a server that may be gone: then just close.
    await withinMs(DRAIN_MS, () => this.#connection.drain()).catch(() => this.#connection.close());
  }

  async #followConnection(): Promise<void> {
    for await (const status of this.#connection.status()) {
      if (status.type === Events.Disconnect) {
        this.#connected = false;
        this.#logger.warn({ server: status.data }, "Lost the connection to the cluster log; reconnecting");
      } else if (status.type === Events.Reconnect) {
        this.#connected = true;
        this.#logger.info({ server: status.data }, "Connected to the cluster log again");
      }
    }
  }

  async #publish(record: LogAppend): Promise<PubAck> {
    const id = recordId(record);
    const deadline = Date.now() + (this.#options.writeTimeoutMs ?? DEFAULTS.writeTimeoutMs);
    const timeout = this.#options.publishTimeoutMs ?? DEFAULTS.publishTimeoutMs;
    const recordHeaders = headers();
    recordHeaders.set(RECORD_TYPE_HEADER, String(record.type));
    const subject = recordSubject(this.#options.subjectPrefix, record.type, record.hash ?? id);
    let attempts = 0;
    for (let delay = FIRST_RETRY_DELAY_MS; ; delay = Math.min(MAX_RETRY_DELAY_MS, delay * 2)) {
      attempts += 1;
      try {
        const left = Math.max(1, deadline - Date.now());
        // Every attempt waits the same short time: waiting longer on later attempts (to give a
        // slow quorum time) stretched the outage after a leader's death from 5 to 30 s here.
        return await this.#js.publish(subject, record.payload, {
          msgID: id,
          timeout: Math.min(timeout, left),
          headers: recordHeaders,
        });
      } catch (error) {
        if (this.#closed || Date.now() + delay >= deadline) {
          throw new UnavailableError(
            `The cluster log did not acknowledge the write in ${attempts} attempts (${errorText(error)}): ` +
              "a majority of the NATS servers is unreachable; the write may or may not be stored, and retrying it is safe",
            5,
            { cause: error },
          );
        }
        this.#logger.warn(
          { err: error, id, attempts },
          "Publishing to the cluster log failed; retrying with the same id",
        );
        // A node restarting or a stream electing its leader answers 503 for a moment.
        await sleep(delay);
      }
    }
  }
}

/** A record's message id: the SHA-256 of its type and bytes, in hex. */
function recordId(record: LogAppend): string {
  return createHash("sha256")
    .update(new Uint8Array([record.type]))
    .update(record.payload)
    .digest("hex");
}
