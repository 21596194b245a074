import assert from "node:assert/strict";
import { connect } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

/** Writes `bytes` on a fresh connection and resolves with everything the server sends back. */
function rawExchange(url: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(bytes));
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // The server may reset the connection after answering a request it refused to read.
      if (error.code === "ECONNRESET" || error.code === "EPIPE") resolve(answer);
      else reject(error);
    });
    socket.on("close", () => {
      resolve(answer);
    });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer within 10 s; got ${JSON.stringify(answer.slice(0, 200))}`));
    });
  });
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

test("the real server answers hostile requests with a 4xx and keeps serving", async (t) => {
  const root = tempDir();
  // Stopped (SIGTERM) by startServer's own `after` when the file ends.
  const server: ServerProcess = await startServer({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
  });

  const stillServes = async (): Promise<void> => {
    const res = await fetch(`${server.url}/v1/health`);
    assert.equal(res.status, 200, "the server keeps serving");
    assert.equal(server.child.exitCode, null, "the process is still running");
  };

  await t.test("answers a 64 KiB header with 431 and keeps serving", async () => {
    const header = "x".repeat(64 * 1024);
    const answer = await rawExchange(
      server.url,
      `GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${header}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(statusOf(answer), 431, `a 431 status line, got ${JSON.stringify(answer.slice(0, 200))}`);
    assert.match(answer, /"error":"headers_too_large"/, "the error body of every other error");
    assert.match(answer, /X-Request-Id: [0-9a-f-]{36}/, "with a request id");
    await stillServes();
  });

  await t.test("answers many headers summing over the limit with 431", async () => {
    const headers = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${"v".repeat(20)}\r\n`).join("");
    const answer = await rawExchange(
      server.url,
      `GET /v1/health HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`,
    );
    assert.equal(statusOf(answer), 431, `a 431 status line, got ${JSON.stringify(answer.slice(0, 200))}`);
    await stillServes();
  });

  await t.test("refuses malformed HTTP with a 4xx and keeps serving", async () => {
    const cases = [
      "GARBAGE\r\n\r\n",
      "GET /v1/health HTTP/9.9\r\n\r\n",
      "GET /v1/health HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n",
      "POST /v1/assert HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1e309\r\n\r\n{}",
      "POST /v1/assert HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n{}",
      "POST /v1/assert HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "POST /v1/assert HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
      "POST /v1/assert HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "\u0000\u0001\u0002\u00ff\r\n\r\n",
    ];
    for (const request of cases) {
      const answer = await rawExchange(server.url, Buffer.from(request, "latin1"));
      const status = statusOf(answer);
      assert.ok(
        status >= 400 && status < 500,
        `${JSON.stringify(request)} → 4xx, got ${JSON.stringify(answer.slice(0, 120))}`,
      );
    }
    await stillServes();
  });

  await t.test(
    "answers invalid UTF-8 and oversized bodies over a real socket with JSON 4xx and stores nothing",
    async () => {
      const bad = await fetch(`${server.url}/v1/assert`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat([
          Buffer.from('{"concept_path":"a/'),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('","predicate":"p","value":"v","confidence":0.5}'),
        ]),
      });
      assert.equal(bad.status, 400, "invalid UTF-8 is refused");
      const body = (await bad.json()) as { error: string; request_id: string };
      assert.equal(body.error, "malformed_json");
      assert.equal(body.request_id, bad.headers.get("x-request-id"), "request_id matches the header");

      const big = await fetch(`${server.url}/v1/assert`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"value":"${"x".repeat(2 * 1024 * 1024)}"}`,
      });
      assert.equal(big.status, 413, "a body over 1 MiB is refused");
      assert.equal(((await big.json()) as { error: string }).error, "body_too_large");

      const health = (await (await fetch(`${server.url}/v1/health`)).json()) as { assertion_count: number };
      assert.equal(health.assertion_count, 0, "nothing was stored");
    },
  );

  const code = await server.stop();
  assert.equal(
    code,
    0,
    `the server exits cleanly after the hostile requests:\n${server.output().slice(-2000)}`,
  );
});
