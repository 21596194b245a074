import type { Logger } from "../logger.ts";
import type { SegmentInfo } from "./recover.ts";

/** A segment is sealed once it reaches this many bytes, unless `WalOptions.segmentSize` says otherwise. */
export const DEFAULT_SEGMENT_SIZE = 64 * 1024 * 1024;

/** How a log is opened (`Wal.open`), and whom it tells of its commits and sealed segments. */
export interface WalOptions {
  readonly dir: string;
  /** A segment is sealed and a new one started once it reaches this many bytes. */
  readonly segmentSize?: number;
  /**
   * The next record gets at least this sequence number. The store passes what it has applied + 1,
   * so a log that was wiped or restored older than the store never reuses a sequence number.
   */
  readonly minNextSeq?: number;
  /**
   * Recovery checks the checksums of records from this sequence number on, and steps over the
   * earlier ones by their lengths (`recoverWal`). The store passes what it has applied + 1: it has
   * those records already. Default 1: every record of the last segment is checked.
   */
  readonly checkFromSeq?: number;
  /**
   * Zero-fill segments ahead of their records (default true), so a group commit changes neither
   * the file's size nor its block map and its fdatasync flushes data alone. Off, a segment grows
   * with every group, as it did before. See `ZeroAhead`.
   */
  readonly preallocate?: boolean;
  readonly logger?: Logger;
  /** Told about every group commit: how long the fdatasync took and what it covered. */
  readonly onGroupCommit?: (commit: GroupCommit) => void;
  /** Told when a segment is sealed, e.g. to archive it. */
  readonly onSegmentSealed?: (segment: SegmentInfo) => void;
}

export interface GroupCommit {
  readonly records: number;
  readonly bytes: number;
  readonly fsyncSeconds: number;
}
