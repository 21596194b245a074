import { Command } from "commander";
import { VERSION } from "../ops/version.ts";
import { addAdminCommands } from "./admin-commands.ts";
import { addClusterCommands } from "./cluster-commands.ts";
import { describeCliError } from "./cli-error.ts";
import { loadEnvFiles } from "./env-files.ts";
import { addBackupCommands } from "./backup-commands.ts";
import { addArenaCommand } from "./arena-command.ts";
import { addBenchCommand } from "./bench-command.ts";
import { addCompactCommand } from "./compact-command.ts";
import { addDrillCommand } from "./drill-command.ts";
import { addRestoreCommand } from "./restore-command.ts";
import { addWalCommands } from "./wal-commands.ts";
import { addClientCommands } from "./client-commands.ts";
import { addKeygenCommand } from "./keygen-command.ts";
import { addMcpCommand } from "./mcp-command.ts";
import { addRebuildCommand } from "./rebuild-command.ts";
import { addServeCommand } from "./serve-command.ts";

/**
 * `stemedb`: the server and its tools in one command. Run as `stemedb-api` (the name the
 * operations runbooks use) it is the server itself: no subcommand needed.
 */
export function buildProgram(name: string): Command {
  const program = new Command(name)
    .description("StemeDB: a knowledge database of claims, not facts")
    .version(`${name} ${VERSION}`, "-V, --version", "print the version")
    .showHelpAfterError();
  addServeCommand(program);
  program
    .command("version")
    .description("print the version")
    .action(() => {
      process.stdout.write(`${name} ${VERSION}\n`);
    });
  addClientCommands(program);
  addMcpCommand(program);
  addAdminCommands(program);
  addClusterCommands(program);
  addKeygenCommand(program);
  addRebuildCommand(program);
  addBackupCommands(program);
  addRestoreCommand(program);
  addWalCommands(program);
  addDrillCommand(program);
  addCompactCommand(program);
  addBenchCommand(program);
  addArenaCommand(program);
  return program;
}

export async function main(name: string, argv: readonly string[]): Promise<void> {
  loadEnvFiles();
  const args = [...argv];
  // `stemedb-api` with no subcommand (how systemd starts it) serves.
  if (
    name === "stemedb-api" &&
    !args.some((a) => ["-V", "--version", "-h", "--help", "version"].includes(a)) &&
    args[0] !== "serve"
  ) {
    args.unshift("serve");
  }
  try {
    await buildProgram(name).parseAsync(args, { from: "user" });
  } catch (error) {
    // A refusal or a failure is one line an operator reads (and a script greps), not a stack.
    process.stderr.write(`${name}: ${describeCliError(error)}\n`);
    process.exitCode = 1;
  }
}
