import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { rebuildStore } from "./rebuild.ts";
import { StemeDb } from "./steme-db.ts";

function dirs(): { walDir: string; dbDir: string } {
  const root = tempDir();
  return { walDir: join(root, "wal"), dbDir: join(root, "db") };
}

const HELD_AT = 1_706_745_700_000;

test("a held write is durable but invisible; a plain write of the same content stays held", async () => {
  const db = await StemeDb.open(dirs());
  const a = makeAssertion({ value: "spam" }, "agent-x");
  const held = await db.hold({ assertion: a, reason: "low_quality", detail: "score 0.1", heldAtMs: HELD_AT });
  assert.equal(held.status, "quarantined");
  assert.equal(db.get(a.hash), undefined, "a held write is not readable");
  assert.equal(db.store.assertionCount, 0, "a held write is not counted");
  assert.equal([...db.store.scanAgent("agent-x")].length, 0, "a held write is not indexed");
  assert.equal(db.store.shield.pendingCount, 1);
  assert.equal(db.store.shield.held(a.hash)?.state, "pending");
  const plain = await db.append(a);
  assert.equal(plain.status, "quarantined", "the same content written plainly is still held");
  assert.equal(plain.reason, "low_quality");
  assert.equal(db.get(a.hash), undefined, "still not readable");
  assert.equal(
    (await db.hold({ assertion: a, reason: "x", detail: "y", heldAtMs: HELD_AT })).status,
    "exists",
  );
  assert.ok(db.store.side.trustOf("agent-x") < 0.5, "a held write lowers its author's trust a little");
  await db.close();
});

test("approval indexes a held write (a new assertion to change feeds); rejection keeps it held", async () => {
  const db = await StemeDb.open(dirs());
  const seen: string[] = [];
  db.onNewAssertions((assertions) => seen.push(...assertions.map((a) => a.hash)));
  const good = makeAssertion({ value: "fine after all" }, "agent-y");
  const bad = makeAssertion({ value: "spam spam" }, "agent-y");
  for (const assertion of [good, bad])
    await db.hold({ assertion, reason: "near_duplicate", detail: "d", heldAtMs: HELD_AT });
  const trustBefore = db.store.side.trustOf("agent-y", HELD_AT + 1);
  const approve = { kind: "quarantine_decision", hash: good.hash, by: "admin", atMs: HELD_AT + 1 } as const;
  assert.equal((await db.appendControl({ ...approve, decision: "approve" })).status, "created");
  assert.deepEqual(db.get(good.hash), good, "an approved write reads back identical");
  assert.equal(db.store.assertionCount, 1);
  assert.deepEqual(seen, [good.hash], "the approval reached the change feed");
  assert.equal((await db.appendControl({ ...approve, decision: "reject" })).status, "exists", "decided once");
  const reject = { ...approve, hash: bad.hash, decision: "reject", note: "spam" } as const;
  assert.equal((await db.appendControl(reject)).status, "created");
  assert.equal(db.get(bad.hash), undefined);
  assert.equal(db.store.shield.held(bad.hash)?.state, "rejected");
  assert.equal(db.store.shield.held(bad.hash)?.note, "spam");
  assert.equal(db.store.shield.pendingCount, 0);
  assert.deepEqual(
    db.store.shield
      .listHeld({ limit: 10 })
      .map((h) => h.state)
      .sort(),
    ["approved", "rejected"],
  );
  assert.deepEqual(db.store.shield.listHeld({ limit: 10, state: "pending" }), []);
  assert.ok(db.store.side.trustOf("agent-y", HELD_AT + 1) < trustBefore, "a rejection outweighs an approval");
  assert.equal((await db.append(bad)).status, "quarantined", "rejected content can never be written plainly");
  await db.close();
});

test("API keys, revocations and agent policies survive a restart and a rebuild from the WAL", async () => {
  const where = dirs();
  let db = await StemeDb.open(where);
  const held = makeAssertion({ value: "held" }, "agent-z");
  await db.hold({ assertion: held, reason: "pattern_match", detail: "matched", heldAtMs: HELD_AT });
  await db.appendControl({
    kind: "api_key",
    id: "key_0000000000000001",
    keyHash: "a".repeat(64),
    agentId: "agent-z",
    tierCap: 4,
    createdAtMs: HELD_AT,
  });
  await db.appendControl({ kind: "api_key_revoked", id: "key_0000000000000001", atMs: HELD_AT + 5 });
  await db.appendControl({ kind: "agent_policy", agentId: "agent-z", tierCap: 3, quotaPerHour: 50, atMs: 1 });
  await db.appendControl({
    kind: "agent_policy",
    agentId: "agent-z",
    banned: true,
    quotaPerHour: null,
    atMs: 2,
  });
  const expectState = (label: string): void => {
    assert.equal(db.store.shield.apiKeyByHash("a".repeat(64))?.revokedAtMs, HELD_AT + 5, `${label}: key`);
    assert.deepEqual(
      db.store.shield.policy("agent-z"),
      { agentId: "agent-z", tierCap: 3, banned: true, updatedAtMs: 2 },
      `${label}: policy merges field by field; null clears`,
    );
    assert.equal(db.store.shield.held(held.hash)?.state, "pending", `${label}: hold`);
    assert.equal(db.store.shield.pendingCount, 1, `${label}: pending count`);
  };
  expectState("live");
  await db.close();
  db = await StemeDb.open(where);
  expectState("reopened");
  await db.close();
  await rebuildStore(where);
  db = await StemeDb.open(where);
  expectState("rebuilt");
  await db.close();
});
