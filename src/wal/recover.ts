import { readdirSync, readFileSync, rmSync, truncateSync } from "node:fs";
import { basename, join } from "node:path";
import { ChecksumError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { endOfData } from "./end-of-data.ts";
import { fsyncDirectory } from "./fsync-directory.ts";
import { fsyncFile } from "./fsync-file.ts";
import { findValidFrameAfter, measureSegment, readHeader } from "./segment-scan.ts";
import { listLogSegments } from "./log-segments.ts";

/** A segment of the log as recovery found it. */
export interface SegmentInfo {
  readonly segmentNumber: number;
  readonly path: string;
  readonly firstSeq: number;
}

/** A range of segment numbers absent from the directory: their records are lost to this node. */
export interface MissingSegments {
  readonly fromSegment: number;
  readonly toSegment: number;
  /** Sequence numbers known to be lost, when the neighbours tell. */
  readonly fromSeq: number;
  readonly toSeq: number;
}

export interface RecoveredWal {
  /** Every segment in log order; the last one is where appends continue. */
  readonly segments: readonly SegmentInfo[];
  /**
   * Bytes of valid records in the last segment (the append position). The file may be longer:
   * zeros past the last record are preallocated space, not data.
   */
  readonly tailSize: number;
  /** Sequence number the next appended record gets. */
  readonly nextSeq: number;
  readonly missing: readonly MissingSegments[];
  /** Set when a torn last record was cut off; `bytesDropped` counts its bytes, not zeros after them. */
  readonly truncated?: { readonly segment: string; readonly offset: number; readonly bytesDropped: number };
}

/**
 * Opens an existing log for appending. Checks every segment header, validates the last segment
 * record by record, cuts off a torn last record, and refuses (throws `ChecksumError`) on damage
 * that is not a torn tail: wrong magic bytes, an unknown version, or a bad record followed by
 * valid ones. A missing range of segments is reported, loudly, but does not stop the start: the
 * operator moved it aside on purpose (the runbook's last resort) and the rest of the log is good.
 *
 * Records before `checkFromSeq` are stepped over by their lengths, their checksums not computed:
 * the caller holds them already (the store has applied them), and checking a 64 MiB segment's
 * every record took most of a restart. Their group headers are still checked, and a damaged length
 * still shows as a bad frame where the next one should start.
 */
export function recoverWal(dir: string, logger: Logger, checkFromSeq = 1): RecoveredWal {
  removeLeftovers(dir);
  const segments = listLogSegments(dir);

  const missing = findMissing(segments);
  for (const gap of missing) {
    logger.error(
      { ...gap, walDir: dir },
      `WAL segments ${gap.fromSegment}..${gap.toSegment} are missing: records ${gap.fromSeq}..${gap.toSeq} are lost ` +
        `to this node; restore them from the WAL archive or a backup if you have them`,
    );
  }

  const last = segments.at(-1);
  if (last === undefined) return { segments, tailSize: 0, nextSeq: 1, missing };
  const tail = recoverTail(last, logger, checkFromSeq);
  return { segments, missing, ...tail };
}

function recoverTail(
  last: SegmentInfo,
  logger: Logger,
  checkFromSeq: number,
): Pick<RecoveredWal, "tailSize" | "nextSeq" | "truncated"> {
  const bytes = readFileSync(last.path);
  const header = readHeader(last.path, bytes);
  const { count, end, stop } = measureSegment(bytes, header, checkFromSeq);
  const nextSeq = header.firstSeq + count;
  if (stop === undefined) return { tailSize: end, nextSeq };
  // Zeros alone after the last whole group: a preallocated segment's unused space. No record can
  // hide in them (a frame of type 0 never decodes), so the log ends here exactly as a torn tail
  // would; but nothing was written there, so nothing is dropped or reported, and the space stays.
  const dataEnd = endOfData(bytes, stop.offset);
  if (dataEnd === stop.offset) return { tailSize: stop.offset, nextSeq };

  const name = basename(last.path);
  const later = findValidFrameAfter(bytes, stop.searchFrom - 1);
  if (later !== undefined) {
    throw new ChecksumError(
      name,
      stop.offset,
      `Cannot open WAL segment "${name}": record at offset ${stop.offset} is corrupt (${stop.problem}) and a valid ` +
        `record follows at offset ${later}; the log is damaged in the middle, not torn at its end. Restore the ` +
        `segment from the WAL archive, or move it aside to start without its records`,
    );
  }
  const bytesDropped = dataEnd - stop.offset;
  truncateSync(last.path, stop.offset);
  fsyncFile(last.path);
  logger.warn(
    { segment: name, offset: stop.offset, bytesDropped, problem: stop.problem },
    `WAL tail of "${name}" was torn at offset ${stop.offset}: dropped ${bytesDropped} bytes of an unacknowledged write`,
  );
  return { tailSize: stop.offset, nextSeq, truncated: { segment: name, offset: stop.offset, bytesDropped } };
}

function findMissing(segments: readonly SegmentInfo[]): MissingSegments[] {
  const missing: MissingSegments[] = [];
  for (let i = 1; i < segments.length; i++) {
    const before = segments[i - 1];
    const after = segments[i];
    if (before === undefined || after === undefined) continue;
    if (after.segmentNumber !== before.segmentNumber + 1) {
      missing.push({
        fromSegment: before.segmentNumber + 1,
        toSegment: after.segmentNumber - 1,
        fromSeq: before.firstSeq + countRecords(before),
        toSeq: after.firstSeq - 1,
      });
    }
  }
  return missing;
}

/** Counts a sealed segment's records; only needed to name the records a gap lost. */
function countRecords(segment: SegmentInfo): number {
  const bytes = readFileSync(segment.path);
  return measureSegment(bytes, readHeader(segment.path, bytes)).count;
}

/** Removes half-created segment files left by a crash during rotation (written as `.tmp`, then renamed). */
function removeLeftovers(dir: string): void {
  const leftovers = readdirSync(dir).filter((name) => /^segment-\d+\.wal\.tmp$/.test(name));
  for (const name of leftovers) rmSync(join(dir, name), { force: true });
  if (leftovers.length > 0) fsyncDirectory(dir);
}
