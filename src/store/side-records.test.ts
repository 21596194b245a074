import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { StemeDb } from "../db/steme-db.ts";
import { normalizeVote, type Assertion } from "../model/index.ts";
import { voteTrustEffect } from "./side-records.ts";

// Every record is dated in the 1,000 s from 2024-02-01 00:00 UTC and trust is read right after:
// decay toward neutral (30-day half-life) moves nothing by more than 1e-5.
const T0 = 1_706_745_600;
const READ_AT = (T0 + 1_000) * 1000;
const EPSILON = 1e-5;

async function openDb(): Promise<StemeDb> {
  const root = tempDir();
  return StemeDb.open({ walDir: join(root, "wal"), dbDir: join(root, "db") });
}

async function vote(
  db: StemeDb,
  on: Assertion,
  voter: string,
  weight: number,
  atSeconds: number,
): Promise<void> {
  await db.appendRecord({
    kind: "vote",
    record: normalizeVote(
      { assertion: on.hash, weight, timestamp: atSeconds },
      { nowMs: atSeconds * 1000, agentId: voter },
    ),
  });
}

/** Raises `agent`'s trust above neutral with approvals of its claims by a reviewer. */
async function establish(db: StemeDb, agent: string, approvals: number): Promise<void> {
  for (let i = 0; i < approvals; i++) {
    const claim = makeAssertion({ concept_path: `record/${agent}/${i}`, timestamp: T0 + i }, agent);
    await db.append(claim);
    await db.append(
      makeAssertion(
        {
          concept_path: `record/${agent}/${i}`,
          lifecycle: "approved",
          parent: claim.hash,
          timestamp: T0 + 100 + i,
        },
        "reviewer",
      ),
    );
  }
}

describe("voteTrustEffect", () => {
  const cases: [weight: number, voterTrust: number, want: number][] = [
    [1, 0.5, 0.005],
    [0.8, 0.5, 0.004],
    [0, 0.5, 0],
    [0, 0.3, 0],
    [1, 0.9, 0.009],
    [0, 0.9, -0.008],
    [0.5, 1, 0],
    [0, 1, -0.01],
  ];
  for (const [weight, voterTrust, want] of cases) {
    it(`weight ${weight} from trust ${voterTrust}: ${want}`, () => {
      assert.ok(
        Math.abs(voteTrustEffect(weight, voterTrust) - want) < 1e-12,
        `${voteTrustEffect(weight, voterTrust)}`,
      );
    });
  }
});

describe("trust moved by votes", () => {
  it("a voter voting for the same claim again and again raises its author's trust once", async () => {
    const db = await openDb();
    const claim = makeAssertion({}, "author");
    await db.append(claim);
    await vote(db, claim, "fan", 1, T0 + 10);
    const once = db.store.side.trustOf("author", READ_AT);
    for (let i = 1; i <= 5; i++) await vote(db, claim, "fan", 1, T0 + 10 + i);
    assert.ok(once > 0.5, `one vote raises trust: ${once}`);
    assert.ok(Math.abs(db.store.side.trustOf("author", READ_AT) - once) < EPSILON, "the repeats add nothing");
    await db.close();
  });

  it("a later vote replaces the earlier one in trust as in the tally", async () => {
    const db = await openDb();
    const claim = makeAssertion({}, "author");
    await db.append(claim);
    await vote(db, claim, "fan", 1, T0 + 10);
    await vote(db, claim, "fan", 0.2, T0 + 20);
    const replaced = db.store.side.trustOf("author", READ_AT);
    assert.ok(Math.abs(replaced - (0.5 + voteTrustEffect(0.2, 0.5))) < EPSILON, `${replaced}`);
    // An older vote arriving late is already replaced: it changes nothing.
    await vote(db, claim, "fan", 1, T0 + 15);
    assert.ok(Math.abs(db.store.side.trustOf("author", READ_AT) - replaced) < EPSILON);
    await db.close();
  });

  it("a new agent's vote of 0 changes nothing; an established agent's lowers trust", async () => {
    const db = await openDb();
    const claim = makeAssertion({}, "author");
    await db.append(claim);
    await vote(db, claim, "stranger", 0, T0 + 500);
    assert.equal(db.store.side.trustOf("author", READ_AT), 0.5, "a fresh key cannot vote trust down");
    await establish(db, "peer", 4);
    const peerTrust = db.store.side.trustOf("peer", READ_AT);
    assert.ok(peerTrust > 0.6, `the peer is established: ${peerTrust}`);
    await vote(db, claim, "peer", 0, T0 + 600);
    assert.ok(db.store.side.trustOf("author", READ_AT) < 0.5, "reviewed and not backed by a trusted peer");
    await db.close();
  });

  it("votes written together reach the same trust as votes written one by one", async () => {
    const sequential = await openDb();
    const together = await openDb();
    const claim = makeAssertion({}, "author");
    for (const db of [sequential, together]) await db.append(claim);
    const votes = [1, 0.5, 1, 0, 1].map((weight, i) => ({ weight, at: T0 + 10 + i }));
    for (const v of votes) await vote(sequential, claim, "fan", v.weight, v.at);
    await Promise.all(votes.map((v) => vote(together, claim, "fan", v.weight, v.at)));
    const want = sequential.store.side.trustOf("author", READ_AT);
    assert.ok(
      Math.abs(together.store.side.trustOf("author", READ_AT) - want) < EPSILON,
      "only the latest vote counts",
    );
    assert.ok(Math.abs(want - (0.5 + voteTrustEffect(1, 0.5))) < EPSILON, `${want}`);
    await sequential.close();
    await together.close();
  });
});
