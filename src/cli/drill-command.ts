import type { Command } from "commander";
import { runDrill, type DrillReport } from "../ops/drill/dr-drill.ts";

const count =
  (name: string, min: number) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min)
      throw new Error(`${name} must be a number of at least ${min}, got "${text}"`);
    return n;
  };

/** `stemedb drill`: the disaster-recovery drill, with its RTO and RPO. */
export function addDrillCommand(program: Command): void {
  program
    .command("drill")
    .description(
      "disaster-recovery drill: server with WAL archiving, load, online backup, writes, SIGKILL, wipe, " +
        "restore backup + archive, verify; prints RTO, RPO and lost writes (exit 1 if an archived write was lost)",
    )
    .option("--assertions <n>", "assertions loaded before the backup", count("--assertions", 1), 10_000)
    .option(
      "--write-seconds <s>",
      "seconds of writes between the backup and the crash",
      count("--write-seconds", 0),
      5,
    )
    .option("--writers <n>", "concurrent writers after the backup", count("--writers", 1), 8)
    .option(
      "--max-delay <s>",
      "the server's STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS",
      count("--max-delay", 1),
      1,
    )
    .option("--dir <dir>", "work directory (default: a temporary one, removed afterwards)")
    .option("--keep", "keep the temporary work directory")
    .option("--json", "print the report as JSON")
    .action(
      async (options: {
        assertions: number;
        writeSeconds: number;
        writers: number;
        maxDelay: number;
        dir?: string;
        keep?: boolean;
        json?: boolean;
      }) => {
        const report = await runDrill({
          assertions: options.assertions,
          writeSeconds: options.writeSeconds,
          writers: options.writers,
          archiveMaxDelaySeconds: options.maxDelay,
          ...(options.dir !== undefined ? { dir: options.dir } : {}),
          ...(options.keep === true ? { keep: true } : {}),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(
          options.json === true ? `${JSON.stringify(report, null, 2)}\n` : describe(report),
        );
        if (!report.ok) process.exitCode = 1;
      },
    );
}

function describe(r: DrillReport): string {
  const rows: [string, string][] = [
    ["result", r.ok ? "PASS" : "FAIL"],
    ["RTO (crash to serving again)", `${r.rto_seconds.toFixed(2)} s`],
    ["RPO (oldest lost write to crash)", `${r.rpo_seconds.toFixed(2)} s`],
    ["assertions loaded before the backup", String(r.loaded)],
    ["writes acknowledged after the backup", String(r.acknowledged_after_backup)],
    ["acknowledged writes lost", String(r.lost)],
    ["of which archived before the crash (must be 0)", String(r.lost_archived)],
    ["backup", `${r.backup_seconds.toFixed(2)} s`],
    ["restore", `${r.restore_seconds.toFixed(2)} s, ${r.replayed} WAL records replayed`],
    ["assertions after the restore", String(r.restored_assertions)],
    ["verify", r.verify_problems.length === 0 ? "OK" : r.verify_problems.join("; ")],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return `${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n")}\n`;
}
