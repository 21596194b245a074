import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { RecordType } from "../store/record-type.ts";
import type { DurableRecord } from "../wal/wal.ts";
import type { AssertionLog, LogAppend } from "./assertion-log.ts";

function record(text: string, type: number = RecordType.assertion, carry?: unknown): LogAppend {
  return { type, payload: Buffer.from(text), ...(carry !== undefined ? { carry } : {}) };
}

/** Collects what a log delivers; `until(n)` waits for the n-th record. */
export function collector(): {
  readonly records: DurableRecord[];
  readonly listener: (batch: readonly DurableRecord[]) => void;
  until(count: number): Promise<void>;
} {
  const records: DurableRecord[] = [];
  return {
    records,
    listener: (batch) => records.push(...batch),
    until: async (count) => {
      const deadline = Date.now() + 15_000;
      while (records.length < count) {
        if (Date.now() > deadline)
          throw new Error(`Only ${records.length} of ${count} records were delivered`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

const text = (r: DurableRecord): string => Buffer.from(r.payload).toString();

/**
 * What every `AssertionLog` must do, whatever keeps it: each implementation's test calls this
 * with a function opening a new, empty log.
 */
export function assertionLogConformance(name: string, openEmptyLog: () => Promise<AssertionLog>): void {
  describe(`${name} keeps the AssertionLog contract`, { timeout: 60_000 }, () => {
    const opened: AssertionLog[] = [];
    const open = async (): Promise<AssertionLog> => {
      const log = await openEmptyLog();
      opened.push(log);
      return log;
    };
    after(async () => {
      for (const log of opened) await log.close();
    });

    it("appendAll answers one increasing sequence per record, in the order given", async () => {
      const log = await open();
      const first = await log.appendAll([record("a"), record("b"), record("c", RecordType.vote)]);
      const second = await log.appendAll([record("d")]);
      const all = [...first, ...second];
      assert.equal(all.length, 4);
      for (let i = 1; i < all.length; i++) assert.ok((all[i] ?? 0) > (all[i - 1] ?? 0), all.join(","));
      assert.ok((all[0] ?? 0) >= 1);
    });

    it("consume delivers what was appended before it, in log order, with types and bytes", async () => {
      const log = await open();
      const seqs = await log.appendAll([record("one"), record("two", RecordType.epoch), record("three")]);
      const seen = collector();
      log.consume(1, seen.listener);
      await seen.until(3);
      assert.deepEqual(
        seen.records.map((r) => [r.seq, r.type, text(r)]),
        [
          [seqs[0], RecordType.assertion, "one"],
          [seqs[1], RecordType.epoch, "two"],
          [seqs[2], RecordType.assertion, "three"],
        ],
      );
    });

    it("records appended while consuming are delivered in order, with the writer's carry or without", async () => {
      const log = await open();
      const seen = collector();
      log.consume(1, seen.listener);
      const carry = { decoded: "later" };
      const seqs = await log.appendAll([record("later", RecordType.assertion, carry), record("after")]);
      await seen.until(2);
      assert.deepEqual(
        seen.records.map((r) => [r.seq, text(r)]),
        [
          [seqs[0], "later"],
          [seqs[1], "after"],
        ],
      );
      const delivered = seen.records[0]?.carry;
      assert.ok(delivered === undefined || delivered === carry);
    });

    it("consume from a later sequence starts there", async () => {
      const log = await open();
      const seqs = await log.appendAll([record("skipped"), record("kept-1"), record("kept-2")]);
      const seen = collector();
      log.consume(seqs[1] ?? 0, seen.listener);
      await seen.until(2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(seen.records.map(text), ["kept-1", "kept-2"]);
    });
  });
}
