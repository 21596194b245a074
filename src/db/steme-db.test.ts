import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ChecksumError, SignatureError } from "../errors.ts";
import { agentIdFromSeed, generateAgentKey } from "../model/index.ts";
import { collectingLogger } from "../../test/support/collecting-logger.ts";
import { makeAssertion, signed } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { GROUP_HEADER_FRAME_SIZE } from "../wal/group-header.ts";
import { FRAME_HEADER_SIZE } from "../wal/record-frame.ts";
import { SEGMENT_HEADER_SIZE } from "../wal/segment-header.ts";
import { DirectoryLockedError } from "./directory-lock.ts";
import { rebuildStore } from "./rebuild.ts";
import { StemeDb } from "./steme-db.ts";

function dirs(): { walDir: string; dbDir: string } {
  const root = tempDir();
  return { walDir: join(root, "wal"), dbDir: join(root, "db") };
}

test("an appended assertion is readable at once, identical, and a second write of it is a no-op", async () => {
  const db = await StemeDb.open(dirs());
  const a = makeAssertion();
  const first = await db.append(a);
  assert.equal(first.status, "created");
  assert.equal(first.seq, 1);
  assert.deepEqual(db.get(a.hash), a);
  const again = await db.append(makeAssertion());
  assert.equal(again.status, "exists");
  assert.equal(again.seq, undefined, "an idempotent write must not reach the WAL");
  assert.equal(db.store.assertionCount, 1);
  await db.close();
});

test("a co-signer adds its signature without changing the identity; the author stays first", async () => {
  const db = await StemeDb.open(dirs());
  const author = generateAgentKey();
  const cosigner = generateAgentKey();
  const byAuthor = signed(makeAssertion(), author.seedHex, author.agentId);
  assert.equal((await db.append(byAuthor)).status, "created");
  const byBoth = signed(makeAssertion(), cosigner.seedHex, cosigner.agentId);
  const result = await db.append(byBoth);
  assert.equal(result.status, "cosigned");
  assert.deepEqual(
    db.get(byAuthor.hash)?.signatures.map((s) => s.agentId),
    [author.agentId, cosigner.agentId],
  );
  assert.equal(db.get(byAuthor.hash)?.agentId, author.agentId);
  assert.equal((await db.append(byBoth)).status, "exists");
  assert.equal(db.store.assertionCount, 1);
  await db.close();
});

test("a signature that does not verify is rejected and nothing is stored", async () => {
  const db = await StemeDb.open(dirs());
  const key = generateAgentKey();
  const good = signed(makeAssertion(), key.seedHex, key.agentId);
  const forged = { ...good, signatures: [{ ...good.signatures[0]!, signature: "ab".repeat(64) }] };
  await assert.rejects(db.append(forged), SignatureError);
  const otherContent = signed(makeAssertion({ confidence: 0.5 }), key.seedHex, key.agentId);
  const replayed = { ...makeAssertion({ confidence: 0.6 }), signatures: otherContent.signatures };
  await assert.rejects(
    db.append(replayed),
    SignatureError,
    "a signature copied from other content must fail",
  );
  assert.equal(db.store.assertionCount, 0);
  assert.equal(db.get(good.hash), undefined);
  await db.close();
});

test("a batch is verified whole before anything is written, then stored in one group commit", async () => {
  let commits = 0;
  const db = await StemeDb.open({ ...dirs(), onGroupCommit: () => (commits += 1) });
  const key = generateAgentKey();
  const batch = Array.from({ length: 200 }, (_, i) =>
    signed(makeAssertion({ confidence: i / 200 }), key.seedHex, key.agentId),
  );
  const broken = [
    ...batch.slice(0, 10),
    { ...batch[10]!, signatures: [{ ...batch[10]!.signatures[0]!, signature: "00".repeat(64) }] },
  ];
  await assert.rejects(db.appendMany(broken), SignatureError);
  assert.equal(db.store.assertionCount, 0);
  const results = await db.appendMany(batch);
  assert.deepEqual(new Set(results.map((r) => r.status)), new Set(["created"]));
  assert.equal(commits, 1, "one batch, one fdatasync");
  assert.equal(db.store.assertionCount, 200);
  await db.close();
});

test("a batch answers each item as a single write would: stored, repeated, co-signed or new", async () => {
  const db = await StemeDb.open(dirs());
  const author = generateAgentKey();
  const cosigner = generateAgentKey();
  const stored = makeAssertion({ value: "stored" }, "agent-a");
  const signedByAuthor = signed(makeAssertion({ value: "signed" }), author.seedHex, author.agentId);
  await db.appendMany([stored, signedByAuthor]);
  const fresh = makeAssertion({ value: "fresh" }, "agent-b");
  const results = await db.appendMany([
    stored,
    fresh,
    signed(makeAssertion({ value: "signed" }), cosigner.seedHex, cosigner.agentId),
    fresh,
  ]);
  assert.deepEqual(
    results.map((r) => [r.hash, r.status]),
    [
      [stored.hash, "exists"],
      [fresh.hash, "created"],
      [signedByAuthor.hash, "cosigned"],
      [fresh.hash, "exists"],
    ],
  );
  assert.equal(results[0]?.seq, undefined, "content already stored does not reach the WAL");
  assert.equal(results[2]?.assertion.signatures.length, 2, "answers with every signature it has now");
  assert.equal((results[3]?.seq ?? 0) - (results[1]?.seq ?? 0), 2, "logged items have consecutive sequences");
  assert.equal(db.store.assertionCount, 3);
  await db.close();
});

test("indexes: a pair in time order and by range, a path, a subtree, a predicate, an agent, a source", async () => {
  const db = await StemeDb.open(dirs());
  const times = [300, 100, 200];
  for (const t of times) await db.append(makeAssertion({ timestamp: t, value: `v${t}` }, "agent-a"));
  await db.append(makeAssertion({ predicate: "dose", value: 1 }, "agent-b"));
  await db.append(makeAssertion({ concept_path: "drugs/semaglutide/oral", value: "x" }, "agent-b"));
  await db.append(makeAssertion({ concept_path: "drugs/semaglutide2", value: "y" }, "agent-b"));
  await db.append(
    makeAssertion(
      { concept_path: "drugs/aspirin", source: { uri: "fda://label/1", hash: "ab".repeat(32) } },
      "agent-c",
    ),
  );
  const store = db.store;
  const pair = store.findPair("drugs/semaglutide", "gastroparesis_risk");
  assert.ok(pair, "the pair exists");
  assert.deepEqual(
    [...store.scanPair(pair)].map((a) => a.timestampMs),
    [100_000, 200_000, 300_000],
  );
  assert.deepEqual(
    [...store.scanPair(pair, { reverse: true })].map((a) => a.timestampMs),
    [300_000, 200_000, 100_000],
  );
  assert.deepEqual(
    [...store.scanPair(pair, { fromMs: 150_000, toMs: 300_000 })].map((a) => a.timestampMs),
    [200_000],
  );
  assert.deepEqual(
    [...store.pairsOfPath("drugs/semaglutide")].map((p) => p.predicate),
    ["dose", "gastroparesis_risk"],
  );
  assert.deepEqual(
    [...store.pairsUnder("drugs/semaglutide")].map((p) => `${p.conceptPath} ${p.predicate}`),
    [
      "drugs/semaglutide dose",
      "drugs/semaglutide gastroparesis_risk",
      "drugs/semaglutide/oral gastroparesis_risk",
    ],
  );
  assert.equal([...store.pairsUnder("")].length, 5);
  assert.deepEqual(
    [...store.pairsOfPredicate("gastroparesis_risk")].map((p) => p.conceptPath),
    ["drugs/aspirin", "drugs/semaglutide", "drugs/semaglutide/oral", "drugs/semaglutide2"],
  );
  assert.deepEqual(
    [...store.scanAgent("agent-a")].map((a) => a.value.value),
    ["v100", "v200", "v300"],
  );
  assert.equal([...store.scanAgent("agent-b")].length, 3);
  assert.equal([...store.scanAgent("nobody")].length, 0);
  assert.equal([...store.scanSource({ uri: "fda://label/1" })][0]?.conceptPath, "drugs/aspirin");
  assert.equal([...store.scanSource({ hash: "ab".repeat(32) })][0]?.conceptPath, "drugs/aspirin");
  assert.equal([...store.scanSource({ uri: "fda://label" })].length, 0);
  await db.close();
});

test("data survives a close and reopen; a lost store is replayed from the WAL", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  const written = [];
  for (let i = 0; i < 50; i++) written.push((await db.append(makeAssertion({ confidence: i / 50 }))).hash);
  await db.close();

  const reopened = await StemeDb.open(options);
  assert.equal(reopened.openReport.replayed, 0);
  assert.equal(reopened.store.assertionCount, 50);
  await reopened.close();

  rmSync(options.dbDir, { recursive: true });
  const logger = collectingLogger();
  const replayed = await StemeDb.open({ ...options, logger });
  assert.equal(replayed.openReport.replayed, 50);
  assert.ok(
    logger.lines.some((l) => l.message === "Replayed 50 entries from WAL"),
    "the seed's log line is there",
  );
  for (const hash of written) assert.ok(replayed.get(hash), `assertion ${hash} is back`);
  await replayed.close();
});

test("a restart checks the WAL's records after the store's position, not those it has applied", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  for (let i = 0; i < 5; i++) await db.append(makeAssertion({ confidence: i / 10 }));
  await db.close();
  const [segment] = readdirSync(options.walDir).filter((name) => name.endsWith(".wal"));
  assert.ok(segment !== undefined, "the log has a segment");
  const path = join(options.walDir, segment);
  const bytes = readFileSync(path);
  // A byte of the first record's payload, after the segment's header, the group's and the frame's:
  // the record's checksum no longer matches.
  const damaged = SEGMENT_HEADER_SIZE + GROUP_HEADER_FRAME_SIZE + FRAME_HEADER_SIZE + 1;
  bytes[damaged] = (bytes[damaged] ?? 0) ^ 0xff;
  writeFileSync(path, bytes);

  const reopened = await StemeDb.open(options);
  assert.equal(reopened.store.assertionCount, 5, "the store has every record the damaged one included");
  assert.equal((await reopened.append(makeAssertion({ confidence: 0.99 }))).seq, 6);
  await reopened.close();

  rmSync(options.dbDir, { recursive: true });
  await assert.rejects(
    StemeDb.open(options),
    ChecksumError,
    "replaying it is refused: every record is checked",
  );
});

test("a store left open by a machine that went down is rebuilt from the WAL", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  const { hash } = await db.append(makeAssertion());
  await db.close();
  writeFileSync(
    join(options.dbDir, "store-state.json"),
    JSON.stringify({ open: true, bootId: "another-boot" }),
  );
  const logger = collectingLogger();
  const reopened = await StemeDb.open({ ...options, logger });
  assert.equal(reopened.openReport.rebuilt, true);
  assert.ok(
    logger.lines.some((l) => l.message.includes("Rebuilding indexes...")),
    "the rebuild is logged",
  );
  assert.ok(reopened.get(hash), "the assertion is back");
  await reopened.close();
});

test("a WAL wiped behind the store never reuses a sequence number the store has applied", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  for (let i = 0; i < 5; i++) await db.append(makeAssertion({ confidence: i / 10 }));
  await db.close();
  for (const name of readdirSync(options.walDir)) rmSync(join(options.walDir, name));
  const reopened = await StemeDb.open(options);
  const result = await reopened.append(makeAssertion({ confidence: 0.99 }));
  assert.equal(result.status, "created");
  assert.equal(result.seq, 6);
  await reopened.close();
});

test("a second process cannot open a directory in use", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  await assert.rejects(StemeDb.open(options), (error: unknown) => {
    assert.ok(error instanceof DirectoryLockedError, `expected DirectoryLockedError, got ${String(error)}`);
    return true;
  });
  await db.close();
  await (await StemeDb.open(options)).close();
});

test("rebuild recreates the same store from the WAL alone", async () => {
  const options = dirs();
  const db = await StemeDb.open(options);
  const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  for (let i = 0; i < 30; i++) {
    await db.append(
      signed(makeAssertion({ concept_path: `c/${i % 7}`, confidence: i / 30 }), seed, agentIdFromSeed(seed)),
    );
  }
  const before = [...db.store.hashes()].map((h) => db.get(h));
  await db.close();
  const report = await rebuildStore(options);
  assert.equal(report.records, 30);
  assert.equal(report.assertions, 30);
  const reopened = await StemeDb.open(options);
  assert.deepEqual(
    [...reopened.store.hashes()].map((h) => reopened.get(h)),
    before,
  );
  await reopened.close();
});

test("an acknowledged write is found by hash at once, and its repeat is 'exists', while a reopened store's filter fills", async () => {
  const options = dirs();
  const preloaded = await StemeDb.open(options);
  // More than two chunks of the hash filter's fill, so reads and writes interleave with it.
  for (let b = 0; b < 20; b++) {
    await preloaded.appendMany(
      Array.from({ length: 1_000 }, (_, i) => makeAssertion({ value: `pre-${b}-${i}` })),
    );
  }
  await preloaded.close();
  for (let round = 0; round < 5; round++) {
    const db = await StemeDb.open(options);
    try {
      await Promise.all(
        Array.from({ length: 4 }, async (_, writer) => {
          for (let k = 0; k < 5; k++) {
            // Batches of 50 commit on LMDB's writer thread, single writes on the event loop.
            const batch = Array.from({ length: writer % 2 === 0 ? 50 : 1 }, (_, i) =>
              makeAssertion({ value: `round-${round}-writer-${writer}-${k}-${i}` }),
            );
            const written = writer % 2 === 0 ? await db.appendMany(batch) : [await db.append(batch[0]!)];
            for (const result of written) {
              assert.equal(result.status, "created");
              assert.ok(
                db.store.has(result.hash) && db.get(result.hash) !== undefined,
                `${result.hash} is found`,
              );
            }
            for (const result of await db.appendMany(batch)) assert.equal(result.status, "exists");
          }
        }),
      );
    } finally {
      await db.close();
    }
  }
});
