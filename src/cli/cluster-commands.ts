import { InvalidArgumentError, type Command } from "commander";
import type { Health } from "../client/api-types.ts";
import { adminToken } from "./admin-commands.ts";
import { describeCliError } from "./cli-error.ts";
import { counted, knownMembers, memberHealths, type MemberHealth } from "./cluster-members.ts";
import { verifyCluster } from "./cluster-verify.ts";
import { renderTable } from "./table.ts";

interface ClusterOptions {
  readonly url?: string;
  readonly json?: boolean;
}

interface VerifyCommandOptions extends ClusterOptions {
  readonly repair?: boolean;
  readonly adminToken?: string;
  readonly attempts: number;
}

const DEFAULT_ATTEMPTS = 5;
const PAUSE_BETWEEN_ATTEMPTS_MS = 1_000;

const urlOf = (options: ClusterOptions): string =>
  options.url ?? process.env["STEMEDB_URL"] ?? "http://127.0.0.1:18180";

const withUrl = (command: Command): Command =>
  command.option("--url <url>", "a node of the cluster (default STEMEDB_URL or http://127.0.0.1:18180)");

function attemptsOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 100) throw new InvalidArgumentError("a whole number from 1 to 100");
  return n;
}

/** Runs a command's body: a failure is one line on stderr and exit 1; `false` is exit 1 too. */
async function guarded(body: () => Promise<boolean>): Promise<void> {
  try {
    if (!(await body())) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`stemedb: ${describeCliError(error)}\n`);
    process.exitCode = 1;
  }
}

/** `stemedb cluster status` and `stemedb cluster verify`: the cluster as its members see it. */
export function addClusterCommands(program: Command): void {
  const cluster = program.command("cluster").description("a cluster's members and their convergence");

  withUrl(cluster.command("status").description("the members, each with its own health and lag"))
    .option("--json", "print the members and their health as JSON")
    .action(async (options: ClusterOptions) => {
      await guarded(async () => {
        const { alone, members } = await knownMembers(urlOf(options));
        const healths = await memberHealths(members);
        if (options.json === true) {
          const rows = members.map((member, i) => ({ ...member, health: jsonHealth(healths[i]) }));
          process.stdout.write(`${JSON.stringify({ alone, members: rows }, null, 2)}\n`);
          return true;
        }
        if (alone) process.stdout.write("The node runs alone (cluster mode is off)\n");
        const rows = members.map((m, i) => [
          m.id,
          m.url,
          m.version,
          counted(m.applied_seq),
          m.updated_at,
          ...healthCells(healths[i]),
        ]);
        process.stdout.write(
          renderTable(["id", "url", "version", "applied_seq", "updated_at", "health", "lag", "reason"], rows),
        );
        return true;
      });
    });

  withUrl(
    cluster
      .command("verify")
      .description("compare every member's digest shard by shard; exit 1 when they differ"),
  )
    .option("--repair", "replay the shards a member is outvoted on from the stream, then verify again")
    .option(
      "--admin-token <token>",
      "admin token for --repair (default STEMEDB_ADMIN_TOKEN, else the data directory's admin-token file)",
    )
    .option(
      "--attempts <n>",
      "times to take the digests while the members' applied sequences differ, 1 s apart",
      attemptsOf,
      DEFAULT_ATTEMPTS,
    )
    .action(async (options: VerifyCommandOptions) => {
      await guarded(async () => {
        // Resolved first: a missing token is found before the digests are read, not after.
        const repairToken = options.repair === true ? adminToken(options) : undefined;
        return verifyCluster({
          url: urlOf(options),
          attempts: options.attempts,
          pauseMs: PAUSE_BETWEEN_ATTEMPTS_MS,
          ...(repairToken !== undefined ? { repairToken } : {}),
          write: (text) => process.stdout.write(text),
        });
      });
    });
}

/** health, lag and reason cells of a member's row. */
function healthCells(answer: MemberHealth | undefined): string[] {
  if (answer === undefined || answer.kind === "unreachable") {
    return ["unreachable", "-", answer?.error ?? ""];
  }
  const { health } = answer;
  return [health.status, lag(health), health.reason ?? health.cluster?.reason ?? ""];
}

function lag(health: Health): string {
  const cluster = health.cluster;
  if (cluster === undefined) return "-";
  const records = cluster.lag_records === null ? "?" : counted(cluster.lag_records);
  const seconds = cluster.lag_seconds === null ? "?" : cluster.lag_seconds.toFixed(1);
  return `${records} records, ${seconds} s`;
}

function jsonHealth(answer: MemberHealth | undefined): Health | { readonly unreachable: string } {
  if (answer === undefined) return { unreachable: "not asked" };
  return answer.kind === "answered" ? answer.health : { unreachable: answer.error };
}
