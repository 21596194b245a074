import type { GroupCommit } from "../../src/wal/wal.ts";

/**
 * Sums the WAL's group commits (via `onGroupCommit`): how many records each fdatasync covered
 * and how long the fdatasyncs took. This is what explains durable throughput: appends/s is
 * roughly records per fdatasync ÷ fdatasync time.
 */
export class GroupCommitTally {
  commits = 0;
  records = 0;
  bytes = 0;
  fsyncSeconds = 0;

  /** Pass as `onGroupCommit`; an arrow so it can be handed over unbound. */
  readonly onGroupCommit = (commit: GroupCommit): void => {
    this.commits += 1;
    this.records += commit.records;
    this.bytes += commit.bytes;
    this.fsyncSeconds += commit.fsyncSeconds;
  };

  get recordsPerCommit(): number {
    return this.commits === 0 ? Number.NaN : this.records / this.commits;
  }

  get meanFsyncMs(): number {
    return this.commits === 0 ? Number.NaN : (this.fsyncSeconds * 1000) / this.commits;
  }
}
