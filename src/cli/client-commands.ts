import { readFileSync } from "node:fs";
import type { Command } from "commander";

import type { AssertionInput, QueryParameters } from "../client/api-types.ts";
import { Signer } from "../client/signer.ts";
import { StemeClient } from "../client/steme-client.ts";
import { describeCliError } from "./cli-error.ts";
import { renderTable } from "./table.ts";

export interface ServerOptions {
  readonly server?: string;
  readonly agent?: string;
  readonly json?: boolean;
}

function clientOf(options: ServerOptions): StemeClient {
  return new StemeClient({
    baseUrl: options.server ?? process.env["STEMEDB_URL"] ?? "http://127.0.0.1:18180",
    agentId: options.agent,
    apiKey: process.env["STEMEDB_API_KEY"],
  });
}

/** Prints the answer as JSON or through `human`, and turns API errors into one line and exit 1. */
export async function run<T>(
  options: ServerOptions,
  call: () => Promise<T>,
  human: (body: T) => string,
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

/** `--as-of` as the API takes it: Unix seconds when numeric, else RFC 3339 text. */
const asOfValue = (text: string): string | number => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);

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
      const text = (name: string): string | undefined =>
        typeof options[name] === "string" ? options[name] : undefined;
      const file = text("file");
      const tier = text("tier");
      const sourceUri = text("sourceUri");
      // Not checked here (hence the casts): the server names whatever is missing or wrong.
      const body = (
        file !== undefined
          ? JSON.parse(readFileSync(file === "-" ? 0 : file, "utf8"))
          : {
              concept_path: text("conceptPath"),
              predicate: text("predicate"),
              value: cliValue(text("value") ?? ""),
              confidence: Number(options["confidence"]),
              ...(tier !== undefined ? { authority_tier: tier } : {}),
              ...(sourceUri !== undefined ? { source: { uri: sourceUri } } : {}),
            }
      ) as AssertionInput;
      await run(
        options,
        async () => clientOf(options).assert(options["sign"] === true ? await signBody(body) : body),
        (r) => `${r.status} ${r.hash}\n`,
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
      const predicate = options["predicate"];
      const asOf = options["asOf"];
      // The lens is passed on as typed; the server names the lenses when it is not one of them.
      const parameters = {
        concept_path: conceptPath,
        lens: options["lens"],
        limit: Number(options["limit"]),
        ...(predicate !== undefined ? { predicate } : {}),
        ...(asOf !== undefined ? { as_of: asOfValue(asOf) } : {}),
      } as QueryParameters;
      await run(
        options,
        () => clientOf(options).query(parameters),
        (r) => {
          const rows = r.resolutions.map((x) => [
            x.concept_path,
            x.predicate,
            show(x.value),
            x.status,
            String(x.conflict_score),
            String(x.resolution_confidence),
            String(x.candidates_count),
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
      () => clientOf(options).skeptic({ concept_path: conceptPath, predicate }),
      (r) => {
        const rows = r.values.map((v) => [show(v.value), String(v.share), String(v.supporters), v.best_tier]);
        return `${r.status} (conflict ${String(r.conflict_score)})\n${renderTable(["value", "share", "supporters", "best tier"], rows)}`;
      },
    );
  });
}

/** Signs with STEMEDB_PRIVATE_KEY: the SDK computes the hash exactly as the server will. */
async function signBody(body: AssertionInput): Promise<AssertionInput> {
  const seed = process.env["STEMEDB_PRIVATE_KEY"];
  if (seed === undefined || !/^[0-9a-fA-F]{64}$/.test(seed)) {
    throw new Error("--sign needs STEMEDB_PRIVATE_KEY (64 hex; make one with `stemedb keygen`)");
  }
  return (await Signer.fromHex(seed)).signAssertion(body);
}
