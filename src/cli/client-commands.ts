import { readFileSync } from "node:fs";
import type { Command } from "commander";

import { StemeClient, type Json } from "../client/steme-client.ts";
import { describeCliError } from "./cli-error.ts";
import { agentIdFromSeed, normalizeAssertion, signHash } from "../model/index.ts";
import { renderTable } from "./table.ts";

export interface ServerOptions {
  readonly server?: string;
  readonly agent?: string;
  readonly json?: boolean;
}

function clientOf(options: ServerOptions): StemeClient {
  return new StemeClient({
    baseUrl: options.server ?? process.env["STEMEDB_URL"] ?? "http://127.0.0.1:18180",
    ...(options.agent !== undefined ? { agentId: options.agent } : {}),
    ...(process.env["STEMEDB_API_KEY"] !== undefined ? { apiKey: process.env["STEMEDB_API_KEY"] } : {}),
  });
}

/** Prints the answer as JSON or through `human`, and turns API errors into one line and exit 1. */
export async function run(
  options: ServerOptions,
  call: () => Promise<Json>,
  human: (body: Json) => string,
): Promise<void> {
  try {
    const body = await call();
    process.stdout.write(options.json === true ? `${JSON.stringify(body, null, 2)}\n` : human(body));
  } catch (error) {
    process.stderr.write(`stemedb: ${describeCliError(error)}\n`);
    process.exitCode = 1;
  }
}

const withServer = (command: Command): Command =>
  command
    .option("--server <url>", "server URL (default STEMEDB_URL or http://127.0.0.1:18180)")
    .option("--agent <id>", "X-Agent-Id for unsigned writes")
    .option("--json", "print the server's JSON answer");

/** Parses a command-line value as JSON when it is JSON (`true`, `1.5`, `{"Number":1}`), else text. */
function cliValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const show = (v: unknown): string => {
  if (typeof v === "object" && v !== null && "value" in v) return JSON.stringify(v.value);
  return JSON.stringify(v);
};

export function addClientCommands(program: Command): void {
  withServer(program.command("assert").description("store one assertion"))
    .option("--file <path>", "the assertion as JSON (- for stdin) instead of the flags below")
    .option("--concept-path <path>")
    .option("--predicate <name>")
    .option("--value <value>", 'JSON (true, 1.5, "text") or plain text')
    .option("--confidence <0..1>")
    .option("--tier <tier>", "regulatory … anecdotal, or 0-5")
    .option("--source-uri <uri>")
    .option("--sign", "sign with STEMEDB_PRIVATE_KEY (64 hex)")
    .action(async (options: ServerOptions & Record<string, string | boolean | undefined>) => {
      let body: Json;
      if (typeof options["file"] === "string") {
        body = JSON.parse(readFileSync(options["file"] === "-" ? 0 : options["file"], "utf8")) as Json;
      } else {
        body = {
          concept_path: options["conceptPath"],
          predicate: options["predicate"],
          value: cliValue(String(options["value"] ?? "")),
          confidence: Number(options["confidence"]),
          ...(options["tier"] !== undefined ? { authority_tier: options["tier"] } : {}),
          ...(options["sourceUri"] !== undefined ? { source: { uri: options["sourceUri"] } } : {}),
        };
      }
      if (options["sign"] === true) body = signBody(body);
      await run(
        options,
        () => clientOf(options).assert(body),
        (r) => `${String(r["status"])} ${String(r["hash"])}\n`,
      );
    });

  withServer(
    program
      .command("query")
      .description("ask through a lens")
      .argument("<concept_path>", "path, prefix/* or *"),
  )
    .option("--predicate <name>")
    .option(
      "--lens <lens>",
      "recency, confidence, consensus, authority, trust, vote, skeptic, layered",
      "recency",
    )
    .option("--as-of <time>", "RFC 3339 or Unix seconds")
    .option("--limit <n>", "1 to 10,000", "100")
    .action(async (conceptPath: string, options: ServerOptions & Record<string, string | undefined>) => {
      const parameters: Json = {
        concept_path: conceptPath,
        lens: options["lens"],
        limit: Number(options["limit"]),
      };
      if (options["predicate"] !== undefined) parameters["predicate"] = options["predicate"];
      if (options["asOf"] !== undefined) parameters["as_of"] = cliValue(options["asOf"]);
      await run(
        options,
        () => clientOf(options).query(parameters),
        (r) => {
          const rows = (r["resolutions"] as Json[]).map((x) => [
            String(x["concept_path"]),
            String(x["predicate"]),
            show(x["value"]),
            String(x["status"]),
            String(x["conflict_score"]),
            String(x["resolution_confidence"]),
            String(x["candidates_count"]),
          ]);
          return renderTable(
            ["concept_path", "predicate", "value", "status", "conflict", "confidence", "claims"],
            rows,
          );
        },
      );
    });

  withServer(
    program
      .command("skeptic")
      .description("every distinct value of one pair with its weight share")
      .argument("<concept_path>")
      .argument("<predicate>"),
  ).action(async (conceptPath: string, predicate: string, options: ServerOptions) => {
    await run(
      options,
      () => clientOf(options).skeptic(conceptPath, predicate),
      (r) => {
        const rows = (r["values"] as Json[]).map((v) => [
          show(v["value"]),
          String(v["share"]),
          String(v["supporters"]),
          String(v["best_tier"]),
        ]);
        return `${String(r["status"])} (conflict ${String(r["conflict_score"])})\n${renderTable(["value", "share", "supporters", "best tier"], rows)}`;
      },
    );
  });
}

/** Signs with STEMEDB_PRIVATE_KEY: the hash is computed here exactly as the server will. */
function signBody(body: Json): Json {
  const seed = process.env["STEMEDB_PRIVATE_KEY"];
  if (seed === undefined || !/^[0-9a-fA-F]{64}$/.test(seed)) {
    throw new Error("--sign needs STEMEDB_PRIVATE_KEY (64 hex; make one with `stemedb keygen`)");
  }
  const nowMs = Date.now();
  const stamped = { ...body, timestamp: body["timestamp"] ?? new Date(nowMs).toISOString() };
  const assertion = normalizeAssertion(stamped, { nowMs });
  const agentId = agentIdFromSeed(seed.toLowerCase());
  return {
    ...stamped,
    signatures: [{ agent_id: agentId, signature: signHash(assertion.hash, seed.toLowerCase()) }],
  };
}
