import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { endOfData } from "../../src/wal/end-of-data.ts";
import { Wal } from "../../src/wal/wal.ts";
import { tempDir } from "../support/temp-dir.ts";
import { killWriterAtRandom } from "./kill-writer.ts";

const ROUNDS = 16;
const CHILD = join(import.meta.dirname, "wal-writer-child.ts");
// Default-size segments, whose live file is zero-filled 1 MiB at a time ahead of the records, and
// small ones that rotate (and seal a segment filled for the larger size) several times a round.
const SEGMENT_SIZES = [64 * 1024 * 1024, 256 * 1024];

/** Runs the writer until a random moment after it is ready, SIGKILLs it; returns seq → payload digest. */
async function crashRound(dir: string, segmentBytes: number): Promise<Map<number, string>> {
  const acknowledged = new Map<number, string>();
  await killWriterAtRandom(CHILD, [dir, String(segmentBytes), "32"], 600, (line) => {
    const [seq, digest] = line.split(" ");
    acknowledged.set(Number(seq), digest ?? "");
  });
  return acknowledged;
}

test(`no acknowledged WAL record is lost across ${ROUNDS} SIGKILLs into zero-filled segments`, async (t) => {
  const dir = tempDir();
  const everAcknowledged = new Map<number, string>();
  let torn = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const segmentSize = SEGMENT_SIZES[round % SEGMENT_SIZES.length]!;
    const acknowledged = await crashRound(dir, segmentSize);
    for (const [seq, digest] of acknowledged) everAcknowledged.set(seq, digest);

    const { wal, recovered } = await Wal.open({ dir, segmentSize });
    if (recovered.truncated !== undefined) torn++;
    const tail = wal.segments.at(-1);
    assert.ok(tail !== undefined);
    const bytes = readFileSync(tail.path);
    assert.equal(
      endOfData(bytes, recovered.tailSize),
      recovered.tailSize,
      `round ${round}: zeros or nothing past the log's end`,
    );
    const inLog = new Map<number, string>();
    let expected = 1;
    for (const record of wal.read(1)) {
      assert.equal(record.seq, expected++, `round ${round}: the log has no holes`);
      inLog.set(record.seq, createHash("sha256").update(record.payload).digest("hex"));
    }
    for (const [seq, digest] of everAcknowledged) {
      assert.equal(
        inLog.get(seq),
        digest,
        `round ${round}: acknowledged record ${seq} is lost or changed after SIGKILL`,
      );
    }
    // Each sealed segment ends at its last record: readers take it whole.
    for (const sealed of wal.segments.slice(0, -1)) {
      assert.notEqual(readFileSync(sealed.path).at(-1), 0, `round ${round}: ${sealed.path} ends in zeros`);
    }
    assert.equal(
      await wal.append(1, Buffer.from(`after round ${round}`)),
      expected,
      "the log takes appends after",
    );
    everAcknowledged.set(expected, createHash("sha256").update(`after round ${round}`).digest("hex"));
    await wal.close();
    const last = wal.segments.at(-1)?.path ?? "";
    assert.equal(statSync(last).size, wal.durablePrefix.tailSize, "a closed log's file ends at its records");
  }
  t.diagnostic(
    `${everAcknowledged.size} acknowledged records over ${ROUNDS} kills; ${torn} recoveries cut a torn write`,
  );
  assert.ok(
    everAcknowledged.size > ROUNDS * 50,
    `the writers made progress (${everAcknowledged.size} acknowledged)`,
  );
});
