import { resolve } from "node:path";
import type { Command } from "commander";
import { DirectoryLock } from "../db/directory-lock.ts";
import { loadConfig } from "../ops/config.ts";
import { createLogger } from "../ops/logging.ts";
import { WalArchiver } from "../ops/wal-archiver.ts";
import { Wal } from "../wal/wal.ts";
import type { AdminOptions } from "./admin-commands.ts";
import { requireDatabase } from "./require-database.ts";
import { postToRunningServer } from "./running-server.ts";

interface ArchiveOptions extends AdminOptions {
  readonly to?: string;
  readonly walDir?: string;
}

/** `stemedb wal archive`: copy the WAL into the archive now. */
export function addWalCommands(program: Command): void {
  const wal = program.command("wal").description("the write-ahead log");
  wal
    .command("archive")
    .description(
      "copy sealed segments and the live segment's durable bytes into the WAL archive now " +
        "(through the running server, or directly when none runs)",
    )
    .option("--to <dir>", "archive directory (default STEMEDB_WAL_ARCHIVE_DIR)")
    .option("--wal-dir <dir>", "WAL directory (default STEMEDB_WAL_DIR or data/wal)")
    .option("--server <url>", "the running server (default STEMEDB_URL, else STEMEDB_BIND_ADDR)")
    .option("--admin-token <token>", "admin token (default STEMEDB_ADMIN_TOKEN, else the admin-token file)")
    .option("--json", "print the result as JSON")
    .action(async (options: ArchiveOptions) => {
      const config = loadConfig(
        process.env,
        options.walDir !== undefined ? { STEMEDB_WAL_DIR: options.walDir } : {},
      );
      const dir = options.to ?? config.walArchive?.dir;
      if (dir === undefined)
        throw new Error("No archive directory: pass --to or set STEMEDB_WAL_ARCHIVE_DIR");
      const to = resolve(dir);
      let result: { dir: string; sealed: readonly string[]; tail: { name: string; bytes: number } | null };
      if (DirectoryLock.holder(config.walDir) !== undefined) {
        result = await postToRunningServer<typeof result>(options, config, "/v1/admin/wal/archive", { to });
      } else {
        requireDatabase(config.walDir);
        const lock = DirectoryLock.acquire(config.walDir);
        try {
          const { wal: log } = await Wal.open({
            dir: config.walDir,
            logger: createLogger(config.logLevel, process.stderr),
          });
          try {
            const pass = await new WalArchiver({
              dir: to,
              maxDelayMs: 0,
              prefix: () => log.durablePrefix,
            }).archiveNow();
            result = { dir: to, sealed: pass.sealed, tail: pass.tail ?? null };
          } finally {
            await log.close();
          }
        } finally {
          lock.release();
        }
      }
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(result, null, 2)}\n`
          : `Archived into ${result.dir}: ${result.sealed.length} sealed segments copied` +
              (result.tail === null ? "\n" : `; ${result.tail.name} at ${result.tail.bytes} bytes\n`),
      );
    });
}
