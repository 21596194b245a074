/**
 * Whether resending a write of these records after a network error is safe: true when every record
 * carries its own `timestamp`.
 *
 * Assertions, votes, epochs and retractions are content-addressed: their identity is the BLAKE3 of
 * their canonical content, and writing content that is already stored stores nothing new (the
 * server answers `exists`). A resent write is then the same write, idempotent by its hash, but only
 * if the content is the same both times. The one part of the content a client may leave to the
 * server is the timestamp (the server's receive time): a record without one would get a new time,
 * so a new hash, on the second attempt, and be stored twice. Signers and builders fill the
 * timestamp in, so their records are always safe to resend.
 *
 * @example
 * ```ts
 * isRetrySafeWrite([{ concept_path: "a", predicate: "p", value: 1, confidence: 1, timestamp: "2026-01-01T00:00:00Z" }]); // true
 * isRetrySafeWrite([{ concept_path: "a", predicate: "p", value: 1, confidence: 1 }]); // false
 * ```
 */
export function isRetrySafeWrite(records: readonly unknown[]): boolean {
  return records.every(
    (record) =>
      typeof record === "object" &&
      record !== null &&
      "timestamp" in record &&
      record.timestamp !== undefined &&
      record.timestamp !== null,
  );
}
