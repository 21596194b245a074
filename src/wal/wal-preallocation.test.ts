import assert from "node:assert/strict";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ChecksumError, UnavailableError } from "../errors.ts";
import { collectingLogger } from "../../test/support/collecting-logger.ts";
import { mountSmallFilesystem, type SmallFilesystem } from "../../test/support/small-filesystem.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { copyLogPrefix } from "./copy-prefix.ts";
import { endOfData } from "./end-of-data.ts";
import { GROUP_HEADER_FRAME_SIZE } from "./group-header.ts";
import { readRecords } from "./read-records.ts";
import { segmentFileName } from "./segment-name.ts";
import { archiveTail } from "./tail-archive.ts";
import { Wal } from "./wal.ts";

/** `statfs` magic numbers of ext4, xfs and tmpfs. */
const BLOCKS_FOR_ZEROS = new Set([0xef53, 0x58465342, 0x01021994]);

const record = (i: number): Buffer => Buffer.from(`preallocated record ${i} `.repeat((i % 4) + 1));

async function appendGroups(wal: Wal, groups: number, from = 0): Promise<void> {
  for (let i = from; i < from + groups; i++) await wal.append(1, record(i));
}

function texts(wal: Wal): string[] {
  return [...wal.read(1)].map((r) => r.payload.toString());
}

/**
 * What a kill -9 leaves: the files as the kernel holds them, zero-filled space and all. Every
 * append has resolved, so every group is durable; copying the open log's files is that state.
 */
function crashImage(wal: Wal): string {
  const copy = tempDir();
  for (const segment of wal.segments)
    copyFileSync(segment.path, join(copy, segmentFileName(segment.segmentNumber)));
  return copy;
}

test("the live segment is zero-filled ahead of its records, in real blocks", async () => {
  const { wal } = await Wal.open({ dir: tempDir() });
  await appendGroups(wal, 3);
  const path = wal.segments[0]!.path;
  const { tailSize } = wal.durablePrefix;
  const stat = statSync(path);
  assert.ok(stat.size > tailSize && stat.size > 1024 * 1024, `${stat.size} bytes: the next MiB filled ahead`);
  // ext4, xfs and tmpfs give written zeros blocks; a compressing filesystem may keep them as holes.
  if (BLOCKS_FOR_ZEROS.has(statfsSync(path).type)) {
    assert.ok(
      stat.blocks * 512 >= stat.size,
      `${stat.blocks} blocks for ${stat.size} bytes: not a sparse file`,
    );
  }
  assert.equal(
    endOfData(readFileSync(path), tailSize),
    tailSize,
    "zeros, and only zeros, follow the records",
  );
  await wal.close();
});

test("a crash image of a zero-filled segment recovers at its last record and appends there", async () => {
  const logger = collectingLogger();
  const { wal } = await Wal.open({ dir: tempDir() });
  await appendGroups(wal, 5);
  const { tailSize } = wal.durablePrefix;
  const dir = crashImage(wal);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const fileSize = statSync(path).size;
  assert.ok(fileSize > tailSize, "the image has zero-filled space past the records");

  const reopened = await Wal.open({ dir, logger });
  assert.equal(reopened.recovered.tailSize, tailSize, "the log ends at the last record");
  assert.equal(reopened.recovered.truncated, undefined, "unused space is not a torn write");
  assert.ok(!logger.lines.some((l) => l.level === "warn"), "and is not reported as one");
  assert.equal(statSync(path).size, fileSize, "recovery leaves the zero-filled space in place");
  assert.equal(await reopened.wal.append(1, Buffer.from("after the crash")), 6);
  const last = [...reopened.wal.read(6)][0];
  assert.equal(last?.offset, tailSize + GROUP_HEADER_FRAME_SIZE, "appended right after the last record");
  assert.deepEqual(texts(reopened.wal), [
    ...[0, 1, 2, 3, 4].map((i) => record(i).toString()),
    "after the crash",
  ]);
  await reopened.wal.close();

  // And once more from disk, as the next start reads it.
  const again = await Wal.open({ dir });
  assert.equal(again.wal.nextSeq, 7);
  assert.equal(texts(again.wal).at(-1), "after the crash");
  await again.wal.close();
});

test("close cuts the zero-filled space off, and the first group after opening fills again", async () => {
  const dir = tempDir();
  const first = await Wal.open({ dir });
  await appendGroups(first.wal, 3);
  const { tailSize } = first.wal.durablePrefix;
  await first.wal.close();
  const path = join(dir, segmentFileName(1));
  assert.equal(statSync(path).size, tailSize, "a closed log's file holds its records alone");

  const second = await Wal.open({ dir });
  assert.equal(statSync(path).size, tailSize, "opening writes nothing");
  await appendGroups(second.wal, 1, 3);
  assert.ok(statSync(path).size > second.wal.durablePrefix.tailSize, "the first group filled ahead again");
  await second.wal.close();
  assert.equal(statSync(path).size, second.wal.durablePrefix.tailSize);
  assert.equal(texts(second.wal).length, 4);
});

test("small groups fill ahead a stretch at a time, a large one grows the file, and neither overwrites a record", async () => {
  const { wal } = await Wal.open({ dir: tempDir() });
  const path = wal.segments[0]!.path;
  const small = Buffer.alloc(12 * 1024, 0x5a);
  const large = Buffer.alloc(1536 * 1024, 0x6b);
  const filledPastRecords = (when: string): void => {
    const { tailSize } = wal.durablePrefix;
    assert.ok(statSync(path).size > tailSize, `${when}: filled past the records`);
    assert.equal(endOfData(readFileSync(path), tailSize), tailSize, `${when}: zeros past the records`);
  };
  // 12 KiB groups: the filled MiB runs out about every 85 of them.
  await Promise.all([wal.append(2, small), wal.append(2, small)]);
  for (let i = 0; i < 200; i++) {
    await wal.append(2, small);
    filledPastRecords(`after small group ${i}`);
  }
  // Too large to be worth filling ahead of, and past the filled space: it grows the file itself.
  await wal.append(3, large);
  assert.equal(statSync(path).size, wal.durablePrefix.tailSize, "a large group grows the file to its end");
  // The next small group fills from the large one's end, not from where filling had stopped.
  await wal.append(2, small);
  filledPastRecords("after the large group");
  const records = [...wal.read(1)];
  assert.equal(records.length, 204);
  assert.ok(
    records.every((r) => r.payload.equals(r.type === 3 ? large : small)),
    "every record reads back whole",
  );
  await wal.close();
});

test("sealed segments end at their last record, even when the segment size shrank since they were filled", async () => {
  const wide = await Wal.open({ dir: tempDir(), segmentSize: 4 * 1024 * 1024 });
  await appendGroups(wide.wal, 40);
  const dir = crashImage(wide.wal);
  await wide.wal.close();
  assert.ok(statSync(join(dir, segmentFileName(1))).size > 1024 * 1024, "filled well past 4 KiB");

  // Reopened with 4 KiB segments: the next rotation seals a segment zero-filled far past its records.
  const narrow = await Wal.open({ dir, segmentSize: 4096 });
  await appendGroups(narrow.wal, 200, 40);
  assert.ok(narrow.wal.segments.length > 3, `${narrow.wal.segments.length} segments: rotations happened`);
  for (const segment of narrow.wal.segments.slice(0, -1)) {
    const bytes = readFileSync(segment.path);
    assert.notEqual(
      bytes.at(-1),
      0,
      `${segmentFileName(segment.segmentNumber)} ends at a record, not in zeros`,
    );
  }
  assert.deepEqual(
    texts(narrow.wal),
    Array.from({ length: 240 }, (_, i) => record(i).toString()),
    "sealed segments read whole: nothing lost, nothing extra",
  );
  await narrow.wal.close();
});

test("a new segment after the store's position seals a zero-filled one cut to its records", async () => {
  const { wal } = await Wal.open({ dir: tempDir() });
  await appendGroups(wal, 3);
  const { tailSize } = wal.durablePrefix;
  const dir = crashImage(wal);
  await wal.close();
  const reopened = await Wal.open({ dir, minNextSeq: 100 });
  assert.equal(
    statSync(join(dir, segmentFileName(1))).size,
    tailSize,
    "the sealed segment is cut to its records",
  );
  assert.equal(await reopened.wal.append(1, Buffer.from("x")), 100);
  assert.equal(texts(reopened.wal).length, 4);
  await reopened.wal.close();
});

test("copies and archives of the live segment take its records, not its zero-filled space", async () => {
  const { wal } = await Wal.open({ dir: tempDir() });
  await appendGroups(wal, 4);
  const live = wal.segments[0]!;
  const first = wal.durablePrefix;
  assert.ok(statSync(live.path).size > first.tailSize);

  const copy = tempDir();
  assert.deepEqual(await copyLogPrefix(first, copy), [segmentFileName(1)]);
  assert.equal(
    statSync(join(copy, segmentFileName(1))).size,
    first.tailSize,
    "a backup copies the records only",
  );

  const archive = tempDir();
  const archived = await archiveTail(live, first.tailSize, archive, undefined);
  assert.equal(
    statSync(join(archive, archived.name)).size,
    first.tailSize,
    "the archive copies the records only",
  );
  await appendGroups(wal, 3, 4);
  const second = wal.durablePrefix.tailSize;
  const extended = await archiveTail(live, second, archive, archived);
  assert.equal(extended.bytes, second);
  assert.ok(
    readFileSync(join(archive, archived.name)).equals(readFileSync(live.path).subarray(0, second)),
    "the archive's copy is the live segment's records, byte for byte",
  );

  const reopened = await Wal.open({ dir: copy });
  assert.deepEqual(
    texts(reopened.wal),
    [0, 1, 2, 3].map((i) => record(i).toString()),
  );
  await reopened.wal.close();
  await wal.close();
});

test("reading to the file's end, as `stemedb verify` does, stops at the zeros and still catches a torn write", async () => {
  const { wal } = await Wal.open({ dir: tempDir() });
  await appendGroups(wal, 3);
  const dir = crashImage(wal);
  await wal.close();
  const path = join(dir, segmentFileName(1));
  const segments = [{ segmentNumber: 1, path, firstSeq: 1 }];
  const toFileEnd = (): number => statSync(path).size;
  assert.equal([...readRecords(segments, { fromSeq: 1, tailSize: toFileEnd() })].length, 3);

  // A torn group in the zero-filled space: bytes that are not zeros and not a whole group.
  const bytes = readFileSync(path);
  const end = endOfData(bytes, 0);
  bytes.write("torn", end + 10);
  writeFileSync(path, bytes);
  assert.throws(
    () => [...readRecords(segments, { fromSeq: 1, tailSize: toFileEnd() })],
    (error: unknown) => error instanceof ChecksumError && error.offset === end,
  );
});

describe("a full disk while zero-filling, on a real size-limited filesystem", () => {
  let fs: SmallFilesystem;
  const mounted: SmallFilesystem[] = [];
  after(() => {
    for (const filesystem of mounted) filesystem.unmount();
  });

  /** Fills the filesystem until at most `leaveBytes` are free; returns the filler's path. */
  function fill(leaveBytes: number): string {
    const path = join(fs.dir, `filler-${Date.now()}`);
    const fd = openSync(path, "w");
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    try {
      for (let free = fs.freeBytes(); free > leaveBytes; free = fs.freeBytes()) {
        writeSync(fd, chunk, 0, Math.min(chunk.length, free - leaveBytes));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
    } finally {
      closeSync(fd);
    }
    return path;
  }

  test("a fill that does not fit is given back, the write still goes in, and a full disk refuses it as before", async (t) => {
    fs = mountSmallFilesystem(4);
    mounted.push(fs);
    const dir = join(fs.dir, "wal");
    mkdirSync(dir);
    const logger = collectingLogger();
    const { wal } = await Wal.open({ dir, logger });
    const filler = fill(256 * 1024);
    const free = fs.freeBytes();

    // 1 MiB of zeros does not fit in 256 KiB; the record does.
    assert.equal(await wal.append(1, record(0)), 1);
    const warnings = logger.lines.filter((l) => l.level === "warn");
    assert.equal(warnings.length, 1, "the failed fill is logged once");
    assert.match(
      warnings[0]!.message,
      /Cannot zero-fill WAL segment "segment-0000000001\.wal".*no space left/i,
    );
    assert.ok(
      fs.freeBytes() >= free - 64 * 1024,
      `the fill's space was given back (${fs.freeBytes()} of ${free} free)`,
    );
    assert.equal(
      statSync(wal.segments[0]!.path).size,
      wal.durablePrefix.tailSize,
      "the segment grows with its groups",
    );
    assert.equal(await wal.append(1, record(1)), 2);
    assert.equal(
      logger.lines.filter((l) => l.level === "warn").length,
      1,
      "no new try, no new line, for a while",
    );

    // The disk full: the write is refused with the WAL's disk-full error (a 503), nothing stored.
    const rest = fill(0);
    await assert.rejects(wal.append(1, Buffer.alloc(256 * 1024, 0x41)), (error: unknown) => {
      assert.ok(error instanceof UnavailableError, String(error));
      assert.match(error.message, /No space left on device for the WAL/);
      return true;
    });
    rmSync(rest);
    rmSync(filler);
    assert.equal(await wal.append(1, record(2)), 3, "writes go on once space returns");
    assert.equal(wal.writeFailure, undefined);

    // Past the retry interval, filling resumes where the groups that went unfilled end.
    t.mock.timers.enable({ apis: ["Date"], now: Date.now() });
    t.mock.timers.tick(11_000);
    assert.equal(await wal.append(1, record(3)), 4);
    t.mock.timers.reset();
    assert.ok(statSync(wal.segments[0]!.path).size > wal.durablePrefix.tailSize, "filled ahead again");
    assert.equal(logger.lines.filter((l) => l.level === "warn").length, 1, "and it fitted");
    const tailSize = wal.durablePrefix.tailSize;
    const image = crashImage(wal);
    await wal.close();

    const reopened = await Wal.open({ dir });
    assert.deepEqual(
      texts(reopened.wal),
      [0, 1, 2, 3].map((i) => record(i).toString()),
    );
    assert.equal(reopened.recovered.tailSize, tailSize);
    await reopened.wal.close();
    const fromImage = await Wal.open({ dir: image });
    assert.equal(fromImage.recovered.truncated, undefined, "the refused write left nothing behind");
    assert.equal(texts(fromImage.wal).length, 4);
    await fromImage.wal.close();
    assert.deepEqual(readdirSync(dir), [segmentFileName(1)]);
  });
});
