import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

/** Resolves with how long the server took to close the socket, in ms, and what it answered. */
function closedAfter(socket: Socket, startedAt: number): Promise<{ ms: number; answer: string }> {
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
  return new Promise((resolve) => {
    socket.on("close", () => {
      resolve({ ms: performance.now() - startedAt, answer });
    });
    socket.on("error", () => undefined);
  });
}

test(
  "slow clients are cut off at the headers and request timeouts; the server keeps serving",
  { timeout: 30_000 },
  async () => {
    const root = tempDir();
    const server = await startServer({
      STEMEDB_WAL_DIR: join(root, "wal"),
      STEMEDB_DB_DIR: join(root, "db"),
      STEMEDB_HEADERS_TIMEOUT_SECONDS: "1",
      STEMEDB_REQUEST_TIMEOUT_SECONDS: "2",
    });
    const { hostname, port } = new URL(server.url);
    const open = async (): Promise<Socket> => {
      const socket = connect({ host: hostname, port: Number(port) });
      await new Promise((done) => socket.once("connect", done));
      return socket;
    };

    // Slowloris: headers that never end, one byte now and then.
    const loris = await open();
    const lorisStart = performance.now();
    const lorisClosed = closedAfter(loris, lorisStart);
    loris.write("POST /v1/assert HTTP/1.1\r\nHost: x\r\n");
    const drip = setInterval(() => loris.write("X-A: b\r\n"), 200);
    // A body that never finishes: headers complete, then a trickle far short of Content-Length.
    const trickle = await open();
    const trickleStart = performance.now();
    const trickleClosed = closedAfter(trickle, trickleStart);
    trickle.write(
      "POST /v1/assert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
    );
    const dribble = setInterval(() => trickle.write(" "), 200);

    const healthy = await fetch(`${server.url}/v1/health`);
    assert.equal(healthy.status, 200, "others are served meanwhile");
    const [loris408, trickle408] = await Promise.all([lorisClosed, trickleClosed]);
    clearInterval(drip);
    clearInterval(dribble);
    assert.ok(loris408.ms < 4_000, `the header dripper was cut off after ${Math.round(loris408.ms)} ms`);
    assert.ok(trickle408.ms < 6_000, `the body trickler was cut off after ${Math.round(trickle408.ms)} ms`);
    for (const { answer } of [loris408, trickle408]) {
      assert.match(answer, /^HTTP\/1\.1 408 /, `a 408 first: ${answer.slice(0, 80)}`);
      assert.match(answer, /"error":"request_timeout"/, "with the JSON error body");
    }
    assert.equal((await fetch(`${server.url}/v1/health`)).status, 200, "and the server is still up");
  },
);
