import assert from "node:assert/strict";
import { appendFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { StemeDb } from "../db/steme-db.ts";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { listLogSegments } from "../wal/log-segments.ts";
import { readRecords } from "../wal/read-records.ts";
import { WalArchiver } from "./wal-archiver.ts";

async function openDb(segmentSize = 2048): Promise<StemeDb> {
  const root = tempDir();
  return StemeDb.open({ walDir: join(root, "wal"), dbDir: join(root, "db"), segmentSize });
}

async function write(db: StemeDb, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 5) {
    await Promise.all(
      Array.from({ length: 5 }, (_, k) =>
        db.append(makeAssertion({ concept_path: `archive/${i + k}`, value: i + k })),
      ),
    );
  }
}

/** Sequence numbers the archive holds, read back with every checksum checked. */
function archivedSeqs(dir: string): number[] {
  const segments = listLogSegments(dir);
  const last = segments.at(-1);
  const tailSize = last === undefined ? 0 : statSync(last.path).size;
  return [...readRecords(segments, { fromSeq: 1, tailSize })].map((r) => r.seq);
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("WalArchiver", () => {
  it("holds every durable record after a pass: sealed segments whole, the live one's new bytes appended", async () => {
    const db = await openDb();
    const dir = join(tempDir(), "archive");
    const archiver = new WalArchiver({ dir, maxDelayMs: 60_000, prefix: () => db.walPrefix });
    await write(db, 0, 40);
    const first = await archiver.archiveNow();
    assert.ok(first.sealed.length > 0, "the small segments rotated");
    assert.deepEqual(archivedSeqs(dir), upTo(40));
    assert.equal(archiver.pendingSegments, 0);

    await db.close();
  });

  it("appends only the live segment's new bytes to its archived copy", async () => {
    const db = await openDb(1 << 20);
    const dir = join(tempDir(), "archive");
    const archiver = new WalArchiver({ dir, maxDelayMs: 60_000, prefix: () => db.walPrefix });
    await write(db, 0, 10);
    const first = await archiver.archiveNow();
    await write(db, 10, 5);
    const second = await archiver.archiveNow();
    assert.equal(second.tail?.name, first.tail?.name, "one live segment");
    assert.ok((second.tail?.bytes ?? 0) > (first.tail?.bytes ?? 0), "its copy grew");
    assert.equal(statSync(join(dir, second.tail?.name ?? "")).size, second.tail?.bytes);
    assert.deepEqual(archivedSeqs(dir), upTo(15));
    await db.close();
  });

  it("replaces an archived live segment that changed behind its back (a torn append) whole", async () => {
    const db = await openDb();
    const dir = join(tempDir(), "archive");
    const archiver = new WalArchiver({ dir, maxDelayMs: 60_000, prefix: () => db.walPrefix });
    await write(db, 0, 10);
    const { tail } = await archiver.archiveNow();
    appendFileSync(join(dir, tail?.name ?? ""), Buffer.from([9, 9, 9]));
    await write(db, 10, 5);
    await archiver.archiveNow();
    assert.deepEqual(archivedSeqs(dir), upTo(15));
    await db.close();
  });

  it("keeps the archive within the maximum delay of the log without being asked, and finishes it on stop", async () => {
    const db = await openDb();
    const dir = join(tempDir(), "archive");
    const archiver = new WalArchiver({ dir, maxDelayMs: 50, prefix: () => db.walPrefix });
    archiver.start();
    await write(db, 0, 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(archivedSeqs(dir), upTo(20), "archived by the timer");
    assert.ok((archiver.lastSuccessMs ?? 0) > Date.now() - 1000, "lastSuccessMs is recent");
    await write(db, 20, 5);
    await archiver.stop();
    assert.deepEqual(archivedSeqs(dir), upTo(25), "the last pass on stop");
    assert.ok(
      readdirSync(dir).every((name) => name.endsWith(".wal")),
      `no temporary files: ${readdirSync(dir).join(", ")}`,
    );
    await db.close();
  });
});
