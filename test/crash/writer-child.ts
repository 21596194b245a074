/**
 * Child process for the crash test: appends assertions from many concurrent writers as fast as it
 * can and prints each hash to stdout the moment its append is acknowledged (durable and applied).
 * The parent kills it with SIGKILL at a random moment and then checks that every hash it was told
 * about survived. An append refused as unavailable (the store could not commit; the record is in
 * the WAL) is retried as a client retries a 503, and reported with an `unavailable: ` line.
 *
 * Usage: writer-child.ts <walDir> <dbDir> <round> <writers>
 */
import { setTimeout as sleep } from "node:timers/promises";
import { StemeDb } from "../../src/db/steme-db.ts";
import { UnavailableError } from "../../src/errors.ts";
import { normalizeAssertion } from "../../src/model/index.ts";
import { writeLine } from "./write-line.ts";

const [walDir, dbDir, roundText, writersText] = process.argv.slice(2);
if (walDir === undefined || dbDir === undefined)
  throw new Error("usage: writer-child.ts <walDir> <dbDir> <round> <writers>");
const round = Number(roundText ?? 0);
const writers = Number(writersText ?? 64);

// Small segments so that kills also land during rotations.
const db = await StemeDb.open({ walDir, dbDir, segmentSize: 64 * 1024 });
writeLine("ready");

async function writer(id: number): Promise<void> {
  for (let i = 0; ; i++) {
    const assertion = normalizeAssertion(
      {
        concept_path: `crash/round-${round}/writer-${id % 16}`,
        predicate: `p${id % 3}`,
        value: `${round}-${id}-${i}`,
        confidence: (i % 100) / 100,
        authority_tier: id % 6,
      },
      { nowMs: Date.now(), agentId: `writer-${id}` },
    );
    for (;;) {
      try {
        writeLine((await db.append(assertion)).hash);
        break;
      } catch (error) {
        if (!(error instanceof UnavailableError)) throw error;
        writeLine(`unavailable: ${error.message}`);
        await sleep(100);
      }
    }
  }
}

await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
