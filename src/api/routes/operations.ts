import { isAbsolute } from "node:path";
import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ConflictError, ValidationError } from "../../errors.ts";
import { prepareCompactedStore, prepareRebuiltStore } from "../../db/prepare-store.ts";
import { createBackup } from "../../ops/backup/create-backup.ts";
import { WalArchiver } from "../../ops/wal-archiver.ts";
import type { AppContext } from "../app-context.ts";
import { errorResponses } from "../schemas/common.ts";

/**
 * Operations on the running server (`/v1/admin/*`, behind the admin token): backups, compaction
 * and index rebuilds (one at a time: a second request while one runs is a 409, not a second copy
 * competing for the disk), and WAL archiving on demand.
 */
export function operationsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Backups, compactions and rebuilds each read the whole store: one at a time.
    let running: string | undefined;
    const exclusive = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
      if (running !== undefined) {
        throw new ConflictError(`A ${running} is already running; wait for it to finish and retry`);
      }
      running = operation;
      try {
        return await body();
      } finally {
        running = undefined;
      }
    };

    app.post(
      "/v1/admin/backup",
      {
        schema: {
          tags: ["admin"],
          summary: "Make an online, consistent backup",
          description:
            "Creates `<to>/stemedb-backup-YYYYMMDD-HHMMSS/` (UTC) with `db/`, `wal/` and `backup-metadata.json` " +
            "(timestamp, assertion_count, wal_position, size and SHA-256 of every file) while writes go on. " +
            "`to` defaults to STEMEDB_BACKUP_DIR. Answers when the backup is complete and fsynced.",
          body: Type.Object(
            { to: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Unknown(), 409: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const to = request.body.to ?? ctx.config.backupDir;
        if (request.body.to !== undefined && !isAbsolute(to)) {
          throw new ValidationError(
            "to",
            "not_absolute",
            `to must be an absolute directory path on the server, got "${to}"`,
          );
        }
        const { path, metadata } = await exclusive("backup", () =>
          createBackup(ctx.db, { to, logger: request.log }),
        );
        return reply.status(201).send({ path, ...metadata });
      },
    );

    app.post(
      "/v1/admin/wal/archive",
      {
        schema: {
          tags: ["admin"],
          summary: "Archive the WAL now",
          description:
            "Copies sealed segments not yet archived and the live segment's durable bytes into the archive " +
            "(STEMEDB_WAL_ARCHIVE_DIR, or `to` for a one-off copy elsewhere), each fsynced. Answers when done.",
          body: Type.Object(
            { to: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Unknown(), 409: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const to = request.body.to;
        if (to !== undefined && !isAbsolute(to)) {
          throw new ValidationError(
            "to",
            "not_absolute",
            `to must be an absolute directory path on the server, got "${to}"`,
          );
        }
        const archiver =
          to === undefined
            ? ctx.archiver
            : new WalArchiver({
                dir: to,
                maxDelayMs: 0,
                prefix: () => ctx.db.walPrefix,
                logger: request.log,
              });
        if (archiver === undefined) {
          throw new ConflictError(
            "WAL archiving is not configured: set STEMEDB_WAL_ARCHIVE_DIR on the server, or pass `to`",
          );
        }
        const pass = await archiver.archiveNow();
        return {
          dir: archiver.dir,
          sealed: pass.sealed,
          tail: pass.tail ?? null,
          archived_at: new Date(pass.atMs).toISOString(),
        };
      },
    );

    const pendingSchema = (summary: string, description: string) => ({
      tags: ["admin"],
      summary,
      description:
        description +
        " The server keeps serving; the new store replaces the live one when the server next starts, " +
        "which then replays what was written meanwhile from the WAL.",
      response: { 200: Type.Unknown(), 409: Type.Ref("ErrorBody"), ...errorResponses },
    });

    app.post(
      "/v1/admin/compact",
      {
        schema: pendingSchema(
          "Compact the store (LMDB copy-compaction)",
          "Writes a compacted copy of the store, free pages left out, and reports the space it reclaims.",
        ),
      },
      async (request) => {
        const info = await exclusive("compaction", () => prepareCompactedStore(ctx.db));
        request.log.info({ ...info }, "Prepared a compacted store; it is swapped in at the next start");
        return {
          ...info,
          reclaimed_bytes: info.bytes_before - info.bytes_after,
          applies: "at the next restart",
        };
      },
    );

    app.post(
      "/v1/admin/indexes/rebuild",
      {
        schema: pendingSchema(
          "Rebuild the store's indexes from the WAL",
          "Builds a new store from every durable WAL record, beside the live one.",
        ),
      },
      async (request) => {
        if (ctx.db.logKind === "cluster") {
          throw new ConflictError(
            "A cluster node's store is rebuilt from the cluster's stream, not a WAL: stop the node, move its " +
              "STEMEDB_DB_DIR aside and start it; it answers once it has caught up",
          );
        }
        const info = await exclusive("rebuild", () => prepareRebuiltStore(ctx.db));
        request.log.info({ ...info }, "Prepared a rebuilt store; it is swapped in at the next start");
        return { ...info, applies: "at the next restart" };
      },
    );
  };
}
