/**
 * Types of WAL records (the frame's type byte). Values are part of the on-disk format: never
 * renumber, only add. 255 is the WAL's own group header (`src/wal/group-header.ts`).
 */
export const RecordType = {
  assertion: 1,
  vote: 2,
  epoch: 3,
  source: 4,
  retraction: 5,
  /** A write held in quarantine (`QuarantineHold`). */
  quarantine: 6,
  /** A Shield control record: quarantine decision, API key, revocation, agent policy. */
  control: 7,
} as const;

export type RecordTypeName = keyof typeof RecordType;
