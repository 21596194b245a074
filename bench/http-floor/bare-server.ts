/**
 * A server that does nothing but HTTP, for the floor benchmark: it reads each request's JSON body,
 * parses it, and answers a fixed JSON body of the size given. `node` is `node:http` alone;
 * `fastify` is Fastify with one route and no hooks, plugins or schemas.
 *
 * `node --import tsx bench/http-floor/bare-server.ts <node|fastify> <answer bytes>` prints
 * `listening on http://127.0.0.1:<port>` once it listens, and runs until it is killed.
 */
import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";

const [mode, bytesArg] = process.argv.slice(2);
const bytes = Number(bytesArg);
if ((mode !== "node" && mode !== "fastify") || !Number.isSafeInteger(bytes) || bytes < 64) {
  process.stderr.write("Usage: bare-server.ts <node|fastify> <answer bytes, 64 or more>\n");
  process.exit(2);
}

// An object, serialised for each answer as a server's own answer would be, padded to `bytes`.
const resolution = { winner: "ab".repeat(32), padding: "" };
const answer = { resolutions: [resolution] };
resolution.padding = "x".repeat(Math.max(0, bytes - Buffer.byteLength(JSON.stringify(answer))));

if (mode === "node") {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const body = JSON.stringify(answer);
      response.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
} else {
  const app = Fastify({ logger: false });
  app.post("/v1/query", () => answer);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`listening on ${url}\n`);
}
