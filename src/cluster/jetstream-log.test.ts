import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { collectingLogger } from "../../test/support/collecting-logger.ts";
import { startDelayProxy } from "../../test/support/delay-proxy.ts";
import { startNatsCluster, type NatsCluster } from "../../test/support/nats-cluster.ts";
import { UnavailableError } from "../errors.ts";
import { RecordType } from "../store/record-type.ts";
import { assertionLogConformance, collector } from "./assertion-log.case.ts";
import { JetStreamLog, type JetStreamLogOptions } from "./jetstream-log.ts";

function record(text: string, type: number = RecordType.assertion): { type: number; payload: Buffer } {
  return { type, payload: Buffer.from(text) };
}

describe("JetStreamLog, new streams on a 3-node NATS cluster", { timeout: 120_000 }, () => {
  let cluster: NatsCluster | undefined;
  let streams = 0;
  after(async () => {
    await cluster?.stop();
  });
  // Each log the conformance suite opens is a new, empty stream on the same servers.
  assertionLogConformance("JetStreamLog", async () => {
    cluster ??= await startNatsCluster(3);
    streams += 1;
    return JetStreamLog.open({
      servers: cluster.urls,
      stream: `CONFORMANCE_${streams}`,
      subjectPrefix: `c${streams}`,
      replicas: 3,
    });
  });
});

describe("JetStreamLog on a 3-node NATS cluster", { timeout: 120_000 }, () => {
  let cluster: NatsCluster;
  let options: JetStreamLogOptions;
  const logs: JetStreamLog[] = [];
  const open = async (servers: readonly string[]): Promise<JetStreamLog> => {
    const log = await JetStreamLog.open({ ...options, servers });
    logs.push(log);
    return log;
  };

  before(async () => {
    cluster = await startNatsCluster(3);
    options = {
      servers: cluster.urls,
      stream: "STEMEDB_TEST",
      subjectPrefix: "steme",
      replicas: 3,
      publishTimeoutMs: 2_000,
      writeTimeoutMs: 20_000,
    };
  });

  after(async () => {
    for (const log of logs) await log.close().catch(() => undefined);
    await cluster.stop();
  });

  it("a record written through one node is read by every node, in one order, with its type", async () => {
    const writer = await open([cluster.urls[0] ?? ""]);
    const written = [record("one"), record("two", RecordType.vote), record("three")];
    const seqs = await writer.appendAll(written);
    assert.equal(new Set(seqs).size, 3);
    for (const url of cluster.urls.slice(1)) {
      const reader = await open([url]);
      const seen = collector();
      reader.consume(1, seen.listener);
      await seen.until(3);
      assert.deepEqual(
        seen.records.map((r) => [r.seq, r.type, Buffer.from(r.payload).toString()]),
        written
          .map((w, i) => [seqs[i], w.type, w.payload.toString()])
          .sort((a, b) => Number(a[0]) - Number(b[0])),
      );
    }
  });

  it("a record published twice is stored once and both writes get its sequence", async () => {
    const log = await open(cluster.urls);
    const again = record("idempotent");
    const [first] = await log.appendAll([again]);
    const [second] = await log.appendAll([again]);
    assert.equal(second, first);
    assert.equal(await log.lastSeq(), first, "nothing was stored after it");
  });

  it("a publish that timed out before its acknowledgement is retried with its id and stored once", async () => {
    // Acknowledgements come 200 ms late: the first attempt gives up after 50 ms though the record
    // is stored; then the link is fast again, and the retry hears the duplicate's.
    const server = new URL((cluster.urls[0] ?? "").replace("nats://", "http://"));
    const proxy = await startDelayProxy({ host: server.hostname, port: Number(server.port) }, 200);
    const collected = collectingLogger();
    const logger = {
      ...collected,
      warn: (fields: object, message: string): void => {
        collected.warn(fields, message);
        proxy.setDelay(0);
      },
    };
    const hasty = await JetStreamLog.open({
      ...options,
      servers: [`nats://127.0.0.1:${proxy.port}`],
      publishTimeoutMs: 50,
      logger,
    });
    const before = await hasty.lastSeq();
    const seqs = await hasty.appendAll([record("timed out once"), record("timed out twice")]);
    assert.equal(await hasty.lastSeq(), before + 2, "each record is in the stream once");
    assert.deepEqual([...seqs].sort(), [before + 1, before + 2]);
    assert.ok(
      collected.lines.some((line) => line.message.includes("retrying with the same id")),
      "at least one publish timed out and was tried again",
    );
    await hasty.close();
    await proxy.close();
  });

  it("the writer's own records reach its consumer with what it passed along", async () => {
    const log = await open(cluster.urls);
    const seen = collector();
    const start = (await log.lastSeq()) + 1;
    log.consume(start, seen.listener);
    const carry = { decoded: true };
    const [seq] = await log.appendAll([{ ...record("carried"), carry }]);
    await seen.until(1);
    assert.equal(seen.records[0]?.seq, seq);
    // Either the acknowledgement came first and the carry rides along, or the record came first.
    assert.ok(seen.records[0]?.carry === undefined || seen.records[0].carry === carry);
  });

  it("readSubject reads back every record of one shard's subject, and none of an empty one", async () => {
    const log = await open(cluster.urls);
    const hash = (shard: string, n: number): string => `${shard}${String(n).padStart(62, "0")}`;
    const seqs = await log.appendAll([
      { ...record("shard e7 one"), hash: hash("e7", 1) },
      { ...record("shard e8"), hash: hash("e8", 1) },
      { ...record("shard e7 two"), hash: hash("e7", 2) },
    ]);
    const read = await log.readSubject("steme.a.e7");
    assert.deepEqual(
      read.map((r) => [r.seq, Buffer.from(r.payload).toString()]),
      [
        [seqs[0], "shard e7 one"],
        [seqs[2], "shard e7 two"],
      ],
    );
    assert.deepEqual(await log.readSubject("steme.a.e9"), []);
    // Each read went through a consumer of its own, deleted once read.
    const manager = await log.connection.jetstreamManager();
    const consumers = await manager.consumers.list(options.stream).next();
    assert.deepEqual(
      consumers.map((consumer) => consumer.name).filter((name) => name.includes("_replay_")),
      [],
    );
  });

  it("a consumer starting past the beginning resumes after what it applied", async () => {
    const log = await open(cluster.urls);
    const last = await log.lastSeq();
    await log.appendAll([record("resume-1"), record("resume-2")]);
    const seen = collector();
    log.consume(last + 2, seen.listener);
    await seen.until(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(seen.records.length, 1);
    assert.equal(seen.records[0]?.seq, last + 2);
  });

  it("writes go on when one node dies, and are refused as unavailable when the quorum is gone", async () => {
    const log = await open(cluster.urls);
    // Opened while the cluster is whole: opening waits for JetStream, which a lost quorum stops.
    const impatient = await JetStreamLog.open({
      ...options,
      servers: [cluster.urls[0] ?? ""],
      writeTimeoutMs: 3_000,
    });
    logs.push(impatient);
    await cluster.nodes[2]?.kill();
    const [seq] = await log.appendAll([record("two of three")]);
    assert.ok((seq ?? 0) > 0);
    await cluster.nodes[1]?.kill();
    await assert.rejects(impatient.appendAll([record("one of three")]), UnavailableError);
    await cluster.nodes[1]?.restart();
    await cluster.nodes[2]?.restart();
    // Once the quorum is back, the same write succeeds (after the stream elects a leader).
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await log.appendAll([record("one of three")]);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
  });
});
