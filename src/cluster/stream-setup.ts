import { DiscardPolicy, RetentionPolicy, StorageType, type NatsConnection } from "nats";
import { streamSubjects } from "./log-subjects.ts";
import { errorText, sleep } from "../waiting.ts";

const NANOS_PER_MS = 1_000_000;
const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 1_000;

/**
 * Creates the log's stream if it does not exist yet (a new cluster): file storage, `replicas`
 * copies, nothing ever expiring, and a full stream refusing writes rather than dropping records.
 */
export async function ensureStream(
  connection: NatsConnection,
  options: {
    readonly stream: string;
    readonly subjectPrefix: string;
    readonly replicas: number;
    readonly duplicateWindowMs: number;
  },
): Promise<void> {
  const manager = await connection.jetstreamManager();
  try {
    await manager.streams.info(options.stream);
    return;
  } catch (error) {
    if (!/stream not found/i.test(errorText(error))) throw error;
  }
  await manager.streams.add({
    name: options.stream,
    subjects: streamSubjects(options.subjectPrefix),
    num_replicas: options.replicas,
    storage: StorageType.File,
    // The log is the truth: nothing expires, and a full stream refuses writes rather than
    // dropping old records.
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    duplicate_window: options.duplicateWindowMs * NANOS_PER_MS,
  });
}

/**
 * Runs `call` until it succeeds or `timeoutMs` passes, retrying what a cluster still forming
 * answers (a timeout, 503, no responders); other errors are thrown at once.
 */
export async function untilAnswered(call: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = FIRST_RETRY_DELAY_MS; ; delay = Math.min(MAX_RETRY_DELAY_MS, delay * 2)) {
    try {
      await call();
      return;
    } catch (error) {
      const forming = /timeout|503|no responders|jetstream not (enabled|available)/i.test(errorText(error));
      if (!forming || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
