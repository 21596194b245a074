import assert from "node:assert/strict";
import { closeSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { mountSmallFilesystem, type SmallFilesystem } from "../support/small-filesystem.ts";
import { tempDir } from "../support/temp-dir.ts";
import { WriteLedger } from "../support/write-ledger.ts";

const SERVER_ENV = {
  STEMEDB_ADMIN_TOKEN: "disk-full-test-admin-token-0123456789",
  // One load generator stands in for many clients: limits and quotas would refuse it before the
  // disk does, and quarantine would hold its machine-made claims out of reads.
  STEMEDB_RATE_LIMIT_ENABLED: "false",
  STEMEDB_QUOTA_ENABLED: "false",
  STEMEDB_QUARANTINE_ENABLED: "false",
  // Small segments, so the log also rotates (and fails to) while the disk fills.
  STEMEDB_WAL_SEGMENT_BYTES: String(1024 * 1024),
};
/** Free space left for the server's own writes to use up: enough for thousands of assertions. */
const HEADROOM_BYTES = 3 * 1024 * 1024;
const WRITERS = 4;
const BATCH = 100;

/** Writes a filler file until `leaveBytes` are free; with 0, until the filesystem refuses. */
function fill(fs: SmallFilesystem, leaveBytes: number): void {
  const fd = openSync(join(fs.dir, `filler-${Date.now()}-${leaveBytes}`), "a");
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  try {
    for (let free = fs.freeBytes(); leaveBytes === 0 || free > leaveBytes; free = fs.freeBytes()) {
      writeSync(fd, chunk, 0, leaveBytes === 0 ? chunk.length : Math.min(chunk.length, free - leaveBytes));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

/** Deletes the filler files: the space an operator frees. */
function freeSpace(fs: SmallFilesystem): void {
  for (const name of readdirSync(fs.dir)) if (name.startsWith("filler-")) rmSync(join(fs.dir, name));
}

/**
 * `WRITERS` clients write batches until one is refused, then the filler takes the last bytes, so
 * the disk is full however much a failed write gave back. Returns the seconds the fill took.
 */
async function writeUntilFull(
  fs: SmallFilesystem,
  url: string,
  ledger: WriteLedger,
  tag: string,
): Promise<number> {
  const began = performance.now();
  let full = false;
  const writer = async (): Promise<void> => {
    while (!full) {
      assert.ok(
        performance.now() - began < 20_000,
        `the disk fills within 20 s (${fs.freeBytes()} bytes free)`,
      );
      if ((await ledger.write(url, tag, BATCH)) !== "acknowledged") full = true;
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  fill(fs, 0);
  return (performance.now() - began) / 1000;
}

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function writableGauge(url: string): Promise<string | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return /^stemedb_storage_writable (\S+)$/m.exec(text)?.[1];
}

/** While full: writes answer 503, reads and health 200, the gauge says 0, the server is up. */
async function checkFull(server: ServerProcess, ledger: WriteLedger, context: string): Promise<void> {
  alive(server, context);
  // One small claim may still fit in a page the log or the store already has: 201 or 503 both do.
  await ledger.write(server.url, `${context}-probe`, 1);
  const batch = await ledger.write(server.url, `${context}-probe`, 500);
  assert.ok(batch !== "acknowledged", `${context}: a 500-assertion write is refused on a full disk`);
  const { status, body } = await health(server.url);
  const shown = JSON.stringify(body);
  assert.equal(status, 200, `${context}: GET /v1/health answers 200 while the disk is full: ${shown}`);
  assert.ok(body["writable"] === false, `${context}: health says writes are refused: ${shown}`);
  assert.ok(/no space left on device/i.test(String(body["reason"])), `${context}: health names the reason`);
  assert.equal(await writableGauge(server.url), "0", `${context}: stemedb_storage_writable is 0 while full`);
  await ledger.verify(server.url, { pendingVisible: false, context });
  alive(server, context);
}

function alive(server: ServerProcess, context: string): void {
  const { exitCode, signalCode } = server.child;
  assert.ok(
    exitCode === null && signalCode === null,
    `${context}: the server is still up (it exited: ${exitCode ?? signalCode}); its log ends:\n` +
      server.output().slice(-2000),
  );
}

/** Frees space and writes until a write is acknowledged again; returns the seconds it took. */
async function resume(
  fs: SmallFilesystem,
  url: string,
  ledger: WriteLedger,
  context: string,
): Promise<number> {
  freeSpace(fs);
  const began = performance.now();
  while ((await ledger.write(url, `${context}-resume`, 10)) !== "acknowledged") {
    assert.ok(
      performance.now() - began < 15_000,
      `${context}: writes are taken again within 15 s of freeing space`,
    );
    await new Promise((done) => setTimeout(done, 200));
  }
  return (performance.now() - began) / 1000;
}

describe("a full disk, on a real size-limited filesystem", () => {
  // One for the whole data directory; one for the store or the WAL alone.
  let fs: SmallFilesystem;
  let smallFs: SmallFilesystem;
  const mounted: SmallFilesystem[] = [];
  const ledger = new WriteLedger();
  before(() => {
    fs = mountSmallFilesystem(24);
    mounted.push(fs);
    smallFs = mountSmallFilesystem(12);
    mounted.push(smallFs);
  });
  after(() => {
    for (const filesystem of mounted) filesystem.unmount();
  });
  const dataEnv = (): Record<string, string> => ({
    ...SERVER_ENV,
    STEMEDB_WAL_DIR: join(fs.dir, "data", "wal"),
    STEMEDB_DB_DIR: join(fs.dir, "data", "db"),
  });

  it("refuses writes with 503 while full, keeps serving reads, and takes writes again without a restart", async (t) => {
    let server = await startServer(dataEnv());
    assert.equal(await writableGauge(server.url), "1", "stemedb_storage_writable is 1 on a fresh start");
    fill(fs, HEADROOM_BYTES);
    const seconds = await writeUntilFull(fs, server.url, ledger, "fill");
    t.diagnostic(
      `${fs.kind}: filled in ${seconds.toFixed(2)} s; ${ledger.count("acknowledged")} acknowledged`,
    );
    t.diagnostic(
      `answers: ${JSON.stringify(ledger.statuses)}; refused ${ledger.count("refused")}, pending ${ledger.count("pending")}`,
    );
    await checkFull(server, ledger, "full");

    if (ledger.restartRequired) {
      // A failed fsync leaves the log's state unknown: the WAL refuses writes until a restart
      // re-reads it. Show that the restart recovers everything acknowledged.
      t.diagnostic("the WAL's fsync failed while full: freeing space and restarting, as its 503 asks");
      freeSpace(fs);
      await server.stop();
      server = await startServer(dataEnv());
    }
    const resumed = await resume(fs, server.url, ledger, "after");
    t.diagnostic(`writes resumed ${resumed.toFixed(2)} s after space was freed, without a restart`);
    await ledger.verify(server.url, { pendingVisible: true, context: "after space returned" });
    const { status, body } = await health(server.url);
    assert.ok(
      status === 200 && body["writable"] === true,
      `health is writable again: ${JSON.stringify(body)}`,
    );
    assert.equal(await writableGauge(server.url), "1", "stemedb_storage_writable is 1 again");
    assert.equal(ledger.count("unanswered"), 0, "every write got an answer");
    assert.equal(await server.stop(), 0, "the server shuts down cleanly after the episode");
  });

  it("loses no acknowledged write when killed with SIGKILL on a full disk, and the WAL recovers cleanly", async (t) => {
    const server = await startServer(dataEnv());
    await ledger.verify(server.url, { pendingVisible: true, context: "after a clean restart" });
    fill(fs, HEADROOM_BYTES);
    const seconds = await writeUntilFull(fs, server.url, ledger, "kill");
    t.diagnostic(
      `filled again in ${seconds.toFixed(2)} s; ${ledger.count("acknowledged")} acknowledged in all`,
    );
    await checkFull(server, ledger, "full again");
    // Writes in flight at the moment of the kill: either outcome is fine, but whole.
    const inFlight = Array.from({ length: WRITERS }, () => ledger.write(server.url, "in-flight", BATCH));
    await new Promise((done) => setTimeout(done, 5));
    server.child.kill("SIGKILL");
    await Promise.all(inFlight);
    await server.stop();
    assert.equal(server.child.signalCode, "SIGKILL", "the server died by SIGKILL, not by itself");
    freeSpace(fs);

    const restarted = await startServer(dataEnv());
    const replayed = /Replayed \d+ entries from WAL/.exec(restarted.output())?.[0];
    assert.ok(replayed !== undefined, "the restart recovered the log without refusing it");
    const torn = /WAL tail of [^,]* was torn[^"]*/.exec(restarted.output())?.[0] ?? "no torn tail to cut";
    t.diagnostic(`after SIGKILL: ${replayed}; ${torn}`);
    await ledger.verify(restarted.url, { pendingVisible: true, context: "after SIGKILL and restart" });
    assert.equal(
      await ledger.write(restarted.url, "after-kill", 10),
      "acknowledged",
      "writes are taken after the restart",
    );
    assert.equal(await restarted.stop(), 0, "the restarted server shuts down cleanly");
  });

  // Each part on its own disk, so each failure path is taken for certain: the store's (ingest
  // retries; the writes the WAL already holds are applied later) and the log's (nothing stored).
  for (const full of ["store", "wal"] as const) {
    const title =
      full === "store"
        ? "refuses writes while only the store's disk is full, and applies the WAL's durable writes once it has room"
        : "refuses writes while only the WAL's disk is full, storing nothing of them, and recovers cleanly";
    it(title, async (t) => {
      const split = new WriteLedger();
      const roomy = tempDir();
      const dirs = {
        STEMEDB_WAL_DIR: full === "wal" ? join(smallFs.dir, "wal") : join(roomy, "wal"),
        STEMEDB_DB_DIR: full === "store" ? join(smallFs.dir, "db") : join(roomy, "db"),
      };
      const server = await startServer({ ...SERVER_ENV, ...dirs });
      // The log takes about a quarter of what log and store take together: less room, as many writes.
      fill(smallFs, full === "wal" ? HEADROOM_BYTES / 4 : HEADROOM_BYTES);
      const seconds = await writeUntilFull(smallFs, server.url, split, full);
      t.diagnostic(`${full} filled in ${seconds.toFixed(2)} s; ${split.count("acknowledged")} acknowledged`);
      t.diagnostic(`answers: ${JSON.stringify(split.statuses)}; ${split.reasons.join(" | ")}`);
      if (full === "store") {
        assert.ok(split.count("pending") > 0, "the first refused writes were durable in the WAL");
      } else {
        assert.equal(split.count("pending"), 0, "the store never failed");
        assert.ok(
          split.reasons.some((r) => /for the WAL/.test(r)),
          "the 503 names the WAL's disk",
        );
      }
      await checkFull(server, split, `${full} full`);
      const resumed = await resume(smallFs, server.url, split, `${full} after`);
      t.diagnostic(`writes resumed ${resumed.toFixed(2)} s after space was freed, without a restart`);
      await split.verify(server.url, { pendingVisible: true, context: `${full} after space returned` });
      assert.equal(await writableGauge(server.url), "1", "stemedb_storage_writable is 1 again");
      assert.equal(split.count("unanswered"), 0, "every write got an answer");
      assert.equal(await server.stop(), 0, "the server shuts down cleanly");
      // The failed writes left nothing behind that recovery would refuse or replay.
      const restarted = await startServer({ ...SERVER_ENV, ...dirs });
      await split.verify(restarted.url, { pendingVisible: true, context: `${full} after a restart` });
      assert.equal(await restarted.stop(), 0, "the restarted server shuts down cleanly");
      rmSync(join(smallFs.dir, full === "wal" ? "wal" : "db"), { recursive: true, force: true });
    });
  }
});
