/**
 * Types of WAL records (the frame's type byte). Values are part of the on-disk format: never
 * renumber, only add.
 */
export const RecordType = {
  assertion: 1,
  vote: 2,
  epoch: 3,
  source: 4,
  retraction: 5,
} as const;

export type RecordTypeName = keyof typeof RecordType;
