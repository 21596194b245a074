import assert from "node:assert/strict";
import {
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { ChecksumError } from "../errors.ts";
import { collectingLogger } from "../../test/support/collecting-logger.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { archiveSegments } from "./archive.ts";
import { GROUP_HEADER_FRAME_SIZE } from "./group-header.ts";
import { listLogSegments } from "./log-segments.ts";
import { readRecords } from "./read-records.ts";
import { SEGMENT_HEADER_SIZE } from "./segment-header.ts";
import { segmentFileName } from "./segment-name.ts";
import { Wal, type GroupCommit } from "./wal.ts";

const payload = (i: number): Buffer => Buffer.from(`record number ${i} `.repeat((i % 5) + 1));

async function appendAll(wal: Wal, count: number, from = 0): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => wal.append(1 + (i % 3), payload(from + i))));
}

function readAll(wal: Wal, fromSeq = 1): { seq: number; type: number; text: string }[] {
  return [...wal.read(fromSeq)].map((r) => ({ seq: r.seq, type: r.type, text: r.payload.toString() }));
}

test("concurrent appends share fdatasyncs, get contiguous sequence numbers and read back in order", async () => {
  const commits: GroupCommit[] = [];
  const { wal } = await Wal.open({ dir: tempDir(), onGroupCommit: (c) => commits.push(c) });
  const seqs = await appendAll(wal, 500);
  assert.deepEqual(
    seqs,
    Array.from({ length: 500 }, (_, i) => i + 1),
  );
  assert.equal(
    commits.reduce((n, c) => n + c.records, 0),
    500,
  );
  assert.ok(
    commits.length < 50,
    `500 concurrent appends took ${commits.length} fsyncs; group commit is not grouping`,
  );
  const records = readAll(wal);
  assert.equal(records.length, 500);
  records.forEach((r, i) => {
    assert.equal(r.seq, i + 1);
    assert.equal(r.type, 1 + (i % 3));
    assert.equal(r.text, payload(i).toString());
  });
  assert.deepEqual(
    readAll(wal, 498).map((r) => r.seq),
    [498, 499, 500],
  );
  await wal.close();
});

test("appendAll writes its records in one group, in order, with consecutive sequence numbers", async () => {
  const commits: GroupCommit[] = [];
  const { wal } = await Wal.open({ dir: tempDir(), onGroupCommit: (c) => commits.push(c) });
  const together = Array.from({ length: 50 }, (_, i) => ({ type: 2, payload: payload(1000 + i) }));
  // Single appends on both sides: the batch must still come out whole, not interleaved.
  const [before, last, after] = await Promise.all([
    wal.append(1, payload(0)),
    wal.appendAll(together),
    wal.append(1, payload(1)),
  ]);
  assert.equal(before, 1);
  assert.equal(last, 51, "resolves with the sequence number of its last record");
  assert.equal(after, 52);
  assert.deepEqual(
    readAll(wal, 2)
      .slice(0, 50)
      .map((r) => r.text),
    together.map((r) => r.payload.toString()),
  );
  assert.equal(commits.length, 1, "the three appends shared one group commit");
  await assert.rejects(wal.appendAll([]), RangeError);
  await wal.close();
  await assert.rejects(wal.appendAll(together), /closed/);
});

test("segments rotate at the size limit and the log reopens where it ended", async () => {
  const dir = tempDir();
  const sealed: number[] = [];
  const first = await Wal.open({
    dir,
    segmentSize: 2048,
    onSegmentSealed: (s) => sealed.push(s.segmentNumber),
  });
  for (let i = 0; i < 10; i++) await appendAll(first.wal, 20, i * 20);
  assert.ok(first.wal.segments.length > 3, `expected several segments, got ${first.wal.segments.length}`);
  assert.deepEqual(
    sealed,
    first.wal.segments.slice(0, -1).map((s) => s.segmentNumber),
  );
  await first.wal.close();

  const second = await Wal.open({ dir, segmentSize: 2048 });
  assert.equal(second.wal.nextSeq, 201);
  assert.equal(await second.wal.append(1, Buffer.from("after reopen")), 201);
  const records = readAll(second.wal);
  assert.equal(records.length, 201);
  assert.deepEqual(
    records.map((r) => r.seq),
    Array.from({ length: 201 }, (_, i) => i + 1),
  );
  assert.equal(records[200]?.text, "after reopen");
  await second.wal.close();
});

test("a torn last record is truncated, logged, and its sequence number reused", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  // One group commit each, so that only the last record is in the torn group.
  for (let i = 0; i < 5; i++) await appendAll(wal, 1, i);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const size = statSync(path).size;
  truncateSync(path, size - 3);

  const logger = collectingLogger();
  const reopened = await Wal.open({ dir, logger });
  assert.equal(reopened.recovered.truncated?.segment, segmentFileName(1));
  assert.equal(reopened.recovered.truncated.bytesDropped, size - 3 - reopened.recovered.tailSize);
  assert.ok(
    logger.lines.some((l) => l.level === "warn" && /torn at offset \d+/.test(l.message)),
    "the torn tail is logged as a warning",
  );
  assert.equal(readAll(reopened.wal).length, 4);
  assert.equal(await reopened.wal.append(1, Buffer.from("x")), 5);
  await reopened.wal.close();
});

test("a group commit cut short is dropped whole: a batch never comes back in part", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  await appendAll(wal, 3);
  // Where the first group ends: the log's durable size, not the file's (zero-filled past it).
  const before = wal.durablePrefix.tailSize;
  await appendAll(wal, 50, 3);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const size = statSync(path).size;
  // Every cut inside the second group, even one that leaves whole records of it, drops it all.
  for (const cut of [
    before + 5,
    before + GROUP_HEADER_FRAME_SIZE + 40,
    Math.floor((before + size) / 2),
    size - 1,
  ]) {
    const copy = tempDir();
    writeFileSync(join(copy, segmentFileName(1)), readFileSync(path).subarray(0, cut));
    const reopened = await Wal.open({ dir: copy });
    assert.deepEqual(
      readAll(reopened.wal).map((r) => r.seq),
      [1, 2, 3],
      `cut at ${cut} of ${size}: the first group only`,
    );
    assert.equal(reopened.recovered.tailSize, before, "truncated at the torn group's header");
    await reopened.wal.close();
  }
});

test("garbage after the last record is a torn tail, and zeros after it are unused space", async () => {
  const zeros = Buffer.alloc(100);
  const garbage = Buffer.from("not a frame at all, just trailing noise");
  const cases = [
    { junk: garbage, dropped: garbage.length },
    // A write torn inside zero-filled space: the bytes it left, not the zeros after them, are dropped.
    { junk: Buffer.concat([garbage, zeros]), dropped: garbage.length },
    { junk: zeros, dropped: undefined },
  ];
  for (const { junk, dropped } of cases) {
    const dir = tempDir();
    const { wal } = await Wal.open({ dir });
    await appendAll(wal, 3);
    await wal.close();
    const path = join(dir, segmentFileName(1));
    const end = statSync(path).size;
    writeFileSync(path, Buffer.concat([readFileSync(path), junk]));
    const reopened = await Wal.open({ dir });
    assert.equal(reopened.recovered.truncated?.bytesDropped, dropped);
    assert.equal(reopened.recovered.tailSize, end, "the log ends after the last record either way");
    assert.equal(
      statSync(path).size,
      dropped === undefined ? end + junk.length : end,
      "zeros are left in place",
    );
    assert.equal(readAll(reopened.wal).length, 3);
    assert.equal(await reopened.wal.append(1, Buffer.from("next")), 4);
    assert.equal([...reopened.wal.read(4)][0]?.offset, end + GROUP_HEADER_FRAME_SIZE, "appended at the end");
    await reopened.wal.close();
  }
});

test("a corrupt record followed by valid ones refuses to open, naming the segment and offset", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  for (let i = 0; i < 5; i++) await appendAll(wal, 1, i);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const bytes = readFileSync(path);
  const secondRecord = [...(await Wal.open({ dir })).wal.read(2)][0];
  assert.ok(secondRecord, "record 2 exists");
  bytes[secondRecord.offset + 12] = (bytes[secondRecord.offset + 12] ?? 0) ^ 0xff;
  writeFileSync(path, bytes);
  await assert.rejects(Wal.open({ dir }), (error: unknown) => {
    assert.ok(error instanceof ChecksumError, `expected a ChecksumError, got ${String(error)}`);
    assert.equal(error.segment, segmentFileName(1));
    assert.equal(error.offset, secondRecord.offset - GROUP_HEADER_FRAME_SIZE, "the damaged record's group");
    assert.match(
      error.message,
      /Cannot open WAL segment "segment-0000000001\.wal": record at offset \d+ is corrupt/,
    );
    return true;
  });
  assert.equal(statSync(path).size, bytes.length, "nothing may be truncated when the damage is mid-log");
});

test("recovery checks records from checkFromSeq on and steps over the earlier ones by their lengths", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  for (let i = 0; i < 6; i++) await appendAll(wal, 1, i);
  const offsets = [...wal.read(1)].map((r) => r.offset);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const intact = readFileSync(path);
  const damage = (seq: number, byte: number): void => {
    const bytes = Buffer.from(intact);
    const at = (offsets[seq - 1] as number) + byte;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
  };
  const reopen = async (checkFromSeq: number): Promise<number> => {
    const { wal: reopened } = await Wal.open({ dir, checkFromSeq });
    await reopened.close();
    return reopened.nextSeq;
  };

  // A payload byte of record 2: its checksum is wrong, which only a check of record 2 sees.
  damage(2, 12);
  await assert.rejects(reopen(1), ChecksumError, "every record is checked by default");
  await assert.rejects(reopen(2), ChecksumError, "the first record to check is checked");
  assert.equal(await reopen(3), 7, "records before checkFromSeq are not checksummed");
  assert.equal(statSync(path).size, intact.length, "nothing is truncated");

  // Record 2's length: stepping over it lands mid-record, and the valid records after show the
  // damage is in the middle of the log.
  damage(2, 1);
  await assert.rejects(reopen(3), ChecksumError, "a damaged length is caught even when skipped");

  // Record 5's payload, after checkFromSeq: checked.
  damage(5, 12);
  await assert.rejects(reopen(3), ChecksumError);
  writeFileSync(path, intact);
  assert.equal(await reopen(7), 7, "a store past the log's end skips every record");
});

test("a read from a later record steps over the earlier ones unchecked, and checks what it returns", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  for (let i = 0; i < 6; i++) await appendAll(wal, 5, i * 5);
  const offsets = [...wal.read(1)].map((r) => r.offset);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const intact = readFileSync(path);
  const read = (fromSeq: number): number[] =>
    [...readRecords(listLogSegments(dir), { fromSeq, tailSize: intact.length })].map((r) => r.seq);
  const damage = (seq: number): void => {
    const bytes = Buffer.from(intact);
    const at = (offsets[seq - 1] as number) + 12;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
  };
  // Record 3 damaged, in a group whose later records are wanted, and in an earlier group.
  damage(3);
  assert.deepEqual(read(4), [4, 5, ...Array.from({ length: 25 }, (_, i) => i + 6)]);
  assert.deepEqual(
    read(11),
    Array.from({ length: 20 }, (_, i) => i + 11),
  );
  assert.throws(() => read(3), ChecksumError, "a wanted record is checked");
  assert.throws(() => read(1), ChecksumError);
  damage(12);
  assert.throws(() => read(11), ChecksumError, "so is every later one");
  assert.deepEqual(
    read(13),
    Array.from({ length: 18 }, (_, i) => i + 13),
  );
});

test("damage inside a sealed segment stops reading with the segment and offset", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir, segmentSize: 1024 });
  for (let i = 0; i < 5; i++) await appendAll(wal, 10, i * 10);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const bytes = readFileSync(path);
  // The segment's first frame is a group header; the first record follows.
  const firstRecord = SEGMENT_HEADER_SIZE + GROUP_HEADER_FRAME_SIZE;
  bytes[firstRecord + 3] = (bytes[firstRecord + 3] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
  const reopened = await Wal.open({ dir, segmentSize: 1024 });
  assert.throws(
    () => readAll(reopened.wal),
    (error: unknown) => {
      assert.ok(error instanceof ChecksumError, `expected a ChecksumError, got ${String(error)}`);
      assert.equal(error.segment, segmentFileName(1));
      assert.equal(error.offset, SEGMENT_HEADER_SIZE, "named by the group the damaged record belongs to");
      return true;
    },
  );
  await reopened.wal.close();
});

test("every record reads back with the time of its group commit, in every segment", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir, segmentSize: 256 });
  const before = Date.now();
  for (let i = 0; i < 6; i++) {
    await appendAll(wal, 5, i * 5);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  const after = Date.now();
  const records = [...wal.read(1)];
  assert.ok(wal.segments.length > 2, `${wal.segments.length} segments: the test needs rotations`);
  assert.deepEqual(
    records.map((r) => r.seq),
    Array.from({ length: 30 }, (_, i) => i + 1),
    "group headers take no sequence numbers",
  );
  const times = records.map((r) => r.committedAtMs ?? Number.NaN);
  assert.ok(
    times.every((t, i) => t >= before && t <= after && (i === 0 || t >= (times[i - 1] ?? 0))),
    `times within the appends and non-decreasing: ${times.join(", ")}`,
  );
  assert.ok(new Set(times).size >= 6, "each group, 3 ms apart, has its own time");
  await wal.close();
});

test("wrong magic bytes and unknown versions refuse to open with the file named", async () => {
  const cases: [number, RegExp][] = [
    [0, /Cannot open WAL segment "segment-0000000001\.wal": magic bytes are wrong/],
    [8, /format version \d+ is unknown/],
  ];
  for (const [offset, message] of cases) {
    const dir = tempDir();
    const { wal } = await Wal.open({ dir });
    await appendAll(wal, 2);
    await wal.close();
    const path = join(dir, segmentFileName(1));
    const bytes = readFileSync(path);
    bytes[offset] = 0x7e;
    writeFileSync(path, bytes);
    await assert.rejects(Wal.open({ dir }), message);
  }
});

test("a segment moved aside is reported as lost records and the start goes on", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir, segmentSize: 1024 });
  for (let i = 0; i < 24; i++) await appendAll(wal, 5, i * 5);
  const segments = wal.segments.map((s) => ({ ...s }));
  await wal.close();
  assert.ok(segments.length >= 4, `expected at least 4 segments, got ${segments.length}`);
  const moved = segments[1];
  const after = segments[2];
  assert.ok(moved && after, "segments 2 and 3 exist");
  renameSync(moved.path, `${moved.path}.corrupt`);

  const logger = collectingLogger();
  const reopened = await Wal.open({ dir, segmentSize: 1024, logger });
  assert.deepEqual(reopened.recovered.missing, [
    { fromSegment: 2, toSegment: 2, fromSeq: moved.firstSeq, toSeq: after.firstSeq - 1 },
  ]);
  assert.ok(
    logger.lines.some((l) => l.level === "error" && /WAL segments 2\.\.2 are missing/.test(l.message)),
  );
  const gaps: [number, number][] = [];
  const seqs = [...reopened.wal.read(1, (from, to) => gaps.push([from, to]))].map((r) => r.seq);
  assert.deepEqual(gaps, [[moved.firstSeq, after.firstSeq - 1]]);
  assert.equal(seqs.length, 120 - (after.firstSeq - moved.firstSeq));
  await reopened.wal.close();
});

test("minNextSeq starts a new segment past what the store has applied", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  await appendAll(wal, 3);
  await wal.close();
  const reopened = await Wal.open({ dir, minNextSeq: 100 });
  assert.equal(reopened.wal.nextSeq, 100);
  assert.equal(reopened.wal.segments.length, 2);
  assert.equal(await reopened.wal.append(1, Buffer.from("x")), 100);
  await reopened.wal.close();
});

test("leftover temporary segment files from a crashed rotation are removed", async () => {
  const dir = tempDir();
  const { wal } = await Wal.open({ dir });
  await appendAll(wal, 1);
  await wal.close();
  writeFileSync(join(dir, `${segmentFileName(2)}.tmp`), Buffer.alloc(10));
  await (await Wal.open({ dir })).wal.close();
  assert.deepEqual(readdirSync(dir), [segmentFileName(1)]);
});

test("archiving copies sealed segments once, byte for byte", async () => {
  const dir = tempDir();
  const archive = join(tempDir(), "archive");
  const { wal } = await Wal.open({ dir, segmentSize: 1024 });
  for (let i = 0; i < 12; i++) await appendAll(wal, 5, i * 5);
  const sealed = wal.segments.slice(0, -1);
  assert.ok(sealed.length >= 2, `expected 2 sealed segments, got ${sealed.length}`);
  const copied = await archiveSegments(sealed, archive);
  assert.equal(copied.length, sealed.length);
  for (const segment of sealed) {
    assert.ok(
      readFileSync(segment.path).equals(readFileSync(join(archive, segmentFileName(segment.segmentNumber)))),
      `archived segment ${segment.segmentNumber} differs`,
    );
  }
  assert.deepEqual(await archiveSegments(sealed, archive), []);
  assert.ok(!existsSync(join(archive, `${segmentFileName(1)}.tmp`)), "no temporary file is left");
  await wal.close();
});

test("after any cut of the last segment, recovery keeps exactly a prefix of what was written, whichever records it checks", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.uint8Array({ minLength: 0, maxLength: 64 }), { minLength: 1, maxLength: 20 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 22 }),
      async (payloads, where, checkFromSeq) => {
        const dir = tempDir();
        const { wal } = await Wal.open({ dir });
        for (const p of payloads) await wal.append(7, p);
        await wal.close();
        const path = join(dir, segmentFileName(1));
        const size = statSync(path).size;
        const cut = SEGMENT_HEADER_SIZE + Math.floor(where * (size - SEGMENT_HEADER_SIZE));
        truncateSync(path, cut);
        const reopened = await Wal.open({ dir, checkFromSeq });
        const kept = [...reopened.wal.read(1)].map((r) => new Uint8Array(r.payload));
        assert.deepEqual(kept, payloads.slice(0, kept.length));
        assert.equal(reopened.wal.nextSeq, kept.length + 1);
        await reopened.wal.close();
      },
    ),
    { numRuns: 60 },
  );
});
