/**
 * Types of WAL records (the frame's type byte). Values are part of the on-disk format: never
 * renumber, only add.
 */
export const RecordType = {
  assertion: 1,
} as const;

export type RecordTypeName = keyof typeof RecordType;
