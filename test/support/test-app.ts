import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import type { AppContext } from "../../src/api/app-context.ts";
import { buildApp, type App } from "../../src/api/build-app.ts";
import { StemeDb } from "../../src/db/steme-db.ts";
import { loadConfig } from "../../src/ops/config.ts";
import { openArchiver } from "../../src/ops/open-archiver.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { openShield } from "../../src/ops/open-shield.ts";
import { silentLogger } from "../../src/logger.ts";
import { VERSION } from "../../src/ops/version.ts";

/** The admin token of every `testApp`, for admin routes: `authorization: ADMIN_AUTH`. */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const ADMIN_AUTH = `Bearer ${TEST_ADMIN_TOKEN}`;

/**
 * The real application over a real database in a temp directory, for `app.inject` tests (no
 * socket). Closed when the test file ends. The admin token is `TEST_ADMIN_TOKEN` unless `env`
 * sets another.
 */
export async function testApp(
  env: Record<string, string> = {},
): Promise<{ app: App; db: StemeDb; ctx: AppContext }> {
  const root = mkdtempSync(join(tmpdir(), "stemedb-app-"));
  const config = loadConfig({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
    STEMEDB_BACKUP_DIR: join(root, "backups"),
    STEMEDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  });
  const db = await StemeDb.open({ walDir: config.walDir, dbDir: config.dbDir });
  const metrics = new Metrics(
    () => db.store.assertionCount,
    () => db.walSegments,
  );
  const ctx: AppContext = {
    evidence: db.evidence,
    shield: openShield({ config, db, logger: silentLogger, metrics }),
    archiver: openArchiver(config, db, silentLogger, metrics),
    db,
    config,
    metrics,
    version: VERSION,
    startedAt: performance.now(),
    state: { draining: false },
  };
  const app = await buildApp(ctx);
  after(async () => {
    await app.close();
    await db.close();
    rmSync(root, { recursive: true, force: true });
  });
  return { app, db, ctx };
}
