import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { ChecksumError } from "../errors.ts";
import type { SegmentInfo } from "./recover.ts";
import { SEGMENT_HEADER_SIZE } from "./segment-header.ts";
import { listSegmentFiles } from "./segment-name.ts";
import { readHeader } from "./segment-scan.ts";

/**
 * The segments of a WAL directory in log order, each header read and checked against its file
 * name and its predecessor, without changing anything: recovery, verification and restore all
 * start from it. Throws `ChecksumError` naming the file when a header is wrong.
 */
export function listLogSegments(dir: string): SegmentInfo[] {
  const files = listSegmentFiles(dir);
  const segments: SegmentInfo[] = [];
  for (const file of files) {
    const header = readHeader(file.path, readHeaderBytes(file.path));
    if (header.segmentNumber !== file.segmentNumber) {
      throw new ChecksumError(
        basename(file.path),
        12,
        `Cannot open WAL segment "${basename(file.path)}": its header says segment ${header.segmentNumber}; ` +
          `a segment file was renamed or copied over another`,
      );
    }
    const previous = segments.at(-1);
    if (previous !== undefined && header.firstSeq <= previous.firstSeq) {
      throw new ChecksumError(
        basename(file.path),
        20,
        `Cannot open WAL segment "${basename(file.path)}": it starts at record ${header.firstSeq}, ` +
          `not after segment ${previous.segmentNumber} (record ${previous.firstSeq}); the segments come from different logs`,
      );
    }
    segments.push({ segmentNumber: file.segmentNumber, path: file.path, firstSeq: header.firstSeq });
  }

  return segments;
}

function readHeaderBytes(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const bytes = Buffer.alloc(SEGMENT_HEADER_SIZE);
    const read = readSync(fd, bytes, 0, SEGMENT_HEADER_SIZE, 0);
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
