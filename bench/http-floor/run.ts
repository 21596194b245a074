/**
 * `runHttpFloor`: how fast Node's HTTP stack alone answers the lens query of the comparison, next to
 * the StemeDB server answering it, with the comparison's clients. It bounds what any Node server can
 * reach on this machine, so it says which of the comparison's targets over HTTP no work on StemeDB's
 * own code could meet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { httpCall, type HttpReply } from "../compare/http-call.ts";
import { runClients, type Timed } from "../compare/run-clients.ts";
import { startStemeDbServer } from "../compare/stemedb-server.ts";
import { machineLine } from "../ingest/machine.ts";
import { formatCount } from "../ingest/table.ts";
import { startBareServer, type BareMode } from "./bare-servers.ts";

export interface HttpFloorOptions {
  /** Short windows: checks that the benchmark works, in a few seconds. */
  readonly quick: boolean;
  /** Told what is running; stdout stays for the report. */
  readonly progress?: (line: string) => void;
}

/** The comparison's query clients: 8, each on its own connection from its own loopback address. */
const CLIENTS = 8;
const FULL_WINDOW = { warmupMs: 1_000, durationMs: 5_000 };
const QUICK_WINDOW = { warmupMs: 200, durationMs: 800 };
const PAIR = { concept_path: "bench/floor", predicate: "dose_mg" };
const CLAIMS = 10;
const AS_OF = "2026-01-01T00:00:00Z";

type ServerKind = "stemedb" | BareMode;
const SERVER_NAMES: Readonly<Record<ServerKind, string>> = {
  stemedb: "StemeDB (Shield, metrics, query audit: the defaults)",
  node: "`node:http` alone",
  fastify: "Fastify alone (one route, no hooks)",
};

/** One server's figures. */
interface FloorRow {
  readonly kind: ServerKind;
  readonly timed: Timed;
  readonly answerBytes: number;
}

type Window = typeof FULL_WINDOW;

/**
 * Measures the StemeDB server (default configuration, as `npm start` runs it) answering a recency
 * query on a pair of 10 claims, then `node:http` alone and Fastify alone answering the same
 * request with a body of the same size, and returns the report as markdown.
 *
 * @example
 * ```ts
 * const markdown = await runHttpFloor({ quick: true });
 * ```
 */
export async function runHttpFloor(options: HttpFloorOptions): Promise<string> {
  const progress = options.progress ?? ((): void => undefined);
  const window = options.quick ? QUICK_WINDOW : FULL_WINDOW;
  const machine = machineLine(new Date());
  const dataDir = mkdtempSync(join(tmpdir(), "stemedb-bench-floor-"));
  try {
    progress("StemeDB server: storing one pair's claims, then querying it");
    const stemedb = await measureServer("stemedb", window, async () => {
      const server = await startStemeDbServer(dataDir);
      await storeClaims(server.url);
      return { url: server.url, stop: () => server.shutDown() };
    });
    const rows = [stemedb];
    for (const mode of ["node", "fastify"] as const) {
      progress(`${SERVER_NAMES[mode]}: answering ${stemedb.answerBytes} bytes`);
      rows.push(await measureServer(mode, window, () => startBareServer(mode, stemedb.answerBytes)));
    }
    return formatFloor(rows, machine, window.durationMs);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts a server, measures its answer's size and its rate, and stops it. */
async function measureServer(
  kind: ServerKind,
  window: Window,
  start: () => Promise<{ readonly url: string; stop(): Promise<void> }>,
): Promise<FloorRow> {
  const server = await start();
  try {
    const answerBytes = Buffer.byteLength((await query(new Agent(), server.url, 0)).text);
    return { kind, answerBytes, timed: await measure(server.url, window) };
  } finally {
    await server.stop();
  }
}

async function storeClaims(url: string): Promise<void> {
  const assertions = Array.from({ length: CLAIMS }, (_, i) => ({
    ...PAIR,
    value: 100 + 10 * (i % 3),
    confidence: 0.5 + i / 40,
    authority_tier: "clinical",
    timestamp: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
  }));
  const reply = await httpCall(new Agent(), {
    method: "POST",
    url: new URL("/v1/assert/batch", url),
    body: JSON.stringify({ assertions }),
    headers: { "x-agent-id": "floor-writer" },
  });
  if (reply.status !== 201 && reply.status !== 200) {
    throw new Error(`Cannot store the floor's claims: ${reply.status} ${reply.text}`);
  }
}

/** The comparison's recency query, as client `client` sends it. */
async function query(agent: Agent, url: string, client: number): Promise<HttpReply> {
  const reply = await httpCall(agent, {
    method: "POST",
    url: new URL("/v1/query", url),
    body: JSON.stringify({ ...PAIR, lens: "recency", limit: 1, as_of: AS_OF }),
    headers: { "x-agent-id": `reader-${client}` },
    localAddress: `127.0.0.${2 + client}`,
  });
  if (reply.status !== 200) throw new Error(`The query failed: ${reply.status} ${reply.text}`);
  return reply;
}

async function measure(url: string, window: Window): Promise<Timed> {
  const agents = Array.from({ length: CLIENTS }, () => new Agent({ keepAlive: true }));
  try {
    return await runClients({
      clients: CLIENTS,
      ...window,
      next: (client) => async () => {
        await query(agents[client] as Agent, url, client);
        return 1;
      },
    });
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

/** The report: one row per server, each rate also as a share of `node:http` alone. */
function formatFloor(rows: readonly FloorRow[], machine: string, windowMs: number): string {
  const floor = rows.find((row) => row.kind === "node")?.timed.perSecond ?? Number.NaN;
  const lines = [
    "# Node's HTTP floor",
    "",
    `${machine}. ${CLIENTS} clients, each on a keep-alive connection from its own loopback address, ` +
      `ask the comparison's recency query (one pair of ${CLAIMS} claims, \`limit: 1\`) for ` +
      `${windowMs / 1000} s after a warm-up. The bare servers parse each request's JSON and answer ` +
      "a body of the same size as StemeDB's.",
    "",
    "| server | requests/s | p50 ms | p99 ms | answer bytes | of `node:http` alone |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      ({ kind, timed, answerBytes }) =>
        `| ${SERVER_NAMES[kind]} | ${formatCount(timed.perSecond)} | ${timed.p50Ms.toFixed(2)} | ${timed.p99Ms.toFixed(2)} | ${answerBytes} | ${(timed.perSecond / floor).toFixed(2)}× |`,
    ),
    "",
  ];
  return lines.join("\n");
}
