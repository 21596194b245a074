import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AckPolicy, connect, StorageType, type JetStreamManager, type NatsConnection } from "nats";
import { startNatsCluster, type NatsCluster } from "../../test/support/nats-cluster.ts";
import { RecordType } from "../store/record-type.ts";
import { JetStreamLog } from "./jetstream-log.ts";
import { streamSubjects } from "./log-subjects.ts";
import { untilAnswered } from "./stream-setup.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SCRIPT = join(ROOT, "test", "support", "log-reader-process.ts");
/**
 * Closing takes at most about 10 s: a consumer being created (4 s), deleting it (1 s), draining
 * the connection (5 s). The client's ordered consumer kept the process alive for minutes.
 */
const EXIT_WITHIN_MS = 15_000;

/** A reader of the cluster log in its own process (`test/support/log-reader-process.ts`). */
interface ReaderProcess {
  /** What it printed so far, one entry a line. */
  readonly lines: () => readonly string[];
  /** Resolves once it printed `line`; rejects after `ms`. */
  until(line: string, ms: number): Promise<void>;
  /** Asks it to close its log; resolves with how long it took to exit by itself. */
  closeAndExit(): Promise<number>;
}

function startReaderProcess(
  children: ChildProcess[],
  options: { servers: readonly string[]; stream: string; subjectPrefix: string },
): ReaderProcess {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const exited = once(child, "exit");
  const lines: string[] = [];
  let partial = "";
  const collect = (chunk: Buffer): void => {
    const text = partial + chunk.toString();
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return {
    lines: () => lines,
    until: async (line, ms) => {
      const deadline = Date.now() + ms;
      while (!lines.includes(line)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`The reader process did not print "${line}" within ${ms} ms:\n${lines.join("\n")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    closeAndExit: async () => {
      const asked = Date.now();
      child.stdin.end("close\n");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => {
          resolve("late");
        }, EXIT_WITHIN_MS);
      });
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome === "late") {
        child.kill("SIGKILL");
        assert.fail(
          `The reader process was still running ${EXIT_WITHIN_MS} ms after it was asked to close:\n${lines.join("\n")}`,
        );
      }
      assert.equal(child.exitCode, 0, `The reader process failed:\n${lines.join("\n")}`);
      return Date.now() - asked;
    },
  };
}

/** The names of the stream's consumers. */
async function consumerNames(manager: JetStreamManager, stream: string): Promise<string[]> {
  const consumers = await manager.consumers.list(stream).next();
  return consumers.map((consumer) => consumer.name);
}

describe(
  "Closing a cluster log leaves nothing running, on a 3-node NATS cluster",
  { timeout: 180_000 },
  () => {
    let cluster: NatsCluster;
    let connection: NatsConnection;
    let manager: JetStreamManager;
    const children: ChildProcess[] = [];
    const logs: JetStreamLog[] = [];

    before(async () => {
      cluster = await startNatsCluster(3);
      connection = await connect({ servers: [...cluster.urls] });
      // A new cluster elects its meta leader first.
      await untilAnswered(async () => {
        manager = await connection.jetstreamManager();
      }, 30_000);
    });

    after(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      for (const log of logs) await log.close().catch(() => undefined);
      await connection.close();
      await cluster.stop();
    });

    const openWriter = async (stream: string, subjectPrefix: string): Promise<JetStreamLog> => {
      const log = await JetStreamLog.open({ servers: cluster.urls, stream, subjectPrefix, replicas: 3 });
      logs.push(log);
      return log;
    };
    const record = (text: string): { type: number; payload: Buffer } => ({
      type: RecordType.assertion,
      payload: Buffer.from(text),
    });

    it("closing deletes the reader's consumer, and the process exits", async (t) => {
      const stream = "CLOSING";
      const writer = await openWriter(stream, "closing");
      await writer.appendAll([record("one")]);
      const reader = startReaderProcess(children, {
        servers: cluster.urls,
        stream,
        subjectPrefix: "closing",
      });
      await reader.until("delivered 1", 20_000);
      assert.equal((await consumerNames(manager, stream)).length, 1, "the reader reads through one consumer");
      t.diagnostic(`exited ${await reader.closeAndExit()} ms after it was asked to close`);
      assert.deepEqual(await consumerNames(manager, stream), []);
    });

    it("a reader whose consumer the server refuses retries, and exits once closed", async (t) => {
      // The server refuses every new consumer of this stream: the reader keeps trying to create one.
      const stream = "REFUSING";
      await manager.streams.add({
        name: stream,
        subjects: streamSubjects("refusing"),
        num_replicas: 3,
        storage: StorageType.File,
        max_consumers: 1,
      });
      await manager.consumers.add(stream, { durable_name: "only_one", ack_policy: AckPolicy.None });
      const reader = startReaderProcess(children, {
        servers: cluster.urls,
        stream,
        subjectPrefix: "refusing",
      });
      await reader.until("warn Cannot read the cluster log yet; retrying", 20_000);
      t.diagnostic(`exited ${await reader.closeAndExit()} ms after it was asked to close`);
    });

    it("when the server holding its consumer dies, the reader reads on from a new one, and exits once closed", async (t) => {
      const stream = "HOST_DIES";
      const writer = await openWriter(stream, "dies");
      const [first] = await writer.appendAll([record("before")]);
      const reader = startReaderProcess(children, { servers: cluster.urls, stream, subjectPrefix: "dies" });
      await reader.until(`delivered ${first}`, 20_000);
      const [name] = await consumerNames(manager, stream);
      const info = await manager.consumers.info(stream, name ?? "");
      const host = cluster.nodes.find((node) => node.name === info.cluster?.leader);
      assert.ok(host !== undefined, `consumer ${name} lives on one of the test servers`);
      await host.kill();
      try {
        // The stream, on the two servers left, takes the write; the reader's consumer is gone.
        const [second] = await writer.appendAll([record("after")]);
        await reader.until(`delivered ${second}`, 30_000);
        t.diagnostic(`exited ${await reader.closeAndExit()} ms after it was asked to close`);
        assert.deepEqual(
          reader.lines().filter((line) => line.startsWith("delivered")),
          [`delivered ${first}`, `delivered ${second}`],
          "each record once, in order",
        );
      } finally {
        await host.start();
      }
    });
  },
);
