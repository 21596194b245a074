// A node's reader of the cluster log in a process of its own, for tests that check what closing it
// leaves running: a timer left behind keeps this process alive after its stdin ends.
//
// Usage: node --import tsx test/support/log-reader-process.ts '{"servers":[…],"stream":"S","subjectPrefix":"s"}'
// Prints `ready`, `delivered <seq>` for every record read, `<level> <message>` for every log line
// and `closed` once the log is closed, which it does when it reads `close` on stdin.
import { createInterface } from "node:readline";
import { JetStreamLog } from "../../src/cluster/jetstream-log.ts";
import type { Logger } from "../../src/logger.ts";

const { servers, stream, subjectPrefix } = JSON.parse(process.argv[2] ?? "{}") as {
  servers: string[];
  stream: string;
  subjectPrefix: string;
};
const line =
  (level: string) =>
  (_fields: object, message: string): void => {
    console.log(`${level} ${message}`);
  };
const logger: Logger = { info: line("info"), warn: line("warn"), error: line("error") };

const log = await JetStreamLog.open({ servers, stream, subjectPrefix, replicas: 3, logger });
log.consume(1, (records) => {
  for (const record of records) console.log(`delivered ${record.seq}`);
});
console.log("ready");
const input = createInterface({ input: process.stdin });
input.on("line", (command) => {
  if (command !== "close") return;
  input.close();
  void log.close().then(() => {
    console.log("closed");
  });
});
