import { readFileSync, rmSync, truncateSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fsyncDirectory } from "./fsync-directory.ts";
import { fsyncFile } from "./fsync-file.ts";
import { GROUP_HEADER_FRAME_SIZE } from "./group-header.ts";
import type { SegmentInfo } from "./recover.ts";
import { readHeader, scanSegment } from "./segment-scan.ts";

/** Where a log was cut: the first record left out, and when it had been written. */
export interface LogCut {
  readonly seq: number;
  readonly committedAtMs: number;
  readonly segment: string;
  readonly offset: number;
  readonly segmentsRemoved: number;
}

/**
 * Cuts the log just before the first record written after `timeMs` (by its commit time), for
 * point-in-time recovery: that segment is truncated at the record and every later segment
 * deleted, fsynced. Records from `fromSeq` on are examined; each must carry a commit time.
 * Returns undefined when no record is later than `timeMs` (nothing to cut).
 */
export function cutLogAfter(
  segments: readonly SegmentInfo[],
  timeMs: number,
  fromSeq: number,
): LogCut | undefined {
  for (const [i, segment] of segments.entries()) {
    const next = segments[i + 1];
    if (next !== undefined && next.firstSeq <= fromSeq) continue;
    const bytes = readFileSync(segment.path);
    let found: { seq: number; committedAtMs: number; offset: number } | undefined;
    let undated: number | undefined;
    scanSegment(bytes, readHeader(segment.path, bytes), (record) => {
      if (found !== undefined || undated !== undefined || record.seq < fromSeq) return;
      if (record.committedAtMs === undefined) undated = record.seq;
      else if (record.committedAtMs > timeMs)
        found = { seq: record.seq, committedAtMs: record.committedAtMs, offset: record.offset };
    });
    if (undated !== undefined) {
      throw new Error(
        `WAL record ${undated} in ${basename(segment.path)} has no commit time (written by an older StemeDB): ` +
          "a point-in-time restore cannot tell whether it came before the target time",
      );
    }
    if (found === undefined) continue;
    // Records of a group share its time, so this one opens its group: cut before the group header.
    const cutAt = found.offset - GROUP_HEADER_FRAME_SIZE;
    truncateSync(segment.path, cutAt);
    fsyncFile(segment.path);
    const later = segments.slice(i + 1);
    for (const gone of later) rmSync(gone.path);
    fsyncDirectory(dirname(segment.path));
    return { ...found, offset: cutAt, segment: basename(segment.path), segmentsRemoved: later.length };
  }
  return undefined;
}
