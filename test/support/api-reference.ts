import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { buildApp } from "../../src/api/build-app.ts";
import { openApiToMarkdown } from "../../src/api/openapi-markdown.ts";
import { StemeDb } from "../../src/db/steme-db.ts";
import { silentLogger } from "../../src/logger.ts";
import { loadConfig } from "../../src/ops/config.ts";
import { openShield } from "../../src/ops/open-shield.ts";
import { VERSION } from "../../src/ops/version.ts";

/** Builds the application on a throwaway store and renders its OpenAPI document as Markdown. */
export async function renderApiReference(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "stemedb-docs-"));
  const config = loadConfig({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
    STEMEDB_ADMIN_TOKEN: "docs-admin-token-never-served",
  });
  const db = await StemeDb.open({ walDir: config.walDir, dbDir: config.dbDir });
  try {
    const app = await buildApp({
      db,
      config,
      metrics: undefined,
      evidence: db.evidence,
      shield: openShield({ config, db, logger: silentLogger, metrics: undefined }),
      archiver: undefined,
      version: VERSION,
      startedAt: 0,
      state: { draining: false },
    });
    await app.ready();
    const markdown = openApiToMarkdown(app.swagger() as Parameters<typeof openApiToMarkdown>[0]);
    await app.close();
    // Formatted as the repository formats Markdown, so `prettier --check` and this agree.
    const options = (await resolveConfig("docs/api.md")) ?? {};
    return await format(markdown, { ...options, parser: "markdown" });
  } finally {
    await db.close();
    rmSync(root, { recursive: true, force: true });
  }
}
