import type { AssertionLog, LogAppend } from "../cluster/assertion-log.ts";
import type { DurableRecord, Wal } from "./wal.ts";

const CATCH_UP_BATCH = 10_000;

/** The single node's log: the local WAL, whose sequences are consecutive. */
export class WalLog implements AssertionLog {
  readonly kind = "local";
  readonly wal: Wal;

  constructor(wal: Wal) {
    this.wal = wal;
  }

  get failure(): Error | undefined {
    return this.wal.failure;
  }

  get writeFailure(): Error | undefined {
    return this.wal.writeFailure;
  }

  async appendAll(records: readonly LogAppend[]): Promise<number[]> {
    const lastSeq = await this.wal.appendAll(records);
    const firstSeq = lastSeq - records.length + 1;
    return Array.from({ length: records.length }, (_, i) => firstSeq + i);
  }

  consume(fromSeq: number, listener: (records: readonly DurableRecord[]) => void): void {
    // What is already durable first (nothing, after a replay at open), then each new group.
    if (fromSeq < this.wal.nextSeq) {
      let batch: DurableRecord[] = [];
      for (const record of this.wal.read(fromSeq)) {
        batch.push(record);
        if (batch.length >= CATCH_UP_BATCH) {
          listener(batch);
          batch = [];
        }
      }
      if (batch.length > 0) listener(batch);
    }
    this.wal.onDurable(listener);
  }

  close(): Promise<void> {
    return this.wal.close();
  }
}
