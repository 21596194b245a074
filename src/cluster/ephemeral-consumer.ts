import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type NatsConnection } from "nats";
import { randomBytes } from "node:crypto";
import { withinMs } from "../waiting.ts";

/**
 * The server deletes a consumer nobody pulled from for this long: the backstop for one left
 * behind by a node that crashed, or whose delete request went to a server that was gone.
 */
const INACTIVE_THRESHOLD_MS = 30_000;
/** How long deleting a consumer may take; after that it is left to the inactive threshold. */
const DELETE_WITHIN_MS = 1_000;

export interface EphemeralConsumerOptions {
  readonly stream: string;
  /** The first stream sequence it delivers. */
  readonly startSeq: number;
  /** Only the records of this subject (`steme.a.ab`); every record without it. */
  readonly filterSubject?: string;
  /** What reads through it, in its name (`reader`): an operator listing consumers sees whose it is. */
  readonly purpose: string;
  /** How long creating it may take: the stream may be electing a leader, or its server gone. */
  readonly withinMs: number;
}

/** A consumer of the stream created by this process, read only by it, deleted by it. */
export interface EphemeralConsumer {
  /** `<stream>_<purpose>_<12 hex digits>`, e.g. `STEMEDB_reader_9f86d081884c`. */
  readonly name: string;
  /**
   * Starts pulling, 1,000 messages at a time. The iterator throws when the server no longer has
   * the consumer (deleted, or lost with its server); it does not end when the consumer's server
   * stops answering: it keeps asking, so the caller watches for stalls.
   */
  consume(): Promise<ConsumerMessages>;
  /** Deletes it on the server, best effort: resolves within a second, never rejects. */
  delete(): Promise<void>;
}

/**
 * Creates an ephemeral pull consumer of `options.stream` from `options.startSeq` on, without
 * acknowledgements (nothing is redelivered, so what arrives comes in stream order): one copy,
 * in memory, removed by the server once nobody pulls from it.
 *
 * Not the client's ordered consumer (`js.consumers.get(stream, { … })`): in nats 2.29.3, when it
 * resets itself it retries creating its next consumer forever, also after the connection was
 * closed (nats-io/nats.deno#725), and its timers kept a closed node's process alive. The callers
 * start over themselves instead, with a new consumer after the last record they read.
 *
 * Rejects when the server has not created it within `options.withinMs`; one created later is
 * deleted.
 *
 * @example
 * ```ts
 * const reading = await createEphemeralConsumer(connection, { stream: "STEMEDB", startSeq: 1,
 *   purpose: "reader", withinMs: 4_000 });
 * for await (const message of await reading.consume()) apply(message);
 * await reading.delete();
 * ```
 */
export async function createEphemeralConsumer(
  connection: NatsConnection,
  options: EphemeralConsumerOptions,
): Promise<EphemeralConsumer> {
  // Without the account check of every new manager: one request fewer, and opening the log
  // already found JetStream.
  const manager = await connection.jetstreamManager({ checkAPI: false });
  // Consumer names cannot hold `.`, `*`, `>` or spaces; stream names cannot either.
  const name = `${options.stream}_${options.purpose}_${randomBytes(6).toString("hex")}`;
  const remove = (): Promise<void> =>
    withinMs(DELETE_WITHIN_MS, () => manager.consumers.delete(options.stream, name)).then(
      () => undefined,
      () => undefined,
    );
  // `name` without `durable_name`: an ephemeral consumer with a name of ours (nats-server ≥ 2.9.0).
  const creating = manager.consumers.add(options.stream, {
    name,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: options.startSeq,
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
    ...(options.filterSubject !== undefined ? { filter_subject: options.filterSubject } : {}),
  });
  try {
    const info = await withinMs(options.withinMs, () => creating);
    // The pull consumer for what the server just answered, without asking for its info again.
    const consumer = connection.jetstream().consumers.getPullConsumerFor(info);
    return {
      name,
      consume: () =>
        consumer.consume({
          max_messages: 1_000,
          // Short pulls and heartbeats: a consumer whose server died is noticed in seconds.
          expires: 4_000,
          idle_heartbeat: 1_000,
          // A consumer the server lost ends the iterator rather than being waited for.
          abort_on_missing_resource: true,
        }),
      delete: remove,
    };
  } catch (error) {
    // The server may still create it after the wait ended: nobody would read it.
    void creating.then(remove, () => undefined);
    throw error;
  }
}
