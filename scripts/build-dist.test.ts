import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, readdirSync, readFileSync, renameSync, symlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { tempDir } from "../test/support/temp-dir.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

/** What bin/dist.js exports (plain JavaScript, so typed here). */
interface Dist {
  ensureDist(): Promise<string | undefined>;
  isFresh(): boolean;
}

/**
 * A copy of the project to build, touch and delete in (at `under` in a temporary directory),
 * sources with their mtimes; node_modules is the repository's, only read.
 */
function projectCopy(under = "project"): string {
  const root = join(tempDir("stemedb-dist-"), under);
  for (const entry of ["src", "bin", "package.json", "tsconfig.json"]) {
    cpSync(join(REPO, entry), join(root, entry), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  return root;
}

async function distOf(root: string): Promise<Dist> {
  return (await import(pathToFileURL(join(root, "bin", "dist.js")).href)) as Dist;
}

function builtAt(root: string): number {
  const line = readFileSync(join(root, "dist", "cli.mjs"), "utf8").split("\n", 1)[0] ?? "";
  return (JSON.parse(line.slice(line.indexOf("{"))) as { builtAt: number }).builtAt;
}

test("ensureDist builds the bundle when dist/ is missing, then reuses it", async () => {
  const root = projectCopy();
  const dist = await distOf(root);
  assert.equal(dist.isFresh(), false);
  const bundle = await dist.ensureDist();
  assert.equal(bundle, join(root, "dist", "cli.mjs"));
  assert.equal(dist.isFresh(), true);
  const first = builtAt(root);
  assert.equal(await dist.ensureDist(), bundle);
  assert.equal(builtAt(root), first, "a fresh bundle is not rebuilt");
  assert.deepEqual(readdirSync(join(root, "dist")).sort(), ["cli.mjs", "cli.mjs.map"]);
});

test("a source file modified or deleted since the build makes the bundle stale", async () => {
  const root = projectCopy();
  const dist = await distOf(root);
  await dist.ensureDist();
  const source = join(root, "src", "waiting.ts");
  // Just after the build started: the file was saved while it ran.
  const saved = (builtAt(root) + 1) / 1000;
  utimesSync(source, saved, saved);
  assert.equal(dist.isFresh(), false);
  await dist.ensureDist();
  assert.equal(dist.isFresh(), true);

  renameSync(source, `${source}.moved`);
  assert.equal(dist.isFresh(), false);
  renameSync(`${source}.moved`, source); // A rename keeps the mtime: as before the deletion.
  assert.equal(dist.isFresh(), true);
});

test("installed under node_modules, the bundle it shipped with is used although unpacking made the sources newer", async () => {
  const root = projectCopy(join("node_modules", "stemedb"));
  const dist = await distOf(root);
  await dist.ensureDist();
  const first = builtAt(root);
  const unpacked = new Date();
  utimesSync(join(root, "src", "waiting.ts"), unpacked, unpacked);
  assert.equal(dist.isFresh(), false);
  assert.equal(await dist.ensureDist(), join(root, "dist", "cli.mjs"));
  assert.equal(builtAt(root), first, "not rebuilt");
});

test("concurrent starts leave one complete bundle and no temporary files", async () => {
  const root = projectCopy();
  const ensure = `import { ensureDist } from ${JSON.stringify(pathToFileURL(join(root, "bin", "dist.js")).href)};
    console.log(await ensureDist());`;
  const outputs = await Promise.all(
    [1, 2, 3].map(() => run(process.execPath, ["--input-type=module", "--eval", ensure])),
  );
  for (const { stdout } of outputs) assert.equal(stdout.trim(), join(root, "dist", "cli.mjs"));
  assert.equal((await distOf(root)).isFresh(), true);
  assert.deepEqual(readdirSync(join(root, "dist")).sort(), ["cli.mjs", "cli.mjs.map"]);
  const { stdout } = await run(process.execPath, [join(root, "bin", "stemedb.js"), "--version"]);
  assert.equal(stdout, `stemedb ${VERSION}\n`);
});

test("the server starts from the bundle and takes a write", { timeout: 60_000 }, async () => {
  const root = projectCopy();
  assert.equal(await (await distOf(root)).ensureDist(), join(root, "dist", "cli.mjs"));
  const data = tempDir();
  const server = spawn(process.execPath, [join(root, "bin", "stemedb-api.js")], {
    env: {
      PATH: process.env["PATH"] ?? "",
      STEMEDB_BIND_ADDR: "127.0.0.1:0",
      STEMEDB_WAL_DIR: join(data, "wal"),
      STEMEDB_DB_DIR: join(data, "db"),
      STEMEDB_BACKUP_DIR: join(data, "backups"),
    },
    cwd: data,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const listening = /Startup complete, listening on (http:\/\/[^"\s]+)/.exec(output)?.[1];
        if (listening !== undefined) resolve(listening);
      };
      server.stdout.on("data", onData);
      server.stderr.on("data", onData);
      server.on("exit", (code) => {
        reject(new Error(`The server exited with ${String(code)} before listening:\n${output}`));
      });
    });
    assert.equal((await fetch(`${url}/v1/health`)).status, 200);
    const write = await fetch(`${url}/v1/assert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        concept_path: "drugs/semaglutide",
        predicate: "gastroparesis_risk",
        value: "rare",
        confidence: 0.9,
        authority_tier: "regulatory",
      }),
    });
    assert.equal(write.status, 201);
    assert.equal(((await write.json()) as { status: string }).status, "created");
  } finally {
    if (server.exitCode === null) {
      const exited = once(server, "exit");
      server.kill("SIGTERM");
      await exited;
    }
  }
});

test("when dist/ cannot be written, the command runs through tsx", async () => {
  const root = projectCopy();
  // A file where dist/ should be: the bundle cannot be written.
  cpSync(join(root, "package.json"), join(root, "dist"));
  const { stdout } = await run(process.execPath, [join(root, "bin", "stemedb.js"), "--version"]);
  assert.equal(stdout, `stemedb ${VERSION}\n`);
});
