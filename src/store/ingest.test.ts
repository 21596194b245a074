import assert from "node:assert/strict";
import { test } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { encodeLogAssertion } from "./assertion-codec.ts";
import { Ingest } from "./ingest.ts";
import { LmdbStore, type LogEntry } from "./lmdb-store.ts";
import { RecordType } from "./record-type.ts";

function entry(seq: number, i: number): LogEntry {
  return {
    seq,
    type: RecordType.assertion,
    payload: encodeLogAssertion(makeAssertion({ value: i })).payload,
  };
}

/** Runs `body` on a real store in a temp directory, closed after it. */
async function withStore(body: (store: LmdbStore) => Promise<void>): Promise<void> {
  const store = LmdbStore.open({ dir: tempDir() });
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

test("several writers of one sequence (a cluster answering a duplicate) all hear what it did", () =>
  withStore(async (store) => {
    const ingest = new Ingest(store);
    const first = ingest.whenApplied(1);
    const second = ingest.whenApplied(1);
    ingest.enqueue([entry(1, 1)]);
    assert.deepEqual(await Promise.all([first, second]), ["created", "created"]);
  }));

test("a sequence applied before anyone asked answers its outcome once, then 'exists'", () =>
  withStore(async (store) => {
    const ingest = new Ingest(store);
    ingest.enqueue([entry(1, 1), entry(2, 2)]);
    await ingest.drain();
    assert.equal(await ingest.whenApplied(2), "created", "the writer whose acknowledgement came late");
    assert.equal(
      await ingest.whenApplied(2),
      "exists",
      "a duplicate publish answered with the same sequence",
    );
    assert.deepEqual(await ingest.whenAppliedAll([1, 2]), ["created", "exists"]);
  }));

test("whenAppliedThrough waits for the position, whoever wrote the records", () =>
  withStore(async (store) => {
    const ingest = new Ingest(store);
    let reached = false;
    const waiting = ingest.whenAppliedThrough(3).then(() => {
      reached = true;
    });
    ingest.enqueue([entry(1, 1), entry(2, 2)]);
    await ingest.drain();
    assert.equal(reached, false);
    ingest.enqueue([entry(3, 3)]);
    await waiting;
    assert.equal(store.appliedSeq, 3);
  }));

test("reapplying records from earlier in the log changes nothing the store has and keeps the position", () =>
  withStore(async (store) => {
    const ingest = new Ingest(store);
    ingest.enqueue([entry(1, 1), entry(2, 2), entry(3, 3)]);
    await ingest.drain();
    assert.deepEqual(await ingest.reapply([entry(1, 1), entry(2, 2)]), ["exists", "exists"]);
    assert.equal(store.appliedSeq, 3, "the applied position never moves back");
    assert.equal(store.assertionCount, 3);
  }));
