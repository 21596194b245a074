import type { Command } from "commander";
import { generateAgentKey } from "../model/index.ts";

export function addKeygenCommand(program: Command): void {
  program
    .command("keygen")
    .description("make a new agent key pair (Ed25519); keep the private key secret")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      const { seedHex, agentId } = generateAgentKey();
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ agent_id: agentId, private_key: seedHex })}\n`);
        return;
      }
      process.stdout.write(`agent_id     ${agentId}\nprivate_key  ${seedHex}\n\n`);
      process.stdout.write(`Use it with: export STEMEDB_PRIVATE_KEY=${seedHex}\n`);
    });
}
