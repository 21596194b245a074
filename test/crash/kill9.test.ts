import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { StemeDb } from "../../src/db/steme-db.ts";
import { decodeLogAssertion } from "../../src/store/assertion-codec.ts";
import { Wal } from "../../src/wal/wal.ts";
import { tempDir } from "../support/temp-dir.ts";
import { killWriterAtRandom } from "./kill-writer.ts";

const ROUNDS = 24;
const CHILD = join(import.meta.dirname, "writer-child.ts");

/**
 * Runs the writer child until a random moment after it is ready, then SIGKILLs it: the hashes it
 * acknowledged, and how often the store refused a commit and the child retried.
 */
async function crashRound(
  walDir: string,
  dbDir: string,
  round: number,
): Promise<{ acknowledged: string[]; refusals: number }> {
  const acknowledged: string[] = [];
  let refusals = 0;
  await killWriterAtRandom(CHILD, [walDir, dbDir, String(round), "64"], 700, (line) => {
    if (line.startsWith("unavailable: ")) refusals += 1;
    else acknowledged.push(line);
  });
  return { acknowledged, refusals };
}

test(`no acknowledged write is lost across ${ROUNDS} SIGKILLs, and the store matches the WAL exactly`, async (t) => {
  const root = tempDir();
  const walDir = join(root, "wal");
  const dbDir = join(root, "db");
  const everAcknowledged = new Set<string>();
  let totalAcknowledged = 0;
  let totalRefusals = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const { acknowledged, refusals } = await crashRound(walDir, dbDir, round);
    totalAcknowledged += acknowledged.length;
    totalRefusals += refusals;
    for (const hash of acknowledged) everAcknowledged.add(hash);

    const db = await StemeDb.open({ walDir, dbDir });
    for (const hash of everAcknowledged) {
      assert.ok(db.get(hash), `round ${round}: acknowledged assertion ${hash} is missing after SIGKILL`);
    }
    const storeHashes = [...db.store.hashes()];
    assert.equal(new Set(storeHashes).size, storeHashes.length, "each assertion is stored exactly once");
    assert.equal(db.store.assertionCount, storeHashes.length, "the stored count matches the index");
    await db.close();

    // The store holds exactly what the log holds: nothing lost, nothing extra, nothing applied twice.
    const { wal } = await Wal.open({ dir: walDir });
    const logHashes = new Set<string>();
    let lastSeq = 0;
    for (const record of wal.read(1)) {
      logHashes.add(decodeLogAssertion(record.payload).assertion.hash);
      lastSeq = record.seq;
    }
    await wal.close();
    assert.deepEqual(new Set(storeHashes), logHashes, `round ${round}: store and WAL disagree`);
    const reopened = await StemeDb.open({ walDir, dbDir });
    assert.equal(
      reopened.store.appliedSeq,
      lastSeq,
      "the store has applied exactly up to the end of the log",
    );
    assert.equal(reopened.openReport.replayed, 0, "a clean reopen replays nothing twice");
    await reopened.close();
  }
  t.diagnostic(
    `${totalAcknowledged} acknowledged appends over ${ROUNDS} kills; ${everAcknowledged.size} distinct; ` +
      `${totalRefusals} appends refused as unavailable (store commit failed) and retried`,
  );
  assert.ok(totalAcknowledged > ROUNDS * 10, `the writers made progress (${totalAcknowledged} acknowledged)`);
});
