import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import type { AdminClient } from "../client/admin-client.ts";
import type { QuarantineParameters } from "../client/api-types.ts";
import { StemeClient } from "../client/steme-client.ts";
import { run, type ServerOptions } from "./client-commands.ts";
import { renderTable } from "./table.ts";

export interface AdminOptions extends ServerOptions {
  readonly adminToken?: string;
}

/**
 * The admin token: `--admin-token`, else `STEMEDB_ADMIN_TOKEN`, else the token file the server
 * created (`STEMEDB_ADMIN_TOKEN_FILE`, or `admin-token` beside the store `dbDir`: `data/admin-token`).
 */
export function adminToken(
  options: AdminOptions,
  dbDir: string = process.env["STEMEDB_DB_DIR"] ?? "data/db",
): string {
  const given = options.adminToken ?? process.env["STEMEDB_ADMIN_TOKEN"];
  if (given !== undefined && given !== "") return given;
  const file = process.env["STEMEDB_ADMIN_TOKEN_FILE"] ?? join(dirname(resolve(dbDir)), "admin-token");
  if (!existsSync(file)) {
    throw new Error(
      `No admin token: pass --admin-token, set STEMEDB_ADMIN_TOKEN, or run where the server's token file is (${file})`,
    );
  }
  return readFileSync(file, "utf8").trim();
}

function adminClient(options: AdminOptions): AdminClient {
  return new StemeClient({
    baseUrl: options.server ?? process.env["STEMEDB_URL"] ?? "http://127.0.0.1:18180",
    adminToken: adminToken(options),
    retries: 0,
  }).admin;
}

const withAdmin = (command: Command): Command =>
  command
    .option("--server <url>", "server URL (default STEMEDB_URL or http://127.0.0.1:18180)")
    .option(
      "--admin-token <token>",
      "admin token (default STEMEDB_ADMIN_TOKEN, else the data directory's admin-token file)",
    )
    .option("--json", "print the server's JSON answer");

const text = (v: unknown): string => {
  if (v === null || v === undefined) return "-";
  return typeof v === "string" ? v : JSON.stringify(v);
};

/** `stemedb keys`, `stemedb quarantine`, `stemedb breakers`: the admin API from the command line. */
export function addAdminCommands(program: Command): void {
  const keys = program.command("keys").description("API keys (admin token required)");
  withAdmin(keys.command("create").description("create an API key; its secret is printed once"))
    .option("--agent-id <id>", "the agent unsigned writes with this key are attributed to")
    .option("--name <name>", "a label for people")
    .option("--tier-cap <tier>", "the most authoritative tier writes with this key may claim")
    .action(async (options: AdminOptions & { agentId?: string; name?: string; tierCap?: string }) => {
      const body = {
        ...(options.agentId !== undefined ? { agent_id: options.agentId } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.tierCap !== undefined ? { tier_cap: options.tierCap } : {}),
      };
      await run(
        options,
        () => adminClient(options).createApiKey(body),
        (k) => `${k.id}\n${k.key}\n(the key is shown only now: store it in a secret manager)\n`,
      );
    });
  withAdmin(keys.command("list").description("list API keys (never their secrets)")).action(
    async (options: AdminOptions) => {
      await run(
        options,
        () => adminClient(options).listApiKeys(),
        (body) =>
          renderTable(
            ["id", "agent", "name", "tier cap", "created", "revoked"],
            body.api_keys.map((k) =>
              [k.id, k.agent_id, k.name, k.tier_cap, k.created_at, k.revoked_at].map(text),
            ),
          ),
      );
    },
  );
  withAdmin(keys.command("revoke").description("revoke an API key").argument("<id>")).action(
    async (id: string, options: AdminOptions) => {
      await run(
        options,
        () => adminClient(options).revokeApiKey(id),
        (k) => `revoked ${k.id} at ${text(k.revoked_at)}\n`,
      );
    },
  );

  const quarantine = program
    .command("quarantine")
    .description("writes held for review (admin token required)");
  withAdmin(quarantine.command("list").description("held writes, newest first"))
    .option("--state <state>", "pending (default), approved, rejected or all", "pending")
    .action(async (options: AdminOptions & { state: string }) => {
      // Passed on as typed; the server names the states when it is not one of them.
      const state = options.state as NonNullable<QuarantineParameters["state"]>;
      await run(
        options,
        () => adminClient(options).quarantine({ state }),
        (body) =>
          renderTable(
            ["hash", "state", "reason", "agent", "held at", "detail"],
            body.quarantined.map((h) => [h.hash, h.state, h.reason, h.agent_id, h.held_at, h.detail]),
          ),
      );
    });
  for (const decision of ["approve", "reject"] as const) {
    withAdmin(quarantine.command(decision).description(`${decision} a held write`).argument("<hash>"))
      .option("--note <text>", "why, kept with the decision")
      .action(async (hash: string, options: AdminOptions & { note?: string }) => {
        await run(
          options,
          () =>
            adminClient(options)[decision](hash, options.note !== undefined ? { note: options.note } : {}),
          (h) => `${h.state} ${h.hash}\n`,
        );
      });
  }

  const breakers = program
    .command("breakers")
    .description("per-agent circuit breakers (admin token required)");
  withAdmin(
    breakers
      .command("list")
      .description("agents with open, half-open or banned breakers, or recent failures"),
  ).action(async (options: AdminOptions) => {
    await run(
      options,
      () => adminClient(options).circuitBreakers(),
      (body) =>
        renderTable(
          ["agent", "state", "banned", "failures", "last failure", "retry at"],
          body.circuit_breakers.map((b) =>
            [b.agent_id, b.state, b.banned, b.failures, b.last_failure, b.retry_at].map(text),
          ),
        ),
    );
  });
  const breakerActions = {
    ban: (admin: AdminClient, agentId: string) => admin.ban(agentId),
    unban: (admin: AdminClient, agentId: string) => admin.unban(agentId),
    reset: (admin: AdminClient, agentId: string) => admin.resetBreaker(agentId),
  };
  for (const [action, call] of Object.entries(breakerActions)) {
    withAdmin(
      breakers.command(action).description(`${action} an agent's breaker`).argument("<agent-id>"),
    ).action(async (agentId: string, options: AdminOptions) => {
      await run(
        options,
        () => call(adminClient(options), agentId),
        (b) => `${b.agent_id} ${b.state}${b.banned ? " (banned)" : ""}\n`,
      );
    });
  }
}
